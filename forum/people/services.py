"""Accounts: creating users, checking passwords, profiles and roles."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from forum import audit, permissions
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db

from .models import Role, User, UserKind

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
    return get_user_by_username(username) is not None


def email_taken(email: str, except_user: User | None = None) -> bool:
    query = select(func.count()).select_from(User).where(User.email == normalize_email(email))
    if except_user is not None:
        query = query.where(User.id != except_user.id)
    return db.session.scalar(query) > 0


def create_user(username, email, password, display_name=None, kind=UserKind.OTHER, role=Role.MEMBER) -> User:
    """Create an account. Raises InvalidInput if the username or email is already used.

    The uniqueness check before the insert gives the friendly message; the unique
    constraints catch the race between two registrations of the same name.
    """
    username = username.strip()
    if username_taken(username):
        raise InvalidInput("username", _l("This username is already taken."))
    if email_taken(email):
        raise InvalidInput("email", _l("An account already uses this email address."))
    user = User(
        username=username,
        username_key=username.lower(),
        display_name=(display_name or username).strip(),
        email=normalize_email(email),
        password_hash=_hasher.hash(password),
        kind=str(UserKind(kind)),
        role=str(Role(role)),
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
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
        db.session.commit()
    return user


def check_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def change_password(user: User, current: str, new: str) -> None:
    if not check_password(user, current):
        raise InvalidInput("current_password", _l("The current password is wrong."))
    user.password_hash = _hasher.hash(new)
    db.session.commit()


def set_role(actor: User, user: User, role: str) -> User:
    """Grant or revoke the moderator role. Admin rights are given only from the CLI."""
    role = Role(role)
    if role == Role.ADMIN or not permissions.can_change_role(actor, user):
        raise NotAllowed
    if user.role != role:
        previous = user.role
        user.role = str(role)
        audit.record(actor, "role_changed", user, f"@{user.username}: {previous} -> {role}")
        db.session.commit()
    return user


def list_users(page: int, per_page: int):
    """Members by username, with their commune (shown beside commune officials)."""
    query = select(User).options(selectinload(User.commune)).order_by(User.username_key)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
