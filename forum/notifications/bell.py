"""The bell in the header: the unread count, read once per request before the view runs
(no template queries), and kept right when the page itself reads notifications."""

from flask import g, has_request_context, request
from flask_login import current_user

from forum import permissions

from . import services, watching

_PENDING = "unread_notifications_pending"


def load() -> None:
    """Before each request but static files: g.unread_notifications (None for visitors).

    A form's POST mostly answers with a redirect, which shows no bell: its count waits for a
    page to be rendered (the form shown again with its errors), see `before_render`."""
    g.unread_notifications = None
    g.pop(_PENDING, None)  # (g outlives a request when a test keeps an app context)
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    if request.method in ("GET", "HEAD"):
        g.unread_notifications = services.unread_count(current_user)
    else:
        g.setdefault(_PENDING, True)


def before_render(sender, template, context, **extra) -> None:
    """Flask's before_render_template signal: the count a POST left for later, before the
    template reads it (templates never query)."""
    if has_request_context() and g.pop(_PENDING, False) and current_user.is_authenticated:
        g.unread_notifications = services.unread_count(current_user)


def thread_opened(user, thread, seen: int):
    """`user` opens `thread` on a page showing posts up to #seen: its notifications are read,
    what they have seen moves forward (a write only when there is news), the bell follows.
    Their level on the thread."""
    read = 0 if _bell_says_none_unread(user, thread) else services.mark_thread_read(user, thread)
    if read and g.get("unread_notifications"):
        g.unread_notifications = max(g.unread_notifications - read, 0)
    return watching.visit_thread(user, thread, seen)


def _bell_says_none_unread(user, thread) -> bool:
    """The bell of this request (load) is `user`'s and at 0, and it counts `thread`: none of the
    thread's notifications is unread, no need to look (most visits). The bell counts every
    thread the member may see in lists: not deleted ones, nor archived boards but for staff."""
    return (g.get("unread_notifications") == 0 and current_user.is_authenticated and current_user.id == user.id
            and not thread.is_deleted
            and (not thread.board.is_archived or permissions.can_see_archived_boards(user)))
