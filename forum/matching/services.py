"""Questions meet experts: which experts could answer a thread, inviting them, and the threads
an expert could answer ("questions for you")."""

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, and_, case, cast, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from forum import permissions
from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.jobs import enqueue
from forum.pagecache import kept_until_write
from forum.people.models import User, UserKind, user_skills
from forum.routing import clamp_page
from forum.tags.models import Tag
from forum.threads.models import SOLVABLE_KINDS, Need, Post, Thread, ThreadKind, thread_tags
from forum.threads.needs import ACTIVE_STATUSES
from forum.threads.services import visible_to

from .models import ExpertStats, Invitation

# -- shared filters -------------------------------------------------------------------------

def active_experts():
    """SQL condition: members of kind expert who are not suspended."""
    return and_(
        User.kind == UserKind.EXPERT,
        or_(User.suspended_until.is_(None), User.suspended_until <= utcnow()),
    )


def is_active_expert(user) -> bool:
    return user is not None and user.kind == UserKind.EXPERT and not user.is_suspended


def shows_field(name: str):
    """SQL condition: the expert made profile field `name` public (see User.shows)."""
    return User.public_fields.contains(f",{name},", autoescape=True)


def solution_counts(tag_ids=None):
    """Subquery (author_id, solutions): live threads whose solution is a live post by the author,
    only threads carrying one of `tag_ids` when given. One pass over the solved threads."""
    query = (
        select(Post.author_id.label("author_id"), func.count(Thread.id).label("solutions"))
        .select_from(Thread)
        .join(Post, Post.id == Thread.solution_post_id)
        .where(Thread.is_deleted.is_(False), Post.is_deleted.is_(False))
        .group_by(Post.author_id)
    )
    if tag_ids is not None:
        query = query.where(Thread.id.in_(select(thread_tags.c.thread_id).where(thread_tags.c.tag_id.in_(tag_ids))))
    return query.subquery()


# -- experts who could help -------------------------------------------------------------------

@dataclass(frozen=True)
class ExpertRef:
    """What the panel shows of an expert: plain values, so that suggestions can be kept in the
    page cache (pagecache.kept_until_write) for every viewer of the thread."""

    id: int
    username: str
    display_name: str


@dataclass
class Suggestion:
    expert: ExpertRef
    skills: list[Tag]  # the expert's skills that are tags of the thread
    solutions: int  # threads with one of those tags that the expert's reply solved
    last_post_at: datetime | None


def suggest_experts(thread: Thread, limit: int = 5) -> list[Suggestion]:
    """Experts whose skills overlap the thread's tags, best first. One query whatever the data.

    Candidates are active experts (kind expert, not suspended) other than the thread's author who
    made their skills public: matching only uses what the expert chose to show, so the panel
    never reveals a private skill, even indirectly. They are ranked by
      1. the number of the thread's tags among their skills,
      2. their past solutions on those tags (their replies marked as the solution of a live
         thread carrying one of the tags),
      3. recent activity (their latest live post; those who never posted come last),
      4. display name (case-insensitive), then id, so the order is stable.
    """
    tags = {tag.id: tag for tag in thread.tags}
    if not tags or limit < 1:
        return []
    overlap = (
        select(user_skills.c.user_id.label("user_id"), func.count().label("overlap"),
               # which of the thread's tags, as "3,17": the panel's labels without a second query
               func.aggregate_strings(cast(user_skills.c.tag_id, String), ",").label("tag_ids"))
        .where(user_skills.c.tag_id.in_(list(tags)))
        .group_by(user_skills.c.user_id)
        .subquery()
    )
    solved = solution_counts(list(tags))
    solutions = func.coalesce(solved.c.solutions, 0).label("solutions")
    last_post_at = ExpertStats.last_post_at.label("last_post_at")
    rows = db.session.execute(
        select(User.id, User.username, User.display_name, solutions, last_post_at, overlap.c.tag_ids)
        .join(overlap, overlap.c.user_id == User.id)
        .outerjoin(solved, solved.c.author_id == User.id)
        .outerjoin(ExpertStats, ExpertStats.user_id == User.id)
        .where(active_experts(), shows_field("skills"), User.id != thread.author_id)
        .order_by(
            overlap.c.overlap.desc(), solutions.desc(), last_post_at.is_(None), last_post_at.desc(),
            func.lower(User.display_name), User.id,
        )
        .limit(limit)
    ).all()
    order = {tag_id: n for n, tag_id in enumerate(tags)}  # the thread's tag order (by name)
    return [
        Suggestion(ExpertRef(user_id, username, display_name),
                   sorted((tags[int(t)] for t in tag_ids.split(",")), key=lambda t: order[t.id]), count, last)
        for user_id, username, display_name, count, last, tag_ids in rows
    ]


def _kept_suggestions(thread: Thread, limit: int) -> list[Suggestion]:
    """suggest_experts(), the same for every viewer: kept until the next write. The thread's
    tags are kept as ids and taken back from the thread (loaded with it)."""
    kept = kept_until_write(f"experts:{thread.id}:{limit}", lambda: [
        (s.expert, [tag.id for tag in s.skills], s.solutions, s.last_post_at) for s in suggest_experts(thread, limit)])
    tags = {tag.id: tag for tag in thread.tags}
    return [Suggestion(expert, [tags[tag_id] for tag_id in tag_ids], solutions, last)
            for expert, tag_ids, solutions, last in kept]


@dataclass
class ExpertsPanel:
    """What the "Experts who could help" panel of a thread page shows to one viewer."""

    suggestions: list[Suggestion]
    can_invite: bool = False
    invitations: list[Invitation] = field(default_factory=list)

    @property
    def invited_ids(self) -> set[int]:
        return {invitation.expert_id for invitation in self.invitations}


def experts_panel(viewer, thread: Thread, limit: int = 5) -> ExpertsPanel | None:
    """The panel for a question or need (None for other kinds and deleted threads).

    Invitations are listed to those who may invite (the author and moderators) only. At most
    two queries, whatever the number of experts and invitations.
    """
    if thread is None or thread.is_deleted or not thread.is_solvable:
        return None
    panel = ExpertsPanel(_kept_suggestions(thread, limit))
    if permissions.can_invite_experts(viewer, thread):
        panel.can_invite = True
        panel.invitations = thread_invitations(thread)
    return panel


# -- invitations ------------------------------------------------------------------------------

def thread_invitations(thread: Thread) -> list[Invitation]:
    """A thread's invitations, oldest first, with the expert and who invited (one query)."""
    return list(db.session.scalars(
        select(Invitation)
        .where(Invitation.thread_id == thread.id)
        .options(joinedload(Invitation.expert), joinedload(Invitation.invited_by))
        .order_by(Invitation.created_at, Invitation.id)
    ))


def invite_expert(actor, thread: Thread, expert: User) -> tuple[Invitation, bool]:
    """Invite `expert` to answer `thread`. Returns (the invitation, whether it is new).

    Only the thread's author and moderators may invite (permissions.can_invite_experts), else
    NotAllowed. The invitee must be an active expert other than the author and the actor
    (InvalidInput on field "expert"). Inviting the same expert twice is not an error: the
    existing invitation comes back with False, also when two requests race.
    """
    if not permissions.can_invite_experts(actor, thread):
        raise NotAllowed
    if not is_active_expert(expert):
        raise InvalidInput("expert", _l("Only experts can be invited."))
    if expert.id == thread.author_id:
        raise InvalidInput("expert", _l("The author of the thread cannot be invited to it."))
    if expert.id == actor.id:
        raise InvalidInput("expert", _l("You cannot invite yourself."))
    existing = _invitation(thread, expert)
    if existing is not None:
        return existing, False
    invitation = Invitation(thread_id=thread.id, expert_id=expert.id, invited_by_id=actor.id, created_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(invitation)
    except IntegrityError:  # the same invitation, sent at the same moment by someone else
        return _invitation(thread, expert), False
    enqueue("matching.expert_invited", invitation_id=invitation.id, thread_id=thread.id, expert_id=expert.id,
            actor_id=actor.id)
    return invitation, True


def _invitation(thread: Thread, expert: User) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).where(Invitation.thread_id == thread.id, Invitation.expert_id == expert.id)
    )


# -- questions for you ------------------------------------------------------------------------

def _thread_details():
    """Loader options for what a list row shows of a thread: board, tags, need, author."""
    return (joinedload(Thread.board), joinedload(Thread.need), selectinload(Thread.tags), joinedload(Thread.author))


def invitations_for(expert: User, viewer=None, limit: int = 50) -> list[Invitation]:
    """The threads `expert` was invited to, newest invitation first, that the viewer may see."""
    viewer = viewer if viewer is not None else expert
    query = (
        select(Invitation)
        .join(Thread, Thread.id == Invitation.thread_id)
        .where(Invitation.expert_id == expert.id)
        .options(joinedload(Invitation.invited_by), joinedload(Invitation.thread).options(*_thread_details()))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(visible_to(query, viewer)))


def questions_for(expert: User, page: int = 1):
    """Open questions and needs tagged with one of the expert's skills, as a pagination.

    Open means: not locked, no solution, and for needs a status still open or in discussion.
    Threads by the expert and threads they were invited to (listed apart) are left out.
    Unanswered threads come first, then the most recently active. The expert's own skills are
    used whether or not they are public: this page is shown to them only.
    """
    skill_ids = select(user_skills.c.tag_id).where(user_skills.c.user_id == expert.id)
    closed_needs = select(Need.thread_id).where(Need.status.not_in(list(ACTIVE_STATUSES)))
    query = visible_to(select(Thread), expert).where(
        Thread.kind.in_(list(SOLVABLE_KINDS)),
        Thread.is_locked.is_(False),
        Thread.solution_post_id.is_(None),
        Thread.author_id != expert.id,
        Thread.id.in_(select(thread_tags.c.thread_id).where(thread_tags.c.tag_id.in_(skill_ids))),
        Thread.id.not_in(select(Invitation.thread_id).where(Invitation.expert_id == expert.id)),
        or_(Thread.kind != ThreadKind.NEED, Thread.id.not_in(closed_needs)),
    )
    query = query.options(*_thread_details()).order_by(
        case((Thread.reply_count == 0, 0), else_=1), Thread.last_activity_at.desc(), Thread.id.desc()
    )
    return db.paginate(
        query, page=clamp_page(page), per_page=current_app.config["THREADS_PER_PAGE"], error_out=False
    )
