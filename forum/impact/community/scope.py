"""Which threads and communes the dashboard filters keep (period, PCD axis, province, commune),
and the conditions on threads that the funnel and the gaps share."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import exists, func, or_, select

from forum.communes.models import Commune
from forum.people.models import User, UserKind
from forum.threads.models import Post, Thread

from ..filters import ImpactFilters


def period_bounds(filters: ImpactFilters) -> tuple[datetime, datetime]:
    """[start, end) in UTC: the period's first day at midnight to the day after its last."""
    start = datetime.combine(filters.start, time(), tzinfo=UTC)
    return start, datetime.combine(filters.end, time(), tzinfo=UTC) + timedelta(days=1)


def filtered(query, filters: ImpactFilters, commune_id):
    """`query` (reaching Thread) kept to live threads posted in the period, on the PCD axis, whose
    commune (the column `commune_id`) is the one or in the province filtered."""
    start, end = period_bounds(filters)
    query = query.where(Thread.is_deleted.is_(False), Thread.created_at >= start, Thread.created_at < end)
    if filters.board_id is not None:
        query = query.where(Thread.board_id == filters.board_id)
    return in_place(query, filters, commune_id)


def in_place(query, filters: ImpactFilters, commune_id):
    if filters.commune_id is not None:
        query = query.where(commune_id == filters.commune_id)
    if filters.province is not None:
        query = query.where(commune_id.in_(select(Commune.id).where(Commune.province == filters.province)))
    return query


def _expert_replies(*columns):
    """Live replies (not the opening post) by a migrant expert to the Thread of the outer query."""
    return (select(*columns).join(User, User.id == Post.author_id)
            .where(Post.thread_id == Thread.id, Post.number > 1, Post.is_deleted.is_(False),
                   User.kind == UserKind.EXPERT))


def first_expert_reply_at():
    """When an expert first answered the thread (None: never), a correlated subquery."""
    return _expert_replies(func.min(Post.created_at)).scalar_subquery()


def has_expert_reply():
    return exists(_expert_replies(Post.id))


def not_suspended(now: datetime):
    return or_(User.suspended_until.is_(None), User.suspended_until <= now)

