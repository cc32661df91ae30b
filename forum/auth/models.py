"""What accounts need beside the user row: failed logins (counted where every worker and
machine sees them: the database), pending address changes, expert invitations."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.people.models import User


class LoginFailures(db.Model):
    """Failed logins of one account ("account:<id or login typed>") or address ("address:<ip>")
    since `since`; `last_at` is the latest."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EmailChange(db.Model):
    """A new address a member asked for, used only once a link mailed to it is opened: until
    then users.email stays the verified one. One per member (a new request replaces it)."""

    __tablename__ = "email_changes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ExpertInvitation(db.Model):
    """One mail inviting a potential expert to register (the community manager's recruitment).
    Sending again to an address adds a row: each link works until its own `expires_at`."""

    __tablename__ = "expert_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Who registered with this address (through any of its links), and when.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
