"""Invitations: the thread's author or a moderator asks an expert to look at a thread."""

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.people.models import User
from forum.threads.models import Thread


class Invitation(db.Model):
    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("thread_id", "expert_id", name="uq_invitations_thread_expert"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    thread: Mapped[Thread] = relationship()
    expert: Mapped[User] = relationship(foreign_keys=[expert_id])
    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])

    def __repr__(self) -> str:
        return f"<Invitation t{self.thread_id} -> u{self.expert_id}>"


class ExpertStats(db.Model):
    """What the expert directory and the experts panel rank by, kept for every member who has
    posted (forum.matching.stats recounts a member's row in the transaction that changes it),
    so those pages read one row per expert instead of counting posts."""

    __tablename__ = "expert_stats"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    answers: Mapped[int] = mapped_column(default=0)  # live replies in live threads
    solutions: Mapped[int] = mapped_column(default=0)  # live threads solved by one of their live posts
    last_post_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # their latest live post
