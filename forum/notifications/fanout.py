"""Who hears of an event, and as what: the decisions behind each notification.

For a new post, each member gets at most ONE notification, the first that applies of:
mentioned > quoted (their post is replied to) > a reply in their thread > a new post in a
thread they watch > a new thread in a board or tag they watch > a new question or need on
one of their skills. Never the author of the post, never someone who may not see the
thread; a muted thread, board or tag silences everything (mentions too), and tracking
keeps only what is addressed to the member (mention, quote, reply in their thread).
"""

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from forum import permissions
from forum.extensions import db
from forum.people.models import User, UserKind, user_skills
from forum.threads.mentions import quoted_numbers
from forum.threads.models import SOLVABLE_KINDS, Post, Thread

from . import watching
from .models import NotificationKind, Watch, WatchLevel
from .services import deliver

K = NotificationKind
_ADDRESSED = (K.MENTIONED, K.QUOTED, K.REPLIED)  # what tracking still lets through
_FIRST_POST_LEVELS = (WatchLevel.WATCHING, WatchLevel.WATCHING_FIRST_POST)


class Levels:
    """Each member's levels on one thread and on its board and tags, read in one query."""

    def __init__(self, thread: Thread):
        tag_ids = [tag.id for tag in thread.tags]
        rows = db.session.execute(select(Watch.user_id, Watch.thread_id, Watch.level).where(or_(
            Watch.thread_id == thread.id, Watch.board_id == thread.board_id,
            Watch.tag_id.in_(tag_ids) if tag_ids else False)))
        self.thread: dict[int, WatchLevel] = {}
        self.around: dict[int, set[WatchLevel]] = {}  # board and tags
        for user_id, thread_id, level in rows:
            if thread_id is not None:
                self.thread[user_id] = WatchLevel(level)
            else:
                self.around.setdefault(user_id, set()).add(WatchLevel(level))

    def users(self) -> set[int]:
        return set(self.thread) | set(self.around)

    def effective(self, user_id: int) -> WatchLevel:
        """The thread's own level when the member chose one; else muted if its board or a
        tag is, watching if one is watched (every post), tracking if one is tracked."""
        if user_id in self.thread:
            return self.thread[user_id]
        around = self.around.get(user_id, set())
        for level in (WatchLevel.MUTED, WatchLevel.WATCHING, WatchLevel.TRACKING):
            if level in around:
                return level
        return WatchLevel.NORMAL

    def watches_new_threads(self, user_id: int) -> bool:
        return bool(self.around.get(user_id, set()) & set(_FIRST_POST_LEVELS))


def _who_may_see(thread: Thread, user_ids) -> set[int]:
    """The members among `user_ids` who may see `thread` (no query when everybody may)."""
    user_ids = set(user_ids)
    if not user_ids or permissions.can_view_thread(None, thread):
        return user_ids
    users = db.session.scalars(select(User).where(User.id.in_(user_ids)))
    return {user.id for user in users if permissions.can_view_thread(user, thread)}


def _load_post(post_id: int) -> Post | None:
    return db.session.scalar(select(Post).where(Post.id == post_id).options(
        joinedload(Post.thread).joinedload(Thread.board), joinedload(Post.thread).selectinload(Thread.tags)))


def _skilled_experts(thread: Thread) -> set[int]:
    """Experts with one of the thread's tags among their skills."""
    tag_ids = [tag.id for tag in thread.tags]
    if not tag_ids:
        return set()
    return set(db.session.scalars(select(user_skills.c.user_id).join(User, User.id == user_skills.c.user_id).where(
        user_skills.c.tag_id.in_(tag_ids), User.kind == UserKind.EXPERT).distinct()))


def post_created(post_id: int, mentioned=(), mail: bool = True) -> dict[int, int]:
    """Notify about a new post (a thread's first post or a reply), and give its author their
    default level on the thread: watching a thread they open, tracking one they reply to.
    {user id: notification id} of those notified."""
    post = _load_post(post_id)
    if post is None or post.is_deleted or post.thread.is_deleted:
        return {}
    thread, actor = post.thread, post.author_id
    first = post.number == 1
    levels = Levels(thread)
    quoted = set()
    numbers = quoted_numbers(post.body_html, thread.id) - {post.number}
    if numbers:
        quoted = set(db.session.scalars(select(Post.author_id).where(
            Post.thread_id == thread.id, Post.number.in_(numbers), Post.is_deleted.is_(False))))
    skilled = _skilled_experts(thread) if first and thread.kind in SOLVABLE_KINDS else set()
    candidates = set(mentioned) | quoted | levels.users() | skilled | ({thread.author_id} if not first else set())
    kinds: dict[int, NotificationKind] = {}
    for user_id in _who_may_see(thread, candidates - {actor}):
        level = levels.effective(user_id)
        if level == WatchLevel.MUTED:
            continue
        options = [
            (user_id in mentioned, K.MENTIONED),
            (user_id in quoted, K.QUOTED),
            (not first and user_id == thread.author_id, K.REPLIED),
            (not first and level == WatchLevel.WATCHING, K.WATCHED_POST),
            (first and levels.watches_new_threads(user_id), K.NEW_THREAD),
            (user_id in skilled, K.SKILL_MATCH),
        ]
        kind = next((kind for applies, kind in options if applies), None)
        if kind is None or (level == WatchLevel.TRACKING and kind not in _ADDRESSED):
            continue
        kinds[user_id] = kind
    # The writes last: on SQLite the transaction holds the one write lock from its first
    # write to its commit, and the reads above need none (the actor is never a candidate).
    notified = deliver(kinds, thread_id=thread.id, post_id=post.id, actor_id=actor, mail=mail)
    watching.watch_by_default(actor, thread.id, WatchLevel.WATCHING if first else WatchLevel.TRACKING, post.number)
    watching.mark_seen(actor, thread.id, post.number)
    return notified


def _unless_muted(thread: Thread, user_ids, actor_id: int | None) -> set[int]:
    """`user_ids` but the actor, those who muted the thread, and those who may not see it."""
    levels = Levels(thread)
    return {user_id for user_id in _who_may_see(thread, set(user_ids) - {actor_id})
            if levels.effective(user_id) != WatchLevel.MUTED}


def solution_marked(post_id: int, actor_id: int, mail: bool = True) -> dict[int, int]:
    """The author of the answer marked as the solution hears of it."""
    post = _load_post(post_id)
    if post is None or post.is_deleted or post.thread.solution_post_id != post.id:
        return {}  # unmarked or changed again before this ran: nothing to tell
    users = _unless_muted(post.thread, {post.author_id}, actor_id)
    return deliver(dict.fromkeys(users, K.SOLVED), thread_id=post.thread_id, post_id=post.id, actor_id=actor_id,
                   mail=mail)


def need_status_changed(thread_id: int, actor_id: int, old: str, new: str, mail: bool = True) -> dict[int, int]:
    """Those who watch or track the need, and its author, hear that its status changed."""
    thread = db.session.get(Thread, thread_id, options=[joinedload(Thread.board), selectinload(Thread.tags)])
    if thread is None:
        return {}
    followers = set(db.session.scalars(select(Watch.user_id).where(
        Watch.thread_id == thread.id, Watch.level.in_([str(level) for level in watching.COUNTED_LEVELS]))))
    users = _unless_muted(thread, followers | {thread.author_id}, actor_id)
    return deliver(dict.fromkeys(users, K.NEED_STATUS), thread_id=thread.id, actor_id=actor_id,
                   data={"old": old, "new": new}, mail=mail)


def expert_invited(invitation_id: int, thread_id: int, expert_id: int, actor_id: int,
                   mail: bool = True) -> dict[int, int]:
    """The invited expert hears of it and watches the thread (unless they chose a level).
    The payload says who and where: notifications do not read matching's tables."""
    thread = db.session.get(Thread, thread_id, options=[joinedload(Thread.board), selectinload(Thread.tags)])
    if thread is None:
        return {}
    watching.watch_by_default(expert_id, thread.id, WatchLevel.WATCHING)
    users = _unless_muted(thread, {expert_id}, actor_id)
    return deliver(dict.fromkeys(users, K.INVITED), thread_id=thread.id, actor_id=actor_id,
                   data={"invitation_id": invitation_id}, mail=mail)


# The jobs upstream packages enqueue, and what each becomes (notifications.handlers).
EVENTS = {
    "threads.post_created": post_created,
    "threads.solution_marked": solution_marked,
    "threads.need_status_changed": need_status_changed,
    "matching.expert_invited": expert_invited,
}
