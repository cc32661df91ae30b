"""Users: identity, role and what kind of member they are."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.communes.models import Commune
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.tags.models import Tag


class Role(StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"  # the community manager
    COORDINATOR = "coordinator"  # follows the project's results (the impact dashboard); moderates nothing
    ADMIN = "admin"


class UserKind(StrEnum):
    COMMUNE = "commune"
    EXPERT = "expert"
    ACTOR = "actor"
    OTHER = "other"


ROLE_LABELS = {
    Role.MEMBER: _l("Member"),
    Role.MODERATOR: _l("Community manager"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
}

KIND_LABELS = {
    UserKind.COMMUNE: _l("Commune official"),
    UserKind.EXPERT: _l("Migrant expert"),
    UserKind.ACTOR: _l("Local actor (association, cooperative, GIE)"),
    UserKind.OTHER: _l("Other"),
}


class Position(StrEnum):
    """A commune official's position."""

    ELECTED = "elected"
    STAFF = "staff"


POSITION_LABELS = {
    Position.ELECTED: _l("Elected official"),
    Position.STAFF: _l("Commune staff"),
}


class Availability(StrEnum):
    """How an expert can help."""

    HOURS_MONTH = "hours_month"
    ON_SITE = "on_site"
    REMOTE = "remote"


AVAILABILITY_LABELS = {
    Availability.HOURS_MONTH: _l("A few hours a month"),
    Availability.ON_SITE: _l("A mission on site"),
    Availability.REMOTE: _l("Remote only"),
}

# Languages an expert may speak (ISO 639 codes), in the order the form lists them.
LANGUAGE_LABELS = {
    "fr": _l("French"),
    "ar": _l("Arabic"),
    "ber": _l("Amazigh"),
    "en": _l("English"),
    "es": _l("Spanish"),
    "de": _l("German"),
    "it": _l("Italian"),
    "nl": _l("Dutch"),
}


class OrganisationType(StrEnum):
    ASSOCIATION = "association"
    COOPERATIVE = "cooperative"
    GIE = "gie"
    FEDERATION = "federation"


ORGANISATION_LABELS = {
    OrganisationType.ASSOCIATION: _l("Association"),
    OrganisationType.COOPERATIVE: _l("Cooperative"),
    OrganisationType.GIE: _l("GIE (economic interest group)"),
    OrganisationType.FEDERATION: _l("Federation"),
}

# The expert profile fields an expert may choose to show on their public profile.
EXPERT_PUBLIC_FIELDS = ("skills", "residence", "languages", "expertise", "availability", "bio", "links")


# An expert's skills are tags of the forum's vocabulary: that is how questions meet experts.
user_skills = Table(
    "user_skills",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30))
    # Lower-cased copy: usernames are unique whatever their case, on every backend.
    username_key: Mapped[str] = mapped_column(String(30), unique=True)
    # What the name looks like (forum.people.names.skeleton): unique, so that nobody can
    # register cm.nadia or crn_nadia beside cm_nadia.
    username_skeleton: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.MEMBER)
    kind: Mapped[str] = mapped_column(String(20), default=UserKind.OTHER)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the address was proven to be the member's (a link mailed to it was opened).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The language the member reads the forum in (their mails are written in it); None: the default.
    locale: Mapped[str | None] = mapped_column(String(8))

    # Commune officials.
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id"), index=True)
    position: Mapped[str | None] = mapped_column(String(20))
    # Migrant experts. languages and public_fields are comma-wrapped code lists (",fr,ar,"),
    # so that one LIKE '%,ar,%' filters them on every backend.
    country: Mapped[str | None] = mapped_column(String(80))
    city: Mapped[str | None] = mapped_column(String(80))
    languages: Mapped[str] = mapped_column(String(120), default="", server_default="")
    expertise: Mapped[str | None] = mapped_column(String(200))
    years_experience: Mapped[int | None] = mapped_column(Integer)
    availability: Mapped[str | None] = mapped_column(String(20))
    bio: Mapped[str] = mapped_column(Text, default="", server_default="")
    public_fields: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Local actors.
    organisation_name: Mapped[str | None] = mapped_column(String(160))
    organisation_type: Mapped[str | None] = mapped_column(String(20))

    commune: Mapped[Commune | None] = relationship()
    skills: Mapped[list[Tag]] = relationship(secondary=user_skills, order_by=Tag.name)

    # The login session the current request runs in (set by people.services when a session
    # starts or is loaded); Flask-Login stores it in the session and remember-me cookies.
    session_token = None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username!r}>"

    def get_session_token(self) -> str | None:
        """Flask-Login's id attribute: a per-login token, so every session can be ended."""
        return self.session_token

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > utcnow()

    @property
    def role_label(self):
        return ROLE_LABELS[Role(self.role)]

    @property
    def kind_label(self):
        return KIND_LABELS[UserKind(self.kind)]

    @property
    def is_expert(self) -> bool:
        return self.kind == UserKind.EXPERT

    @property
    def language_codes(self) -> list[str]:
        return split_codes(self.languages)

    @property
    def public_field_names(self) -> list[str]:
        return split_codes(self.public_fields)

    def shows(self, field: str) -> bool:
        """Whether an expert profile field is on the public profile (the expert chooses)."""
        return field in self.public_field_names


class LoginSession(db.Model):
    """One login (a browser's session, and its remember-me cookie): ended by logging out,
    by a password change or reset, or when it expires. Only a hash of the token is stored."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


def join_codes(codes) -> str:
    """[“fr”, “ar”] -> “,fr,ar,” (the stored form of languages and public_fields)."""
    codes = [c for c in codes if c]
    return f",{','.join(codes)}," if codes else ""


def split_codes(value: str | None) -> list[str]:
    return [c for c in (value or "").split(",") if c]
