"""The "ask a question / post a need" action on every page, and each member's page of their
own questions and needs."""

import re

import pytest

from forum.boards.services import get_board, set_board_archived
from forum.threads import services
from forum.threads.needs import set_need_status
from forum.threads.solutions import mark_solution
from tests.helpers import PASSWORD, page_text

ASK_LINK = '<a class="ask" href="/new">Ask a question</a>'


def _main(page: str) -> str:
    return page.split('<main id="main">', 1)[1]


def test_every_page_has_the_ask_action_in_its_header(client, auth, member, make_thread):
    thread = make_thread(member)
    for url in ("/", "/questions", "/needs", "/b/eau-assainissement", f"/t/{thread.slug}/{thread.id}", "/experts"):
        assert ASK_LINK in page_text(client.get(url)), url
    auth.login(member)
    page = page_text(client.get("/tags"))
    assert ASK_LINK in page and '<a href="/mine">My questions</a>' in page


def test_the_home_page_starts_with_the_ask_action(client):
    main = _main(page_text(client.get("/")))
    first = re.search(r"<(\w+)[^>]*>", main.strip()).group(0)
    assert first == '<p class="ask-home">'
    assert main.index('href="/new">Ask a question or post a need</a>') < main.index("<h1>")


def test_ask_sends_a_visitor_to_log_in_then_back(client, member):
    response = client.get("/new")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=%2Fnew"
    response = client.post("/login?next=%2Fnew", data={"login": member.username, "password": PASSWORD})
    assert response.headers["Location"] == "/new"
    assert "Ask a question or post a need" in page_text(client.get("/new"))


def test_ask_chooses_the_board_then_opens_the_compose_form(client, auth, member, admin):
    set_board_archived(admin, get_board("tourisme-artisanat-cooperatives"), True)
    auth.login(member)
    page = page_text(client.get("/new"))
    board_select = re.search(r'<select id="ask-board" name="board">.*?</select>', page, flags=re.S).group(0)
    assert 'value="eau-assainissement"' in board_select and 'value="tourisme-artisanat-cooperatives"' not in board_select
    assert '<input type="radio" name="kind" value="question" checked>' in page

    response = client.get("/new?kind=need&board=eau-assainissement")
    assert response.headers["Location"] == "/b/eau-assainissement/new?kind=need"
    compose = page_text(client.get(response.headers["Location"]))
    assert re.search(r'<input checked id="kind-\d" name="kind"[^>]* value="need">', compose)

    for bad in ("/new?board=tourisme-artisanat-cooperatives", "/new?board=nope&kind=bogus", "/new?board="):
        response = client.get(bad)
        assert response.status_code == 200, bad
        assert "Choose the board of your question or need." in page_text(response)


@pytest.fixture
def mine(member, other_member, make_thread):
    """Alice's question (two answers, one the solution), her need (matched), her discussion,
    and Bob's question."""
    question = make_thread(member, title="Comment curer un puits ?")
    services.reply(question, other_member, "Avec une entreprise agréée.")
    answer = services.reply(question, other_member, "Demandez à l'ABH.")
    mark_solution(member, answer)
    need = make_thread(member, title="Besoin d'un hydrogéologue", kind="need")
    set_need_status(member, need, "matched")
    make_thread(member, title="Une simple discussion", kind="discussion")
    make_thread(other_member, title="La question de Bob")
    return question, need


def test_my_questions_and_needs_show_answers_solution_and_need_status(client, auth, member, mine):
    auth.login(member)
    page = page_text(client.get("/mine"))
    items = re.findall(r'<li class="thread">.*?</li>', page, flags=re.S)
    assert len(items) == 2
    need_item, question_item = items  # the most recently active first
    assert "Besoin d&#39;un hydrogéologue" in need_item and '<span class="badge status-matched">Matched</span>' in need_item
    assert "0 answers" in need_item and "Solved" not in need_item
    assert "Comment curer un puits ?" in question_item and "✓</span> Solved" in question_item
    assert "2 answers" in question_item
    assert "Une simple discussion" not in page and "La question de Bob" not in page


def test_my_questions_and_needs_is_for_members_and_paginated(client, auth, app, member, other_member, mine):
    assert client.get("/mine").headers["Location"].startswith("/login")
    auth.login(other_member)
    page = page_text(client.get("/mine"))
    assert "La question de Bob" in page and "Comment curer" not in page
    auth.logout()
    app.config["THREADS_PER_PAGE"] = 1
    auth.login(member)
    first = page_text(client.get("/mine"))
    assert 'href="/mine?page=2"' in first and "Besoin d&#39;un hydrogéologue" in first
    assert "Comment curer un puits ?" in page_text(client.get("/mine?page=2"))
    assert client.get("/mine?page=5").headers["Location"] == "/mine?page=2"


def test_a_member_without_questions_is_told_so(client, auth, make_user):
    auth.login(make_user("nouveau"))
    assert "You have not asked a question or posted a need yet." in page_text(client.get("/mine"))
