"""Experts who could help (suggestions, the thread panel) and invitations."""

import re
from datetime import timedelta

import pytest
from flask import render_template_string
from flask_login import login_user, logout_user
from sqlalchemy import func, select

from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.matching.models import Invitation
from forum.matching.services import experts_panel, invite_expert, suggest_experts
from forum.people.models import join_codes
from forum.tags.services import get_tag
from forum.threads.services import reply
from tests.helpers import count_queries, page_text


@pytest.fixture
def make_expert(make_user):
    """An expert with skills (tag slugs) and public fields; profile columns set directly."""

    def make(username, skills=(), public=("skills",), kind="expert", **profile):
        user = make_user(username, kind=kind, display_name=profile.pop("display_name", username.capitalize()))
        user.skills = [get_tag(slug) for slug in skills]
        user.public_fields = join_codes(public)
        for name, value in profile.items():
            setattr(user, name, value)
        db.session.commit()
        return user

    return make


def mark_solution(thread, post):
    thread.solution_post_id = post.id
    db.session.commit()


WATER = ("forage", "eau-potable", "energie-solaire")


@pytest.fixture
def water_thread(make_thread, member):
    return make_thread(member, title="Quel forage pour le douar ?", tags=[get_tag(s) for s in WATER])


@pytest.fixture
def ranked(make_expert, make_thread, water_thread, member):
    """Experts whose right order for water_thread is known: zora, amine, brahim, chafik, aaron."""
    now = utcnow()
    zora = make_expert("zora", WATER)  # 3 tags in common, never posted
    amine = make_expert("amine", ["forage", "eau-potable", "safran"])  # 2 tags, 1 solution on them
    brahim = make_expert("brahim", ["forage", "energie-solaire"])  # 2 tags, solution on another tag only
    chafik = make_expert("chafik", ["eau-potable", "energie-solaire"])  # 2 tags, posted long ago
    aaron = make_expert("aaron", ["forage", "eau-potable"])  # 2 tags, never posted: before driss by name
    driss = make_expert("driss", ["forage", "eau-potable"])  # 2 tags, never posted: cut by the limit
    make_expert("hidden", WATER, public=("residence",))  # skills not public: never suggested
    make_expert("suspended", WATER).suspended_until = now + timedelta(days=3)
    make_expert("officer", WATER, kind="commune")  # not an expert
    make_expert("solo", ["irrigation"])  # no tag in common
    db.session.commit()

    solved_forage = make_thread(member, title="Forage à 80 mètres", tags=[get_tag("forage")])
    mark_solution(solved_forage, reply(solved_forage, amine, "Pompage solaire, voici comment."))
    solved_safran = make_thread(member, title="Séchage du safran", tags=[get_tag("safran")])
    mark_solution(solved_safran, reply(solved_safran, brahim, "Séchez à l'ombre."))
    old = reply(solved_safran, chafik, "Je confirme.")
    old.created_at = now - timedelta(days=30)
    db.session.commit()
    return {"zora": zora, "amine": amine, "brahim": brahim, "chafik": chafik, "aaron": aaron, "driss": driss}


def test_suggestions_are_ranked_by_overlap_then_solutions_then_activity_then_name(ranked, water_thread):
    suggestions = suggest_experts(water_thread)
    assert [s.expert.username for s in suggestions] == ["zora", "amine", "brahim", "chafik", "aaron"]
    by_name = {s.expert.username: s for s in suggestions}
    assert [t.slug for t in by_name["zora"].skills] == ["eau-potable", "forage", "energie-solaire"]  # the thread page's order
    assert [t.slug for t in by_name["amine"].skills] == ["eau-potable", "forage"]  # not safran
    assert by_name["amine"].solutions == 1
    assert by_name["brahim"].solutions == 0  # his solution is on safran, not on these tags
    assert [s.expert.username for s in suggest_experts(water_thread, limit=10)][-1] == "driss"


def test_the_threads_author_is_never_suggested(make_expert, make_thread):
    author = make_expert("karim", WATER)
    make_expert("zora", WATER)
    thread = make_thread(author, tags=[get_tag("forage")])
    assert [s.expert.username for s in suggest_experts(thread)] == ["zora"]


def test_solutions_on_deleted_threads_do_not_count(ranked, water_thread, make_thread, member):
    gone = make_thread(member, title="Un autre forage", tags=[get_tag("forage")])
    mark_solution(gone, reply(gone, ranked["aaron"], "Ma réponse."))
    assert {s.expert.username: s.solutions for s in suggest_experts(water_thread)}["aaron"] == 1
    gone.is_deleted = True
    db.session.commit()
    assert {s.expert.username: s.solutions for s in suggest_experts(water_thread)}["aaron"] == 0


def test_no_tags_no_suggestion(make_expert, make_thread, member):
    make_expert("zora", WATER)
    assert suggest_experts(make_thread(member)) == []


# -- the panel ----------------------------------------------------------------------------------

def render_panel(app, thread, viewer=None) -> str:
    """The panel as the thread page includes it."""
    with app.test_request_context(f"/t/{thread.slug}/{thread.id}"):
        # The test's app context (and so flask.g, where Flask-Login keeps the user) is shared.
        login_user(viewer) if viewer is not None else logout_user()
        panel = experts_panel(viewer, thread)  # as the thread view asks for it
        return render_template_string('{% include "matching/_experts_panel.html" %}', thread=thread,
                                      experts_panel=panel)


def test_everybody_sees_the_panel_but_only_author_and_moderators_can_invite(
        app, ranked, water_thread, member, moderator, other_member):
    anonymous = render_panel(app, water_thread)
    assert "Experts who could help" in anonymous
    assert "Zora" in anonymous and "Hidden" not in anonymous and "Suspended" not in anonymous
    assert "Driss" not in anonymous  # five at most
    assert "#eau potable #forage #énergie solaire" in anonymous
    assert "1 solution on these topics" in anonymous
    assert "Invite" not in anonymous and "<form" not in anonymous
    assert "<form" not in render_panel(app, water_thread, other_member)
    for viewer in (member, moderator):
        html = render_panel(app, water_thread, viewer)
        assert html.count('name="expert"') == 5
        assert 'value="zora"' in html and 'name="csrf_token"' in html


def test_the_panel_marks_invited_experts_and_lists_invitations(app, ranked, water_thread, member, moderator):
    invite_expert(moderator, water_thread, ranked["amine"])
    html = render_panel(app, water_thread, member)
    assert 'value="amine"' not in html and "Invited" in html
    assert "Invited experts" in html and "invited by Nadia CM" in html
    assert "Invited experts" not in render_panel(app, water_thread)  # not shown to everybody


def test_the_panel_is_only_for_live_questions_and_needs(app, make_thread, member, make_expert, water_thread):
    make_expert("zora", WATER)
    practice = make_thread(member, title="Notre station solaire", kind="practice", tags=[get_tag("forage")])
    assert experts_panel(None, practice) is None
    assert render_panel(app, practice).strip() == ""
    need = make_thread(member, title="Besoin : étude de forage", kind="need", tags=[get_tag("forage")])
    assert "Zora" in render_panel(app, need)
    water_thread.is_deleted = True
    db.session.commit()
    assert experts_panel(None, water_thread) is None


def test_the_panel_explains_why_it_is_empty(app, make_thread, member):
    untagged = make_thread(member)
    assert "this thread has none" in render_panel(app, untagged)
    tagged = make_thread(member, tags=[get_tag("argan")])
    assert "No expert has listed these topics" in render_panel(app, tagged)


statements_of_last_run = []


def _panel_queries(app, thread, viewer) -> int:
    db.session.expire_all()
    with count_queries() as statements:
        render_panel(app, thread, viewer)
    statements_of_last_run[:] = statements
    return len(statements)


def test_panel_queries_do_not_grow_with_the_number_of_experts(app, make_expert, make_thread, member):
    thread = make_thread(member, title="Forage et pompage", tags=[get_tag(s) for s in WATER])
    experts = [make_expert(f"exp{n}", WATER) for n in range(2)]
    invite_expert(member, thread, experts[0])
    few = _panel_queries(app, thread, member)
    more = [make_expert(f"more{n}", WATER) for n in range(10)]
    for expert in more:
        invite_expert(member, thread, expert)
        reply(thread, expert, "Je peux aider.")
    many = _panel_queries(app, thread, member)
    assert many == few, (few, many)
    # Reloads after expire_all (thread, viewer, tags, board), then the panel's own three:
    # suggestions, their skills, the invitations.
    assert many <= 7, statements_of_last_run


def test_the_thread_page_shows_the_panel(client, auth, ranked, water_thread, member):
    url = f"/t/{water_thread.slug}/{water_thread.id}"
    assert "Experts who could help" in page_text(client.get(url))
    auth.login(member)
    page = page_text(client.get(url))
    assert page.count('name="expert"') == 5


def test_thread_page_queries_do_not_grow_with_the_number_of_experts(client, auth, make_expert, make_thread, member):
    thread = make_thread(member, title="Forage et pompage", tags=[get_tag(s) for s in WATER])
    url = f"/t/{thread.slug}/{thread.id}"
    auth.login(member)
    for n in range(2):
        invite_expert(member, thread, make_expert(f"exp{n}", WATER))
    db.session.expire_all()
    with count_queries() as few:
        assert "Exp0" in page_text(client.get(url))
    for n in range(10):
        invite_expert(member, thread, make_expert(f"more{n}", WATER))
    db.session.expire_all()
    with count_queries() as many:
        assert "More9" in page_text(client.get(url))
    assert len(many) == len(few)


# -- invitations --------------------------------------------------------------------------------

def invitations() -> list[tuple[str, str]]:
    rows = db.session.scalars(select(Invitation).order_by(Invitation.id))
    return [(i.expert.username, i.invited_by.username) for i in rows]


def test_the_author_invites_an_expert_once(client, auth, ranked, water_thread, member):
    auth.login(member)
    response = client.post(f"/t/{water_thread.id}/invite", data={"expert": "zora"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/t/{water_thread.slug}/{water_thread.id}#experts")
    page = page_text(client.get(response.headers["Location"]))
    assert "Zora is invited to answer" in page
    assert invitations() == [("zora", "alice")]
    response = client.post(f"/t/{water_thread.id}/invite", data={"expert": "Zora"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Zora was already invited to this thread." in page_text(response)
    assert invitations() == [("zora", "alice")]


def test_a_moderator_may_invite(client, auth, ranked, water_thread, moderator):
    auth.login(moderator)
    client.post(f"/t/{water_thread.id}/invite", data={"expert": "amine"})
    assert invitations() == [("amine", "nadia")]


def test_others_may_not_invite(client, auth, ranked, water_thread, other_member, make_user):
    response = client.post(f"/t/{water_thread.id}/invite", data={"expert": "zora"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.login(other_member)
    response = client.post(f"/t/{water_thread.id}/invite", data={"expert": "zora"})
    assert response.status_code == 403
    assert invitations() == []
    with pytest.raises(NotAllowed):
        invite_expert(other_member, water_thread, ranked["zora"])


@pytest.mark.parametrize("change", ["locked", "practice", "archived"])
def test_no_invitation_on_closed_threads_other_kinds_or_archived_boards(
        client, auth, ranked, water_thread, member, moderator, change):
    if change == "locked":
        water_thread.is_locked = True
    elif change == "practice":
        water_thread.kind = "practice"
    else:
        water_thread.board.is_archived = True
    db.session.commit()
    auth.login(moderator)
    response = client.post(f"/t/{water_thread.id}/invite", data={"expert": "zora"})
    assert response.status_code == 403
    assert invitations() == []


@pytest.mark.parametrize("username, message", [
    ("officer", "Only experts can be invited."),
    ("suspended", "Only experts can be invited."),
    ("nobody-here", "There is no member with the username “nobody-here”."),
    ("", "Choose an expert to invite."),
])
def test_only_active_experts_can_be_invited(client, auth, ranked, water_thread, member, username, message):
    auth.login(member)
    response = client.post(f"/t/{water_thread.id}/invite", data={"expert": username}, follow_redirects=True)
    assert response.status_code == 200
    assert message in page_text(response)
    assert invitations() == []


def test_the_author_cannot_be_invited_to_their_own_thread(make_expert, make_thread, moderator):
    author = make_expert("karim", WATER)
    thread = make_thread(author, tags=[get_tag("forage")])
    with pytest.raises(InvalidInput, match="author"):
        invite_expert(moderator, thread, author)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_invitations_to_missing_or_deleted_threads_are_404(client, auth, ranked, water_thread, member):
    auth.login(member)
    assert client.post("/t/999999/invite", data={"expert": "zora"}).status_code == 404
    water_thread.is_deleted = True
    db.session.commit()
    assert client.post(f"/t/{water_thread.id}/invite", data={"expert": "zora"}).status_code == 404
    assert client.get(f"/t/{water_thread.id}/invite").status_code == 405
    assert invitations() == []


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_the_invite_button_carries_a_token_and_a_post_without_is_refused(
            self, app, client, ranked, water_thread, member):
        html = render_panel(app, water_thread, member)
        for form in re.findall(r"<form.*?</form>", html, flags=re.S):
            assert 'name="csrf_token"' in form
        with client.session_transaction() as session:
            session["_user_id"] = str(member.id)
            session["_fresh"] = True
        response = client.post(f"/t/{water_thread.id}/invite", data={"expert": "zora"})
        assert response.status_code == 400
        assert invitations() == []


@pytest.mark.usefixtures("empty_cache")
class TestPanelKeptForEveryViewer:
    """With the page cache on, the suggestions are computed once for all viewers of a thread and
    dropped by the next write, as a whole anonymous page is; what only some viewers see (the
    invite buttons, the invitations) is never kept."""

    @pytest.fixture
    def app_config(self):
        return {"PAGE_CACHE": True}

    def test_a_second_viewer_gets_the_same_experts_without_the_query(self, client, auth, ranked, water_thread,
                                                                      member, other_member):
        url = f"/t/{water_thread.slug}/{water_thread.id}"
        auth.login(member)
        with count_queries() as first:
            as_author = page_text(client.get(url))
        auth.logout()
        auth.login(other_member)
        with count_queries() as second:
            as_other = page_text(client.get(url))
        names = ["Zora", "Amine", "Brahim", "Chafik", "Aaron"]
        def experts_of(text):
            return list(dict.fromkeys(re.findall("|".join(names), text.split("Experts who could help")[1])))

        assert experts_of(as_author) == experts_of(as_other) == names
        assert as_author.count('name="expert"') == 5 and 'name="expert"' not in as_other  # only the author invites
        assert not any("user_skills" in statement for statement in second)
        assert any("user_skills" in statement for statement in first)

    def test_a_new_skill_shows_at_once_after_its_job(self, app, client, auth, make_expert, water_thread, member,
                                                     run_jobs):
        url = f"/t/{water_thread.slug}/{water_thread.id}"
        auth.login(member)
        make_expert("zora", WATER)
        run_jobs()
        assert "Zora" in page_text(client.get(url)) and "Yasmine" not in page_text(client.get(url))
        make_expert("yasmine", ["forage"], display_name="Yasmine")
        run_jobs()  # the page cache's job: the thread runner does this right after the commit
        assert "Yasmine" in page_text(client.get(url))
