"""Writing, claiming and settling job rows. Every function here is one short statement or
transaction: handlers never run while a claim holds row locks."""

import traceback
from datetime import timedelta

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from forum.dbtypes import utcnow
from forum.extensions import db

from .models import Job

ENQUEUED = "jobs_enqueued"  # session.info flag: wake the runner after this commit


def enqueue(kind: str, *, dedupe_key: str | None = None, session: Session | None = None,
            delay: timedelta | None = None, **payload) -> None:
    """Add a job to the caller's transaction; it runs only if that transaction commits (and
    not before `delay` has passed: a reminder in 30 days is a job available in 30 days).

    The row is inserted at once on the session's connection (no commit, no ORM flush), so
    this also works from inside a session `after_flush` listener (pass that `session`).
    With a `dedupe_key`, nothing is added while a pending job already has that key. On
    PostgreSQL the INSERT waits for any open transaction that inserted the same key: never a
    key that every writer shares (pagecache uses none, and a batch handler).
    """
    session = session or db.session
    connection = session.connection()
    now = utcnow()
    values = {"kind": kind, "payload": payload, "dedupe_key": dedupe_key, "attempts": 0,
              "available_at": now + delay if delay else now, "created_at": now}
    if dedupe_key is None:
        statement = insert(Job)
    else:
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(Job).on_conflict_do_nothing()
    connection.execute(statement, [values])
    session.info[ENQUEUED] = True


def enqueue_many(kind: str, payloads, *, session: Session | None = None) -> None:
    """enqueue() for many jobs of one kind, in one multi-row INSERT (a fan-out to a thousand
    members must not cost a thousand statements). No dedupe keys."""
    payloads = list(payloads)
    if not payloads:
        return
    session = session or db.session
    now = utcnow()
    session.connection().execute(insert(Job), [
        {"kind": kind, "payload": payload, "dedupe_key": None, "attempts": 0, "available_at": now, "created_at": now}
        for payload in payloads])
    session.info[ENQUEUED] = True


DIED = "the process running this job stopped before it finished (lease expired)"


def claim(engine, limit: int, lease_seconds: float, kinds=None, max_attempts: int | None = None) -> list:
    """Take up to `limit` available jobs for `lease_seconds`: rows (id, kind, payload, attempts).

    An attempt is counted when it starts: a job whose lease ran out after `max_attempts`
    attempts (its process died each time, e.g. killed by the job itself) is kept as failed
    instead of being taken again forever.

    One UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) on PostgreSQL, so runners
    on several machines never take the same row and never wait for each other. SQLite has no
    row locks (the clause is left out): the UPDATE takes the database's single write lock,
    so claims are made one at a time and a row claimed by one is no longer available to the
    next.
    """
    now = utcnow()
    available = select(Job.id).where(Job.failed_at.is_(None), Job.available_at <= now,
                                     or_(Job.locked_until.is_(None), Job.locked_until <= now))
    if kinds is not None:
        available = available.where(Job.kind.in_(kinds))
    with engine.connect() as connection:
        # Most passes find nothing: a read answers them without taking any write lock.
        if connection.execute(available.limit(1)).first() is None:
            return []
    statement = (
        update(Job).where(Job.id.in_(available.order_by(Job.id).limit(limit)
                                     .with_for_update(skip_locked=True).scalar_subquery()))
        .values(locked_until=now + timedelta(seconds=lease_seconds), attempts=Job.attempts + 1)
        .returning(Job.id, Job.kind, Job.payload, Job.attempts)
        .execution_options(synchronize_session=False)
    )
    with engine.begin() as connection:
        if max_attempts is not None:
            connection.execute(
                update(Job).where(Job.failed_at.is_(None), Job.attempts >= max_attempts, Job.locked_until <= now)
                .values(failed_at=now, last_error=func.coalesce(Job.last_error, DIED))
                .execution_options(synchronize_session=False)
            )
        return sorted(connection.execute(statement).all())


def finish(session: Session, job_ids) -> None:
    """Done: delete the rows, in the handler's own transaction."""
    session.execute(delete(Job).where(Job.id.in_(list(job_ids))), execution_options={"synchronize_session": False})


def fail(engine, jobs, error: BaseException, *, max_attempts: int, retry_seconds: float,
         max_backoff_seconds: float) -> None:
    """Count a failed attempt: retry after an exponential back-off, or give up (kept, never dropped).

    The lease is moved to the retry time too, so the row stays out of the pending dedupe
    index and cannot collide with newer work of the same key.
    """
    message = "".join(traceback.format_exception(error))[-4000:]
    now = utcnow()
    with engine.begin() as connection:
        for job in jobs:
            attempts = job.attempts  # counted by claim()
            retry_at = now + timedelta(seconds=min(max_backoff_seconds, retry_seconds * 2 ** (attempts - 1)))
            connection.execute(
                update(Job).where(Job.id == job.id).values(
                    attempts=attempts, last_error=message, available_at=retry_at, locked_until=retry_at,
                    failed_at=now if attempts >= max_attempts else None,
                )
            )


def retry(session: Session, job_ids=None) -> int:
    """Make failed jobs (these ids, or every failed one) available now, with fresh attempts."""
    failed = update(Job).where(Job.failed_at.is_not(None))
    if job_ids is not None:
        failed = failed.where(Job.id.in_(list(job_ids)))
    now = utcnow()
    # An expired lease rather than none: the row then never collides in the dedupe index.
    result = session.execute(failed.values(failed_at=None, attempts=0, available_at=now, locked_until=now),
                             execution_options={"synchronize_session": False})
    return result.rowcount
