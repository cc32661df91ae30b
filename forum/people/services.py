"""Accounts: creating users, checking passwords, login sessions, profiles and roles."""

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from zxcvbn import zxcvbn

from forum import audit, permissions
from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db

from .models import LoginSession, Role, User, UserKind
from .names import hidden_characters, is_plain, skeleton

_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters


def normalize_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_username(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username_key == username.strip().lower()))


def get_user_by_login(login: str) -> User | None:
    """Find a user by username or email, whichever was typed."""
    key = login.strip().lower()
    column = User.email if "@" in key else User.username_key
    return db.session.scalar(select(User).where(column == key))


def username_taken(username: str) -> bool:
    """Whether `username`, or a name that looks like it (cm.nadia for cm_nadia), is used."""
    return db.session.scalar(select(func.count()).select_from(User).where(
        (User.username_key == username.strip().lower()) | (User.username_skeleton == skeleton(username)))) > 0


def email_taken(email: str, except_user: User | None = None) -> bool:
    query = select(func.count()).select_from(User).where(User.email == normalize_email(email))
    if except_user is not None:
        query = query.where(User.id != except_user.id)
    return db.session.scalar(query) > 0


PASSWORD_MIN_LENGTH = 10
# What the password fields say of the policy (check_new_password holds the rule itself).
PASSWORD_HINT = _l("At least %(min)s characters.", min=PASSWORD_MIN_LENGTH)
PASSWORD_MAX_LENGTH = 200
# zxcvbn's scores go from 0 (guessed at once) to 4; 3 means about 10^8 guesses or more.
PASSWORD_MIN_SCORE = 3
# zxcvbn's dictionaries are English: the words French and Moroccan members reach for first.
LOCAL_COMMON_WORDS = (
    "motdepasse", "azerty", "soleil", "bonjour", "salut", "amour", "jetaime", "maroc", "marocain",
    "agadir", "casablanca", "marrakech", "rabat", "tanger", "fes", "ouarzazate", "tiznit", "taroudant",
    "souss", "massa", "draa", "inchallah", "allah", "bismillah", "hamdoulilah", "france", "paris",
    "marseille", "lyon", "toulouse", "bordeaux", "chouchou", "doudou", "loulou", "communaute",
    "developpement", "commune", "forum", "argan", "atlas", "sahara",
)


def check_new_password(password: str, *user_inputs: str) -> None:
    """Refuse a password that is short or easy to guess (common words and passwords, keyboard
    patterns, dates, or the member's own names: `user_inputs`). The one check that registration,
    the password change, a reset and `flask forum create-admin` go through. A password holding
    the username is judged by how much else it holds (brahim2026 is refused,
    brahim-2026-secret is not)."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidInput("password", _l("Use at least %(min)s characters.", min=PASSWORD_MIN_LENGTH))
    if len(password) > PASSWORD_MAX_LENGTH:
        raise InvalidInput("password", _l("Use at most %(max)s characters.", max=PASSWORD_MAX_LENGTH))
    inputs = [part for text in user_inputs if text for part in (text, *text.replace("@", " ").split())]
    inputs += LOCAL_COMMON_WORDS
    # zxcvbn refuses more than 72 characters; what follows them only adds strength.
    if zxcvbn(password[:72], user_inputs=inputs)["score"] < PASSWORD_MIN_SCORE:
        raise InvalidInput("password", _l(
            "This password is too easy to guess. Avoid common words, keyboard sequences and dates; "
            "a few unusual words joined together are easy to remember and hard to guess."))


def check_display_name(display_name: str, user: User | None = None) -> str:
    """The display name, trimmed, or InvalidInput if it hides characters or imitates someone.

    Refused: control and bidirectional characters; a name that looks like another member's
    username when written as a handle (cm.nadia, m0hamed, mixed scripts); a name that looks like
    a staff member's username or display name, however written. Plain names shared by many
    people (Mohamed, Fatima) stay free, even when someone's username is that name.
    """
    display_name = (display_name or "").strip()
    if hidden_characters(display_name):
        raise InvalidInput("display_name", _l("The name contains invisible or control characters."))
    key = skeleton(display_name)
    if not key:
        raise InvalidInput("display_name", _l("This field is required."))
    others = select(User).where(User.id != user.id) if user is not None and user.id is not None else select(User)
    staff = others.where(User.role.in_([Role.MODERATOR, Role.ADMIN]))
    imitated = db.session.scalars(staff).all()
    if any(key in (skeleton(member.display_name), member.username_skeleton) for member in imitated) or (
            not is_plain(display_name)
            and db.session.scalar(others.where(User.username_skeleton == key).limit(1)) is not None):
        raise InvalidInput("display_name", _l("This name looks too much like another member's name."))
    return display_name


def create_user(username, email, password, display_name=None, kind=UserKind.OTHER, role=Role.MEMBER) -> User:
    """Create an account. Raises InvalidInput if the username (or one that looks like it) or
    the email is already used, or if the display name or password is refused.

    The uniqueness check before the insert gives the friendly message; the unique
    constraints catch the race between two registrations of the same name.
    """
    username = username.strip()
    if username_taken(username):
        raise InvalidInput("username", _l("This username is already taken."))
    if email_taken(email):
        raise InvalidInput("email", _l("An account already uses this email address."))
    display_name = check_display_name(display_name or username)
    check_new_password(password, username, email, display_name)
    user = User(
        username=username,
        username_key=username.lower(),
        username_skeleton=skeleton(username),
        display_name=display_name,
        email=normalize_email(email),
        password_hash=_hasher.hash(password),
        kind=str(UserKind(kind)),
        role=str(Role(role)),
    )
    try:
        with db.session.begin_nested():  # a savepoint: the caller's transaction goes on
            db.session.add(user)
    except IntegrityError:
        raise InvalidInput("username", _l("This username or email is already taken.")) from None
    return user


def authenticate(login: str, password: str) -> User | None:
    """The user if the password matches, else None. Upgrades old hashes transparently."""
    user = get_user_by_login(login)
    if user is None:
        # Spend the same time as a real check, so timing does not reveal which names exist.
        _hasher.hash(password)
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        db.session.flush()
    return user


def check_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def change_password(user: User, current: str, new: str) -> None:
    """Change the password and end every login session of the user, this one included: the
    caller starts a new one for the member who changed it."""
    if not check_password(user, current):
        raise InvalidInput("current_password", _l("The current password is wrong."))
    reset_password(user, new)


def reset_password(user: User, new: str) -> None:
    """Set a new password (the change form, or a password reset) and end every session and
    remember-me cookie of the user."""
    check_new_password(new, user.username, user.email, user.display_name)
    user.password_hash = _hasher.hash(new)
    end_all_sessions(user)
    db.session.flush()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, remember: bool = False) -> User:
    """Open a login session for `user` and put its token on `user` (for Flask-Login's
    login_user). It lasts REMEMBER_COOKIE_DURATION with "remember me", LOGIN_SESSION_DURATION
    without; logging out or a password change ends it sooner. The user's expired sessions go."""
    config = current_app.config
    duration = config["REMEMBER_COOKIE_DURATION"] if remember else config["LOGIN_SESSION_DURATION"]
    if not isinstance(duration, timedelta):  # seconds, as Flask-Login also accepts
        duration = timedelta(seconds=duration)
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at <= utcnow()))
    db.session.add(LoginSession(user_id=user.id, token_hash=_token_hash(token), expires_at=utcnow() + duration))
    db.session.flush()
    user.session_token = token
    return user


def load_session_user(token: str) -> User | None:
    """The user of a live login session (one query), or None if it ended or expired."""
    user = db.session.scalar(
        select(User).join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.token_hash == _token_hash(token), LoginSession.expires_at > utcnow())
    )
    if user is not None:
        user.session_token = token
    return user


def end_session(user: User) -> None:
    """End the login session the user is in (logging out)."""
    if user.session_token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _token_hash(user.session_token)))
        db.session.flush()
        user.session_token = None


def end_all_sessions(user: User) -> None:
    """End every login session of the user (flushed, not committed)."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    user.session_token = None


def set_role(actor: User, user: User, role: str) -> User:
    """Grant or revoke the moderator or coordinator role. Admin rights are given only from the CLI."""
    role = Role(role)
    if role == Role.ADMIN or not permissions.can_change_role(actor, user):
        raise NotAllowed
    if user.role != role:
        previous = user.role
        user.role = str(role)
        audit.record(actor, "role_changed", user, f"@{user.username}: {previous} -> {role}")
        db.session.flush()
    return user


def list_users(page: int, per_page: int):
    """Members by username, with their commune (shown beside commune officials)."""
    query = select(User).options(selectinload(User.commune)).order_by(User.username_key)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
