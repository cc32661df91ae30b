"""Reaching people: in-app notifications, watching, e-mail, digests and reply by e-mail."""

from flask import Flask, has_request_context, request
from flask_login import current_user


def unread_for_bell() -> int | None:
    """The bell's number for the logged-in member (None for visitors): at most one query per
    request (kept on the request), and only for a page that is rendered."""
    if not has_request_context() or not current_user.is_authenticated:
        return None
    if not hasattr(request, "unread_notifications"):
        from .services import unread_count

        request.unread_notifications = unread_count(current_user)
    return request.unread_notifications


def init_app(app: Flask) -> None:
    from . import handlers, models  # noqa: F401  (the tables; the job handlers, in every process)

    @app.context_processor
    def bell():
        # The header of every page shows it: the one query a context processor runs.
        return {"unread_notifications": unread_for_bell()}
