"""Where what is asked and who could answer do not meet: tags asked for that no expert shows as a
skill, open needs no such expert could take, experts whose skills nobody asked for, and communes
with no official active lately. Each list is one statement (two for a page of needs)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from forum.communes.models import Commune
from forum.extensions import db
from forum.matching.services import active_experts, shows_field
from forum.people.models import User, UserKind, user_skills
from forum.tags.models import Tag
from forum.text import fold
from forum.threads.models import Need, Thread, ThreadKind, thread_tags
from forum.threads.needs import ACTIVE_STATUSES

from ..filters import ImpactFilters
from .scope import filtered, in_place, not_suspended

ACTIVE = [str(status) for status in ACTIVE_STATUSES]


def public_skill_tags():
    """The tags some active expert shows as a skill on their public profile."""
    return (select(user_skills.c.tag_id).join(User, User.id == user_skills.c.user_id)
            .where(active_experts(), shows_field("skills")))


def _still_open():
    """Needs still looking for help, and questions with no solution that are not closed (the
    query outer-joins Need to Thread)."""
    return or_(and_(Thread.kind == ThreadKind.NEED, Need.status.in_(ACTIVE)),
               and_(Thread.kind == ThreadKind.QUESTION, Thread.solution_post_id.is_(None),
                    Thread.is_locked.is_(False)))


def _threads_in(query, filters: ImpactFilters, *, need_joined: bool = False):
    """`query` over Thread, filtered; a thread's commune is its need's, else its author's (joined
    only when a place is filtered: the lists over every thread stay cheap)."""
    if filters.commune_id is None and filters.province is None:
        return filtered(query, filters, None)
    if not need_joined:
        query = query.outerjoin(Need, Need.thread_id == Thread.id)
    author = aliased(User)
    query = query.join(author, author.id == Thread.author_id)
    return filtered(query, filters, func.coalesce(Need.commune_id, author.commune_id))


@dataclass(frozen=True)
class TagGap:
    tag: Tag
    threads: int  # open needs and questions asking for it
    hidden_experts: int  # experts who have the skill but do not show it (or are suspended)


def unmet_tags(filters: ImpactFilters) -> list[TagGap]:
    """Tags on open needs and questions (filtered) that no active expert shows as a skill, the
    most asked first."""
    hidden = (select(func.count()).select_from(user_skills).join(User, User.id == user_skills.c.user_id)
              .where(user_skills.c.tag_id == Tag.id, User.kind == UserKind.EXPERT).scalar_subquery())
    asking = func.count(func.distinct(Thread.id))
    query = _threads_in(
        select(Tag, asking, hidden).select_from(Thread).join(thread_tags, thread_tags.c.thread_id == Thread.id)
        .join(Tag, Tag.id == thread_tags.c.tag_id).outerjoin(Need, Need.thread_id == Thread.id),
        filters, need_joined=True,
    ).where(_still_open(), Tag.id.not_in(public_skill_tags()))
    rows = db.session.execute(query.group_by(Tag.id).order_by(asking.desc(), Tag.name))
    return [TagGap(tag, threads, hidden_experts) for tag, threads, hidden_experts in rows]


def unmet_needs(filters: ImpactFilters):
    """The query of open needs (filtered) none of whose tags an active expert shows as a skill,
    untagged ones included; oldest first, board, commune and tags loaded."""
    met = exists(select(thread_tags.c.tag_id).where(thread_tags.c.thread_id == Thread.id,
                                                    thread_tags.c.tag_id.in_(public_skill_tags())))
    return (
        filtered(select(Thread).join(Need, Need.thread_id == Thread.id), filters, Need.commune_id)
        .where(Thread.kind == ThreadKind.NEED, Need.status.in_(ACTIVE), ~met)
        .options(contains_eager(Thread.need).joinedload(Need.commune), joinedload(Thread.board),
                 selectinload(Thread.tags))
        .order_by(Thread.created_at, Thread.id)
    )


@dataclass
class IdleExpert:
    expert: User
    unasked: list[Tag] = field(default_factory=list)  # skills no thread (filtered) carries
    asked: int = 0  # how many of the expert's skills some thread asked for


def idle_experts(filters: ImpactFilters) -> list[IdleExpert]:
    """Experts (public skills or not: the staff see them all) with skills no live thread
    (filtered) carries; first those none of whose skills was asked for, then by name."""
    asked_tags = _threads_in(select(thread_tags.c.tag_id).select_from(Thread)
                             .join(thread_tags, thread_tags.c.thread_id == Thread.id), filters)
    query = (select(User, Tag, Tag.id.in_(asked_tags)).select_from(user_skills)
             .join(User, User.id == user_skills.c.user_id).join(Tag, Tag.id == user_skills.c.tag_id)
             .where(User.kind == UserKind.EXPERT).order_by(User.id, Tag.name))
    experts: dict[int, IdleExpert] = {}
    for user, tag, asked in db.session.execute(query):
        entry = experts.setdefault(user.id, IdleExpert(user))
        if asked:
            entry.asked += 1
        else:
            entry.unasked.append(tag)
    idle = [entry for entry in experts.values() if entry.unasked]
    return sorted(idle, key=lambda e: (e.asked > 0, fold(e.expert.display_name), e.expert.id))


@dataclass(frozen=True)
class QuietCommune:
    commune: Commune
    officials: int  # commune officials of the commune, active or not
    last_seen_at: datetime | None  # the last time one of them was seen


def quiet_communes(filters: ImpactFilters, now: datetime, days: int) -> list[QuietCommune]:
    """Communes of the list (in the province or the commune filtered) with no commune official
    seen in the last `days` days who is not suspended, by province and name."""
    official = and_(User.kind == UserKind.COMMUNE, User.commune_id == Commune.id)
    active = exists(select(User.id).where(official, User.last_seen_at >= now - timedelta(days=days),
                                          not_suspended(now)))
    officials = select(func.count(User.id)).where(official).scalar_subquery()
    last_seen = select(func.max(User.last_seen_at)).where(official).scalar_subquery()
    query = in_place(select(Commune, officials, last_seen).where(~active), filters, Commune.id)
    rows = [QuietCommune(*row) for row in db.session.execute(query)]
    return sorted(rows, key=lambda q: (fold(q.commune.province), fold(q.commune.name)))
