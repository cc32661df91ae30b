"""The seam between the search service and the engine (forum/search/backend.py)."""

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.jobs.models import Job
from forum.search import backend, service
from forum.search.backend import BackendHit, BackendResults, SearchBackend
from forum.search.whoosh_backend import WhooshBackend
from forum.tags.services import get_tag
from forum.threads.models import Post

SEARCH = Path(__file__).resolve().parents[2] / "forum" / "search"


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, at any depth of its code (functions included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


@pytest.mark.parametrize("module", ["service.py", "backend.py", "parser.py", "words.py", "budget.py", "views.py"])
def test_the_engine_free_modules_import_no_whoosh(module):
    imported = imported_modules(SEARCH / module)
    assert not [name for name in imported if name.split(".")[0] == "whoosh" or "whoosh_backend" in name]


def test_the_query_parser_loads_no_engine_at_all():
    """Not even through what it imports: another backend could parse queries without Whoosh."""
    code = "import sys, forum.search.parser; print(sorted({m.split('.')[0] for m in sys.modules} & {'whoosh'}))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_every_registered_backend_has_the_whole_interface(app, search_backend):
    made = backend.get_backend()
    assert made.name == search_backend and made is backend.get_backend()  # made once per app
    assert isinstance(made, SearchBackend)
    for name, method in inspect.getmembers(SearchBackend, inspect.isfunction):
        if not name.startswith("_"):
            assert inspect.signature(getattr(type(made), name)).parameters.keys() == \
                inspect.signature(method).parameters.keys(), name


def test_whoosh_is_the_default(app):
    assert app.config["SEARCH_BACKEND"] == "whoosh" and "whoosh" in backend.registered()
    assert isinstance(backend.get_backend(), WhooshBackend)


class RecordingBackend:
    """A backend that finds the post it is told to, and records what the service asked."""

    name = "recording"

    def __init__(self, app):
        self.requests = []
        self.post_id = None

    def apply_changes(self, pairs, lock_timeout=0.0):
        return True

    def search(self, request):
        self.requests.append(request)
        texts = request.load_texts([self.post_id, 10**9])  # a post gone from the database is left out
        hits = [BackendHit(post_id=post_id, thread_id=0, score=1.0, title_html=text.title, snippet_html=text.body)
                for post_id, text in texts.items()]
        return BackendResults(hits=hits, thread_ids=[hit.thread_id for hit in hits])

    def similar(self, parsed, hidden_board_ids, limit):
        return []

    def suggest(self, parsed, text, tags, budget):
        return None

    def rebuild(self, progress=None):
        return 0

    def is_stale(self):
        return False

    def drift(self):
        return set(), set()


def test_the_service_hands_the_backend_ids_and_shows_what_it_found(app, member, make_thread, monkeypatch):
    """Another engine plugs in with SEARCH_BACKEND: filters reach it resolved to ids, and the
    posts it finds are reloaded from the database for the page."""
    monkeypatch.setitem(backend.BACKENDS, "recording", f"{__name__}:RecordingBackend")
    app.config["SEARCH_BACKEND"] = "recording"
    thread = make_thread(member, title="Forage du douar", tags=[get_tag("eau-potable")])
    fake = backend.get_backend()
    fake.post_id = db.session.scalar(select(Post.id).where(Post.thread_id == thread.id))
    results = service.search(member, f"forage #{thread.board.slug} tags:eau-potable @{member.username} after:2025-01-02")
    request = fake.requests[0]
    assert request.parsed.words == ["forage"]
    assert request.filters.board_ids == [thread.board.id] and request.filters.author_ids == [member.id]
    assert request.filters.tag_ids == [tag.id for tag in thread.tags] and str(request.filters.after) == "2025-01-02"
    assert request.tags and request.count_limit == service.COUNT_LIMIT
    assert [hit.post.id for hit in results.hits] == [fake.post_id]
    assert results.hits[0].thread == thread and results.hits[0].title_html == "Forage du douar"


def test_a_filter_that_matches_nothing_never_reaches_the_backend(app, member, monkeypatch):
    monkeypatch.setitem(backend.BACKENDS, "recording", f"{__name__}:RecordingBackend")
    app.config["SEARCH_BACKEND"] = "recording"
    results = service.search(member, "forage #no-such-board")
    assert results.total == 0 and backend.get_backend().requests == []


def test_apply_changes_indexes_pairs_from_the_database(app, member, make_thread):
    """The backend's apply (what an index job calls) reads the pairs' posts as the database has
    them now, with no index job involved."""
    from forum.threads import services as threads

    thread = make_thread(member, title="Curage de la khettara", body="Les galeries sont ensablées.")
    reply = threads.reply(thread, member, "Il faut curer les puits verticaux.")
    db.session.query(Job).delete()
    db.session.commit()
    search = backend.get_backend()
    assert search.drift()[0] == {reply.id, reply.id - 1}  # both posts are missing
    assert search.apply_changes([(thread.id, None)]) is True
    assert search.drift() == (set(), set())
    assert [hit.post.id for hit in service.search(member, "puits").hits] == [reply.id]
    threads.delete_post(member, reply)
    db.session.query(Job).delete()
    db.session.commit()
    assert search.apply_changes([(thread.id, reply.id)]) is True
    assert search.drift() == (set(), set()) and service.search(member, "puits").hits == []


def test_whoosh_apply_changes_waits_for_no_busy_writer(app, member, make_thread, search_backend):
    if search_backend != "whoosh":
        pytest.skip("Whoosh's writer lock")

    thread = make_thread(member, title="Curage de la khettara")
    db.session.query(Job).delete()
    db.session.commit()
    search = backend.get_backend()
    holder = search.index.open().writer()
    try:
        assert search.apply_changes([(thread.id, None)]) is False
        assert search.drift()[0]
    finally:
        holder.cancel()
    assert search.apply_changes([(thread.id, None)], lock_timeout=1.0) is True
    assert search.drift() == (set(), set())
