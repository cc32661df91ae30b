"""Jinja filters and URL helpers shared by every template."""

from datetime import UTC
from urllib.parse import urlsplit

from babel import dates
from flask import request, url_for
from flask_babel import format_date, get_locale, get_timezone, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import pass_context
from markupsafe import Markup, escape

from forum.dbtypes import utcnow

FULL_DATE = "d MMMM yyyy HH:mm"


# -- one page's language, looked up once per render ------------------------------------------
#
# Flask-Babel finds the translations, the locale and the time zone through `g` on every call:
# a thread page made some 340 such look-ups (gettext, lazy labels, dates). render_template runs
# the context processor below once per page (inside force_locale too: a mail renders in its
# reader's language), and the page's gettext, ngettext and date filters read what it found.
# Nothing outlives the render: no cache across requests, users or locales.

class PageLanguage:
    """The translations, locale and time zone of one render (each looked up when first used)."""

    __slots__ = ("locale", "_translations", "_tzinfo", "_months")

    def __init__(self):
        self.locale = get_locale()
        self._translations = self._tzinfo = self._months = None

    @property
    def translations(self):
        if self._translations is None:
            self._translations = get_translations()
        return self._translations

    @property
    def tzinfo(self):
        if self._tzinfo is None:
            self._tzinfo = get_timezone()
        return self._tzinfo

    @property
    def months(self):
        """The month names ("janvier"), as Babel's "MMMM" writes them."""
        if self._months is None:
            self._months = self.locale.months["format"]["wide"]
        return self._months


def _language(context) -> PageLanguage:
    """The render's language; a fresh look-up where the render set none (macros imported
    without context, a template rendered outside render_template): no more than a filter
    made before, the locale and, for a full date, the time zone."""
    language = context.get("_page_language")
    return language if isinstance(language, PageLanguage) else PageLanguage()


def _page_gettext(translations):
    """Jinja's newstyle gettext (jinja2.ext) on one set of translations."""
    @pass_context
    def gettext(context, string, **variables):
        rv = translations.ugettext(string)
        if context.eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables  # always a format string, as in jinja2.ext
    return gettext


def _page_ngettext(translations):
    @pass_context
    def ngettext(context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        rv = translations.ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables
    return ngettext


def page_language_context() -> dict:
    language = PageLanguage()
    gettext = _page_gettext(language.translations)
    return {"_page_language": language, "gettext": gettext, "_": gettext,
            "ngettext": _page_ngettext(language.translations)}


# -- dates -----------------------------------------------------------------------------------

# Babel's wording of a relative time depends only on the unit it picks, the rounded number,
# past or future and the language: kept per (language, unit, number, direction) for everyone.
# Bounded: a few hundred entries in practice (the years are the only open-ended unit).
_RELATIVE: dict[tuple, str] = {}
_RELATIVE_MAX = 5000


def _ago(when, language: PageLanguage) -> str:
    """babel.dates.format_timedelta(when - now, granularity="minute", threshold=0.9,
    add_direction=True), Babel's wording looked up once per unit and number."""
    if when is None:
        return ""
    delta = when - utcnow()
    seconds = delta.total_seconds()
    if abs(seconds) < 60:
        return language.translations.ugettext("just now")
    for unit, per_unit in dates.TIMEDELTA_UNITS:  # Babel's own choice of unit and rounding
        value = abs(seconds) / per_unit
        if value >= 0.9 or unit == "minute":
            key = (str(language.locale), unit, int(round(max(1, value) if unit == "minute" else value)),
                   seconds >= 0)
            break
    try:
        return _RELATIVE[key]
    except KeyError:
        text = dates.format_timedelta(delta, add_direction=True, granularity="minute", threshold=0.9,
                                      locale=language.locale)
        if len(_RELATIVE) >= _RELATIVE_MAX:
            _RELATIVE.clear()
        _RELATIVE[key] = text
        return text


def _full_date(when, language: PageLanguage) -> str:
    """flask_babel.format_datetime(when, "d MMMM yyyy HH:mm"): in the user's time zone and
    language, written as Babel's pattern does (numbers in ASCII digits, the month's name)."""
    if when is None:
        return ""
    if language.locale is None:  # outside a request: Babel's defaults, as flask_babel does
        return dates.format_datetime(when, FULL_DATE)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    tzinfo = language.tzinfo
    when = when.astimezone(tzinfo)
    if hasattr(tzinfo, "normalize"):  # pytz
        when = tzinfo.normalize(when)
    return f"{when.day} {language.months[when.month]} {when.year:04d} {when.hour:02d}:{when.minute:02d}"


def ago(when) -> str:
    """'il y a 3 heures': relative, in the user's language."""
    return _ago(when, PageLanguage())


def full_date(when) -> str:
    return _full_date(when, PageLanguage())


@pass_context
def _ago_filter(context, when) -> str:
    return _ago(when, _language(context)) if when is not None else ""


@pass_context
def _full_date_filter(context, when) -> str:
    return _full_date(when, _language(context)) if when is not None else ""


def day(when) -> str:
    return format_date(when, "d MMMM yyyy") if when is not None else ""


def thread_url(thread, **kwargs) -> str:
    return url_for("threads.show", slug=thread.slug, thread_id=thread.id, **kwargs)


def post_url(thread, number: int, _external: bool = False) -> str:
    """The stable address of post #number: /t/<slug>/<id>/<n> redirects to its page and anchor."""
    return url_for("threads.post_link", slug=thread.slug, thread_id=thread.id, number=number, _external=_external)


# -- the many links of a page -----------------------------------------------------------------
#
# url_for takes a few microseconds a call: a thread page built some 80 links, most of them the
# same route with another post number or id. A page builds each route once with a marker in
# place of the number and puts the numbers in; a route whose URL the marker cannot stand for
# alone keeps url_for.

_MARKER = "7391046285113"


def number_url(endpoint: str, key: str, **values):
    """A function n -> url_for(endpoint, **values, key=n) for integers n, url_for called once."""
    url = url_for(endpoint, **values, **{key: int(_MARKER)})
    if url.count(_MARKER) != 1:
        return lambda n: url_for(endpoint, **values, **{key: n})
    head, tail = url.split(_MARKER)
    return lambda n: f"{head}{int(n)}{tail}"


def _memoized(build, key=lambda value: value):
    """`build`, called once per value (per `key` of it) however often a page asks. Made per
    page: nothing is kept after the render."""
    built = {}

    def memo(value):
        known = key(value)
        try:
            return built[known]
        except KeyError:
            result = built[known] = build(value)
            return result
    return memo


def memo_url(endpoint: str, key: str, **values):
    """A function v -> url_for(endpoint, **values, key=v) that builds each URL once (a page's
    authors, named in many posts)."""
    return _memoized(lambda value: url_for(endpoint, **values, **{key: value}))


def label_texts():
    """A function label -> its text that translates each lazy label once (the kind of each
    post's author, the same few labels 20 times a page), in the render's language."""
    translated = _memoized(str, key=lambda label: (label._func, label._args))
    return lambda label: translated(label) if isinstance(label, LazyString) and not label._kwargs else label


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
    app.jinja_env.filters.update(ago=_ago_filter, full_date=_full_date_filter, day=day)
    app.context_processor(page_language_context)
    app.jinja_env.globals.update(
        thread_url=thread_url, post_url=post_url, page_url=page_url, get_locale=get_locale,
        number_url=number_url, memo_url=memo_url, label_texts=label_texts,
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
