"""Search forgives: misspelt words searched corrected (and said so), tags found as words, and a
search that finds nothing offers to ask the question."""

import html
import re

import pytest

from forum.boards.services import get_board
from forum.tags.services import get_tag
from forum.threads.services import reply
from tests.helpers import page_text


@pytest.fixture
def app_config(search_backend):
    """These tests are about what the corrections say, not the time budget (tested in
    test_search_bounds): a budget no loaded test machine runs out of. The first spelling
    lookup of a fresh index was once seen cut short by the default 0.1 s of CPU under xdist."""
    return {"SEARCH_BACKEND": search_backend, "SEARCH_TIME_BUDGET": 5.0}


@pytest.fixture
def corpus(member, other_member, make_thread):
    water = make_thread(member, title="Réhabilitation du réseau d’eau potable", body="Le réseau fuit de partout.")
    reply(water, other_member, "Commencez par un diagnostic du **réseau** et des compteurs.")
    make_thread(member, title="Extension du réseau vers le douar", body="Qui a déjà étendu un réseau ?")
    make_thread(member, title="Réseau de collecte des eaux usées", body="Station d’épuration ou fosses ?")
    make_thread(member, title="Goutte à goutte pour les oliviers", body="Quel débit par arbre ?",
                target_board=get_board("agriculture-elevage-irrigation"), tags=[get_tag("irrigation")])
    return water


def notice(page: str) -> str:
    """The text of the page's notices, tags removed."""
    found = re.findall(r'<p class="notice">(.*?)</p>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", " ".join(found)))


def test_a_misspelt_word_is_searched_corrected_and_the_page_says_so(client, corpus):
    page = page_text(client.get("/search?q=diagnostik"))
    assert "Results for diagnostic — search instead for diagnostik" in notice(page)
    assert "1 thread found" in page and "<mark>diagnostic</mark>" in page
    assert 'href="/search?q=diagnostik&amp;exact=1"' in page  # searches exactly what was typed


def test_the_correction_applies_whatever_the_number_of_results(client, corpus):
    page = page_text(client.get("/search?q=reseau+diagnostik"))  # "reseau" alone finds 3 threads
    assert "Results for reseau diagnostic — search instead for reseau diagnostik" in notice(page)
    assert "3 threads found" in page


def test_search_instead_searches_exactly_what_was_typed(client, corpus):
    page = page_text(client.get("/search?q=diagnostik&exact=1"))
    assert "Results for" not in page and "0 threads found" in page
    assert "Did you mean: diagnostic" in notice(page)


def test_filters_are_kept_and_not_corrected(client, corpus):
    page = page_text(client.get("/search?q=diagnostik+%23eau-assainissement+kind:question"))
    assert "Results for diagnostic #eau-assainissement kind:question" in notice(page)
    assert "1 thread found" in page


def test_a_plain_word_finds_threads_that_carry_it_only_as_a_tag(client, corpus):
    page = page_text(client.get("/search?q=irrigation"))
    assert "1 thread found" in page and "Goutte à goutte pour les oliviers" in page
    assert "Results for" not in page and "Did you mean" not in page  # a tag's name is no typo
    page = page_text(client.get("/search?q=irrigations+oliviers"))  # plural, with another word
    assert "1 thread found" in page


def test_a_renamed_tag_is_found_by_its_new_name(client, corpus, moderator):
    from forum.extensions import db
    from forum.tags.services import rename_tag

    rename_tag(moderator, get_tag("irrigation"), "arrosage")
    db.session.commit()
    assert "1 thread found" in page_text(client.get("/search?q=arrosage"))


def test_a_search_that_finds_nothing_offers_to_ask_the_question(client, auth, member, corpus):
    page = page_text(client.get("/search?q=Cooperative+apicole+zqxw+%3F+%23sante"))
    assert "0 threads found" in page and "Nobody has asked this yet" in page
    form = page[page.index('action="/new"'):]  # the "ask" page, which chooses the board
    assert 'name="title" value="Cooperative apicole zqxw"' in form  # the words, not the filters
    assert '<option value="sante" selected>' in form
    auth.login(member)
    response = client.get("/new", query_string={"board": "sante", "title": "Cooperative apicole zqxw"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/b/sante/new?kind=question&title=Cooperative+apicole+zqxw"
    compose = page_text(client.get("/b/sante/new?title=Cooperative+apicole+zqxw"))
    assert 'value="Cooperative apicole zqxw"' in compose


def test_within_a_board_the_offer_links_straight_to_its_new_thread_page(client, corpus):
    page = page_text(client.get("/search?q=apiculture&board=sante"))
    assert 'href="/b/sante/new?title=apiculture"' in page and "Ask this question in Santé" in page


def test_a_search_with_results_offers_no_question_and_a_bad_board_is_refused(client, auth, member, corpus):
    assert "Nobody has asked this yet" not in page_text(client.get("/search?q=reseau"))
    auth.login(member)
    page = page_text(client.get("/new?board=nope&title=Un+titre+gard%C3%A9"))
    assert "Choose the board of your question or need." in page
    assert 'name="title" value="Un titre gardé"' in page  # kept for the next try
