"""Proving that an address is the member's: the link mailed at registration, and again when the
address changes (the new one is used only once its link is opened; the old one is told)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from forum import mail
from forum.dbtypes import utcnow
from forum.errors import InvalidInput
from forum.extensions import db
from forum.people.models import User
from forum.people.services import email_taken, normalize_email

from .models import EmailChange
from .tokens import Purpose, make_token, read_token


def send_verification(user: User, email: str | None = None) -> None:
    """Mail the link that confirms `email` (the account's own address by default)."""
    email = email or user.email
    mail.send(email, _l("Confirm your e-mail address"), "verify_email", locale=user.locale, user=user,
              email=email, token=make_token(Purpose.VERIFY, user, email))


def pending_email(user: User) -> str | None:
    """The new address the member asked for and has not confirmed yet."""
    change = db.session.get(EmailChange, user.id)
    return change.email if change is not None else None


def request_email_change(user: User, email: str) -> bool:
    """Ask to move the account to `email`: a link goes to the new address, a notice to the
    current one, and users.email stays as it is until the link is opened. The current address
    typed again cancels a pending change. Whether a link was sent."""
    email = normalize_email(email)
    db.session.execute(delete(EmailChange).where(EmailChange.user_id == user.id))
    if email == user.email:
        db.session.flush()
        return False
    if email_taken(email, except_user=user):
        raise InvalidInput("email", _l("An account already uses this email address."))
    db.session.add(EmailChange(user_id=user.id, email=email, requested_at=utcnow()))
    db.session.flush()
    send_verification(user, email)
    mail.send(user.email, _l("Your e-mail address is changing"), "email_change_notice", locale=user.locale,
              user=user, new_email=email)
    return True


def check_link(token: str) -> tuple[User, str] | None:
    """(member, address) of a verification link that would still confirm something."""
    found = read_token(Purpose.VERIFY, token)
    if found is None:
        return None
    user, email = found
    if email != user.email and pending_email(user) != email:
        return None
    return found


def confirm_email(token: str) -> tuple[User, bool] | None:
    """Open a verification link: the address is verified, and a pending new address becomes
    the account's. (member, whether the address changed), or None if the link is forged,
    expired, used, replaced by a newer change, or the address was taken meanwhile."""
    found = check_link(token)
    if found is None:
        return None
    user, email = found
    changed = email != user.email
    if changed:
        if email_taken(email, except_user=user):
            return None
        db.session.execute(delete(EmailChange).where(EmailChange.user_id == user.id))
        user.email = email
    user.email_verified_at = utcnow()  # the token held the previous value: it is used up
    db.session.flush()
    return user, changed
