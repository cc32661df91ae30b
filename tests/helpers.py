"""Helpers the tests share (conftest.py keeps the fixtures): settings, the test database, page
text, query counts."""

import os
import shutil
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from forum import normalize_database_url
from forum.extensions import db
from tests.mailbox import smtp_server

TEST_DATABASE_URL = normalize_database_url(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")
PASSWORD = "correct-horse-battery"


def make_config(tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Pages are read right after writes whose jobs the "sync" runner has not run:
        # tests/test_page_cache.py turns the cache on.
        "PAGE_CACHE": False,
        # Like rate limits, the new-account limits would refuse the factories' fresh accounts
        # their fourth thread of the day; tests/test_new_members.py turns them on.
        "NEW_USER_LIMITS": False,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        # Index work is applied inside the commit that needs it: tests see results at once.
        "SEARCH_SYNC": True,
        # Assertions read the English source strings; tests/test_i18n.py checks the French.
        "BABEL_DEFAULT_LOCALE": "en",
        # Mail goes to a real SMTP server on loopback (tests/mailbox.py, the `mailbox` fixture).
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server().port,
        "MAIL_TIMEOUT": 5,
        "BASE_URL": "http://forum.test",
        "MAIL_REPLY_DOMAIN": "forum.test",
    }
    config.update(overrides)
    return config


def empty_tables():
    """PostgreSQL keeps its schema between tests: every table emptied, ids restarting at 1."""
    names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.session.commit()


# Rate-limit tests run on every storage at hand: memory, and Redis when TEST_REDIS_URL is set.
RATE_LIMIT_STORAGES = ["memory://"] + ([os.environ["TEST_REDIS_URL"]] if os.environ.get("TEST_REDIS_URL") else [])


def rate_limited(storage: str, **limits) -> dict:
    """App settings with rate limits on, counted in `storage`, and the given limits."""
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage, **limits}


@contextmanager
def count_queries():
    """The SQL statements run inside the block (for query-count budgets)."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def page_text(response) -> str:
    return response.get_data(as_text=True)


# -- browser tests --------------------------------------------------------------------------

TIMEOUT_MS = 10_000


def chromium_path() -> str:
    """$CHROMIUM_PATH or `chromium` on PATH; a test failure (not a skip) when there is none."""
    exe = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not exe or not os.access(exe, os.X_OK):
        pytest.fail(
            f"Chromium not found ({'CHROMIUM_PATH=' + exe if exe else 'no `chromium` on PATH'}). "
            "Install it with `apt-get install -y --no-install-recommends chromium` or set CHROMIUM_PATH; "
            "`playwright install` cannot download its browser here.",
            pytrace=False,
        )
    return exe


def link_in(received, path: str) -> str:
    """The path of the first link to `path`... in a received mail's text (on BASE_URL)."""
    import re

    found = re.search(r"http://forum\.test(" + re.escape(path) + r"[^\s]*)", received.text)
    assert found, f"no link to {path} in:\n{received.text}"
    return found.group(1)


def ram_index(schema):
    """A Whoosh index in memory with a name of its own: Whoosh's writer pools its segments in
    <tmp>/<index name>.tmp, which test processes sharing the default name ("MAIN") clean up
    under each other's feet."""
    import uuid

    from whoosh.filedb.filestore import RamStorage

    return RamStorage().create_index(schema, indexname=f"test{uuid.uuid4().hex}")
