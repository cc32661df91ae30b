"""Expert statistics kept on rows (models.ExpertStats): answers, solutions, latest post.

Counting them at each request made /experts linear in the forum's size. A Session listener
notes, at each flush, the authors of the posts written and the threads changed (deleted,
restored, solved); just before the commit their rows are recounted from the posts, in the
same transaction, so the figures are exact the moment the change is visible. A recount is a
few indexed counts per member's posts. The most common write, a new post on a live thread,
only moves its author's row on (one more answer, a later last post) without counting. Rows
written with SQL alone (the benchmark generator) are recounted with `recount_all`.
"""

from flask import Flask
from sqlalchemy import case, delete, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from forum.db import keep_at_commit
from forum.threads.models import Post, Thread

from .models import ExpertStats

# session.info: {"users": ids to recount, "threads": ids whose authors to recount,
#                "added": {author id: [new answers, latest new post time]}}
PENDING = "expert_stats_pending"


def _answers(user_id):
    return (select(func.count()).select_from(Post).join(Thread, Thread.id == Post.thread_id)
            .where(Post.author_id == user_id, Post.number > 1, Post.is_deleted.is_(False),
                   Thread.is_deleted.is_(False)).scalar_subquery())


def _solutions(user_id):
    return (select(func.count()).select_from(Thread).join(Post, Post.id == Thread.solution_post_id)
            .where(Post.author_id == user_id, Post.is_deleted.is_(False), Thread.is_deleted.is_(False))
            .scalar_subquery())


def _last_post_at(user_id):
    return select(func.max(Post.created_at)).where(Post.author_id == user_id, Post.is_deleted.is_(False)) \
        .scalar_subquery()


def _insert_missing(session, user_ids) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(ExpertStats).values([{"user_id": user_id, "answers": 0, "solutions": 0}
                                                for user_id in user_ids]).on_conflict_do_nothing())


def recount(session, user_ids) -> None:
    """Rewrite these members' rows from their posts.

    Race-free under concurrent writers on PostgreSQL: the rows are created if missing, locked
    (in id order, so two recounts never deadlock), and only then counted, by a statement
    that therefore sees whatever a concurrent transaction committed first.
    """
    user_ids = sorted(set(user_ids))
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start:start + 500]
        _insert_missing(session, chunk)
        session.execute(select(ExpertStats.user_id).where(ExpertStats.user_id.in_(chunk))
                        .order_by(ExpertStats.user_id).with_for_update())
        row = ExpertStats.user_id
        session.execute(update(ExpertStats).where(row.in_(chunk)).values(
            answers=_answers(row), solutions=_solutions(row), last_post_at=_last_post_at(row)),
            execution_options={"synchronize_session": False})


def recount_all(session) -> None:
    session.execute(delete(ExpertStats))
    recount(session, session.scalars(select(Post.author_id).distinct()))


def add_posts(session, added: dict) -> None:
    """Move these members' rows on by their new posts ({author id: [answers, latest time]}),
    without counting. Atomic per row under concurrent writers: the UPDATE reads the row as
    the last committed writer left it (and waits for one that holds it)."""
    _insert_missing(session, sorted(added))
    for user_id in sorted(added):  # in id order, as recount() locks them
        answers, latest = added[user_id]
        latest = literal(latest, ExpertStats.last_post_at.type)
        later = case((ExpertStats.last_post_at.is_(None) | (ExpertStats.last_post_at < latest), latest),
                     else_=ExpertStats.last_post_at)
        session.execute(update(ExpertStats).where(ExpertStats.user_id == user_id)
                        .values(answers=ExpertStats.answers + answers, last_post_at=later),
                        execution_options={"synchronize_session": False})


def _note_changes(session, flush_context) -> None:
    pending = session.info.setdefault(PENDING, {"users": set(), "threads": set(), "added": {}})
    for obj in session.new:
        if isinstance(obj, Post) and obj.author_id is not None and not obj.is_deleted:
            counts = pending["added"].setdefault(obj.author_id, [0, obj.created_at])
            counts[0] += 1 if obj.number > 1 else 0
            counts[1] = max(counts[1], obj.created_at)
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, Post) and obj.author_id is not None:
            pending["users"].add(obj.author_id)
        elif isinstance(obj, Thread) and obj.id is not None and session.is_modified(obj, include_collections=False):
            pending["threads"].add(obj.id)
    for obj in session.new:
        if isinstance(obj, Post) and obj.author_id is not None and obj.is_deleted:
            pending["users"].add(obj.author_id)


def _recount_before_commit(session) -> None:
    pending = session.info.get(PENDING)
    if not pending or not (pending["users"] or pending["threads"] or pending["added"]):
        return
    session.flush()  # the last changes are noted too
    pending = session.info.pop(PENDING)
    users = set(pending["users"])
    if pending["threads"]:
        # Solved, deleted, restored or moved: every author of the thread is counted again
        # (a new post there included).
        users |= set(session.scalars(select(Post.author_id).where(Post.thread_id.in_(pending["threads"])).distinct()))
    added = {user_id: counts for user_id, counts in pending["added"].items() if user_id not in users}
    if added:
        add_posts(session, added)
    if users:
        recount(session, users)
    session.info.pop(PENDING, None)  # the recount's own flush noted nothing worth keeping


def _forget(session, *args) -> None:
    session.info.pop(PENDING, None)


def init_app(app: Flask) -> None:
    keep_at_commit(_note_changes, _recount_before_commit, _forget)

