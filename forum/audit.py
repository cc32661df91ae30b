"""The moderation log: who did what to which thread, post, tag, board or user, and when.

It sits below every domain so that any service (a board archived by an admin, a role
granted, a thread pinned) can add its entry in the same transaction as the change.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db


class ModAction(db.Model):
    __tablename__ = "mod_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int | None]
    # Human-readable what/where, frozen at the time (titles and names change later).
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    # By name: the log sits below people, whose model it must not import.
    actor: Mapped["User"] = relationship("User")  # noqa: F821


def record(actor, action: str, target, summary: str = "") -> ModAction:
    """Add a log entry to the current transaction; the calling service commits."""
    entry = ModAction(
        actor_id=actor.id,
        action=action,
        target_type=type(target).__name__.lower(),
        target_id=getattr(target, "id", None),
        summary=summary,
    )
    db.session.add(entry)
    return entry
