"""transaction(): the one place that commits; the job runner is woken after it."""

from contextlib import contextmanager

from forum.extensions import db

DEPTH = "transaction_depth"


@contextmanager
def transaction():
    """Run a block (`with transaction():`) or a function (`@transaction()`) as one commit.

    Nested uses join the outermost one: only the outermost commits, or rolls back when an
    exception leaves it, so services that flush compose into one atomic unit (a view, a CLI
    command, a job handler). Jobs enqueued inside are committed with the rest, and the
    runner is woken once the commit is done (forum.jobs listens for it); after a rollback
    they never existed. An exception caught inside an inner block does not undo that
    block's writes: only the outermost level rolls back.
    """
    session = db.session
    depth = session.info.get(DEPTH, 0)
    session.info[DEPTH] = depth + 1
    try:
        if depth:
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
