"""Published capitalisation cards are searchable: ranked before the posts, alone with kind:card,
gone when unpublished, kept by a rebuild, and the drift check counts them."""

import pytest

from forum.db import transaction
from forum.extensions import db
from forum.impact.cards import services as cards
from forum.impact.models import Card
from forum.search import service
from forum.tags.services import get_tag
from forum.threads import services as threads
from forum.threads import solutions
from tests.helpers import page_text


@pytest.fixture
def app_config():
    """A generous time budget: these tests are about what is found and in which order, not
    about the budget (tests/search/test_search_bounds.py), on a loaded CI machine too."""
    return {"SEARCH_TIME_BUDGET": 5.0}


@pytest.fixture
def solved(member, other_member, make_thread):
    thread = make_thread(member, title="Pomper l’eau du puits sans électricité", body="Le puits du douar est à 40 m.",
                         tags=[get_tag("eau-potable")])
    with transaction():
        answer = threads.reply(thread, other_member, "Une pompe photovoltaïque de 3 kW suffit.")
        solutions.mark_solution(member, answer)
    return thread


def _card(author, thread, status="published", moderator=None):
    with transaction():
        card = cards.create_card(author, thread, cards.CardFields(
            title="Une pompe solaire pour le puits", problem="Le puits est profond.",
            solution="Des panneaux et un onduleur, entretenus par la coopérative (tamazirt)."),
            board=thread.board, tags=thread.tags, submit=status != "draft")
        if status == "published":
            cards.publish_card(moderator, card)
    return card


def _index(app):
    """The index, with the pending index jobs applied (SEARCH_SYNC applies them before searches only)."""
    app.extensions["search"].apply_all()
    return app.extensions["search"].index


def test_a_published_card_is_found_by_its_solution_before_the_posts(
        app, client, member, moderator, solved, make_thread):
    make_thread(member, title="Entretien des panneaux de la coopérative", body="La coopérative entretient les panneaux.")
    card = _card(member, solved, moderator=moderator)
    found = service.search(member, "coopérative panneaux")
    assert [hit.item.title for hit in found.records] == [card.title]
    assert found.hits and found.hits[0].thread.title == "Entretien des panneaux de la coopérative"
    page = page_text(client.get("/search?q=coopérative+panneaux"))
    assert page.index(f"/bibliotheque/{card.id}") < page.index("Entretien des ")
    assert "Capitalisation cards" in page


def test_kind_card_gives_only_cards(app, client, member, moderator, solved, make_thread):
    make_thread(member, title="Panneaux et coopérative", body="La coopérative entretient les panneaux.")
    card = _card(member, solved, moderator=moderator)
    found = service.search(member, "panneaux kind:card")
    assert found.records_only and found.hits == [] and found.total == 1
    assert [hit.item.url_values for hit in found.records] == [{"card_id": card.id}]
    assert service.search(member, "kind:card").total == 1  # no words: every card, the newest first
    page = page_text(client.get("/search?q=panneaux+kind%3Acard"))
    assert f"/bibliotheque/{card.id}" in page and "Panneaux et coopérative" not in page
    # A kind of thread leaves the cards out.
    assert service.search(member, "panneaux kind:question").records == []


def test_a_draft_or_a_submitted_card_is_not_found(app, member, moderator, solved):
    _card(member, solved, status="submitted")
    assert service.search(member, "onduleur").records == []
    assert service.search(member, "onduleur kind:card").total == 0


def test_a_card_sent_back_leaves_the_index(app, member, moderator, solved):
    card = _card(member, solved, moderator=moderator)
    assert service.search(member, "onduleur").records
    with transaction():
        cards.return_card(moderator, card, "À revoir")
    assert service.search(member, "onduleur").records == []
    assert _index(app).drift() == (set(), set())


def test_an_edit_of_a_published_card_is_searchable(app, member, moderator, solved):
    card = _card(member, solved, moderator=moderator)
    with transaction():
        cards.update_card(moderator, card, cards.CardFields(title=card.title, problem="p",
                                                            solution="Un château d’eau en hauteur."),
                          board=card.board)
    assert service.search(member, "château").records and not service.search(member, "onduleur").records


def test_a_rebuild_keeps_the_cards_and_the_drift_check_counts_them(app, runner, member, moderator, solved):
    card = _card(member, solved, moderator=moderator)
    assert _index(app).drift() == (set(), set())
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert [hit.item.title for hit in service.search(member, "onduleur").records] == [card.title]
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    # A card missing from the index is drift.
    with transaction():
        db.session.execute(db.update(Card).where(Card.id == card.id).values(title="Changé sans job"))
    assert _index(app).drift() == (set(), set())
    _index(app).rebuild()
    with transaction():
        other = db.session.get(Card, card.id)
        other.status = "draft"  # unpublished behind the services' back: the index still has it
    assert _index(app).drift() == (set(), {f"card-{card.id}"})


def test_similar_questions_never_offer_a_card(app, member, moderator, solved):
    _card(member, solved, moderator=moderator)
    titles = [t.title for t in service.similar_threads(member, "pompe solaire onduleur")]
    assert "Une pompe solaire pour le puits" not in titles


def test_excluded_words_and_tag_filters_apply_to_cards(app, member, moderator, solved):
    _card(member, solved, moderator=moderator)
    assert service.search(member, "onduleur -tamazirt").records == []
    assert service.search(member, "onduleur tags:eau-potable").records
    assert service.search(member, "onduleur tags:argan").records == []
    assert service.search(member, "onduleur status:solved").records == []  # a thread's state: threads only


def test_a_card_of_an_archived_board_is_not_found_by_members(app, member, moderator, admin, solved):
    from forum.boards.services import set_board_archived

    _card(member, solved, moderator=moderator)
    with transaction():
        set_board_archived(admin, solved.board, True)
    assert service.search(member, "onduleur").records == []
    assert service.search(moderator, "onduleur").records


def test_kind_card_is_paginated(app, client, member, moderator, make_thread, other_member):
    for n in range(23):
        thread = make_thread(member, title=f"Question numéro {n} sur les onduleurs")
        with transaction():
            solutions.mark_solution(member, threads.reply(thread, other_member, "Réponse"))
        with transaction():
            card = cards.create_card(member, thread, cards.CardFields(
                title=f"Fiche {n}", problem="p", solution=f"Un onduleur, essai {n}."), board=thread.board, submit=True)
            cards.publish_card(moderator, card)
    first = service.search(member, "onduleur kind:card", per_page=20)
    second = service.search(member, "onduleur kind:card", page=2, per_page=20)
    assert first.total == 23 and len(first.records) == 20 and len(second.records) == 3
    assert {r.item.title for r in first.records}.isdisjoint({r.item.title for r in second.records})
    # Beside the posts, the first page shows a few cards and links to all of them.
    mixed = page_text(client.get("/search?q=onduleur"))
    assert mixed.count('href="/bibliotheque/') == service.RECORDS_ON_FIRST_PAGE
    assert "see all 23 results" in mixed


def test_the_section_headings_are_not_indexed(app, member, moderator, solved):
    _card(member, solved, moderator=moderator)
    assert service.search(member, "adopted kind:card").total == 0  # "The solution adopted", on every card
    assert service.search(member, "onduleur kind:card").total == 1
