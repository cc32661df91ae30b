"""The bell in the header: the unread count, read once per request before the view runs
(no template queries), and kept right when the page itself reads notifications."""

from flask import g, request
from flask_login import current_user

from . import services, watching


def load() -> None:
    """Before each request but static files: g.unread_notifications (None for visitors)."""
    g.unread_notifications = None
    if request.endpoint != "static" and current_user.is_authenticated:
        g.unread_notifications = services.unread_count(current_user)


def thread_opened(user, thread, seen: int):
    """`user` opens `thread` on a page showing posts up to #seen: its notifications are read,
    what they have seen moves forward (a write only when there is news), the bell follows.
    Their level on the thread."""
    read = services.mark_thread_read(user, thread)
    if read and g.get("unread_notifications"):
        g.unread_notifications = max(g.unread_notifications - read, 0)
    return watching.visit_thread(user, thread, seen)
