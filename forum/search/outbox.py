"""Recording index work in the same transaction as the change that needs it.

A session listener looks at what each flush writes: a new or changed post, a thread whose
title, board, kind, tags, state or solution changed, a PCD need's status. It inserts outbox rows (the post, or
the whole thread) on the same connection, inside the same transaction. Upstream packages know
nothing of search; every write path (services, CLI, demo data) is covered.
"""

from flask import current_app, has_app_context
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from forum.threads.models import Need, Post, Thread

from .models import SearchOutbox

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
    work = _work(session)
    if work:
        # After the flush, new rows have their ids; the session still lists what it wrote.
        session.connection().execute(
            insert(SearchOutbox), [{"thread_id": t, "post_id": p} for t, p in sorted(work, key=str)]
        )
        session.info["search_outbox_written"] = True


def _after_commit(session) -> None:
    if session.info.pop("search_outbox_written", False) and has_app_context():
        indexer = current_app.extensions.get("search")
        if indexer is not None:
            indexer.wake()


def _after_soft_rollback(session, previous_transaction) -> None:
    session.info.pop("search_outbox_written", None)


def install() -> None:
    """Listen on every session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_soft_rollback)
