"""Reaching people: in-app notifications, watching, e-mail, digests and reply by e-mail."""

from flask import Flask, g
from flask_login import current_user


def unread_for_bell() -> int | None:
    """The bell's number for the logged-in member (None for visitors): one query per
    request, and only for a page that shows the header."""
    if not current_user.is_authenticated:
        return None
    if "unread_notifications" not in g:
        from .services import unread_count

        g.unread_notifications = unread_count(current_user)
    return g.unread_notifications


def init_app(app: Flask) -> None:
    from . import handlers, models  # noqa: F401  (the tables; the job handlers, in every process)

    @app.context_processor
    def bell():
        # The header of every page shows it: the one query a context processor runs.
        return {"unread_notifications": unread_for_bell()}
