"""Search quality on real French questions: 4,677 service-public.fr and Wikipedia documents
loaded as threads through the forum's own code, 208 real queries with known answers.

A query succeeds at k when one of its relevant documents is among the first k threads; the
figures are the share of queries that succeed. Marked `quality` (about a minute and a half):
CI runs it as its own step.
"""

import time
import unicodedata

import pytest
from sqlalchemy import text as sql

from forum import create_app
from forum.boards import services as boards
from forum.db import transaction
from forum.extensions import db
from forum.people import services as people
from forum.search import service
from forum.threads import services as threads
from tests import testdata
from tests.helpers import ON_POSTGRES, TEST_DATABASE_URL

pytestmark = pytest.mark.quality

read_jsonl = testdata.jsonl
TITLE_COLUMN = 200


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, _postgres_schema, search_backend):
    app = create_app({
        "SEARCH_BACKEND": search_backend,
        "TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
        "SEARCH_INDEX_DIR": str(tmp_path_factory.mktemp("recall") / "index"), "SEARCH_SYNC": True,
        # This installation's limits fit the corpus: Wikipedia article titles are short,
        # some service-public titles and texts long.
        "TITLE_MIN_LENGTH": 1, "TITLE_MAX_LENGTH": 400, "BODY_MAX_LENGTH": 100_000, "MARKUP_TIMEOUT": 30,
        # One account posts the whole corpus: the new-account limits are not what is measured.
        "NEW_USER_LIMITS": False,
    })
    documents, queries = read_jsonl("fr-qa.jsonl"), read_jsonl("fr-qa-queries.jsonl")
    with app.app_context():
        if not ON_POSTGRES:
            db.create_all()
        started = time.monotonic()
        thread_of = {}
        with transaction():
            boards.seed_boards_and_tags()
            author = people.create_user("corpus", "corpus@example.org", "a-long-password-1")
            board = boards.get_board("vie-communaute")
            for document in documents:
                title, body = document["title"], document["body"]
                if ON_POSTGRES and len(title) > TITLE_COLUMN:
                    # threads.title is a VARCHAR(200), which only PostgreSQL enforces (48 of the
                    # corpus's titles are longer): the title cut at a word, its whole text kept
                    # at the top of the body.
                    title, body = title[:TITLE_COLUMN].rsplit(" ", 1)[0], f"{title}\n\n{body}"
                thread = threads.create_thread(board, author, title, body, kind="question")
                thread_of[thread.id] = document["id"]
        loaded = time.monotonic()
        service.search(author, "eau")  # applies the outbox: the whole corpus is indexed here
        print(f"\nloaded {len(documents)} threads in {loaded - started:.0f} s, indexed in {time.monotonic() - loaded:.0f} s")
        yield app, author, thread_of, queries
        db.session.remove()
        if ON_POSTGRES:
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            db.session.commit()
        db.engine.dispose()


def success_rate(corpus, kind: str, k: int, accents: bool = True) -> tuple[float, list[str]]:
    app, viewer, thread_of, queries = corpus
    selected = [q for q in queries if q["kind"] == kind]
    failures = []
    with app.app_context():
        for q in selected:
            text = q["query"] if accents else strip_accents(q["query"])
            found = service.search(viewer, text, per_page=k)
            top = [thread_of[hit.thread.id] for hit in found.hits[:k]]
            if not set(top) & set(q["relevant_ids"]):
                failures.append(f"{q['qid']}: {text}")
    return 1 - len(failures) / len(selected), failures


@pytest.mark.parametrize("accents", [True, False], ids=["as typed", "accents stripped"])
def test_crowd_questions_find_their_answer_in_the_top_10(corpus, accents):
    rate, failures = success_rate(corpus, "piaf_question", 10, accents)
    print(f"\npiaf_question recall@10 ({'as typed' if accents else 'no accents'}): {rate:.2f}")
    assert rate >= 0.90, failures


@pytest.mark.parametrize("accents", [True, False], ids=["as typed", "accents stripped"])
def test_title_queries_find_their_document_first(corpus, accents):
    rate, failures = success_rate(corpus, "spf_qr_title", 1, accents)
    print(f"\nspf_qr_title recall@1 ({'as typed' if accents else 'no accents'}): {rate:.2f}")
    assert rate >= 0.98, failures
