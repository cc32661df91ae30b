"""Users: identity, role and what kind of member they are."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db


class Role(StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"  # the community manager
    ADMIN = "admin"


class UserKind(StrEnum):
    COMMUNE = "commune"
    EXPERT = "expert"
    ACTOR = "actor"
    OTHER = "other"


ROLE_LABELS = {
    Role.MEMBER: _l("Member"),
    Role.MODERATOR: _l("Community manager"),
    Role.ADMIN: _l("Administrator"),
}

KIND_LABELS = {
    UserKind.COMMUNE: _l("Commune official"),
    UserKind.EXPERT: _l("Migrant expert"),
    UserKind.ACTOR: _l("Local actor (association, cooperative, GIE)"),
    UserKind.OTHER: _l("Other"),
}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30))
    # Lower-cased copy: usernames are unique whatever their case, on every backend.
    username_key: Mapped[str] = mapped_column(String(30), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.MEMBER)
    kind: Mapped[str] = mapped_column(String(20), default=UserKind.OTHER)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username!r}>"

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > utcnow()

    @property
    def role_label(self):
        return ROLE_LABELS[Role(self.role)]

    @property
    def kind_label(self):
        return KIND_LABELS[UserKind(self.kind)]
