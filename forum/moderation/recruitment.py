"""How expert recruitment goes: a read service for the invitations page and the coordinator's
dashboard (it reads auth's invitations and threads' posts, hence this layer)."""

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from forum.auth.models import ExpertInvitation
from forum.extensions import db
from forum.threads.models import SOLVABLE_KINDS, Post, Thread


@dataclass(frozen=True)
class RecruitmentCounts:
    invited: int  # addresses invited at least once
    joined: int  # of them, registered
    answered: int  # of those members, answered at least one question or need


def recruitment_counts() -> RecruitmentCounts:
    """The three counts in one query. "Answered" is a live reply (not the opening post) in a
    live question or need thread."""
    joined_users = select(ExpertInvitation.user_id).where(ExpertInvitation.user_id.is_not(None))
    answered = (select(func.count(distinct(Post.author_id))).join(Thread, Thread.id == Post.thread_id)
                .where(Post.author_id.in_(joined_users), Post.number > 1, Post.is_deleted.is_(False),
                       Thread.is_deleted.is_(False), Thread.kind.in_([str(k) for k in SOLVABLE_KINDS])))
    row = db.session.execute(select(
        select(func.count(distinct(ExpertInvitation.email))).scalar_subquery(),
        select(func.count(distinct(ExpertInvitation.user_id))).scalar_subquery(),
        answered.scalar_subquery(),
    )).one()
    return RecruitmentCounts(*row)
