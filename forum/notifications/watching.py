"""How closely members follow threads, boards and tags: levels, defaults, what they have seen."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from forum.dbtypes import utcnow
from forum.errors import InvalidInput
from forum.extensions import db
from forum.threads.models import Thread

from .models import BOARD_LEVELS, TAG_LEVELS, THREAD_LEVELS, Watch, WatchLevel

# Levels at which a thread list shows the number of posts a member has not seen yet.
COUNTED_LEVELS = (WatchLevel.WATCHING, WatchLevel.TRACKING)
_LEVELS = {"thread_id": THREAD_LEVELS, "board_id": BOARD_LEVELS, "tag_id": TAG_LEVELS}


def _target(thread=None, board=None, tag=None) -> tuple[str, int]:
    """("thread_id" | "board_id" | "tag_id", its id) of the one object given."""
    given = [(column, obj.id) for column, obj in (("thread_id", thread), ("board_id", board), ("tag_id", tag))
             if obj is not None]
    if len(given) != 1:
        raise TypeError("give exactly one of thread, board, tag")
    return given[0]


def _watch(user_id: int, column: str, target_id: int) -> Watch | None:
    return db.session.scalar(select(Watch).where(Watch.user_id == user_id, getattr(Watch, column) == target_id))


def level_of(user, thread=None, board=None, tag=None) -> WatchLevel:
    """`user`'s level on one thread, board or tag (normal when they never chose; one query)."""
    if not user.is_authenticated:
        return WatchLevel.NORMAL
    watch = _watch(user.id, *_target(thread, board, tag))
    return WatchLevel(watch.level) if watch is not None else WatchLevel.NORMAL


def set_level(user, level, thread=None, board=None, tag=None) -> bool:
    """Choose how closely `user` follows one thread, board or tag (flushes); whether it changed.

    InvalidInput("level", ...) for a level that target does not take ("watching first post"
    is for boards and tags). Normal keeps the row (and what the member has seen of a thread).
    """
    column, target_id = _target(thread, board, tag)
    try:
        level = WatchLevel(level)
    except ValueError:
        level = None
    if level not in _LEVELS[column]:
        raise InvalidInput("level", _l("Choose one of the levels offered."))
    watch = _watch(user.id, column, target_id)
    if watch is None:
        if level == WatchLevel.NORMAL:
            return False
        watch = Watch(user_id=user.id, level=str(level), **{column: target_id})
        if thread is not None:
            watch.last_read_number = thread.last_post_number
        db.session.add(watch)
    elif watch.level == level:
        return False
    watch.level, watch.updated_at = str(level), utcnow()
    db.session.flush()
    return True


def watch_by_default(user_id: int, thread_id: int, level: WatchLevel, seen: int = 0) -> None:
    """Give `user_id` this level on a thread unless they already have one (their choice wins).
    One statement, safe when two jobs race."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(dialect.insert(Watch).values(
        user_id=user_id, thread_id=thread_id, level=str(level), last_read_number=seen,
        created_at=utcnow(), updated_at=utcnow()).on_conflict_do_nothing())


def mark_seen(user_id: int, thread_id: int, number: int) -> None:
    """`user_id` has seen a thread up to post #number: one UPDATE, which only moves forward."""
    db.session.execute(
        update(Watch).where(Watch.user_id == user_id, Watch.thread_id == thread_id, Watch.last_read_number < number)
        .values(last_read_number=number), execution_options={"synchronize_session": False})


def visit_thread(user, thread, seen: int) -> WatchLevel:
    """A member opens a thread page showing posts up to #seen: their level on it (one query),
    and what they have seen moves forward (one UPDATE, only when it does)."""
    watch = _watch(user.id, "thread_id", thread.id)
    if watch is None:
        return WatchLevel.NORMAL
    if watch.last_read_number < seen:
        mark_seen(user.id, thread.id, seen)
    return WatchLevel(watch.level)


def list_state(user, threads, board=None, tag=None) -> tuple[WatchLevel, dict[int, int]]:
    """For a list page: `user`'s level on its board or tag (normal when none is given), and
    {thread id: posts not seen yet} for the listed threads they watch or track (those with
    nothing new left out). One query, none for visitors."""
    if not user.is_authenticated:
        return WatchLevel.NORMAL, {}
    ids = [thread.id for thread in threads]
    followed = Watch.thread_id.in_(ids) & Watch.level.in_([str(level) for level in COUNTED_LEVELS])
    target = (Watch.board_id == board.id) if board is not None else (Watch.tag_id == tag.id) if tag is not None \
        else None
    if not ids and target is None:
        return WatchLevel.NORMAL, {}
    rows = db.session.execute(select(Watch.thread_id, Watch.level, Watch.last_read_number).where(
        Watch.user_id == user.id, followed if target is None else followed | target))
    last = {thread.id: thread.last_post_number for thread in threads}
    level, counts = WatchLevel.NORMAL, {}
    for thread_id, row_level, seen in rows:
        if thread_id is None:
            level = WatchLevel(row_level)
        elif last[thread_id] > seen:
            counts[thread_id] = last[thread_id] - seen
    return level, counts


def watched_by(user) -> list[Watch]:
    """Everything `user` chose a level for (normal left out), threads, boards, tags, with the
    target loaded: their "watching" page. Five queries whatever the number."""
    query = (select(Watch).where(Watch.user_id == user.id, Watch.level != WatchLevel.NORMAL)
             .options(selectinload(Watch.thread).selectinload(Thread.board), selectinload(Watch.board),
                      selectinload(Watch.tag))
             .order_by(Watch.updated_at.desc(), Watch.id.desc()))
    return list(db.session.scalars(query))
