"""The work of one search is bounded: words searched, spelling lookups, and a time budget that
cuts the search short and says so rather than holding a worker (issue 8: a 289-character query
of about 50 unknown words cost a worker 2.7 to 4.5 s at 100,000 posts)."""

import html
import random
import re

import pytest

from forum.search.backend import SPELL_MAX_WORDS
from forum.search.parser import MAX_WORDS, parse
from tests.helpers import page_text, ram_index

# Long words the test forum uses, each misspelt below by one swapped pair of letters.
KNOWN = ["diagnostic", "compteurs", "canalisation", "réservoir", "forage", "pompage", "irrigation",
         "assainissement", "financement", "subvention", "coopérative", "électrification"]


def misspelt(word: str) -> str:
    return word[:2] + word[3] + word[2] + word[4:]


def unknown_words(n: int, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(4, 8))) for _ in range(n)]


@pytest.fixture
def corpus(member, make_thread):
    make_thread(member, title="Diagnostic du réseau d’eau potable",
                body=" ".join(KNOWN) + ". Le réseau fuit, les compteurs sont anciens.")
    for n in range(30):
        make_thread(member, title=f"Sujet {n} sur le réseau du douar", body="Le réseau du douar fuit encore.")


def notice(page: str) -> str:
    found = re.findall(r'<p class="notice">(.*?)</p>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", " ".join(found)))


def test_a_query_of_sixty_words_searches_the_first_sixteen():
    parsed = parse(" ".join(unknown_words(60)), max_length=1000)
    assert len(parsed.words) == MAX_WORDS == 16
    assert [str(w) for w in parsed.warnings] == ["Only the first 16 words were searched."]
    # Stopwords and repeats do not count: a long question keeps every word that matters.
    question = "comment est-ce que la commune peut faire pour financer le forage de l'eau du douar " * 3
    assert parse(question, max_length=1000).warnings == []


# The cap on corrections is what is tested, not the time budget (tested below): a loaded
# machine must not run out of time before the third correction.
@pytest.mark.parametrize("app_config", [{"SEARCH_TIME_BUDGET": 10.0}])
def test_a_query_of_misspelt_and_unknown_words_looks_up_at_most_three_corrections(client, corpus, app_config):
    typed = " ".join([misspelt(w) for w in KNOWN] + unknown_words(48))  # 60 words, 12 of them close to known ones
    page = page_text(client.get("/search", query_string={"q": typed}))
    assert "Only the first 16 words were searched." in notice(page)
    searched = re.search(r"Results for (.*?) — search instead for", notice(page)).group(1).split()
    corrected = [w for w in searched if w in KNOWN]
    assert corrected == KNOWN[:SPELL_MAX_WORDS]  # the first three misspelt words only
    assert "1 thread found" in page


@pytest.mark.parametrize("app_config", [{"SEARCH_TIME_BUDGET": 0.0}])
def test_past_the_time_budget_the_search_stops_and_says_so(client, corpus, app_config):
    page = page_text(client.get("/search?q=reseau+douar"))
    assert page.count('<a class="title"') < 20  # 31 threads match: the page would be full
    assert ("This search took too long: here is what was found in the time allowed. "
            "Fewer or more precise words will give complete results.") in notice(page)


@pytest.mark.parametrize("app_config", [{"SEARCH_TIME_BUDGET": 0.0}])
def test_past_the_time_budget_exclusions_and_filters_never_fail(client, corpus, app_config):
    for text in ("reseau -douar", "reseau #eau-assainissement status:unsolved after:2020-01-01", "\"reseau du douar\""):
        response = client.get("/search", query_string={"q": text})
        assert response.status_code == 200 and "This search took too long" in page_text(response), text


def test_within_the_budget_the_same_search_is_complete(client, corpus):
    page = page_text(client.get("/search?q=reseau+douar"))
    assert "31 threads found" in page and page.count('<a class="title"') == 20
    assert "took too long" not in page


def test_the_budget_cuts_a_phrase_that_looks_through_many_posts_in_one_step():
    """A phrase whose words are in every post but never side by side: Whoosh looks through all
    of them for one match, in a single step of the matcher, unless the words themselves are
    budgeted."""
    import time

    from whoosh.fields import TEXT, Schema
    from whoosh.query import Phrase

    from forum.search.budget import Budget
    from forum.search.whoosh_backend.budget import within

    ix = ram_index(Schema(body=TEXT(phrase=True)))
    with ix.writer() as writer:
        for _ in range(20000):
            writer.add_document(body="douar reseau")
    phrase = Phrase("body", ["reseau", "douar"])
    with ix.searcher() as searcher:
        started = time.thread_time()
        assert list(searcher.docs_for_query(phrase)) == []
        full = time.thread_time() - started
        budget = Budget(full / 20)
        started = time.thread_time()
        assert list(searcher.docs_for_query(within(phrase, budget))) == []
        cut = time.thread_time() - started
        assert budget.exhausted and cut < full / 4, (full, cut)
        # Within the budget the phrase finds what it finds without it.
        assert list(searcher.docs_for_query(within(Phrase("body", ["douar", "reseau"]), Budget(60)))) == \
            list(searcher.docs_for_query(Phrase("body", ["douar", "reseau"])))
