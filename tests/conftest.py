"""Shared fixtures: an app with a fresh database per test, users by role (helpers: helpers.py).

The suite runs on SQLite (in memory) by default. With TEST_DATABASE_URL set to a PostgreSQL
URL it runs on PostgreSQL instead: the schema is built once per session and every table is
emptied after each test.
"""

import sqlite3

import pytest
from argon2 import PasswordHasher
from jinja2 import BytecodeCache
from werkzeug.routing import Rule

from forum import create_app
from forum.boards.services import get_board, seed_boards_and_tags
from forum.db import transaction
from forum.extensions import cache, db, limiter
from forum.people import services as people
from forum.threads import services as threads
from tests.helpers import ON_POSTGRES, PASSWORD, TEST_DATABASE_URL, empty_tables, make_config
from tests.mailbox import smtp_server


def pytest_report_header(config):
    return f"database: {'PostgreSQL' if ON_POSTGRES else 'SQLite'} ({TEST_DATABASE_URL.split('@')[-1]})"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Argon2id with tiny costs: the real parameters take ~50 ms a hash, too slow for 100s of users.
    test_auth checks that production uses the library's recommended parameters."""
    real = people._hasher
    people._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    people._hasher = real


@pytest.fixture(scope="session")
def _postgres_schema():
    if not ON_POSTGRES:
        yield
        return
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL})
    with app.app_context():  # not kept pushed: tests build their own apps and contexts
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def shared_url_builders():
    """Each test builds its own app, and Werkzeug compiles Python code for every URL rule of
    every app (about 1 ms a rule, half of create_app). The generated builder depends only on
    the rule's shape, so the test process compiles each shape once. Production is unchanged."""
    original = Rule._compile_builder
    cache = {}

    def compile_once(self, append_unknown=True):
        key = (append_unknown, tuple(self._trace), repr(sorted((self.defaults or {}).items())),
               tuple((name, type(converter)) for name, converter in self._converters.items()))
        if key not in cache:
            cache[key] = original(self, append_unknown)
        return cache[key]

    Rule._compile_builder = compile_once
    yield
    Rule._compile_builder = original


@pytest.fixture(scope="session", autouse=True)
def shared_memory_engine():
    """Each test's app would make its own engine, and SQLAlchemy caches compiled statements
    per engine: every test compiled each of its statements again (a tenth of the suite's
    time). The apps of a test process share one engine for the in-memory database instead;
    each test still starts from a fresh copy of the seeded schema (the `app` fixture), and
    disposing the engine after a test drops that database. PostgreSQL and file databases
    (tests that set their own URL) get their own engine as in production."""
    original = type(db)._make_engine
    engines = {}

    def make_engine(self, bind_key, options, app):
        if str(options.get("url")) != "sqlite://":
            return original(self, bind_key, options, app)
        key = repr(sorted((name, repr(value)) for name, value in options.items()))
        if key not in engines:
            engines[key] = original(self, bind_key, options, app)
        return engines[key]

    type(db)._make_engine = make_engine
    yield
    type(db)._make_engine = original


@pytest.fixture(scope="session", autouse=True)
def known_strong_password():
    """The factories' PASSWORD is strong whatever the member's names: zxcvbn's verdict on it
    (4 ms a member, thousands of members) is taken as given. Every other password is checked,
    so the strength tests are unchanged."""
    original = people.check_new_password

    def check(password, *user_inputs):
        if password == PASSWORD and not any(word in str(name).lower() for name in user_inputs
                                            for word in ("correct", "horse", "battery")):
            return None
        return original(password, *user_inputs)

    people.check_new_password = check
    yield
    people.check_new_password = original


class _SharedBytecode(BytecodeCache):
    """Every test's app has its own Jinja environment, which would parse and compile each
    template again; the test process keeps the compiled templates (keyed by name and source
    checksum) for all of them."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_templates = _SharedBytecode()
_seeded: sqlite3.Connection | None = None


def _copy_seeded_schema(tmp_path) -> None:
    """Fill the current app's in-memory SQLite database with the schema and the seeded boards
    and tags: built once per test process, then copied (SQLite's backup API, about a
    millisecond) instead of being rebuilt for each of a thousand tests."""
    global _seeded
    if _seeded is None:
        builder = create_app(make_config(tmp_path))
        with builder.app_context():
            db.create_all()
            with transaction():
                seed_boards_and_tags()
            _seeded = sqlite3.connect(":memory:", check_same_thread=False)
            raw = db.engine.raw_connection()
            raw.driver_connection.backup(_seeded)
            raw.close()
            db.session.remove()
            db.engine.dispose()
    raw = db.engine.raw_connection()
    _seeded.backup(raw.driver_connection)
    raw.close()


@pytest.fixture
def app_config(tmp_path):
    """Override in a test module to change settings (e.g. enable CSRF or rate limits)."""
    return {}


@pytest.fixture
def app(tmp_path, app_config, _postgres_schema):
    app = create_app(make_config(tmp_path, **app_config))
    app.jinja_env.bytecode_cache = _templates
    with app.app_context():
        if ON_POSTGRES:
            with transaction():
                seed_boards_and_tags()
        else:
            _copy_seeded_schema(tmp_path)
        yield app
        db.session.remove()
        if ON_POSTGRES:
            empty_tables()
        db.engine.dispose()  # an in-memory SQLite database goes with its connection


@pytest.fixture
def mailbox(app):
    """The loopback SMTP server's inbox, empty at the start of the test."""
    server = smtp_server()
    server.clear()
    return server


@pytest.fixture
def run_jobs(app):
    """Run the after-commit jobs now (tests use the "sync" runner): the number done."""
    return lambda kinds=None: app.extensions["jobs"].run_pending(kinds=kinds)


@pytest.fixture
def empty_cache(app):
    """The page cache empty before and after the test (Redis outlives a test; so does the
    SimpleCache of the process). For tests that turn PAGE_CACHE on."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def make(username=None, role="member", kind="other", password=PASSWORD, **kwargs):
        username = username or f"user{next(counter)}"
        with transaction():
            return people.create_user(username, f"{username}@example.org", password, kind=kind, role=role, **kwargs)

    return make


@pytest.fixture
def member(make_user):
    return make_user("alice", kind="commune", display_name="Alice Commune")


@pytest.fixture
def other_member(make_user):
    return make_user("bob", kind="expert", display_name="Bob Expert")


@pytest.fixture
def moderator(make_user):
    return make_user("nadia", role="moderator", display_name="Nadia CM")


@pytest.fixture
def admin(make_user):
    return make_user("root", role="admin", display_name="Admin")


@pytest.fixture
def board(app):
    return get_board("eau-assainissement")


@pytest.fixture
def make_thread(app, board):
    def make(author, title="Comment financer un forage d’eau potable ?", body="Nous cherchons des idées.",
             replies=0, target_board=None, **kwargs):
        with transaction():
            thread = threads.create_thread(target_board or board, author, title, body, **kwargs)
            for n in range(replies):
                threads.reply(thread, author, f"Réponse numéro {n + 1}")
        return thread

    return make


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, user, password=PASSWORD):
        response = self.client.post("/login", data={"login": user.username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def fresh_limits(app):
    """Redis outlives a test: a rate-limit test starts with empty counters."""
    if app.config["RATELIMIT_ENABLED"]:
        limiter.reset()
