"""Real-browser fixtures: the app served on a local port, driven by Debian's Chromium.

Playwright cannot download its own browser here, so pytest-playwright's launch arguments are
overridden to start the system `chromium` (or $CHROMIUM_PATH). A missing browser is a test
failure, never a skip: CI must not go green without having run these tests.

The app runs in a thread of the test process with a SQLite *file* (an in-memory database is
private to one connection, and the server's threads open their own). CSRF protection stays on:
the browser submits the real forms with their tokens.
"""

import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask, got_request_exception
from playwright.sync_api import expect
from werkzeug.serving import make_server

from forum import create_app, markup
from forum.boards.services import seed_boards_and_tags
from forum.db import transaction
from forum.extensions import db
from forum.people.services import create_user
from tests.helpers import TIMEOUT_MS, chromium_path
from tests.mailbox import smtp_server

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
MODERATOR = {"username": "nadia", "email": "nadia@example.org", "password": "Tafraout-cm-2025",
             "display_name": "Nadia CM"}
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"

expect.set_options(timeout=TIMEOUT_MS)


@dataclass
class LiveServer:
    url: str
    app: Flask
    moderator: dict
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "headless": True,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_FLAGS],
    }


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, fast_password_hashing):
    """The forum, French by default, with seeded boards and tags and one moderator."""
    tmp = tmp_path_factory.mktemp("browser")
    app = create_app({
        "TESTING": False,
        "SECRET_KEY": "browser-test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/browser.sqlite",
        "RATELIMIT_ENABLED": False,
        # Like rate limits, the new-account limits are tested by tests/test_new_members.py; the
        # flows here open more threads per fresh account than a newcomer may on day one.
        "NEW_USER_LIMITS": False,
        "SEARCH_INDEX_DIR": str(tmp / "index"),
        # Mail goes to the suite's real SMTP server on loopback (tests/mailbox.py).
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server().port,
        "BASE_URL": "http://forum.test",
        "MAIL_REPLY_DOMAIN": "forum.test",
    }, instance_path=str(tmp / "instance"))
    with app.app_context():
        db.create_all()
        with transaction():
            seed_boards_and_tags()
            create_user(MODERATOR["username"], MODERATOR["email"], MODERATOR["password"],
                        display_name=MODERATOR["display_name"], role="moderator")
        db.session.remove()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    live = LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app, moderator=MODERATOR)

    def record(sender, exception, **extra):
        live.errors.append("".join(traceback.format_exception(exception)))

    # With TESTING off an exception becomes a 500 page; keep it so the test can show it.
    got_request_exception.connect(record, app)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield live
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    got_request_exception.disconnect(record, app)
    with app.app_context():
        db.engine.dispose()
    markup.shutdown()


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright resolves page.goto("/...") against this."""
    return live_server.url


@pytest.fixture(autouse=True)
def _no_server_errors(live_server):
    """A 500 in the server thread fails the test with its traceback."""
    seen = len(live_server.errors)
    yield
    new = live_server.errors[seen:]
    assert not new, "the server raised:\n" + "\n".join(new)


@pytest.fixture
def page(page):
    page.set_default_timeout(TIMEOUT_MS)
    return page


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
