"""Domain exceptions and the app-wide error pages (in the user's language)."""

from flask import render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException


class NotAllowed(Exception):
    """The user may not do this; shown as a 403 page."""


class InvalidInput(ValueError):
    """A rule about the input was broken; `field` names the form field to attach it to.

    `message` is a lazy_gettext string, so it is translated where it is shown.
    """

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _page(status: int, title: str, message: str):
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app) -> None:
    messages = {
        400: (lambda: _("Bad request"), lambda: _("The request could not be understood. Please go back and try again.")),
        403: (lambda: _("Not allowed"), lambda: _("You are not allowed to do this.")),
        404: (lambda: _("Page not found"), lambda: _("This page does not exist or is no longer available.")),
        405: (lambda: _("Not allowed"), lambda: _("This action is not available here.")),
        413: (lambda: _("Too large"), lambda: _("What you sent is too large.")),
        429: (lambda: _("Too many requests"), lambda: _("You are going too fast. Please wait a minute and try again.")),
        500: (lambda: _("Server error"), lambda: _("Something went wrong on our side. Please try again later.")),
    }

    @app.errorhandler(HTTPException)
    def http_error(error):
        title, message = messages.get(error.code, messages[400])
        if error.code == 400 and "CSRF" in (error.description or ""):
            return _page(400, _("Form expired"), _("The form has expired or is invalid. Please reload the page and try again."))
        return _page(error.code, title(), message())

    @app.errorhandler(429)
    def too_many_requests(error):
        """Keep what the person wrote: the page offers it back in a form to send again later."""
        kept = [(k, v) for k, values in request.form.lists() for v in values
                if k not in ("csrf_token", "body", "preview")]
        return render_template(
            "errors/rate_limited.html", title=_("Too many requests"),
            message=_("You are going too fast. Please wait a minute and try again."),
            body=request.form.get("body"), kept=kept,
        ), 429

    @app.errorhandler(NotAllowed)
    def not_allowed(error):
        return _page(403, *(f() for f in messages[403]))
