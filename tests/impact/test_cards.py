"""Capitalisation cards: written from a solved thread, reviewed and published by a moderator,
read in the Bibliothèque (one page, the booklet), linked from the thread page."""

import pytest

from forum.audit import ModAction
from forum.communes.models import Commune
from forum.db import transaction
from forum.extensions import db
from forum.impact.cards import services as cards
from forum.impact.models import Card
from forum.tags.services import get_tag
from forum.threads import services as threads
from forum.threads import solutions
from tests.helpers import count_queries, page_text

SOLUTION = "Nous avons installé une **pompe solaire** de 3 kW; la coopérative l’entretient."


@pytest.fixture
def commune(app):
    with transaction():
        commune = Commune(slug="tafraout", name="Tafraout", province="Tiznit", region="Souss-Massa")
        db.session.add(commune)
    return commune


@pytest.fixture
def solved(member, other_member, make_thread, commune):
    """Alice's question (she is an official of Tafraout), solved by Bob's reply."""
    with transaction():
        member.commune_id = commune.id
    thread = make_thread(member, title="Pomper l’eau du puits sans électricité", body="Le puits du douar est à 40 m.",
                         tags=[get_tag("eau-potable")])
    with transaction():
        answer = threads.reply(thread, other_member, SOLUTION)
        solutions.mark_solution(member, answer)
    return thread


def _form(**changes):
    data = {"title": "Une pompe solaire pour le puits du douar", "commune": "", "board": "", "context": "",
            "problem": "Le puits est profond.", "solution": SOLUTION, "costs": "45 000 MAD, trois mois.",
            "helpers": "Bob, expert", "watch_out": "Prévoir un abri pour les panneaux.", "save": "1"}
    data.update(changes)
    return data


def _write(client, thread, **changes):
    data = _form(board=str(thread.board_id), **changes)
    return client.post(f"/t/{thread.id}/card/new", data=data)


def _publish(client, auth, thread, writer, moderator):
    auth.login(writer)
    _write(client, thread, save="", submit_review="1", commune=str(thread.author.commune_id or ""),
           tags=[str(tag.id) for tag in thread.tags])
    auth.logout()
    card = db.session.scalar(db.select(Card).where(Card.thread_id == thread.id))
    auth.login(moderator)
    assert client.post(f"/cards/{card.id}/publish").status_code == 302
    auth.logout()
    db.session.expire_all()
    return card


# -- writing ---------------------------------------------------------------------------------

def test_the_form_starts_from_the_thread(client, auth, member, solved, commune):
    auth.login(member)
    text = page_text(client.get(f"/t/{solved.id}/card/new"))
    assert "Pomper l’eau du puits sans électricité" in text  # title
    assert "Le puits du douar est à 40 m." in text  # problem: the question
    assert "pompe solaire" in text  # solution: the solution post's Markdown
    assert "Bob Expert" in text  # who helped
    assert f'<option selected value="{commune.id}">Tafraout</option>' in text
    assert f'<option selected value="{solved.board_id}">' in text
    assert f'value="{get_tag("eau-potable").id}" checked' in text or "checked" in text
    assert "Save draft" in text and "Submit for review" in text


def test_a_draft_is_saved_rendered_and_seen_only_by_its_writer_and_moderators(
        client, auth, member, other_member, moderator, solved):
    auth.login(member)
    response = _write(client, solved, watch_out="<script>alert(1)</script> **attention** aux crues")
    card = db.session.scalar(db.select(Card))
    assert response.status_code == 302 and response.headers["Location"] == f"/bibliotheque/{card.id}"
    assert card.status == "draft"
    assert "<h2>What to watch out for</h2>" in card.body_html and "<strong>attention</strong>" in card.body_html
    assert "<script>" not in card.body_html
    page = page_text(client.get(f"/bibliotheque/{card.id}"))
    assert "Draft" in page and "<strong>pompe solaire</strong>" in page and "&lt;script&gt;" not in page
    auth.logout()
    assert client.get(f"/bibliotheque/{card.id}").status_code == 404
    auth.login(other_member)
    assert client.get(f"/bibliotheque/{card.id}").status_code == 404
    auth.logout()
    auth.login(moderator)
    assert client.get(f"/bibliotheque/{card.id}").status_code == 200
    assert db.session.scalar(db.select(ModAction.action).where(ModAction.target_type == "card")) == "card_created"


def test_only_the_asker_or_a_moderator_writes_a_card_from_a_solved_thread(
        client, auth, member, other_member, moderator, solved, make_thread):
    auth.login(other_member)
    assert client.get(f"/t/{solved.id}/card/new").status_code == 403
    assert _write(client, solved).status_code == 403
    auth.logout()
    unsolved = make_thread(member, title="Une question sans solution")
    auth.login(member)
    assert client.get(f"/t/{unsolved.id}/card/new").status_code == 403
    assert client.get("/t/999999/card/new").status_code == 404
    assert client.get(f"/t/{2**40}/card/new").status_code == 404
    auth.logout()
    auth.login(moderator)
    assert client.get(f"/t/{solved.id}/card/new").status_code == 200
    assert db.session.scalar(db.select(db.func.count(Card.id))) == 0


def test_a_thread_has_one_card(client, auth, member, moderator, solved):
    auth.login(member)
    _write(client, solved)
    auth.logout()
    auth.login(moderator)
    response = client.get(f"/t/{solved.id}/card/new")
    card = db.session.scalar(db.select(Card))
    assert response.status_code == 302 and response.headers["Location"] == f"/bibliotheque/{card.id}"


@pytest.mark.parametrize("changes, message", [
    ({"problem": ""}, "This section is required."),
    ({"title": "ab"}, "Between 3 and 200 characters"),
    ({"costs": "x" * 10_001}, "At most 10000 characters"),
    ({"commune": "999999"}, "Not a valid choice"),
    ({"commune": "abc"}, "Invalid Choice"),
    ({"board": "abc"}, "Invalid Choice"),
    ({"tags": "99999999999"}, "not a valid choice"),
    ({"context": "nul\x00here"}, None),
])
def test_bad_input_is_a_form_error_never_a_500(client, auth, member, solved, changes, message):
    auth.login(member)
    data = _form(board=str(solved.board_id))
    data.update(changes)
    response = client.post(f"/t/{solved.id}/card/new", data=data)
    if message is None:
        assert response.status_code == 302
        assert "\x00" not in db.session.scalar(db.select(Card.context))
    else:
        assert response.status_code == 200
        assert message.lower() in page_text(response).lower()
        assert db.session.scalar(db.select(db.func.count(Card.id))) == 0


def test_submit_publish_and_return_with_a_message(client, auth, member, moderator, solved, mailbox, run_jobs):
    auth.login(member)
    _write(client, solved)
    card = db.session.scalar(db.select(Card))
    assert client.post(f"/cards/{card.id}/publish").status_code == 403
    assert client.post(f"/cards/{card.id}/submit").status_code == 302
    db.session.expire_all()
    assert card.status == "submitted" and card.submitted_at is not None
    auth.logout()
    auth.login(moderator)
    queue = page_text(client.get("/mod/cards"))
    assert "Une pompe solaire pour le puits du douar" in queue
    client.post(f"/cards/{card.id}/publish")
    db.session.expire_all()
    assert card.status == "published" and card.reviewed_by_id == moderator.id
    assert "No card is waiting for review." in page_text(client.get("/mod/cards"))
    assert "Une pompe solaire" in page_text(client.get("/bibliotheque"))
    # Back to draft, with a message the writer reads on the card and in a mail.
    response = client.post(f"/cards/{card.id}/return", data={"message": "Précisez le coût des panneaux."})
    assert response.status_code == 302
    db.session.expire_all()
    assert card.status == "draft" and card.published_at is None
    run_jobs()
    received = mailbox.wait_for(1) if hasattr(mailbox, "wait_for") else None
    auth.logout()
    auth.login(member)
    page = page_text(client.get(f"/bibliotheque/{card.id}"))
    assert "Sent back by Nadia CM" in page and "Précisez le coût des panneaux." in page
    actions = list(db.session.scalars(db.select(ModAction.action).where(ModAction.target_type == "card")
                                      .order_by(ModAction.id)))
    assert actions == ["card_created", "card_submitted", "card_published", "card_returned"]
    assert received is None or "Précisez le coût des panneaux." in received[0].text


def test_an_empty_return_message_is_refused(client, auth, member, moderator, solved):
    card = _publish(client, auth, solved, member, moderator)
    auth.login(moderator)
    client.post(f"/cards/{card.id}/return", data={"message": "  "})
    db.session.expire_all()
    assert card.status == "published"


def test_the_writer_edits_until_published_moderators_always(client, auth, member, moderator, solved):
    auth.login(member)
    _write(client, solved)
    card = db.session.scalar(db.select(Card))
    assert client.get(f"/cards/{card.id}/edit").status_code == 200
    response = client.post(f"/cards/{card.id}/edit", data=_form(board=str(solved.board_id), title="Titre corrigé"))
    assert response.status_code == 302
    db.session.expire_all()
    assert card.title == "Titre corrigé"
    auth.logout()
    card = _publish(client, auth, solved, member, moderator)
    auth.login(member)
    assert client.get(f"/cards/{card.id}/edit").status_code == 403
    auth.logout()
    auth.login(moderator)
    client.post(f"/cards/{card.id}/edit", data=_form(board=str(solved.board_id), title="Titre du modérateur"))
    db.session.expire_all()
    assert card.title == "Titre du modérateur" and card.status == "published"


# -- reading ---------------------------------------------------------------------------------

def test_the_card_page_shows_its_context_and_sources(client, auth, member, moderator, solved):
    card = _publish(client, auth, solved, member, moderator)
    page = page_text(client.get(f"/bibliotheque/{card.id}"))
    assert "Tafraout" in page and "(Tiznit)" in page and f"#{get_tag('eau-potable').name}" in page
    assert "<h2>The solution adopted</h2>" in page and "<h2>Costs and time</h2>" in page
    assert f"/t/{solved.slug}/{solved.id}" in page
    assert f"/t/{solved.slug}/{solved.id}/2" in page  # its solution, post #2
    assert "Written by Alice Commune" in page and "published on" in page


def test_the_thread_page_links_to_its_card(client, auth, member, moderator, other_member, solved):
    url = f"/t/{solved.slug}/{solved.id}"
    auth.login(member)
    assert "Write a capitalisation card" in page_text(client.get(url))
    auth.logout()
    auth.login(other_member)
    assert "Write a capitalisation card" not in page_text(client.get(url))
    auth.logout()
    card = _publish(client, auth, solved, member, moderator)
    page = page_text(client.get(url))
    assert "What was learned here is in the Bibliothèque" in page and f"/bibliotheque/{card.id}" in page
    auth.login(member)
    assert "Write a capitalisation card" not in page_text(client.get(url))


def _many_cards(author, board_slugs, n_each, commune=None):
    from forum.boards.services import get_board

    with transaction():
        for slug in board_slugs:
            board = get_board(slug)
            for i in range(n_each):
                thread = threads.create_thread(board, author, f"Sujet {slug} {i}", "Corps du sujet")
                answer = threads.reply(thread, author, "La solution")
                thread.solution_post_id = answer.id
                card = Card(thread=thread, solution_post_id=answer.id, author_id=author.id, board=board,
                            commune=commune, title=f"Fiche {slug} {i}", problem="p", solution="s",
                            body_html="<p>s</p>", status="published", published_at=db.func.now())
                card.tags = [get_tag("eau-potable")] if i % 2 == 0 else []
                db.session.add(card)


def test_the_library_groups_by_axis_filters_and_keeps_a_constant_statement_count(
        client, member, moderator, commune):
    _many_cards(moderator, ["eau-assainissement"], 2, commune)
    with count_queries() as few:
        client.get("/bibliotheque")
    _many_cards(moderator, ["eau-assainissement", "financement"], 6, commune)
    with count_queries() as many:
        page = page_text(client.get("/bibliotheque"))
    assert len(many) == len(few)
    assert page.index("Fiche eau-assainissement 0") < page.index("Fiche financement 0")
    filtered = page_text(client.get("/bibliotheque?tag=eau-potable"))
    assert "Fiche eau-assainissement 0" in filtered and "Fiche eau-assainissement 1" not in filtered
    by_axis = page_text(client.get("/bibliotheque?axis=financement"))
    assert "Fiche financement 0" in by_axis and "Fiche eau-assainissement 0" not in by_axis
    assert client.get("/bibliotheque?tag=no-such-tag").status_code == 404
    assert client.get("/bibliotheque?axis=nope%00").status_code == 404
    assert client.get("/bibliotheque?page=99999999999").status_code in (200, 302)


def test_the_library_is_paginated(client, moderator):
    _many_cards(moderator, ["eau-assainissement"], 32)
    first = page_text(client.get("/bibliotheque"))
    assert "Fiche eau-assainissement 31" in first and "Fiche eau-assainissement 0<" not in first
    second = page_text(client.get("/bibliotheque?page=2"))
    assert "Fiche eau-assainissement 0<" in second


def test_the_booklet_has_a_cover_contents_and_one_card_a_page(client, auth, member, moderator, solved):
    card = _publish(client, auth, solved, member, moderator)
    page = page_text(client.get("/bibliotheque/livret"))
    assert "Bibliothèque of capitalisation cards" in page and "Contents" in page
    assert f'href="#card-{card.id}"' in page and f'id="card-{card.id}"' in page
    assert "<h2>The solution adopted</h2>" in page
    assert page.count('class="card-page booklet-card"') == 1


def test_a_drafts_writer_finds_it_in_the_library(client, auth, member, solved):
    auth.login(member)
    _write(client, solved)
    page = page_text(client.get("/bibliotheque"))
    assert "Your cards in progress" in page and "Une pompe solaire pour le puits du douar" in page


def test_the_header_links_to_the_library(client):
    assert 'href="/bibliotheque"' in page_text(client.get("/"))


def test_services_refuse_what_the_predicates_refuse(app, other_member, solved):
    with pytest.raises(Exception) as refused:
        cards.create_card(other_member, solved, cards.CardFields(title="Essai", problem="p", solution="s"),
                          board=solved.board)
    assert type(refused.value).__name__ == "NotAllowed"


def test_card_pages_use_no_id_twice(client, auth, member, moderator, solved):
    import re
    from collections import Counter

    auth.login(member)
    _write(client, solved, save="", submit_review="1")
    card = db.session.scalar(db.select(Card))
    urls = [f"/t/{solved.id}/card/new", f"/bibliotheque/{card.id}", "/bibliotheque"]
    auth.logout()
    auth.login(moderator)
    urls += [f"/bibliotheque/{card.id}", f"/cards/{card.id}/edit", "/mod/cards", "/bibliotheque/livret"]
    for url in urls:
        response = client.get(url)
        ids = Counter(re.findall(r'\sid="([^"]+)"', page_text(response)))
        assert response.status_code in (200, 302), url
        assert [i for i, n in ids.items() if n > 1] == [], url


def test_a_card_of_an_archived_board_is_hidden_like_its_threads(client, auth, member, moderator, admin, solved):
    from forum.boards.services import set_board_archived

    card = _publish(client, auth, solved, member, moderator)
    with transaction():
        set_board_archived(admin, solved.board, True)
    assert client.get(f"/bibliotheque/{card.id}").status_code == 404
    assert "Une pompe solaire" not in page_text(client.get("/bibliotheque"))
    assert "Une pompe solaire" not in page_text(client.get("/bibliotheque/livret"))
    auth.login(moderator)
    assert client.get(f"/bibliotheque/{card.id}").status_code == 200
    assert "Une pompe solaire" in page_text(client.get("/bibliotheque"))


def test_the_moderation_log_names_card_actions_and_links_to_the_card(client, auth, member, moderator, solved):
    card = _publish(client, auth, solved, member, moderator)
    auth.login(moderator)
    log = page_text(client.get("/mod/log"))
    assert "card published" in log and "card submitted" in log and f'href="/bibliotheque/{card.id}"' in log


def test_a_moderator_returns_a_submitted_card_from_the_queue(client, auth, member, moderator, solved):
    auth.login(member)
    _write(client, solved, save="", submit_review="1")
    card = db.session.scalar(db.select(Card))
    auth.logout()
    auth.login(moderator)
    page = page_text(client.get(f"/bibliotheque/{card.id}"))
    assert "Publish" in page and "Send back to its writer" in page
    client.post(f"/cards/{card.id}/return", data={"message": "Ajoutez les coûts."})
    db.session.expire_all()
    assert card.status == "draft"
    assert "No card is waiting for review." in page_text(client.get("/mod/cards"))
    auth.logout()
    auth.login(member)
    assert "Submit for review" in page_text(client.get(f"/bibliotheque/{card.id}"))


@pytest.mark.usefixtures("empty_cache")
class TestWithThePageCache:
    """A solved thread known to have no card skips the card's statement until the next write;
    a card written then shows at once (after the page cache's job, run right after the commit)."""

    @pytest.fixture
    def app_config(self):
        return {"PAGE_CACHE": True}

    def test_the_card_shows_at_once_and_no_card_costs_no_statement(self, client, auth, member, moderator, solved,
                                                                   run_jobs):
        url = f"/t/{solved.slug}/{solved.id}"
        auth.login(member)
        with count_queries() as first:
            assert "Write a capitalisation card" in page_text(client.get(url))
        with count_queries() as second:
            assert "Write a capitalisation card" in page_text(client.get(url))
        assert any("FROM cards" in statement for statement in first)
        assert not any("FROM cards" in statement for statement in second)
        auth.logout()
        card = _publish(client, auth, solved, member, moderator)
        run_jobs()
        auth.login(member)
        page = page_text(client.get(url))
        assert f"/bibliotheque/{card.id}" in page and "Write a capitalisation card" not in page
