"""Every search test that builds an app runs once per registered backend (forum.search.backend),
so that another engine is held to the same pages, bounds and quality bars as Whoosh.

The "postgres" backend keeps its documents in the database: it runs when the suite does
(TEST_DATABASE_URL=postgresql://...), and its tables are emptied before each test, as the
forum's own are after it (post ids start again at 1)."""

import pytest
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from forum.extensions import db
from forum.search import backend
from tests.helpers import ON_POSTGRES

NEEDS_POSTGRES = "the postgres search backend needs PostgreSQL: TEST_DATABASE_URL"


@pytest.fixture(scope="module", params=backend.registered())
def search_backend(request) -> str:
    """The name of the backend under test (SEARCH_BACKEND)."""
    if request.param == "postgres" and not ON_POSTGRES:
        pytest.skip(NEEDS_POSTGRES)
    return request.param


@pytest.fixture
def app_config(search_backend):
    return {"SEARCH_BACKEND": search_backend}


@pytest.fixture(scope="session")
def _postgres_schema(_postgres_schema):
    """The session's schema, and no search tables left by an earlier session."""
    if ON_POSTGRES:
        from forum import create_app
        from forum.search.postgres_backend import schema
        from tests.helpers import TEST_DATABASE_URL

        app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL})
        with app.app_context(), db.engine.begin() as conn:
            schema.drop(conn)
        with app.app_context():
            db.engine.dispose()
    yield


def _empty_search_tables(only_without_posts: bool) -> None:
    """The postgres backend's documents of earlier tests gone (the forum's tables are emptied
    after each test and ids start again at 1: a new post 1 would meet an old document 1).
    `only_without_posts`: only when the forum has no post (a module's shared forum keeps its
    documents from one test to the next)."""
    if not ON_POSTGRES:
        return
    from sqlalchemy import create_engine

    from forum.search.postgres_backend import schema
    from tests.helpers import TEST_DATABASE_URL

    engine = create_engine(TEST_DATABASE_URL, poolclass=NullPool)
    with engine.begin() as conn:
        if schema.exists(conn) and not (only_without_posts and conn.execute(text("SELECT EXISTS (SELECT 1 FROM posts)")).scalar()):
            conn.execute(text(f"TRUNCATE {', '.join(schema.TABLES[:3])}"))
            conn.execute(text(f"UPDATE {schema.META} SET value = '0' WHERE key = 'documents'"))
    engine.dispose()


@pytest.fixture(scope="module", autouse=True)
def _search_tables_empty_per_module(_postgres_schema):
    """Before a module's own fixtures (a shared forum, processes) fill them."""
    _empty_search_tables(only_without_posts=False)


@pytest.fixture(autouse=True)
def _search_tables_empty_per_test(_search_tables_empty_per_module):
    """Before each test whose forum starts empty, whatever app it builds (its own fixture, processes)."""
    _empty_search_tables(only_without_posts=True)


# Tests that read the Whoosh index itself (its directory, generations, version file), or the
# default backend: on the postgres run, tests/search/test_postgres_backend.py holds the
# postgres backend to the same behaviour through its own interface.
WHOOSH_ONLY = {
    "test_backend.py::test_whoosh_is_the_default": "the app under test sets SEARCH_BACKEND",
    "test_indexing.py::test_tag_merge_and_delete_reach_the_index": "checks the Whoosh index's drift",
    "test_indexing.py::test_an_index_built_with_another_analysis_is_rebuilt_once": "the Whoosh version file",
    "test_search_pages.py::test_search_statements_do_not_grow_with_the_hits": "a bound measured on Whoosh",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None or callspec.params.get("search_backend") != "postgres":
            continue
        name = f"{item.path.name}::{item.originalname}"
        if name in WHOOSH_ONLY:
            item.add_marker(pytest.mark.skip(reason=f"Whoosh only: {WHOOSH_ONLY[name]}"))
