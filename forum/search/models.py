"""What the search package keeps in the database: the index outbox and the search log."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db


class SearchOutbox(db.Model):
    """A post, or a whole thread, whose documents must be (re)written in the index.

    Rows are added in the same transaction as the change (see forum.search.outbox), so a
    change can never be committed without its index work, and are deleted only after the
    index has been committed: a crash in between means the work is simply done again.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(Integer)
    # The one post to rewrite; None: every document of the thread (its title, board... changed).
    post_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchLog(db.Model):
    """One search as typed, for the community manager's view of what people look for."""

    __tablename__ = "search_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(200), index=True)
    results: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
