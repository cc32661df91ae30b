"""Threads and their posts."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.boards.models import Board
from forum.communes.models import Commune
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.people.models import User
from forum.tags.models import Tag


class ThreadKind(StrEnum):
    QUESTION = "question"
    NEED = "need"
    PRACTICE = "practice"
    FUNDING = "funding"
    DISCUSSION = "discussion"

    @property
    def solvable(self) -> bool:
        """Questions and needs get a solution, an experts panel and the unanswered/solved lists."""
        return self in (ThreadKind.QUESTION, ThreadKind.NEED)


SOLVABLE_KINDS = tuple(kind for kind in ThreadKind if kind.solvable)

KIND_LABELS = {
    ThreadKind.QUESTION: _l("Question"),
    ThreadKind.NEED: _l("Skill need"),
    ThreadKind.PRACTICE: _l("Innovative practice"),
    ThreadKind.FUNDING: _l("Funding opportunity"),
    ThreadKind.DISCUSSION: _l("Discussion"),
}


class NeedStatus(StrEnum):
    OPEN = "open"
    IN_DISCUSSION = "in_discussion"
    MATCHED = "matched"
    DONE = "done"


NEED_STATUS_LABELS = {
    NeedStatus.OPEN: _l("Open"),
    NeedStatus.IN_DISCUSSION: _l("In discussion"),
    NeedStatus.MATCHED: _l("Matched"),
    NeedStatus.DONE: _l("Done"),
}


class Expectation(StrEnum):
    """What a commune expects from the experts who answer a need."""

    ADVICE = "advice"
    FEASIBILITY_STUDY = "feasibility_study"
    TRAINING = "training"
    PROJECT_SETUP = "project_setup"
    FUNDING_SEARCH = "funding_search"


EXPECTATION_LABELS = {
    Expectation.ADVICE: _l("Advice"),
    Expectation.FEASIBILITY_STUDY: _l("Feasibility study"),
    Expectation.TRAINING: _l("Training"),
    Expectation.PROJECT_SETUP: _l("Project setup"),
    Expectation.FUNDING_SEARCH: _l("Funding search"),
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
        # The home page's latest threads and the unanswered lists, read in index order
        # (threads.services.latest_threads, unanswered_questions, solvable_threads): a page
        # of rows read, not every thread sorted.
        Index("ix_threads_home_listing", "is_pinned_home", "last_activity_at", "id"),
        Index("ix_threads_unanswered", "reply_count", "last_activity_at"),
        # A board's tallies recounted from the index alone (threads.tallies.recount_boards).
        Index("ix_threads_board_tally", "board_id", "is_deleted", "kind", "reply_count", "is_locked",
              "solution_post_id"),
        # /needs, newest first (threads.services.needs_list): read in index order, not every need sorted.
        Index("ix_threads_created", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=ThreadKind.QUESTION)
    is_pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    pinned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_pinned_home: Mapped[bool] = mapped_column(Boolean, default=False)
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
    solution_post: Mapped["Post | None"] = relationship(foreign_keys=[solution_post_id], post_update=True)
    # The structured part of a PCD skill need (kind "need" only).
    need: Mapped["Need | None"] = relationship(back_populates="thread", uselist=False)

    def __repr__(self) -> str:
        return f"<Thread {self.id} {self.slug!r}>"

    @property
    def is_solved(self) -> bool:
        return self.solution_post_id is not None

    @property
    def is_solvable(self) -> bool:
        return ThreadKind(self.kind).solvable

    @property
    def kind_label(self):
        return KIND_LABELS[ThreadKind(self.kind)]


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("thread_id", "number", name="uq_posts_thread_number"),
        # An expert's last live post (the experts panel's max(created_at) per author), read from the index alone.
        Index("ix_posts_author_live_created", "author_id", "is_deleted", "created_at"),
    )

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


class Need(db.Model):
    """A PCD skill need: what a commune expects, by when, and where it stands.

    The PCD axis is the thread's board and the skills sought are its tags. The commune is the
    author's when the need was posted, kept here so that the need stays with its commune.
    """

    __tablename__ = "needs"

    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id"), index=True)
    expectation: Mapped[str] = mapped_column(String(30), default=Expectation.ADVICE)
    time_frame: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(20), default=NeedStatus.OPEN, index=True)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the need first reached "matched" and "done" (the impact funnel's stages); kept if
    # the need is reopened later.
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    thread: Mapped[Thread] = relationship(back_populates="need")
    commune: Mapped[Commune | None] = relationship()

    def __repr__(self) -> str:
        return f"<Need t{self.thread_id} {self.status}>"

    @property
    def status_label(self):
        return NEED_STATUS_LABELS[NeedStatus(self.status)]

    @property
    def expectation_label(self):
        return EXPECTATION_LABELS[Expectation(self.expectation)]
