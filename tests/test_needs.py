"""PCD skill needs: what a commune expects and by when, the status moves, the needs lists."""

import re

import pytest

from forum.audit import ModAction
from forum.boards.services import get_board, set_board_archived
from forum.communes.models import Commune
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.tags.services import get_tag
from forum.threads import services
from forum.threads.models import Need, NeedStatus, Post, Thread
from forum.threads.needs import NeedDetails, allowed_statuses, set_need_status
from forum.threads.solutions import mark_solution, unmark_solution
from tests.helpers import PASSWORD, count_queries, page_text


def _commune(slug, name):
    commune = Commune(slug=slug, name=name, province="Tiznit", region="Souss-Massa")
    db.session.add(commune)
    db.session.commit()
    return commune


@pytest.fixture
def tafraout(member):
    """Alice (a commune official) works for Tafraout."""
    commune = _commune("tafraout", "Tafraout")
    member.commune_id = commune.id
    db.session.commit()
    return commune


@pytest.fixture
def need(make_thread, member, tafraout):
    return make_thread(member, title="Besoin d'une étude hydrogéologique", kind="need",
                       tags=[get_tag("forage")], need=NeedDetails("feasibility_study", "avant juin 2027"))


def _url(thread):
    return f"/t/{thread.slug}/{thread.id}"


def _need(thread) -> Need:
    db.session.expire_all()
    return db.session.get(Need, thread.id)


def _set(thread, status):
    """Put a need in a status directly (test setup, not a move)."""
    db.session.get(Need, thread.id).status = status
    db.session.commit()


def new_thread(client, **overrides):
    data = {"title": "Besoin d'un appui pour le réseau d'eau", "body": "Trois douars sans eau potable.",
            "kind": "need", "submit": "1"}
    data.update(overrides)
    return client.post("/b/eau-assainissement/new", data=data)


# -- the form ------------------------------------------------------------------------------

def test_new_thread_form_has_the_need_fields_without_javascript(client, auth, member):
    auth.login(member)
    page = page_text(client.get("/b/eau-assainissement/new"))
    assert re.search(r'<fieldset class="need-fields">\s*<legend>For a skill need</legend>', page)
    assert '<label for="expectation">What do you expect from the experts?</label>' in page
    assert '<label for="time_frame">Time frame</label>' in page
    assert "Feasibility study" in page and "Funding search" in page
    # Under the kind choice, which follows the message.
    assert page.index('name="body"') < page.index('name="kind"') < page.index('class="need-fields"')


def test_a_need_is_created_with_its_details_and_the_author_commune(client, auth, member, tafraout):
    auth.login(member)
    response = new_thread(client, expectation="training", time_frame="  avant   juin 2027 ")
    assert response.status_code == 302
    thread = db.session.query(Thread).one()
    need = _need(thread)
    assert (need.expectation, need.time_frame, need.status, need.commune_id) == (
        "training", "avant juin 2027", "open", tafraout.id)


def test_need_fields_are_required_only_for_a_need(client, auth, member):
    auth.login(member)
    page = page_text(new_thread(client))
    assert "Choose what you expect from the experts." in page and "Say by when you need it." in page
    assert db.session.query(Thread).count() == 0
    page = page_text(new_thread(client, expectation="advice", time_frame="x" * 121))
    assert "At most 120 characters, please." in page
    assert db.session.query(Thread).count() == 0
    assert new_thread(client, kind="question").status_code == 302
    assert db.session.query(Thread).count() == 1 and db.session.query(Need).count() == 0


def test_service_refuses_an_unknown_expectation(member, board):
    with pytest.raises(InvalidInput) as error:
        services.create_thread(board, member, "Besoin d'un appui technique", "Détails.", kind="need",
                               need=NeedDetails("magic"))
    assert error.value.field == "expectation"
    assert db.session.query(Thread).count() == 0


def test_edit_post_changes_need_details_only_when_given(member, need):
    first = db.session.query(Post).filter_by(thread_id=need.id, number=1).one()
    services.edit_post(member, first, first.body, title="Besoin d'une étude hydrogéologique urgente")
    assert (_need(need).expectation, _need(need).time_frame) == ("feasibility_study", "avant juin 2027")
    services.edit_post(member, first, first.body, need=NeedDetails("training", "  en   2028 "))
    assert (_need(need).expectation, _need(need).time_frame) == ("training", "en 2028")
    with pytest.raises(InvalidInput) as error:
        services.edit_post(member, first, first.body, need=NeedDetails("advice", "x" * 121))
    assert error.value.field == "time_frame"


def test_editing_a_need_and_changing_its_kind_keeps_the_row(client, auth, member, need, tafraout):
    first = db.session.query(Post).filter_by(thread_id=need.id, number=1).one()
    auth.login(member)
    page = page_text(client.get(f"/p/{first.id}/edit"))
    assert 'value="avant juin 2027"' in page
    assert re.search(r'<option selected value="feasibility_study">|<option value="feasibility_study" selected>', page)
    data = {"title": need.title, "body": first.body, "kind": "need", "expectation": "advice",
            "time_frame": "d'ici fin 2026", "tags": [str(get_tag("forage").id)], "submit": "1"}
    assert client.post(f"/p/{first.id}/edit", data=data).status_code == 302
    assert (_need(need).expectation, _need(need).time_frame) == ("advice", "d'ici fin 2026")

    set_need_status(member, db.session.get(Thread, need.id), "in_discussion")
    data.update(kind="question", expectation="", time_frame="")
    assert client.post(f"/p/{first.id}/edit", data=data).status_code == 302
    kept = _need(need)
    assert kept is not None and kept.status == "in_discussion" and kept.time_frame == "d'ici fin 2026"
    page = page_text(client.get(_url(need)))
    assert "Time frame" not in page and "PCD axis" not in page
    assert need.title.replace("'", "&#39;") not in page_text(client.get("/needs"))

    data.update(kind="need", expectation="advice", time_frame="d'ici fin 2026")
    client.post(f"/p/{first.id}/edit", data=data)
    assert _need(need).status == "in_discussion"
    assert "In discussion" in page_text(client.get(_url(need)))


def test_a_question_edited_into_a_need_gets_its_row(client, auth, member, make_thread, tafraout):
    thread = make_thread(member, title="D'abord une simple question")
    first = db.session.query(Post).filter_by(thread_id=thread.id, number=1).one()
    auth.login(member)
    response = client.post(f"/p/{first.id}/edit", data={
        "title": thread.title, "body": first.body, "kind": "need", "expectation": "project_setup",
        "time_frame": "2028", "submit": "1"})
    assert response.status_code == 302
    need = _need(thread)
    assert (need.expectation, need.time_frame, need.status, need.commune_id) == (
        "project_setup", "2028", "open", tafraout.id)


def test_thread_page_shows_the_need(client, need):
    page = page_text(client.get(_url(need)))
    block = re.search(r'<section class="need".*?</section>', page, flags=re.S).group(0)
    assert "PCD axis" in block and "Eau et assainissement" in block
    assert "Skills sought" in block and "#forage" in block
    assert "Feasibility study" in block and "avant juin 2027" in block
    assert re.search(r">Open</span> <span class=\"meta\">since \d+ \w+ \d{4}</span>", block)
    assert "Tafraout" in block
    assert "<form" not in block  # visitors cannot change the status
    assert page.count("<h1") == 1


# -- status moves --------------------------------------------------------------------------

AUTHOR_MOVES = {
    "open": {"in_discussion", "matched", "done"},
    "in_discussion": {"open", "matched", "done"},
    "matched": {"in_discussion", "done"},
    "done": set(),
}
PAIRS = [(a, b) for a in AUTHOR_MOVES for b in AUTHOR_MOVES]


@pytest.mark.parametrize(("start", "target"), PAIRS)
def test_the_author_moves_a_need_as_the_rules_allow(member, need, start, target):
    _set(need, start)
    thread = db.session.get(Thread, need.id)
    if target in AUTHOR_MOVES[start]:
        set_need_status(member, thread, target)
        assert _need(need).status == target
    else:
        with pytest.raises(InvalidInput) as error:
            set_need_status(member, thread, target)
        assert error.value.field == "status" and str(error.value.message)
        assert _need(need).status == start


@pytest.mark.parametrize(("start", "target"), PAIRS)
def test_moderators_may_also_reopen_a_done_need(moderator, need, start, target):
    _set(need, start)
    allowed = AUTHOR_MOVES[start] | ({"open", "in_discussion", "matched"} if start == "done" else set())
    thread = db.session.get(Thread, need.id)
    assert {str(s) for s in allowed_statuses(moderator, thread)} == allowed
    if target in allowed:
        set_need_status(moderator, thread, target)
        assert _need(need).status == target
    else:
        with pytest.raises(InvalidInput):
            set_need_status(moderator, thread, target)
        assert _need(need).status == start


def test_refusals_say_why(member, need):
    thread = db.session.get(Thread, need.id)
    with pytest.raises(InvalidInput) as error:
        set_need_status(member, thread, "open")
    assert str(error.value.message) == "This need is already “Open”."
    with pytest.raises(InvalidInput) as error:
        set_need_status(member, thread, "closed-forever")
    assert str(error.value.message) == "Unknown status."
    _set(need, "matched")
    with pytest.raises(InvalidInput) as error:
        set_need_status(member, db.session.get(Thread, need.id), "open")
    assert str(error.value.message) == "A need cannot go from “Matched” to “Open”."
    _set(need, "done")
    with pytest.raises(InvalidInput) as error:
        set_need_status(member, db.session.get(Thread, need.id), "open")
    assert str(error.value.message) == "This need is done: only a community manager can reopen it."


def test_a_move_dates_the_status_and_a_moderator_move_is_logged(member, moderator, need):
    before = _need(need).status_changed_at
    set_need_status(member, db.session.get(Thread, need.id), "in_discussion")
    after = _need(need).status_changed_at
    assert after >= before
    assert db.session.query(ModAction).count() == 0
    set_need_status(moderator, db.session.get(Thread, need.id), "matched")
    assert _need(need).status_changed_at >= after
    entry = db.session.query(ModAction).one()
    assert (entry.action, entry.target_id, entry.actor_id) == ("need_status", need.id, moderator.id)


def test_others_may_not_move_a_need_nor_a_non_need(other_member, member, need, make_thread):
    with pytest.raises(NotAllowed):
        set_need_status(other_member, db.session.get(Thread, need.id), "matched")
    question = make_thread(member, title="Une question, pas un besoin")
    with pytest.raises(NotAllowed):
        set_need_status(member, question, "matched")
    assert _need(need).status == "open" and db.session.get(Need, question.id) is None


def _status_form(page: str) -> str:
    return re.search(r'<form method="post" action="/t/\d+/need-status" class="filters">.*?</form>',
                     page, flags=re.S).group(0)


def _selected(form: str) -> str:
    return re.search(r'<option selected value="(\w+)"', form).group(1)


def test_the_status_form_offers_only_the_allowed_moves(client, auth, member, moderator, need):
    auth.login(member)
    page = page_text(client.get(_url(need)))
    form = _status_form(page)
    assert re.findall(r'<option[^>]*value="(\w+)"', form) == ["open", "in_discussion", "matched", "done"]
    assert '<label for="need-status">Status of the need</label>' in form
    _set(need, "done")
    page = page_text(client.get(_url(need)))
    assert "/need-status" not in page  # done: the author has no move left
    auth.logout()
    auth.login(moderator)
    page = page_text(client.get(_url(need)))
    form = _status_form(page)
    assert re.findall(r'<option[^>]*value="(\w+)"', form) == ["open", "in_discussion", "matched", "done"]
    assert _selected(form) == "done"


def test_the_status_form_moves_the_need_and_shows_refusals(client, auth, member, need):
    auth.login(member)
    response = client.post(f"/t/{need.id}/need-status", data={"need-status": "matched"}, follow_redirects=True)
    assert "The need is now “Matched”." in page_text(response)
    assert _need(need).status == "matched"
    response = client.post(f"/t/{need.id}/need-status", data={"need-status": "open"}, follow_redirects=True)
    assert "A need cannot go from “Matched” to “Open”." in page_text(response)
    assert _need(need).status == "matched"
    response = client.post(f"/t/{need.id}/need-status", data={"need-status": "bogus"}, follow_redirects=True)
    assert "Not a valid choice" in page_text(response) and _need(need).status == "matched"


@pytest.mark.parametrize("status", ["open", "in_discussion", "matched"])
def test_the_status_control_starts_on_the_current_status(client, auth, member, need, status):
    _set(need, status)
    auth.login(member)
    form = _status_form(page_text(client.get(_url(need))))
    assert _selected(form) == status
    # Sent as it starts, it changes nothing (a matched need does not go back to "in discussion").
    response = client.post(f"/t/{need.id}/need-status", data={"need-status": status}, follow_redirects=True)
    assert _need(need).status == status
    page = page_text(response)
    assert "The need stays" in page and 'class="flash error"' not in page


def test_marking_a_solution_on_a_need_offers_to_move_it_to_matched(client, auth, member, other_member, need):
    reply = services.reply(need, other_member, "Je connais un hydrogéologue à Agadir.")
    auth.login(member)
    assert 'id="need-offer"' not in page_text(client.get(_url(need)))  # no solution yet
    response = client.post(f"/p/{reply.id}/solution")
    assert response.headers["Location"] == f"/t/{need.slug}/{need.id}#need-offer"
    page = page_text(client.get(response.headers["Location"]))
    offer = re.search(r'<form[^>]*id="need-offer".*?</form>', page, flags=re.S).group(0)
    assert "Move the need to “Matched”" in offer and 'name="need-status" value="matched"' in offer
    response = client.post(f"/t/{need.id}/need-status", data={"need-status": "matched"}, follow_redirects=True)
    assert "The need is now “Matched”." in page_text(response) and _need(need).status == "matched"
    assert 'id="need-offer"' not in page_text(response)


def test_the_matched_offer_is_only_for_active_needs_and_their_movers(client, auth, member, other_member, need,
                                                                     make_thread):
    reply = services.reply(need, other_member, "Je connais un hydrogéologue à Agadir.")
    _set(need, "done")
    auth.login(member)
    response = client.post(f"/p/{reply.id}/solution")
    assert response.headers["Location"] == f"/t/{need.slug}/{need.id}/2"  # to the reply, no offer
    assert 'id="need-offer"' not in page_text(client.get(_url(need)))
    _set(need, "open")
    auth.logout()
    auth.login(other_member)  # may not move the need
    assert 'id="need-offer"' not in page_text(client.get(_url(need)))
    question = make_thread(member, title="Une simple question")
    answer = services.reply(question, other_member, "Une réponse.")
    auth.logout()
    auth.login(member)
    assert client.post(f"/p/{answer.id}/solution").headers["Location"] == f"/t/{question.slug}/{question.id}/2"


def test_moving_a_need_to_another_board_says_its_pcd_axis_changes(client, auth, moderator, need, make_thread,
                                                                   member):
    auth.login(moderator)
    page = page_text(client.get(_url(need)))
    assert "moving this need changes its PCD axis (now “Eau et assainissement”)" in page
    funding = get_board("financement")
    response = client.post(f"/mod/t/{need.id}/move", data={"board": funding.id}, follow_redirects=True)
    page = page_text(response)
    assert "its PCD axis changed from “Eau et assainissement” to “Financement”." in page
    assert '<dd><a href="/b/financement/needs" dir="auto">Financement</a></dd>' in page
    question = make_thread(member, title="Une simple question")
    response = client.post(f"/mod/t/{question.id}/move", data={"board": funding.id}, follow_redirects=True)
    assert "Thread moved to Financement." in page_text(response) and "PCD axis" not in page_text(response)


def test_the_status_form_is_refused_to_others(client, auth, other_member, need):
    auth.login(other_member)
    assert "/need-status" not in page_text(client.get(_url(need)))
    assert client.post(f"/t/{need.id}/need-status", data={"need-status": "done"}).status_code == 403
    assert _need(need).status == "open"
    auth.logout()
    assert client.post(f"/t/{need.id}/need-status", data={"need-status": "done"}).status_code == 302  # log in first
    assert _need(need).status == "open"


# -- the needs lists -----------------------------------------------------------------------

@pytest.fixture
def needs(make_thread, member, other_member, tafraout, need):
    """Needs of Tafraout (water: open; roads: matched) and of Tiznit (water: in discussion; done)."""
    tiznit = _commune("tiznit", "Tiznit")
    other_member.commune_id = tiznit.id
    db.session.commit()
    roads = make_thread(member, title="Besoin d'un ingénieur routier", kind="need", need=NeedDetails("advice",
                        "2026"), target_board=get_board("routes-infrastructures"))
    _set(roads, "matched")
    talking = make_thread(other_member, title="Besoin d'un plan d'assainissement", kind="need",
                          need=NeedDetails("training", "2027"))
    _set(talking, "in_discussion")
    finished = make_thread(other_member, title="Besoin d'une formation au pompage", kind="need",
                           need=NeedDetails("training", "2025"))
    _set(finished, "done")
    make_thread(member, title="Une question qui n'est pas un besoin")
    return {"open": need, "matched": roads, "in_discussion": talking, "done": finished, "tiznit": tiznit}


def _need_titles(page):
    return sorted(re.sub(r'<span class="badge[^"]*">.*?</span>|<[^>]+>', "", t).strip()
                  for t in re.findall(r'<a class="title" href="/t/[^"]+">(.*?)</a>', page, flags=re.S))


def test_needs_page_lists_open_and_in_discussion_needs_by_default(client, needs):
    page = page_text(client.get("/needs"))
    assert "<h1>Skill needs</h1>" in page and page.count("<h1>") == 1
    assert _need_titles(page) == ["Besoin d&#39;un plan d&#39;assainissement",
                                  "Besoin d&#39;une étude hydrogéologique"]
    item = re.search(r'<li class="thread">.*?étude hydrogéologique.*?</li>', page, flags=re.S).group(0)
    assert ">Open</span>" in item and "Tafraout" in item and "Feasibility study" in item
    assert "avant juin 2027" in item and "Eau et assainissement" in item
    assert '<label for="n-status">Status</label>' in page and '<label for="n-commune">Commune</label>' in page


@pytest.mark.parametrize(("query", "expected"), [
    ("status=matched", ["Besoin d&#39;un ingénieur routier"]),
    ("status=done", ["Besoin d&#39;une formation au pompage"]),
    ("status=all", 4),
    ("status=nonsense", 2),
    ("board=routes-infrastructures&status=all", ["Besoin d&#39;un ingénieur routier"]),
    ("commune=tiznit&status=all", ["Besoin d&#39;un plan d&#39;assainissement", "Besoin d&#39;une formation au pompage"]),
    ("commune=tafraout&board=eau-assainissement", ["Besoin d&#39;une étude hydrogéologique"]),
])
def test_needs_filters(client, needs, query, expected):
    titles = _need_titles(page_text(client.get(f"/needs?{query}")))
    assert titles == expected if isinstance(expected, list) else len(titles) == expected


def test_board_needs_page(client, needs):
    page = page_text(client.get("/b/eau-assainissement/needs?status=all"))
    assert "<h1>Skill needs · Eau et assainissement</h1>" in page
    assert len(_need_titles(page)) == 3
    assert "Skill needs on this axis" in page_text(client.get("/b/eau-assainissement"))


def test_unknown_filters_are_404(client, needs):
    assert client.get("/needs?commune=atlantis").status_code == 404
    assert client.get("/needs?board=atlantis").status_code == 404
    assert client.get("/b/atlantis/needs").status_code == 404


def test_needs_list_service_for_other_pages(member, admin, needs):
    tafraout = db.session.query(Commune).filter_by(slug="tafraout").one()
    found = services.needs_list(member, commune=tafraout, statuses=list(NeedStatus))
    assert sorted(t.title for t in found.items) == ["Besoin d'un ingénieur routier", "Besoin d'une étude hydrogéologique"]
    assert {t.need.status for t in found.items} == {"open", "matched"}
    assert [t.title for t in services.needs_list(member, statuses=["done"]).items] == ["Besoin d'une formation au pompage"]
    set_board_archived(admin, get_board("routes-infrastructures"), True)
    assert len(services.needs_list(member, commune=tafraout, statuses=list(NeedStatus)).items) == 1
    assert len(services.needs_list(admin, commune=tafraout, statuses=list(NeedStatus)).items) == 2
    assert [c.slug for c in services.communes_with_needs()] == ["tafraout", "tiznit"]


def test_needs_page_is_paginated_and_has_a_bounded_query_count(client, make_thread, member, tafraout, app):
    def queries():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get("/needs").status_code == 200
        return len(statements)

    for n in range(2):
        make_thread(member, title=f"Besoin numéro {n:02d} pour l'eau", kind="need", tags=[get_tag("forage")],
                    need=NeedDetails("advice", "2027"))
    few = queries()
    for n in range(2, 30):
        make_thread(member, title=f"Besoin numéro {n:02d} pour l'eau", kind="need", tags=[get_tag("forage")],
                    need=NeedDetails("advice", "2027"))
    assert queries() == few
    assert few <= 12
    app.config["THREADS_PER_PAGE"] = 10
    page = page_text(client.get("/needs?page=3"))
    assert len(_need_titles(page)) == 10 and 'rel="prev"' in page and 'rel="next"' not in page


# -- CSRF ----------------------------------------------------------------------------------

class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_every_new_form_carries_a_token_and_none_works_without(self, client, member, other_member, need):
        services.reply(need, other_member, "Je peux aider.")
        login = page_text(client.get("/login"))
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', login).group(1)
        client.post("/login", data={"login": "alice", "password": PASSWORD, "csrf_token": token})
        page = page_text(client.get(_url(need)))
        forms = re.findall(r'<form[^>]*method="post".*?</form>', page, flags=re.S)
        assert any("need-status" in f for f in forms) and any("/solution" in f for f in forms)
        reply = db.session.query(Post).filter_by(thread_id=need.id, number=2).one()
        mark_solution(db.session.get(Thread, need.id).author, reply)
        page = page_text(client.get(_url(need)))
        offer = re.search(r'<form[^>]*id="need-offer".*?</form>', page, flags=re.S).group(0)
        offer_token = re.search(r'name="need-csrf_token" value="([^"]+)"', offer).group(1)
        client.post(f"/t/{need.id}/need-status", data={"need-status": "matched", "need-csrf_token": offer_token})
        assert _need(need).status == "matched"  # the one-button offer carries a working token
        unmark_solution(db.session.get(Thread, need.id).author, db.session.get(Thread, need.id))
        _set(need, "open")
        page = page_text(client.get(_url(need)))
        forms = re.findall(r'<form[^>]*method="post".*?</form>', page, flags=re.S)
        for form in forms:
            assert re.search(r'name="([\w-]+-)?csrf_token"', form), form[:200]
        reply = db.session.query(Post).filter_by(thread_id=need.id, number=2).one()
        assert client.post(f"/p/{reply.id}/solution").status_code == 400
        assert client.post(f"/t/{need.id}/need-status", data={"need-status": "done"}).status_code == 400
        db.session.expire_all()
        assert db.session.get(Thread, need.id).solution_post_id is None and _need(need).status == "open"
