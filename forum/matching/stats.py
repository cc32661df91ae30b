"""Expert statistics kept on rows (models.ExpertStats): answers, solutions, latest post.

Counting them at each request made /experts linear in the forum's size. A Session listener
notes, at each flush, the authors of the posts written and the threads changed (deleted,
restored, solved); just before the commit their rows are recounted from the posts, in the
same transaction, so the figures are exact the moment the change is visible. A recount is a
few indexed counts per member, whatever the forum's size. Rows written with SQL alone (the
benchmark generator) are recounted with `recount_all`.
"""

from flask import Flask
from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.orm import Session

from forum.threads.models import Post, Thread

from .models import ExpertStats

PENDING = "expert_stats_pending"  # session.info: {"users": set of ids, "threads": set of ids}


def _counts(user_ids=None):
    """SELECT (user_id, answers, solutions, last_post_at) for `user_ids` (None: everyone who posted)."""
    live = Post.is_deleted.is_(False)
    answers = (select(Post.author_id.label("user_id"), func.count().label("answers"))
               .join(Thread, Thread.id == Post.thread_id)
               .where(live, Post.number > 1, Thread.is_deleted.is_(False)).group_by(Post.author_id))
    solutions = (select(Post.author_id.label("user_id"), func.count().label("solutions"))
                 .select_from(Thread).join(Post, Post.id == Thread.solution_post_id)
                 .where(live, Thread.is_deleted.is_(False)).group_by(Post.author_id))
    latest = select(Post.author_id.label("user_id"), func.max(Post.created_at).label("last_post_at")) \
        .where(live).group_by(Post.author_id)
    if user_ids is not None:
        answers, solutions, latest = (q.where(Post.author_id.in_(user_ids)) for q in (answers, solutions, latest))
    answers, solutions, latest = answers.subquery(), solutions.subquery(), latest.subquery()
    authors = select(Post.author_id.label("user_id")).distinct()
    if user_ids is not None:
        authors = authors.where(Post.author_id.in_(user_ids))
    authors = authors.subquery()
    return (select(authors.c.user_id, func.coalesce(answers.c.answers, 0), func.coalesce(solutions.c.solutions, 0),
                   latest.c.last_post_at)
            .outerjoin(answers, answers.c.user_id == authors.c.user_id)
            .outerjoin(solutions, solutions.c.user_id == authors.c.user_id)
            .outerjoin(latest, latest.c.user_id == authors.c.user_id))


def recount(session, user_ids) -> None:
    """Rewrite these members' rows from their posts (flushes nothing; the caller has)."""
    user_ids = sorted(set(user_ids))
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start:start + 500]
        session.execute(delete(ExpertStats).where(ExpertStats.user_id.in_(chunk)))
        session.execute(insert(ExpertStats).from_select(
            ["user_id", "answers", "solutions", "last_post_at"], _counts(chunk)))


def recount_all(session) -> None:
    session.execute(delete(ExpertStats))
    session.execute(insert(ExpertStats).from_select(["user_id", "answers", "solutions", "last_post_at"], _counts()))


def _note_changes(session, flush_context) -> None:
    pending = session.info.setdefault(PENDING, {"users": set(), "threads": set()})
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Post) and obj.author_id is not None:
            pending["users"].add(obj.author_id)
        elif isinstance(obj, Thread) and obj.id is not None and session.is_modified(obj, include_collections=False):
            pending["threads"].add(obj.id)


def _recount_before_commit(session) -> None:
    pending = session.info.get(PENDING)
    if not pending or not (pending["users"] or pending["threads"]):
        return
    session.flush()  # the last changes are noted too
    pending = session.info.pop(PENDING)
    users = set(pending["users"])
    if pending["threads"]:
        users |= set(session.scalars(select(Post.author_id).where(Post.thread_id.in_(pending["threads"])).distinct()))
    recount(session, users)
    session.info.pop(PENDING, None)  # the recount's own flush noted nothing worth keeping


def _forget(session, *args) -> None:
    session.info.pop(PENDING, None)


def init_app(app: Flask) -> None:
    if not event.contains(Session, "after_flush", _note_changes):
        event.listen(Session, "after_flush", _note_changes)
        event.listen(Session, "before_commit", _recount_before_commit)
        event.listen(Session, "after_rollback", _forget)

