"""Thread and need counts kept on rows: what the board and /questions tabs, the pagination
totals of the lists, /needs and /communes show, without counting threads at each request.

- ThreadTally: live threads per board x kind x state (STATES: where a thread stands on the
  unanswered / unsolved / solved tabs, as services._show_condition defines them; "other" for
  the rest) and their live posts (each thread's reply_count + 1).
- NeedTally: needs (need rows of live threads of kind "need") per board x commune x status.

Kept like forum.matching.stats: a Session listener notes, at each flush, the threads whose
board, kind, state or liveness may have changed (and those whose need changed); just before
the commit their boards' rows are rewritten from the threads, in the same transaction, so the
figures are exact the moment the change is visible. A transaction that only adds replies (the
reply path) does not recount: count_replies adds them to their rows. A board's recount
reads its threads through an index (ix_threads_board_tally), a few thousand entries at most:
writes are rare next to reads. The board rows are locked in id order first, so concurrent
PostgreSQL writers never deadlock and each recount sees what the other committed. The same
recount writes the board's thread_count and post_count. Rows written with SQL alone (the
benchmark generator) are recounted with `recount_all`.

Reading sums a handful of rows (boards x kinds x states); archived boards are left out for
whoever may not see them (services.visible_to).
"""

from collections import Counter

from flask import Flask
from sqlalchemy import ForeignKey, Integer, String, case, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from forum import permissions
from forum.boards.models import Board
from forum.db import keep_at_commit
from forum.extensions import db

from .models import SOLVABLE_KINDS, Need, Post, Thread, ThreadKind

STATES = ("unanswered", "unsolved", "solved", "other")
# session.info: {"boards": set of ids, "threads": set of ids, "replies": Counter of thread ids}
PENDING = "thread_tallies_pending"
NO_COMMUNE = 0  # NeedTally.commune_id of a need without a commune (a key column is never NULL)


class ThreadTally(db.Model):
    __tablename__ = "thread_tallies"

    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), primary_key=True)
    threads: Mapped[int] = mapped_column(Integer, default=0)
    posts: Mapped[int] = mapped_column(Integer, default=0)


class NeedTally(db.Model):
    __tablename__ = "need_tallies"

    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True)
    # No foreign key: NO_COMMUNE stands for "none". A commune with needs cannot be deleted.
    commune_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    needs: Mapped[int] = mapped_column(Integer, default=0)


def state_of(kind: str, reply_count: int, is_locked: bool, solution_post_id) -> str:
    """thread_state() in Python, for one thread's values."""
    if kind not in SOLVABLE_KINDS:
        return "other"
    if solution_post_id is not None:
        return "solved"
    if reply_count == 0 and not is_locked:
        return "unanswered"
    return "unsolved" if reply_count > 0 else "other"


def thread_state():
    """The STATES value of a thread, as SQL (services._show_condition, one state per thread:
    a solution is a live reply, so a solved thread always has replies)."""
    return case(
        (Thread.kind.not_in(SOLVABLE_KINDS), "other"),
        (Thread.solution_post_id.is_not(None), "solved"),
        ((Thread.reply_count == 0) & Thread.is_locked.is_(False), "unanswered"),
        (Thread.reply_count > 0, "unsolved"),
        else_="other",
    )


# -- keeping them -------------------------------------------------------------------------

def recount_boards(session, board_ids) -> None:
    """Rewrite these boards' tallies (and thread_count, post_count) from their threads."""
    board_ids = sorted(set(board_ids) - {None})
    if not board_ids:
        return
    session.execute(select(Board.id).where(Board.id.in_(board_ids)).order_by(Board.id)
                    .with_for_update(key_share=True))  # FOR NO KEY UPDATE: the lock touch_board's UPDATE takes
    session.execute(delete(ThreadTally).where(ThreadTally.board_id.in_(board_ids)))
    session.execute(delete(NeedTally).where(NeedTally.board_id.in_(board_ids)))
    state = thread_state()
    session.execute(insert(ThreadTally).from_select(
        ["board_id", "kind", "state", "threads", "posts"],
        select(Thread.board_id, Thread.kind, state, func.count(), func.sum(Thread.reply_count + 1))
        .where(Thread.board_id.in_(board_ids), Thread.is_deleted.is_(False))
        .group_by(Thread.board_id, Thread.kind, state)))
    commune = func.coalesce(Need.commune_id, NO_COMMUNE)
    session.execute(insert(NeedTally).from_select(
        ["board_id", "commune_id", "status", "needs"],
        select(Thread.board_id, commune, Need.status, func.count()).join(Need, Need.thread_id == Thread.id)
        .where(Thread.board_id.in_(board_ids), Thread.is_deleted.is_(False), Thread.kind == ThreadKind.NEED)
        .group_by(Thread.board_id, commune, Need.status)))
    tally = select(func.coalesce(func.sum(ThreadTally.threads), 0)).where(ThreadTally.board_id == Board.id)
    posts = select(func.coalesce(func.sum(ThreadTally.posts), 0)).where(ThreadTally.board_id == Board.id)
    session.execute(update(Board).where(Board.id.in_(board_ids)).values(
        thread_count=tally.scalar_subquery(), post_count=posts.scalar_subquery()),
        execution_options={"synchronize_session": False})
    for board in session.identity_map.values():
        if isinstance(board, Board) and board.id in board_ids:
            session.expire(board, ["thread_count", "post_count"])


def recount_all(session) -> None:
    recount_boards(session, session.scalars(select(Board.id)))


def _add(session, board_id: int, kind: str, state: str, threads: int, posts: int) -> None:
    """Add to one tally row, created if missing, in one statement (an upsert)."""
    dialect = session.get_bind().dialect.name
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_(ThreadTally).values(board_id=board_id, kind=kind, state=state, threads=threads, posts=posts)
    session.execute(statement.on_conflict_do_update(
        index_elements=["board_id", "kind", "state"],
        set_={"threads": ThreadTally.threads + threads, "posts": ThreadTally.posts + posts}))


# The thread's columns count_replies needs, as services.reply's UPDATE returns them.
REPLY_COLUMNS = (Thread.id, Thread.board_id, Thread.kind, Thread.reply_count, Thread.is_locked,
                 Thread.solution_post_id)
REPLY_ROWS = "thread_tallies_reply_rows"  # session.info: {thread id: the row after the reply}


def note_reply_row(session, thread_id: int, row) -> None:
    """Keep the thread's columns just after a reply's UPDATE (the row stays locked until the
    commit): count_replies then needs no read of the thread."""
    session.info.setdefault(REPLY_ROWS, {})[thread_id] = row


def count_replies(session, replies: dict) -> None:
    """Add `replies` ({thread id: new replies}, nothing else changed on those threads) to the
    tallies without recounting their boards (the reply path): each thread's posts, and its
    move from unanswered to unsolved when these were its first replies.

    Exact under concurrent writers: a reply keeps its thread's row locked until commit
    (services.reply's UPDATE), so reply_count is this transaction's own; the board row is
    locked first, as recount_boards does, and the rows are changed by increments."""
    known = session.info.pop(REPLY_ROWS, {})
    rows = [known[thread_id] for thread_id in replies if thread_id in known]
    unknown = [thread_id for thread_id in replies if thread_id not in known]
    if unknown:
        rows += session.execute(select(*REPLY_COLUMNS).where(Thread.id.in_(unknown), Thread.is_deleted.is_(False))).all()
    rows.sort(key=lambda row: (row.board_id, row.id))
    boards = sorted({row.board_id for row in rows})
    if not boards:
        return
    session.execute(select(Board.id).where(Board.id.in_(boards)).order_by(Board.id).with_for_update(key_share=True))
    moved = False
    for row in rows:
        added = replies[row.id]
        before = state_of(row.kind, row.reply_count - added, row.is_locked, row.solution_post_id)
        after = state_of(row.kind, row.reply_count, row.is_locked, row.solution_post_id)
        if before == after:
            _add(session, row.board_id, row.kind, after, 0, added)
        else:
            _add(session, row.board_id, row.kind, before, -1, -(row.reply_count - added + 1))
            _add(session, row.board_id, row.kind, after, 1, row.reply_count + 1)
            moved = True
    if moved:  # a row left empty goes, as a recount would not write it
        session.execute(delete(ThreadTally).where(ThreadTally.board_id.in_(boards), ThreadTally.threads == 0))


_WATCHED = ("board_id", "kind", "is_deleted", "is_locked", "solution_post_id", "reply_count")


def _note_changes(session, flush_context) -> None:
    pending = session.info.setdefault(PENDING, {"boards": set(), "threads": set(), "replies": Counter()})
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Thread):
            changed = obj in session.new or obj in session.deleted
            for name in _WATCHED if not changed else ("board_id",):
                history = db.inspect(obj).attrs[name].history
                if history.has_changes():
                    changed = True
                    if name == "board_id":
                        pending["boards"].update(history.deleted or ())
            moved = db.inspect(obj).attrs.board.history  # thread.board = ... (moderation)
            if moved.has_changes():
                changed = True
                pending["boards"].update(board.id for board in (*moved.deleted, *moved.added) if board is not None)
            if changed:
                pending["boards"].add(obj.board_id)
        elif isinstance(obj, Post):
            if obj in session.new and obj.number > 1 and not obj.is_deleted:
                pending["replies"][obj.thread_id] += 1  # a reply: counted without a recount
            elif obj in session.new or db.inspect(obj).attrs.is_deleted.history.has_changes():
                pending["threads"].add(obj.thread_id)
        elif isinstance(obj, Need):
            pending["threads"].add(obj.thread_id)


def _recount_before_commit(session) -> None:
    session.flush()  # the last changes are noted too
    pending = session.info.get(PENDING)
    if not pending or not (pending["boards"] or pending["threads"] or pending["replies"]):
        return
    pending = session.info.pop(PENDING)
    boards = set(pending["boards"])
    threads = pending["threads"] - {None}
    if threads:
        boards |= set(session.scalars(select(Thread.board_id).where(Thread.id.in_(threads)).distinct()))
    if boards:  # a board recounted counts its replies too
        boards |= set(session.scalars(select(Thread.board_id).where(Thread.id.in_(list(pending["replies"])))
                                      .distinct()))
        recount_boards(session, boards)
    elif pending["replies"]:
        count_replies(session, pending["replies"])
    session.info.pop(PENDING, None)
    session.info.pop(REPLY_ROWS, None)


def _forget(session, *args) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(REPLY_ROWS, None)


def init_app(app: Flask) -> None:
    keep_at_commit(_note_changes, _recount_before_commit, _forget)


# -- reading ------------------------------------------------------------------------------

def _settled():
    """The session, its tallies brought up to date with what it wrote and did not commit yet
    (a transaction that reads the counts after a change sees them right)."""
    _recount_before_commit(db.session)
    return db.session


def _seen_by(query, column, viewer):
    """Leave out the archived boards for a viewer who may not see them (services.visible_to)."""
    if not permissions.can_see_archived_boards(viewer):
        query = query.where(column.not_in(select(Board.id).where(Board.is_archived.is_(True))))
    return query


def state_counts(viewer, board: Board | None = None, kinds=SOLVABLE_KINDS) -> dict:
    """{"all": n, "unanswered": n, "unsolved": n, "solved": n} of the threads of `kinds` on
    `board` (None: every board `viewer` may see)."""
    query = select(ThreadTally.state, func.sum(ThreadTally.threads)).where(ThreadTally.kind.in_(list(kinds)))
    if board is not None:
        query = query.where(ThreadTally.board_id == board.id)
    else:
        query = _seen_by(query, ThreadTally.board_id, viewer)
    found = dict(_settled().execute(query.group_by(ThreadTally.state)).all())
    counts = {"all": sum(found.values())}
    counts.update({state: found.get(state, 0) for state in STATES if state != "other"})
    return counts


def board_total(board: Board, kind: str | None = None, state: str | None = None) -> int:
    """How many live threads `board` lists (of `kind`, in `state`: None for any)."""
    query = select(func.coalesce(func.sum(ThreadTally.threads), 0)).where(ThreadTally.board_id == board.id)
    if kind:
        query = query.where(ThreadTally.kind == kind)
    if state:
        query = query.where(ThreadTally.state == state)
    return _settled().scalar(query)


def need_total(viewer, statuses, board: Board | None = None, commune_id: int | None = None) -> int:
    """How many needs of these statuses (on `board`, of the commune) `viewer` may see."""
    query = select(func.coalesce(func.sum(NeedTally.needs), 0)).where(NeedTally.status.in_(list(statuses)))
    query = _seen_by(query, NeedTally.board_id, viewer)
    if board is not None:
        query = query.where(NeedTally.board_id == board.id)
    if commune_id is not None:
        query = query.where(NeedTally.commune_id == commune_id)
    return _settled().scalar(query)


def needs_by_commune(viewer, statuses) -> dict[int, int]:
    """{commune id: its needs of these statuses that `viewer` may see}."""
    query = select(NeedTally.commune_id, func.sum(NeedTally.needs)).where(
        NeedTally.status.in_(list(statuses)), NeedTally.commune_id != NO_COMMUNE)
    query = _seen_by(query, NeedTally.board_id, viewer)
    return {commune: n for commune, n in _settled().execute(query.group_by(NeedTally.commune_id)).all() if n}


def communes_with_needs():
    """(Brings the tallies up to date, then) the SELECT of the ids of the communes that posted a need (live, of kind need, any board)."""
    _settled()
    return select(NeedTally.commune_id).where(NeedTally.needs > 0, NeedTally.commune_id != NO_COMMUNE)
