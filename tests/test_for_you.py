"""Questions for you: invitations first, then open questions and needs matching the skills."""

import re
from datetime import timedelta

import pytest

from forum.boards.services import get_board
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.matching.services import invite_expert
from forum.tags.services import get_tag
from forum.threads.models import Need
from forum.threads.services import reply
from tests.helpers import count_queries, page_text


@pytest.fixture
def karim(make_user):
    """An expert in drilling and irrigation who keeps his skills private (the page is his own)."""
    user = make_user("karim", kind="expert", display_name="Karim Expert")
    user.skills = [get_tag("forage"), get_tag("irrigation")]
    user.public_fields = ""
    db.session.commit()
    return user


@pytest.fixture
def post(make_thread, member):
    """A thread by Alice, `hours` ago, with need status / flags set directly."""

    def make(title, tags=("forage",), hours=1, kind="question", status=None, author=None, **flags):
        thread = make_thread(author or member, title=title, kind=kind, tags=[get_tag(t) for t in tags])
        if kind == "need":
            need = thread.need or Need(thread_id=thread.id)
            need.status = status or "open"
            db.session.add(need)
        for name, value in flags.items():
            setattr(thread, name, value)
        thread.last_activity_at = utcnow() - timedelta(hours=hours)
        db.session.commit()
        return thread

    return make


def titles(page: str, section: str) -> list[str]:
    part = page.split(f"<h2>{section}</h2>", 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a class="title" href="/t/[^"]+" dir="auto">([^<]+)</a>', part)


MATCHES = "Open questions and needs matching your skills"
INVITED = "You were invited to answer"


def test_the_page_needs_a_login(client):
    response = client.get("/for-you")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_non_experts_get_an_explanation_and_a_link_to_their_profile(client, auth, member):
    auth.login(member)
    page = page_text(client.get("/for-you"))
    assert page.count("<h1>") == 1
    assert "Your profile is not an expert profile" in page
    assert 'href="/u/alice/edit"' in page


def test_experts_without_skills_are_told_to_add_some(client, auth, other_member, post):
    post("Question sur un forage")
    auth.login(other_member)
    page = page_text(client.get("/for-you"))
    assert "You have not listed any skill yet" in page and 'href="/u/bob/edit"' in page
    assert "Question sur un forage" not in page


def test_open_matching_threads_unanswered_first_then_most_recent(client, auth, karim, post, member, moderator):
    post("Vieux forage sans réponse", hours=50)
    post("Irrigation goutte à goutte sans réponse", tags=("irrigation", "safran"), hours=5)
    answered = post("Forage déjà discuté", hours=1)
    reply(answered, moderator, "Une première réponse.")
    answered.last_activity_at = utcnow() - timedelta(minutes=30)
    post("Besoin ouvert : étude de forage", kind="need", hours=20)
    post("Besoin en discussion : irrigation", tags=("irrigation",), kind="need", status="in_discussion", hours=30)
    # Left out: other tags, closed needs, closed, solved or deleted threads, other kinds, his own.
    post("Question sur le safran", tags=("safran",))
    post("Besoin terminé : forage", kind="need", status="done")
    post("Besoin pourvu : forage", kind="need", status="matched")
    post("Forage fermé", is_locked=True)
    post("Forage supprimé", is_deleted=True)
    solved = post("Forage résolu")
    solved.solution_post_id = reply(solved, moderator, "La solution.").id
    post("Discussion sur les forages", kind="discussion")
    post("Ma propre question de forage", author=karim)
    archived = post("Forage dans les archives", tags=("forage",))
    archived.board = get_board("financement")
    get_board("financement").is_archived = True
    db.session.commit()

    auth.login(karim)
    page = page_text(client.get("/for-you"))
    assert page.count("<h1>") == 1
    assert titles(page, MATCHES) == [
        "Irrigation goutte à goutte sans réponse", "Besoin ouvert : étude de forage",
        "Besoin en discussion : irrigation", "Vieux forage sans réponse", "Forage déjà discuté",
    ]
    assert INVITED not in page


def test_each_item_shows_board_tags_replies_and_need_status(client, auth, karim, post, moderator):
    need = post("Besoin en discussion : irrigation", tags=("irrigation", "safran"), kind="need", status="in_discussion")
    reply(need, moderator, "Voyons cela.")
    auth.login(karim)
    page = page_text(client.get("/for-you"))
    item = page.split("Besoin en discussion : irrigation", 1)[1].split("</li>", 1)[0]
    assert "Water and sanitation" in item or "Eau et assainissement" in item
    assert "<strong>#irrigation</strong>" in item and "(your skill)" in item
    assert "#safran" in item and "<strong>#safran</strong>" not in item
    assert "1 reply" in item and "In discussion" in item and "Skill need" in item


def test_invitations_come_first_with_who_invited(client, auth, karim, post, member, moderator):
    first = post("Safran : séchage et stockage", tags=("safran",), hours=3)
    second = post("Forage profond à Tafraout", hours=2)
    post("Forage sans invitation", hours=1)
    invite_expert(member, first, karim)
    invite_expert(moderator, second, karim)
    auth.login(karim)
    page = page_text(client.get("/for-you"))
    assert page.index(INVITED) < page.index(MATCHES)
    assert titles(page, INVITED) == ["Forage profond à Tafraout", "Safran : séchage et stockage"]
    invited = page.split(f"<h2>{INVITED}</h2>", 1)[1].split("</section>", 1)[0]
    assert "Invited by Nadia CM" in invited and "Invited by Alice Commune" in invited
    assert titles(page, MATCHES) == ["Forage sans invitation"]  # an invited thread is not listed twice


def test_invitations_to_threads_gone_from_view_are_hidden(client, auth, karim, post, member):
    thread = post("Forage bientôt supprimé")
    invite_expert(member, thread, karim)
    thread.is_deleted = True
    db.session.commit()
    auth.login(karim)
    page = page_text(client.get("/for-you"))
    assert "Forage bientôt supprimé" not in page and INVITED not in page


def test_pagination(client, auth, karim, post, app):
    per_page = app.config["THREADS_PER_PAGE"]
    for n in range(per_page + 3):
        post(f"Question de forage numéro {n:02d}", hours=n + 1)
    auth.login(karim)
    first = page_text(client.get("/for-you"))
    assert len(titles(first, MATCHES)) == per_page
    assert 'href="/for-you?page=2"' in first
    second = titles(page_text(client.get("/for-you?page=2")), MATCHES)
    assert second == [f"Question de forage numéro {n:02d}" for n in range(per_page, per_page + 3)]
    for odd in ("abc", "-2"):
        assert client.get(f"/for-you?page={odd}").status_code == 200
    for past in ("40", "99999999999999999999999"):  # past the last page: the last page
        assert client.get(f"/for-you?page={past}").headers["Location"] == "/for-you?page=2"


def _queries(client) -> int:
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get("/for-you").status_code == 200
    return len(statements)


def test_for_you_queries_do_not_grow(client, auth, karim, post, member, moderator):
    def add(prefix, n):
        for i in range(n):
            invited = post(f"Invitation {prefix} {i}", tags=("safran", "argan"), kind="need")
            invite_expert(member if i % 2 else moderator, invited, karim)
            thread = post(f"Question {prefix} {i} sur le forage", tags=("forage", "irrigation"))
            reply(thread, moderator, "Réponse.")

    auth.login(karim)
    add("a", 2)
    few = _queries(client)
    add("b", 10)
    many = _queries(client)
    assert many == few, (few, many)
    assert many <= 14
