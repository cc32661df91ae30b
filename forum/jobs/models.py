"""The jobs table: durable work to do after a commit (index changes, e-mail, notifications)."""

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db

# A job is pending (waiting, never claimed) while it has no lease; only then does its
# dedupe key have to be unique: new work may be queued while an older copy runs.
PENDING = text("locked_until IS NULL")


class Job(db.Model):
    """One piece of work, written in the same transaction as the change that needs it.

    A runner claims it by setting `locked_until` (a lease: a killed runner's work becomes
    available again when it expires), deletes it once done, or on failure counts the attempt
    and moves both `available_at` and the lease to the time of the next try. After
    JOBS_MAX_ATTEMPTS, `failed_at` is set and the row stays for `flask jobs list --failed`.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        Index("uq_jobs_pending_dedupe_key", "dedupe_key", unique=True,
              sqlite_where=PENDING, postgresql_where=PENDING),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(100), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
