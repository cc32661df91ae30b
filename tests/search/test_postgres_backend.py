"""What is specific to the postgres search backend (forum/search/postgres_backend): the
forum_french configuration, the GIN index, the statement timeout, the single writer, and what
the Whoosh-only tests check of the Whoosh index (rebuild while searching, a stale analysis,
drift), held here through the backend's own interface. Runs on PostgreSQL only."""


import pytest
from sqlalchemy import text

from forum.db import transaction
from forum.extensions import db
from forum.moderation import services as moderation
from forum.search import backend, service
from forum.search.budget import Budget
from forum.search.postgres_backend import schema
from forum.search.postgres_backend.engine import OutOfTime, Timed
from forum.search.postgres_backend.store import prepare
from forum.tags.services import get_tag
from tests.helpers import ON_POSTGRES, count_queries, page_text

from .conftest import NEEDS_POSTGRES

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason=NEEDS_POSTGRES)


@pytest.fixture
def app_config():
    return {"SEARCH_BACKEND": "postgres"}


def found(viewer, query) -> list[str]:
    return [hit.thread.title for hit in service.search(viewer, query).hits]


def test_forum_french_folds_accents_before_stemming(app):
    assert backend.get_backend().engine.dialect.name == "postgresql"  # and the configuration exists
    vector = db.session.execute(text("SELECT to_tsvector('forum_french', 'Électrification des Douars isolés')::text"))
    assert vector.scalar() == "'douar':3 'electrif':1 'isol':4"


def test_arabic_words_are_normalised_in_python_first(app):
    assert prepare("للتنمية والتنمية المَاءُ") == prepare("تنمية تنمية الماء") == "تنميه تنميه ماء"
    assert prepare("Électrification") == "Électrification"  # French is left to forum_french


def test_the_words_are_found_through_the_gin_index(app, member, make_thread):
    make_thread(member, title="Forage au douar", body="La motopompe est en panne.")
    service.search(member, "motopompe")
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: the planner would scan it
        plan = "\n".join(conn.execute(text(
            f"EXPLAIN SELECT record_id FROM {schema.DOCUMENTS} WHERE tsv @@ CAST('motopomp' AS tsquery)")).scalars())
    assert f"{schema.DOCUMENTS}_tsv" in plan, plan


def test_a_statement_past_the_budget_is_cancelled_not_an_error(app):
    conn = db.engine.connect()
    conn.begin()
    try:
        budget = Budget(0.05)
        run = Timed(conn, budget)
        with pytest.raises(OutOfTime):
            run("SELECT pg_sleep(2)")
        assert budget.exhausted
    finally:
        conn.rollback()
        conn.close()


@pytest.mark.parametrize("app_config", [{"SEARCH_BACKEND": "postgres", "SEARCH_TIME_BUDGET": 0.0}])
def test_past_the_budget_the_page_says_so(client, member, make_thread, app_config):
    make_thread(member, title="Réseau du douar", body="Le réseau fuit.")
    for query in ("reseau", "reseau -douar", "\"reseau du douar\" status:unsolved", "#eau-assainissement"):
        response = client.get("/search", query_string={"q": query})
        assert response.status_code == 200 and "This search took too long" in page_text(response), query


def test_a_busy_writer_leaves_the_changes_to_be_retried(app, member, make_thread):
    thread = make_thread(member, title="Curage de la khettara")
    search = backend.get_backend()
    search.rebuild()
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM search_pg_documents"))
    holder = db.engine.connect()
    holder.begin()
    holder.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": schema.WRITER_LOCK})
    try:
        assert search.apply_changes([(thread.id, None)], lock_timeout=0.1) is False
        assert search.drift()[0]
    finally:
        holder.rollback()
        holder.close()
    assert search.apply_changes([(thread.id, None)], lock_timeout=1.0) is True
    assert search.drift() == (set(), set())


def test_documents_made_by_another_analysis_are_stale_until_rebuilt(app, member, make_thread):
    make_thread(member, title="Sujet indexé avec l'ancienne analyse")
    search = backend.get_backend()
    assert found(member, "ancienne") and not search.is_stale()
    with db.engine.begin() as conn:
        conn.execute(text(f"UPDATE {schema.META} SET value = 'pg0.0' WHERE key = 'version'"))
    assert search.is_stale()
    assert search.rebuild() == 1 and not search.is_stale()
    assert found(member, "ancienne")


def test_tag_merge_and_delete_leave_no_drift(app, member, moderator, make_thread):
    make_thread(member, title="Forage profond à Tata", tags=[get_tag("forage")])
    with transaction():
        moderation.merge_tags(moderator, get_tag("forage"), get_tag("eau-potable"))
    assert found(member, "forage tags:eau-potable")
    with transaction():
        moderation.delete_tag(moderator, get_tag("eau-potable"))
    assert not found(member, "forage tags:eau-potable")
    assert backend.get_backend().drift() == (set(), set())


def test_document_counts_follow_edits_and_deletions(app, member, make_thread):
    """The idf and the spelling read counts the writer keeps: exact after changes."""
    from forum.threads import services as threads

    thread = make_thread(member, title="Bassin de rétention", body="Le bassin déborde.")
    with transaction():
        reply = threads.reply(thread, member, "Un second bassin ?")
    service.search(member, "bassin")

    def counts():
        with db.engine.connect() as conn:
            return (conn.execute(text(f"SELECT ndoc FROM {schema.TERMS} WHERE lexeme = 'bassin'")).scalar(),
                    conn.execute(text(f"SELECT value FROM {schema.META} WHERE key = 'documents'")).scalar())

    assert counts() == (2, "2")
    with transaction():
        threads.delete_post(member, reply)
    service.search(member, "bassin")
    assert counts() == (1, "1")
    assert backend.get_backend().rebuild() == 1 and counts() == (1, "1")


# Whoosh's bound (test_search_pages.STATEMENT_BOUND, 20) was measured on Whoosh: here each
# backend call (spelling, cards, posts) opens a transaction whose first statement carries the
# statement_timeout, and the marks take one statement. Measured: 22 on page 1, 18 on page 2.
STATEMENT_BOUND = 24


@pytest.mark.parametrize("logged_in", [False, True])
def test_search_statements_do_not_grow_with_the_hits(app, client, auth, member, make_thread, logged_in):
    from forum.tags.services import get_tag

    if logged_in:
        auth.login(member)

    def statements(how_many):
        for n in range(how_many):
            make_thread(member, title=f"Puits {n:02d} et pompes manuelles", body="Un puits à réparer.",
                        tags=[get_tag("forage")])
        client.get("/search?q=pompes")
        with count_queries() as first:
            page_text(client.get("/search?q=pompes"))
        with count_queries() as second:
            page_text(client.get("/search?q=pompes&page=2"))
        return len(first), len(second)

    few, many = statements(3), statements(27)
    assert few[0] == many[0] and many[0] <= STATEMENT_BOUND, (few, many)
    assert many[1] <= STATEMENT_BOUND, (few, many)
