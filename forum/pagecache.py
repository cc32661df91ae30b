"""Whole pages for anonymous visitors, kept in a cache (Flask-Caching) and dropped by a job;
and, for members' pages, the parts that are the same for every viewer (kept_until_write).

Only a GET of one of the pages most read (PAGE_CACHE_ENDPOINTS), from a visitor who sends no
session or remember cookie, is served from the cache: such a page depends on its URL and its
language alone. A response is kept only if it is a 200 HTML page that sets no cookie and leaves
the session empty, so a page carrying anything of a session (a CSRF token, a flashed message)
is never kept.

The first flush of a transaction that writes a table some page shows enqueues one
"pages.invalidate" job; its handler moves the cache's generation on, which every key carries,
so every page kept before is ignored from then on. The jobs carry no dedupe key: on
PostgreSQL an INSERT of a key another open transaction inserted waits for that transaction to
end, which made every writer of the forum wait for the others; the runner takes the pending
ones together and moves the generation on once for them all. It is the same after-commit pipeline as the search
index: with Redis (REDIS_URL) the generation is shared by every process and machine. The
in-process SimpleCache is for one process only: gunicorn.conf.py refuses several workers
with it, and the cache is off when the jobs run in other processes (JOBS_RUNNER=external).
"""

import hashlib
import time

from cachelib import SimpleCache
from flask import Flask, Response, current_app, has_app_context, has_request_context, request, session
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.extensions import cache, db
from forum.jobs import enqueue, handler

JOB = "pages.invalidate"
GENERATION = "pages:generation"
ENQUEUED = "pages_invalidation_enqueued"  # session.info flag: one job per transaction
# Tables that no anonymous page, nor any part kept for members (kept_until_write), shows:
# writing them keeps the pages.
UNSEEN_TABLES = frozenset({
    "jobs", "login_sessions", "login_failures", "search_log", "notifications", "notification_preferences",
    "digest_runs", "email_changes", "received_replies",
})


def _is_shared(app: Flask) -> bool:
    return app.config["CACHE_TYPE"] not in ("SimpleCache", "NullCache")


def _generation() -> int:
    """The current generation. It starts from the clock, not from 0, when the cache has none (a
    new or restarted Redis): a generation is never used twice, so nothing kept under an old
    one (a process's kept_until_write copies) can come back."""
    generation = cache.get(GENERATION)
    if generation is None:
        cache.add(GENERATION, time.time_ns(), timeout=0)
        generation = cache.get(GENERATION) or 0  # 0: the NullCache
    return generation


def _key() -> str:
    path = hashlib.sha256(request.full_path.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{_generation()}:{get_locale()}:{path}"


def kept_until_write(name: str, compute):
    """`compute()` for every viewer alike, kept until the next write of a table some page shows
    (the generation moves on), as a whole anonymous page is. For the parts of a member's page
    that are the same for all (a thread's suggested experts, its posts as most readers see
    them); like a kept page, relative times ("3 hours ago") in them may lag by up to
    CACHE_DEFAULT_TIMEOUT on a forum nobody writes to. The value must pickle
    (plain values, no ORM rows). A transaction that has written shown tables itself gets it
    computed afresh and keeps nothing: its writes might still be rolled back.
    """
    if not current_app.extensions.get("page_cache") or db.session.info.get(ENQUEUED):
        return compute()
    kept, key = current_app.extensions["kept_values"], f"{_request_generation()}:{name}"
    value = kept.get(key)
    if value is None:
        value = compute()
        kept.set(key, value)
    return value


def kept_html(name: str | None, caller) -> Markup:
    """A template's `{% call kept_html(name) %}...{% endcall %}` block: its HTML kept until the
    next write for every viewer the view gave the same `name`; None when the block shows
    something of this viewer's own (rendered each time)."""
    if name is None:
        return caller()
    return Markup(kept_until_write(name, lambda: str(caller())))


def _request_generation() -> int:
    """The generation, read once per request."""
    if not has_request_context():
        return _generation()
    if "forum.page_generation" not in request.environ:
        request.environ["forum.page_generation"] = _generation()
    return request.environ["forum.page_generation"]


def _cacheable_request(app: Flask) -> bool:
    cookies = request.cookies
    return (request.method == "GET" and request.endpoint in app.config["PAGE_CACHE_ENDPOINTS"]
            and app.config["SESSION_COOKIE_NAME"] not in cookies
            and app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies)


def _serve_cached():
    if not _cacheable_request(current_app):
        return None
    key = _key()
    request.environ["forum.page_cache_key"] = key
    kept = cache.get(key)
    if kept is None:
        return None
    body, content_type = kept
    response = Response(body, 200, content_type=content_type)
    response.headers["X-Page-Cache"] = "hit"
    return response


def _keep(response: Response) -> Response:
    # The session cookie is written after this hook: a page that put anything in the session
    # (a CSRF token, a flashed message) is recognised by the session itself.
    key = request.environ.get("forum.page_cache_key")
    if (key and not session and not session.modified and response.status_code == 200
            and response.mimetype == "text/html" and not response.is_streamed and "Set-Cookie" not in response.headers and "Content-Encoding" not in response.headers
            and "X-Page-Cache" not in response.headers):
        cache.set(key, (response.get_data(), response.content_type))
        response.headers["X-Page-Cache"] = "miss"
    return response


def _writes_shown_tables(session) -> bool:
    return any(obj.__table__.name not in UNSEEN_TABLES
               for obj in (*session.new, *session.dirty, *session.deleted) if hasattr(obj, "__table__"))


def _after_flush(session, flush_context) -> None:
    if not (has_app_context() and current_app.extensions.get("page_cache")):
        return
    if not session.info.get(ENQUEUED) and _writes_shown_tables(session):
        enqueue(JOB, session=session)
        session.info[ENQUEUED] = True


def _forget_flag(session, *args) -> None:
    session.info.pop(ENQUEUED, None)


@handler(JOB, batch=True)
def invalidate(payloads=()) -> None:
    """Every page kept so far is stale: later requests use keys of the next generation (once
    for however many writes the batch stands for)."""
    cache.set(GENERATION, _generation() + 1, timeout=0)


def init_app(app: Flask) -> None:
    app.config.setdefault("CACHE_TYPE", "RedisCache" if app.config.get("CACHE_REDIS_URL") else "SimpleCache")
    enabled = app.config["PAGE_CACHE"] and not (app.config.get("JOBS_RUNNER") == "external" and not _is_shared(app))
    if not enabled:
        app.config["CACHE_TYPE"] = "NullCache"
        app.config["CACHE_NO_NULL_WARNING"] = True
    cache.init_app(app)
    app.extensions["page_cache"] = enabled
    # kept_until_write's values, in each process: their keys carry the shared generation, so a
    # copy is never stale, and reading one costs no round trip.
    app.extensions["kept_values"] = SimpleCache(threshold=2000, default_timeout=app.config["CACHE_DEFAULT_TIMEOUT"])
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _forget_flag)
        event.listen(Session, "after_rollback", _forget_flag)
    app.jinja_env.globals["kept_html"] = kept_html
    if enabled:
        app.before_request(_serve_cached)
        app.after_request(_keep)
