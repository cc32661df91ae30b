"""Jinja filters and URL helpers shared by every template."""

from urllib.parse import urlsplit

from flask import request, url_for
from flask_babel import format_date, format_datetime, format_timedelta, get_locale, gettext
from flask_babel.speaklater import LazyString
from markupsafe import escape

from forum.dbtypes import utcnow


def ago(when) -> str:
    """'il y a 3 heures': relative, in the user's language."""
    if when is None:
        return ""
    delta = when - utcnow()
    if abs(delta.total_seconds()) < 60:
        return gettext("just now")
    return format_timedelta(delta, add_direction=True, granularity="minute", threshold=0.9)


def full_date(when) -> str:
    return format_datetime(when, "d MMMM yyyy HH:mm") if when is not None else ""


def day(when) -> str:
    return format_date(when, "d MMMM yyyy") if when is not None else ""


def thread_url(thread, **kwargs) -> str:
    return url_for("threads.show", slug=thread.slug, thread_id=thread.id, **kwargs)


def post_url(thread, number: int, _external: bool = False) -> str:
    """The stable address of post #number: /t/<slug>/<id>/<n> redirects to its page and anchor."""
    return url_for("threads.post_link", slug=thread.slug, thread_id=thread.id, number=number, _external=_external)


def page_url(page: int) -> str:
    """This page's URL with another ?page=, keeping the other query arguments."""
    args = request.args.to_dict()
    args["page"] = page
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default` (no open redirect).

    Control characters are refused outright: CR/LF cannot go in a header, and browsers drop
    tabs and read a backslash as a slash, so "/\\evil.example" would leave the site.
    """
    target = target or ""
    parts = urlsplit(target)
    if (target.startswith("/") and not target.startswith("//") and not parts.netloc and not parts.scheme
            and target.isprintable() and "\\" not in target):
        return target
    return default


def _escaped_lazy_text(self):
    return escape(str(self))


def init_app(app) -> None:
    # Flask-Babel's lazy strings claim to be HTML (__html__ returns the text as it is), so a lazy
    # message formatted with what someone typed ("Unknown order “<img onerror=...>”") reached the
    # page unescaped. None of ours holds markup: they are escaped like any other text.
    LazyString.__html__ = _escaped_lazy_text
    app.jinja_env.filters.update(ago=ago, full_date=full_date, day=day)
    app.jinja_env.globals.update(
        thread_url=thread_url, post_url=post_url, page_url=page_url, get_locale=get_locale
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
