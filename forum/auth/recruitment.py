"""Expert recruitment: the community manager mails potential experts a personal invitation
whose link opens the registration form set to "migrant expert" with their address, which
counts as verified when they register with it.

Sending again to an address makes a new invitation with its own link; the earlier links keep
working until they expire (RECRUIT_INVITATION_DAYS): whichever mail the person finds works.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from forum import mail, permissions
from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.people.models import User
from forum.people.services import normalize_email

from .models import ExpertInvitation

MESSAGE_MAX = 2000
ADDRESSES_MAX_LENGTH = 20_000


@dataclass
class Invited:
    """What one request did, address by address, in the order given."""

    sent: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # already have an account: skipped
    repeated: list[str] = field(default_factory=list)  # given twice in the list: sent once


def parse_addresses(text: str) -> tuple[list[str], list[str], list[str]]:
    """(valid addresses, normalised and each once; invalid ones as typed; repeated ones) from
    a pasted list: one a line, or separated by commas, semicolons or spaces."""
    valid, invalid, repeated = [], [], []
    for item in re.split(r"[\s,;]+", text or ""):
        item = item.strip().strip("<>")
        if not item:
            continue
        try:
            address = normalize_email(validate_email(item, check_deliverability=False).normalized)
        except EmailNotValidError:
            invalid.append(item)
            continue
        (repeated if address in valid else valid).append(address)
    return valid, invalid, repeated


def invite_experts(actor: User, addresses: str, message: str) -> Invited:
    """Invite every valid address of the list that is not a member's, with `message` (plain
    text). Refuses the whole list, naming them, if any address is invalid: nothing is sent
    until the list is right. Raises NotAllowed or InvalidInput."""
    if not permissions.can_recruit_experts(actor):
        raise NotAllowed
    valid, invalid, repeated = parse_addresses(addresses)
    if invalid:
        raise InvalidInput("addresses", _l("These addresses are not valid: %(addresses)s. Correct or remove them "
                                           "and send again; nothing was sent.", addresses=", ".join(invalid)))
    if not valid:
        raise InvalidInput("addresses", _l("Enter at least one e-mail address."))
    limit = current_app.config["RECRUIT_MAX_ADDRESSES"]
    if len(valid) > limit:
        raise InvalidInput("addresses", _l("At most %(max)s addresses at a time.", max=limit))
    message = (message or "").replace("\r\n", "\n").strip()
    if len(message) > MESSAGE_MAX:
        raise InvalidInput("message", _l("At most %(max)s characters.", max=MESSAGE_MAX))
    members = set(db.session.scalars(select(User.email).where(User.email.in_(valid))))
    result = Invited(members=[a for a in valid if a in members], repeated=repeated)
    expires_at = utcnow() + timedelta(days=current_app.config["RECRUIT_INVITATION_DAYS"])
    for address in valid:
        if address in members:
            continue
        invitation = ExpertInvitation(email=address, message=message, invited_by_id=actor.id,
                                      created_at=utcnow(), expires_at=expires_at)
        db.session.add(invitation)
        db.session.flush()
        mail.send(address, _l("%(name)s invites you to the Development Community", name=actor.display_name),
                  "expert_invitation", reply_to=mail.address(actor.display_name, actor.email),
                  inviter=actor, message=message, token=invitation_token(invitation),
                  expires_at=expires_at)
        result.sent.append(address)
    return result


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="forum.auth.recruit")


def invitation_token(invitation: ExpertInvitation) -> str:
    return _serializer().dumps(invitation.id)


def read_invitation(token: str | None) -> ExpertInvitation | None:
    """The invitation of a link, if it is ours and has not expired (its expiry is in the row)."""
    if not token:
        return None
    try:
        invitation = db.session.get(ExpertInvitation, int(_serializer().loads(token)))
    except (BadSignature, ValueError, TypeError):
        return None
    if invitation is None or invitation.expires_at <= utcnow():
        return None
    return invitation


def record_joined(user: User, invitation: ExpertInvitation | None = None) -> None:
    """A new member: the invitations to their address, and the one they came through, joined."""
    condition = ExpertInvitation.email == user.email
    if invitation is not None:
        condition = or_(condition, ExpertInvitation.id == invitation.id)
    db.session.execute(update(ExpertInvitation).where(condition, ExpertInvitation.user_id.is_(None))
                       .values(user_id=user.id, joined_at=utcnow()))


def list_invitations(page: int, per_page: int):
    """Invitations, the latest first, with who sent them and who joined."""
    query = (select(ExpertInvitation)
             .options(selectinload(ExpertInvitation.invited_by), selectinload(ExpertInvitation.user))
             .order_by(ExpertInvitation.created_at.desc(), ExpertInvitation.id.desc()))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
