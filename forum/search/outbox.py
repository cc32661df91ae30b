"""Recording index work in the same transaction as the change that needs it.

A session listener looks at what each flush writes: a new or changed post, a thread whose
title, board, kind, tags, state or solution changed. It inserts one outbox row per thread
touched, on the same connection, inside the same transaction. Upstream packages know
nothing of search; every write path (services, CLI, demo data) is covered.
"""

from flask import current_app, has_app_context
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from forum.threads.models import Post, Thread

from .models import SearchOutbox

THREAD_FIELDS = ("title", "kind", "board", "board_id", "is_locked", "is_deleted", "tags", "solution_post_id")
POST_FIELDS = ("body_html", "is_deleted", "thread_id")


def _changed(obj, fields) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _threads_touched(session) -> set[int]:
    touched = set()
    for obj in session.new:
        if isinstance(obj, Post | Thread):
            touched.add(obj.thread_id if isinstance(obj, Post) else obj.id)
    for obj in session.dirty:
        if isinstance(obj, Thread) and _changed(obj, THREAD_FIELDS):
            touched.add(obj.id)
        elif isinstance(obj, Post) and _changed(obj, POST_FIELDS):
            touched.add(obj.thread_id)
            previous = inspect(obj).attrs.thread_id.history.deleted
            touched.update(t for t in previous if t is not None)
    touched.discard(None)
    return touched


def _after_flush(session, flush_context) -> None:
    touched = _threads_touched(session)
    if touched:
        # After the flush, new rows have their ids; the session still lists what it wrote.
        session.connection().execute(insert(SearchOutbox), [{"thread_id": t} for t in sorted(touched)])
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
