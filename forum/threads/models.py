"""Threads and their posts."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.boards.models import Board, Tag
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.people.models import User


class ThreadKind(StrEnum):
    QUESTION = "question"
    NEED = "need"
    PRACTICE = "practice"
    FUNDING = "funding"
    DISCUSSION = "discussion"


KIND_LABELS = {
    ThreadKind.QUESTION: _l("Question"),
    ThreadKind.NEED: _l("Skill need"),
    ThreadKind.PRACTICE: _l("Innovative practice"),
    ThreadKind.FUNDING: _l("Funding opportunity"),
    ThreadKind.DISCUSSION: _l("Discussion"),
}


thread_tags = Table(
    "thread_tags",
    db.metadata,
    Column("thread_id", ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Thread(db.Model):
    __tablename__ = "threads"
    __table_args__ = (
        Index("ix_threads_board_listing", "board_id", "is_pinned", "last_activity_at"),
        Index("ix_threads_last_activity_at", "last_activity_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=ThreadKind.QUESTION)
    is_pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    pinned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_pinned_home: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    is_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    is_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # The reply the asker marked as the answer (set by the solutions feature).
    solution_post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", use_alter=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Denormalised, kept right by the services (see threads.services.sync_thread).
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_poster_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reply_count: Mapped[int] = mapped_column(Integer, default=0)
    # Highest post number handed out; numbers are never reused, so #p<n> anchors stay stable.
    last_post_number: Mapped[int] = mapped_column(Integer, default=0)

    board: Mapped[Board] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    last_poster: Mapped[User | None] = relationship(foreign_keys=[last_poster_id])
    tags: Mapped[list[Tag]] = relationship(secondary=thread_tags, order_by=Tag.name)

    def __repr__(self) -> str:
        return f"<Thread {self.id} {self.slug!r}>"

    @property
    def is_solved(self) -> bool:
        return self.solution_post_id is not None

    @property
    def kind_label(self):
        return KIND_LABELS[ThreadKind(self.kind)]


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("thread_id", "number", name="uq_posts_thread_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    # Rendered and sanitized once, at write time (forum.markup.render).
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    thread: Mapped[Thread] = relationship(foreign_keys=[thread_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    def __repr__(self) -> str:
        return f"<Post {self.id} t{self.thread_id}#{self.number}>"

    @property
    def is_first(self) -> bool:
        return self.number == 1
