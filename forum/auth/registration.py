"""Registering: an account whose address is confirmed by a mailed link, without telling a
stranger which addresses already have an account."""

from flask_babel import lazy_gettext as _l

from forum import mail
from forum.dbtypes import utcnow
from forum.errors import InvalidInput
from forum.people import services as people
from forum.people.models import User

from . import recruitment, verification
from .models import ExpertInvitation
from .recovery import user_with_email


def register(username: str, email: str, password: str, display_name: str, kind: str,
             invitation: ExpertInvitation | None = None) -> User | None:
    """Create the account and mail the link that confirms its address, or None when the
    address is already a member's: its owner gets a mail saying someone tried, and the caller
    answers exactly as for a new account. Usernames are public, so a taken one is said.

    Every check that can refuse runs before the address is looked at, so that a refusal never
    depends on it. Registering through an `invitation` with its own address needs no link.
    Raises InvalidInput.
    """
    if people.username_taken(username):
        raise InvalidInput("username", _l("This username is already taken."))
    display_name = people.check_display_name(display_name or username)
    people.check_new_password(password, username, email, display_name)
    owner = user_with_email(email)
    if owner is not None:
        # The password hash that creating an account costs, so the answer takes as long.
        people.check_password(owner, password)
        mail.send(owner.email, _l("Someone tried to register with your address"), "registration_attempt",
                  locale=owner.locale, user=owner)
        return None
    user = people.create_user(username, email, password, display_name=display_name, kind=kind)
    if invitation is not None and invitation.email == user.email:
        user.email_verified_at = utcnow()
    else:
        verification.send_verification(user)
    recruitment.record_joined(user, invitation)
    return user
