"""Questions and needs by where they stand: unanswered, unsolved, solved; the expert's home page."""

import re

import pytest

from forum.boards.services import get_board, set_board_archived
from forum.extensions import db
from forum.moderation.services import set_locked
from forum.tags.services import get_tag
from forum.threads import services
from forum.threads.needs import NeedDetails
from forum.threads.solutions import mark_solution
from tests.helpers import count_queries, page_text


def _titles(page) -> list[str]:
    """Thread titles in the lists of a page, in order."""
    return [re.sub(r"<[^>]+>|✓|Solved|Pinned|Closed", "", t).strip()
            for t in re.findall(r'<a class="title" href="/t/[^"]+">(.*?)</a>', page, flags=re.S)]


@pytest.fixture
def forum(make_thread, member, other_member, make_user):
    """On the water board: an unanswered question, an unsolved one, a solved one, an unanswered
    need, an unanswered discussion; on the roads board: an unanswered question."""
    water, roads = get_board("eau-assainissement"), get_board("routes-infrastructures")
    made = {
        "unanswered": make_thread(member, title="Question sans réponse sur l'eau", tags=[get_tag("forage")]),
        "unsolved": make_thread(member, title="Question avec réponses sur l'eau"),
        "solved": make_thread(member, title="Question résolue sur l'eau", tags=[get_tag("forage")]),
        "need": make_thread(member, title="Besoin d'un hydrogéologue", kind="need",
                            need=NeedDetails("feasibility_study", "2027")),
        "discussion": make_thread(member, title="Discussion libre sur l'eau", kind="discussion"),
        "roads": make_thread(member, title="Question sans réponse sur les routes", target_board=roads),
    }
    services.reply(made["unsolved"], other_member, "Une piste.")
    reply = services.reply(made["solved"], other_member, "La réponse.")
    mark_solution(member, reply)
    assert water.id != roads.id
    return made


def test_forum_wide_lists_by_status(client, forum):
    page = page_text(client.get("/questions?show=unanswered"))
    assert "<h1>Unanswered questions and needs</h1>" in page
    assert sorted(_titles(page)) == sorted([
        "Question sans réponse sur l&#39;eau", "Besoin d&#39;un hydrogéologue", "Question sans réponse sur les routes"])
    page = page_text(client.get("/questions?show=unsolved"))
    assert _titles(page) == ["Question avec réponses sur l&#39;eau"]
    page = page_text(client.get("/questions?show=solved"))
    assert _titles(page) == ["Question résolue sur l&#39;eau"]
    assert "✓</span> Solved" in page
    page = page_text(client.get("/questions"))
    assert len(_titles(page)) == 5 and "Discussion libre" not in page
    page = page_text(client.get("/questions?show=nonsense"))
    assert len(_titles(page)) == 5


def test_tabs_show_counts_and_mark_the_current_one(client, forum):
    page = page_text(client.get("/questions?show=unsolved"))
    tabs = re.search(r'<nav class="tabs".*?</nav>', page, flags=re.S).group(0)
    assert re.search(r'href="/questions">All \(5\)</a>', tabs)
    assert re.search(r'href="/questions\?show=unanswered">Unanswered \(3\)</a>', tabs)
    assert re.search(r'href="/questions\?show=unsolved" aria-current="page">Unsolved \(1\)</a>', tabs)
    assert re.search(r'href="/questions\?show=solved">Solved \(1\)</a>', tabs)
    assert page.count("<h1>") == 1


def test_kind_filter_on_the_forum_wide_list(client, forum):
    page = page_text(client.get("/questions?show=unanswered&kind=need"))
    assert _titles(page) == ["Besoin d&#39;un hydrogéologue"]
    assert "Unanswered (1)" in page
    page = page_text(client.get("/questions?kind=question&show=unanswered"))
    assert len(_titles(page)) == 2
    page = page_text(client.get("/questions?kind=discussion"))  # not a solvable kind: ignored
    assert len(_titles(page)) == 5


def test_closed_threads_are_not_waiting_for_an_answer(client, forum, moderator):
    set_locked(moderator, forum["unanswered"], True)
    page = page_text(client.get("/questions?show=unanswered"))
    assert "Question sans réponse sur l&#39;eau" not in page and "Unanswered (2)" in page


def test_board_lists_by_status_keep_the_tag_and_kind_filters(client, forum):
    page = page_text(client.get("/b/eau-assainissement?show=unanswered"))
    assert sorted(_titles(page)) == ["Besoin d&#39;un hydrogéologue", "Question sans réponse sur l&#39;eau"]
    assert "routes" not in " ".join(_titles(page))
    page = page_text(client.get("/b/eau-assainissement?show=unanswered&tag=forage"))
    assert _titles(page) == ["Question sans réponse sur l&#39;eau"]
    tabs = re.search(r'<nav class="tabs".*?</nav>', page, flags=re.S).group(0)
    # The tabs keep the tag; the filter form keeps the tab.
    assert 'href="/b/eau-assainissement?tag=forage&amp;show=solved">Solved (1)</a>' in tabs
    assert 'href="/b/eau-assainissement?tag=forage">All threads</a>' in tabs
    assert '<input type="hidden" name="show" value="unanswered">' in page
    page = page_text(client.get("/b/eau-assainissement?show=solved&tag=forage&kind=question"))
    assert _titles(page) == ["Question résolue sur l&#39;eau"]
    # Without ?show= the board lists every kind, as before.
    page = page_text(client.get("/b/eau-assainissement"))
    assert len(_titles(page)) == 5
    # A kind with no solutions has no tabs.
    page = page_text(client.get("/b/eau-assainissement?kind=discussion"))
    assert '<nav class="tabs"' not in page and _titles(page) == ["Discussion libre sur l&#39;eau"]


def test_lists_are_paginated(client, forum, member, make_thread, app):
    app.config["THREADS_PER_PAGE"] = 2
    page = page_text(client.get("/questions?show=unanswered"))
    assert len(_titles(page)) == 2 and 'rel="next"' in page
    assert 'href="/questions?show=unanswered&amp;page=2"' in page
    page = page_text(client.get("/questions?show=unanswered&page=2"))
    assert len(_titles(page)) == 1
    app.config["THREADS_PER_PAGE"] = 1
    page = page_text(client.get("/b/eau-assainissement?show=unanswered&page=2"))
    assert len(_titles(page)) == 1 and 'rel="prev"' in page and 'rel="next"' not in page


def test_archived_boards_are_left_out_for_members(client, auth, forum, admin, member):
    set_board_archived(admin, get_board("routes-infrastructures"), True)
    auth.login(member)
    page = page_text(client.get("/questions?show=unanswered"))
    assert "routes" not in " ".join(_titles(page)) and "Unanswered (2)" in page
    auth.logout()
    auth.login(admin)
    page = page_text(client.get("/questions?show=unanswered"))
    assert "Question sans réponse sur les routes" in page and "Unanswered (3)" in page


def test_home_shows_unanswered_questions_first_to_experts(client, auth, forum, other_member, member):
    auth.login(other_member)  # an expert
    page = page_text(client.get("/"))
    assert page.index("Questions without an answer") < page.index("Latest activity")
    assert 'href="/questions?show=unanswered"' in page
    auth.logout()
    auth.login(member)  # a commune official: today's order
    page = page_text(client.get("/"))
    assert page.index("Latest activity") < page.index("Questions without an answer")
    auth.logout()
    page = page_text(client.get("/"))
    assert page.index("Latest activity") < page.index("Questions without an answer")


@pytest.mark.parametrize("url", ["/questions?show=unanswered", "/questions?show=solved", "/questions",
                                 "/b/eau-assainissement?show=unsolved&tag=forage"])
def test_list_pages_have_a_bounded_query_count(client, auth, member, make_user, make_thread, url):
    auth.login(member)

    def fill(n):
        experts = [make_user(kind="expert") for _ in range(3)]
        for i in range(n):
            thread = make_thread(experts[i % 3], title=f"Question numéro {i:03d} sur l'eau",
                                 tags=[get_tag("forage"), get_tag("irrigation")])
            if i % 3:
                post = services.reply(thread, experts[(i + 1) % 3], "Une piste.")
                if i % 3 == 2:
                    mark_solution(thread.author, post)
        db.session.commit()  # as a request would: committed, the counts are recounted before the page

    def queries():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    fill(3)
    few = queries()
    fill(30)
    assert queries() == few
    assert few <= 13  # 11, the bell, and the board's watch level with the new-post counts
