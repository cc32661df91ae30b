"""Recording index work in the same transaction as the change that needs it.

A session listener looks at what each flush writes: a new or changed post, a thread whose
title, board, kind, tags, state or solution changed, a PCD need's status. It enqueues
"search.index" jobs (the post, or the whole thread) on the same connection, inside the same
transaction; the job runner applies them after the commit (forum.search.indexer). Upstream
packages know nothing of search; every write path (services, CLI, demo data) is covered.
"""

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from forum.jobs import enqueue
from forum.threads.models import Need, Post, Thread

SEARCH_JOB = "search.index"

THREAD_FIELDS = ("title", "kind", "board", "board_id", "is_locked", "is_deleted", "tags", "solution_post_id")
POST_FIELDS = ("body_html", "is_deleted", "thread_id")
NEED_FIELDS = ("status",)


def _changed(obj, fields) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _work(session) -> set[tuple[int, int | None]]:
    """(thread id, post id) pairs to reindex: a post id for a post's own change, None for a
    change of the thread that every one of its documents carries (title, board, tags...)."""
    work = set()
    for obj in session.new:
        if isinstance(obj, Post):
            work.add((obj.thread_id, obj.id))
        elif isinstance(obj, Thread):
            work.add((obj.id, None))
        elif isinstance(obj, Need):
            work.add((obj.thread_id, None))
    for obj in session.dirty:
        if isinstance(obj, Thread) and _changed(obj, THREAD_FIELDS):
            work.add((obj.id, None))
        elif isinstance(obj, Need) and _changed(obj, NEED_FIELDS):
            work.add((obj.thread_id, None))
        elif isinstance(obj, Post) and _changed(obj, POST_FIELDS):
            work.add((obj.thread_id, obj.id))
            for previous in inspect(obj).attrs.thread_id.history.deleted:
                if previous is not None:
                    work.add((previous, obj.id))
    return {(thread_id, post_id) for thread_id, post_id in work if thread_id is not None}


def _after_flush(session, flush_context) -> None:
    # After the flush, new rows have their ids; the session still lists what it wrote.
    for thread_id, post_id in sorted(_work(session), key=str):
        enqueue(SEARCH_JOB, session=session, thread_id=thread_id, post_id=post_id)


def install() -> None:
    """Listen on every session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
