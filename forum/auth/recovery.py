"""Getting back into an account by e-mail: the password reset link and the login link.

Both answer the same whether or not an account has the address (the caller says "if an
account uses it, we sent a link"), and opening either proves the address is the member's.
"""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum import mail
from forum.dbtypes import utcnow
from forum.errors import InvalidInput
from forum.extensions import db
from forum.people import services as people
from forum.people.models import User

from .tokens import Purpose, make_token, read_token


def user_with_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == people.normalize_email(email)))


def send_password_reset(email: str) -> None:
    """Mail a reset link to the account with this address, if there is one."""
    user = user_with_email(email)
    if user is not None:
        mail.send(user.email, _l("Reset your password"), "reset_password", locale=user.locale, user=user,
                  token=make_token(Purpose.RESET, user),
                  minutes=current_app.config["PASSWORD_RESET_SECONDS"] // 60)


def reset_user(token: str) -> User | None:
    """Whose password this reset link may change (None: forged, expired or used)."""
    found = read_token(Purpose.RESET, token)
    return found[0] if found is not None else None


def reset_with_link(token: str, password: str) -> User | None:
    """Set the new password of the link's member (checked like at registration) and end every
    session of theirs; the link dies with the old password. None if the link is no good."""
    user = reset_user(token)
    if user is None:
        return None
    people.reset_password(user, password)
    _verified(user)
    return user


def send_login_link(email: str) -> None:
    """Mail a login link to the account with this address, unless there is none or it is suspended."""
    user = user_with_email(email)
    if user is not None and not user.is_suspended:
        mail.send(user.email, _l("Your login link"), "login_link", locale=user.locale, user=user,
                  token=make_token(Purpose.LOGIN, user),
                  minutes=current_app.config["LOGIN_LINK_SECONDS"] // 60)


def login_link_user(token: str) -> User | None:
    found = read_token(Purpose.LOGIN, token)
    return found[0] if found is not None else None


def log_in_with_link(token: str) -> User | None:
    """The link's member, now logged in (which uses the link up); None if the link is no
    good; InvalidInput if the account is suspended."""
    user = login_link_user(token)
    if user is None:
        return None
    if user.is_suspended:
        raise InvalidInput("submit", _l("This account is suspended."))
    user.last_seen_at = utcnow()
    _verified(user)
    return user


def _verified(user: User) -> None:
    """A link mailed to the address was opened: the address is the member's."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.session.flush()
