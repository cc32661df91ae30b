"""The community manager's powers: pin, close, move, retag threads, merge and delete tags.

Every action writes an entry to the moderation log (forum.audit) in the same transaction.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum import audit, permissions
from forum.audit import ModAction
from forum.boards.models import Board
from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.tags.models import Tag
from forum.threads.models import Thread, thread_tags
from forum.threads.services import sync_board


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed


def _changed(thread: Thread) -> None:
    db.session.flush()


def set_pinned(actor, thread: Thread, pinned: bool, on_home: bool = False) -> None:
    """Pin on top of its board (or, with on_home, on top of the home page), or unpin."""
    _require(permissions.can_moderate(actor, thread))
    if on_home:
        thread.is_pinned_home = pinned
    else:
        thread.is_pinned = pinned
        thread.pinned_at = utcnow() if pinned else None
    action = ("pinned" if pinned else "unpinned") + ("_home" if on_home else "")
    audit.record(actor, action, thread, thread.title)
    _changed(thread)


def set_locked(actor, thread: Thread, locked: bool) -> None:
    """Close a thread (no more replies) or reopen it."""
    _require(permissions.can_moderate(actor, thread))
    if thread.is_locked != locked:
        thread.is_locked = locked
        audit.record(actor, "closed" if locked else "reopened", thread, thread.title)
        _changed(thread)


def move_thread(actor, thread: Thread, board: Board) -> None:
    _require(permissions.can_moderate(actor, thread))
    if board.id == thread.board_id:
        return
    old_board = thread.board
    thread.board = board
    db.session.flush()
    sync_board(old_board)
    sync_board(board)
    audit.record(actor, "moved", thread, f"{thread.title}: {old_board.name} -> {board.name}")
    _changed(thread)


def set_thread_tags(actor, thread: Thread, tags: list[Tag]) -> None:
    _require(permissions.can_moderate(actor, thread))
    before = {t.slug for t in thread.tags}
    after = {t.slug for t in tags}
    if before == after:
        return
    thread.tags = list(tags)
    added, removed = sorted(after - before), sorted(before - after)
    summary = thread.title + "".join(f" +{s}" for s in added) + "".join(f" -{s}" for s in removed)
    audit.record(actor, "retagged", thread, summary)
    _changed(thread)


# -- tags that leave threads (creating and renaming tags: forum.tags.services) -------------

def _threads_tagged(tag: Tag) -> list[Thread]:
    return list(db.session.scalars(
        select(Thread).where(Thread.id.in_(select(thread_tags.c.thread_id).where(thread_tags.c.tag_id == tag.id)))
    ))


def merge_tags(actor, source: Tag, target: Tag) -> None:
    """Move every thread of `source` to `target`, then delete `source`.

    Through the ORM, thread by thread, so that each retagged thread is seen as changed
    (the search index follows).
    """
    _require(permissions.can_manage_tags(actor))
    if source.id == target.id:
        raise InvalidInput("target", _l("A tag cannot be merged into itself."))
    for thread in _threads_tagged(source):
        thread.tags = [t for t in thread.tags if t.id != source.id] + ([] if target in thread.tags else [target])
    audit.record(actor, "tag_merged", target, f"{source.name} -> {target.name}")
    db.session.flush()
    db.session.delete(source)
    db.session.flush()


def delete_tag(actor, tag: Tag) -> None:
    _require(permissions.can_manage_tags(actor))
    for thread in _threads_tagged(tag):
        thread.tags = [t for t in thread.tags if t.id != tag.id]
    audit.record(actor, "tag_deleted", tag, tag.name)
    db.session.flush()
    db.session.delete(tag)
    db.session.flush()


def mod_log(page: int, per_page: int = 50):
    query = (
        select(ModAction)
        .options(selectinload(ModAction.actor))
        .order_by(ModAction.created_at.desc(), ModAction.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
