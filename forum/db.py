"""transaction(): the one place that commits; the job runner is woken after it. keep_at_commit():
figures kept on rows by the transaction that changes them."""

from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.extensions import db

DEPTH = "transaction_depth"


@contextmanager
def transaction():
    """Run a block (`with transaction():`) or a function (`@transaction()`) as one commit.

    Services flush and never commit; the outermost transaction() (a view, a CLI command, a
    job handler) commits everything they wrote, or rolls it all back when an exception
    leaves it, so services compose into one atomic unit. A nested transaction() is a
    savepoint: when an exception leaves it (a form's service refusing its input, caught by
    the view), its own writes are undone and the outer work goes on. Jobs enqueued inside
    are committed with the rest, and the runner is woken once the commit is done
    (forum.jobs listens for it); after a rollback they never existed.
    """
    session = db.session
    depth = session.info.get(DEPTH, 0)
    session.info[DEPTH] = depth + 1
    try:
        if depth:
            with session.begin_nested():
                yield session
            return
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
    finally:
        session.info[DEPTH] = depth



def keep_at_commit(note_changes, settle, forget) -> None:
    """Keep figures on rows in the writing transaction (expert statistics, list counts,
    commune members): `note_changes(session, flush_context)` after each flush notes what
    changed, `settle(session)` rewrites the rows just before the commit, `forget(session)`
    drops the notes after a rollback. Registered once on every Session, however many apps."""
    if not event.contains(Session, "after_flush", note_changes):
        event.listen(Session, "after_flush", note_changes)
        event.listen(Session, "before_commit", settle)
        event.listen(Session, "after_rollback", forget)
