"""What the mail and digest tests start from: members who can receive mail, and notifications
made directly (the fan-out handlers that make them in the forum are tested on their own)."""

from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.jobs import enqueue
from forum.notifications.models import Notification


def reachable(user, locale=None):
    """`user` with a verified address (and a language): mail goes only to those."""
    with transaction():
        user = db.session.merge(user)
        user.email_verified_at = utcnow()
        user.locale = locale
    return user


def notify(user, kind, thread=None, post=None, actor=None, mail=True, **fields):
    """A notification for `user`, and (like the fan-out handlers) its mail job."""
    with transaction():
        notification = Notification(user_id=user.id, kind=kind, thread_id=thread.id if thread else None,
                                    post_id=post.id if post else None, actor_id=actor.id if actor else None,
                                    **fields)
        db.session.add(notification)
        db.session.flush()
        if mail:
            enqueue("notifications.mail", notification_id=notification.id, post_id=post.id if post else None)
    return notification


# The jobs of a notification's mail: tests that make notifications directly run only these, so
# that the fan-out of the thread events they also cause (replies, new threads) adds none.
MAIL_JOBS = ["notifications.mail", "mail.send"]
