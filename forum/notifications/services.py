"""In-app notifications: writing them (one per member and event, collapsed when they pile
up in a thread), and reading them for the bell and the notifications page."""

from flask import current_app
from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import selectinload

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.jobs import enqueue_many
from forum.threads.models import Thread
from forum.threads.services import visible_to

from .models import COLLAPSING_KINDS, Notification, NotificationKind
from .preferences import choices_for

MAIL_KIND = "notifications.mail"  # its handler (the e-mail) checks the e-mail preferences

# Kinds about something else than a post (a linking record to follow up): where they lead, as
# {kind: (endpoint, function of the notification's data -> the endpoint's arguments)}. Filled
# by the packages above at init (forum.impact.links.handlers): this one imports none of them.
TARGETS: dict = {}


def target_of(notification) -> tuple[str, dict] | None:
    """(endpoint, arguments) of the page a notification leads to, when it is not its post."""
    found = TARGETS.get(notification.kind)
    return (found[0], found[1](notification.data or {})) if found else None


# -- writing ------------------------------------------------------------------------------

def deliver(kinds: dict[int, NotificationKind], *, thread_id: int, post_id: int | None = None,
            actor_id: int | None = None, data: dict | None = None, mail: bool = True) -> dict[int, int]:
    """One notification per member of `kinds` ({user id: kind}) about one event; {user id:
    notification id} of those notified. Flushes; the caller has already left out the actor
    and whoever may not see the thread or muted it.

    Members who turned a kind off in the forum (Preference.in_app) get nothing. A REPLIED or
    WATCHED_POST for a member who has an unread one of that kind in the thread adds one to
    its count (its post stays the first unread one). Statements: one preference read per
    kind, one read of the unread ones that collapse, one UPDATE, one multi-row INSERT, and
    one "notifications.mail" job per member notified, in one INSERT (`mail=False`: none, for
    the demo's past).
    """
    wanted: dict[int, NotificationKind] = {}
    for kind in set(kinds.values()):
        users = [user_id for user_id, k in kinds.items() if k == kind]
        wanted.update((user_id, kind) for user_id, choice in choices_for(users, kind).items() if choice.in_app)
    if not wanted:
        return {}
    now = utcnow()
    notified: dict[int, int] = {}
    collapsing = [user_id for user_id, kind in wanted.items() if kind in COLLAPSING_KINDS]
    if collapsing:
        rows = db.session.execute(select(Notification.id, Notification.user_id, Notification.kind).where(
            Notification.thread_id == thread_id, Notification.read_at.is_(None),
            Notification.kind.in_([str(k) for k in COLLAPSING_KINDS]), Notification.user_id.in_(collapsing)))
        for notification_id, user_id, kind in rows:
            if wanted[user_id] == kind and user_id not in notified:
                notified[user_id] = notification_id
        if notified:
            db.session.execute(
                update(Notification).where(Notification.id.in_(list(notified.values())))
                .values(count=Notification.count + 1, updated_at=now, actor_id=actor_id),
                execution_options={"synchronize_session": False})
    new = [{"user_id": user_id, "kind": str(kind), "thread_id": thread_id, "post_id": post_id, "actor_id": actor_id,
            "count": 1, "data": data or {}, "created_at": now, "updated_at": now}
           for user_id, kind in wanted.items() if user_id not in notified]
    if new:
        created = db.session.connection().execute(
            insert(Notification.__table__).returning(Notification.id, Notification.user_id), new)
        notified.update((user_id, notification_id) for notification_id, user_id in created)
    if mail:
        enqueue_many(MAIL_KIND, ({"notification_id": notification_id, "post_id": post_id}
                                 for notification_id in notified.values()))
    return notified


# -- reading ------------------------------------------------------------------------------

def visible_notifications(query, user):
    """Notifications of `user` about threads they may still see, or about no thread (a
    linking record's follow-up may have none)."""
    on_visible_thread = visible_to(select(Thread.id).where(Thread.id == Notification.thread_id), user).exists()
    return query.where(Notification.user_id == user.id,
                       or_(Notification.thread_id.is_(None), on_visible_thread))


def unread_count(user) -> int:
    """The number on the bell (one query)."""
    return db.session.scalar(visible_notifications(select(func.count(Notification.id)), user).where(
        Notification.read_at.is_(None)))


def notifications_page(user, page: int):
    """`user`'s notifications, unread first, then the most recent: a pagination with each
    one's thread, post and actor loaded (a fixed number of queries whatever the page holds)."""
    query = visible_notifications(select(Notification), user).options(
        selectinload(Notification.thread), selectinload(Notification.post), selectinload(Notification.actor),
    ).order_by(Notification.read_at.is_not(None), Notification.updated_at.desc(), Notification.id.desc())
    return db.paginate(query, page=page, per_page=current_app.config["NOTIFICATIONS_PER_PAGE"], error_out=False)


def get_notification(user, notification_id: int) -> Notification | None:
    """One of `user`'s notifications about a thread they may see (None otherwise)."""
    return db.session.scalar(visible_notifications(select(Notification), user).where(Notification.id == notification_id))


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user) -> int:
    """Every unread notification of `user` read (one UPDATE); how many were."""
    result = db.session.execute(
        update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()), execution_options={"synchronize_session": False})
    return result.rowcount


def mark_thread_read(user, thread) -> int:
    """`user` opened `thread`: its notifications are read; how many were unread. A read,
    then one UPDATE only when some are unread (most visits write nothing)."""
    unread = list(db.session.scalars(select(Notification.id).where(
        Notification.user_id == user.id, Notification.thread_id == thread.id, Notification.read_at.is_(None),
        Notification.kind.not_in(list(TARGETS)))))  # those lead elsewhere: read when opened
    if unread:
        db.session.execute(update(Notification).where(Notification.id.in_(unread)).values(read_at=utcnow()),
                           execution_options={"synchronize_session": False})
    return len(unread)
