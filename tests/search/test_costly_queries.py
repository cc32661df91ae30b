"""The queries that cost the most (issue 12's hostile class): excluded common words looked up
per index segment instead of walked, phrases checked on the posts that hold every required
word only, with the same results as Whoosh's own matchers."""

import time

import pytest
from sqlalchemy import select
from whoosh import query as wq
from whoosh.fields import ID, NUMERIC, TEXT, Schema

from forum.db import transaction
from forum.extensions import db
from forum.search.analysis import text_analyzer
from forum.search.budget import Budget
from forum.search.parser import parse
from forum.search.whoosh_backend import segments
from forum.search.whoosh_backend.budget import within
from forum.search.whoosh_backend.engine import hidden_docs
from forum.search.whoosh_backend.queries import exclusion_query, text_query
from forum.search.whoosh_backend.ranking import weighting
from forum.threads import services as threads
from forum.threads.models import Post
from tests.helpers import page_text, ram_index


def _index(bodies):
    schema = Schema(post_id=ID(stored=True), thread_id=NUMERIC(stored=True, sortable=True),
                    board_id=NUMERIC(sortable=True), title=TEXT(analyzer=text_analyzer(), phrase=True),
                    body=TEXT(analyzer=text_analyzer(), phrase=True))
    # An index name of its own: Whoosh's writer pools in <tmp>/<index name>.tmp, which two test
    # processes would share with the default name.
    ix = ram_index(schema)
    with ix.writer() as writer:
        for n, body in enumerate(bodies):
            writer.add_document(post_id=str(n), thread_id=n // 2, board_id=1, title=f"Sujet {n}", body=body)
    return ix


def test_excluding_a_word_of_every_post_is_looked_up_not_walked_each_time():
    """-douar in 4,000 posts: the threads holding it are read once per segment and kept."""
    ix = _index(["le réseau du douar fuit"] * 4000 + ["le forage est neuf"] * 10)
    parsed = parse("forage -douar")
    with ix.searcher() as searcher:
        started = time.thread_time()
        walked = {searcher.stored_fields(d)["thread_id"] for d in searcher.docs_for_query(
            exclusion_query(parsed, searcher.schema))}
        walking = time.thread_time() - started
        hidden_docs(searcher, parsed, set(), Budget(60))  # the first search reads the postings once
        started = time.thread_time()
        mask = hidden_docs(searcher, parsed, set(), Budget(60))
        looked_up = time.thread_time() - started
        assert mask.threads == walked and len(walked) == 2000
        assert looked_up < walking / 10, (walking, looked_up)


@pytest.fixture
def kept_from_the_first_post(monkeypatch):
    monkeypatch.setattr(segments, "TERM_THREADS_FROM", 0)  # the test forum's words are all rare


def test_an_edited_post_no_longer_hides_its_thread_from_an_excluded_word(client, member, make_thread,
                                                                         kept_from_the_first_post):
    kept = make_thread(member, title="Fuite au village", body="Le réseau fuit près du forage.")
    make_thread(member, title="Travaux en ville", body="Le réseau est neuf.")

    def titles():
        return page_text(client.get("/search", query_string={"q": "réseau -forage"}))

    assert "Travaux en ville" in titles() and "Fuite au village" not in titles()
    with transaction():
        first = db.session.scalars(select(Post).where(Post.thread_id == kept.id).order_by(Post.id)).first()
        threads.edit_post(member, first, "Le réseau fuit près du puits.")
    page = titles()
    assert "Fuite au village" in page and "Travaux en ville" in page


PHRASES = ["le réseau du douar fuit encore", "le forage du puits est neuf", "réseau et forage du douar",
           "le puits du douar est neuf", "le réseau fuit, le forage aussi"] * 40


@pytest.fixture(scope="module")
def phrases_ix():
    return _index(PHRASES)


@pytest.mark.parametrize("text", ['"réseau du douar"', '"forage du puits" "réseau du douar"',
                                  '"puits du douar" "est neuf"', '"du douar" forage', '"le réseau fuit" -"forage aussi"',
                                  '"douar fuit encore" "forage du puits"'])
def test_phrases_checked_within_the_budget_find_what_whoosh_finds_with_the_same_scores(phrases_ix, text):
    with phrases_ix.searcher(weighting=weighting()) as searcher:
        q = text_query(parse(text), searcher.schema, reader=searcher.reader())
        plain = [(hit.docnum, hit.score) for hit in searcher.search(q, limit=None)]
        checked = [(hit.docnum, hit.score) for hit in searcher.search(within(q, Budget(60)), limit=None)]
    assert checked == plain


def test_phrases_no_post_holds_together_cost_no_walk_through_their_positions():
    """Two phrases: the words of one in 4,000 posts, never side by side, the other in 20 other
    posts. Whoosh reads the positions of the 4,000 to find that the first phrase is nowhere;
    only the posts holding every word of both are looked at."""
    ix = _index(["le douar et son réseau"] * 4000 + ["le forage du puits est neuf"] * 20)
    with ix.searcher(weighting=weighting()) as searcher:
        q = wq.And([wq.Phrase("body", ["reseau", "douar"]), wq.Phrase("body", ["forag", "puit"])])
        started = time.thread_time()
        assert list(searcher.docs_for_query(q)) == []
        full = time.thread_time() - started
        started = time.thread_time()
        assert list(searcher.docs_for_query(within(q, Budget(60)))) == []
        checked = time.thread_time() - started
    assert checked < full / 10, (full, checked)
