"""The signed links of account mails: confirm an address, reset a password, log in.

Each token is an itsdangerous timed signature over the member's id and a fingerprint of the
state its use changes, so a link dies once used without any record of used links: a reset
link holds the password hash's fingerprint (a new password kills it), a login link the time of
the last login (logging in kills it), a verification link the address and the time it was last
verified (verifying kills it). Their lifetimes are settings (EMAIL_VERIFY_SECONDS...).
"""

import hashlib
from enum import StrEnum

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from forum.extensions import db
from forum.people.models import User


class Purpose(StrEnum):
    VERIFY = "verify"
    RESET = "reset"
    LOGIN = "login"


_MAX_AGE = {Purpose.VERIFY: "EMAIL_VERIFY_SECONDS", Purpose.RESET: "PASSWORD_RESET_SECONDS",
            Purpose.LOGIN: "LOGIN_LINK_SECONDS"}


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"forum.auth.{purpose}")


def _moment(when) -> str:
    return str(round(when.timestamp() * 1_000_000)) if when is not None else ""


def _state(purpose: Purpose, user: User, email: str) -> str:
    """What the link's use changes, as a short digest (the token shows no hash or date)."""
    if purpose == Purpose.RESET:
        parts = [user.password_hash]
    elif purpose == Purpose.LOGIN:
        parts = [_moment(user.last_seen_at)]
    else:
        parts = [email, _moment(user.email_verified_at)]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:20]


def make_token(purpose: Purpose, user: User, email: str = "") -> str:
    """A link's token for `user`; `email` is the address a verification link confirms."""
    return _serializer(purpose).dumps([user.id, email, _state(purpose, user, email)])


def read_token(purpose: Purpose, token: str) -> tuple[User, str] | None:
    """(the member, the address it confirms) if the token is ours, young enough and unused."""
    try:
        user_id, email, state = _serializer(purpose).loads(
            token, max_age=current_app.config[_MAX_AGE[purpose]])
        user = db.session.get(User, int(user_id))
    except (BadSignature, ValueError, TypeError):  # forged, expired, or not our shape
        return None
    if user is None or state != _state(purpose, user, str(email)):
        return None
    return user, str(email)
