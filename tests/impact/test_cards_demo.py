"""The demo's Bibliothèque: two published cards (one found by a search), one waiting for review."""

import pytest
from flask_login import AnonymousUserMixin

from forum.dbtypes import utcnow
from forum.demo import seed_demo
from forum.extensions import db
from forum.impact.models import Card
from forum.search import service
from tests.helpers import page_text

pytestmark = pytest.mark.heavy  # seeds the whole demo forum (make test-heavy)


@pytest.fixture
def app_config():
    """A generous time budget: these tests are about what is found and in which order, not
    about the budget (tests/search/test_search_bounds.py), on a loaded CI machine too."""
    return {"SEARCH_TIME_BUDGET": 5.0}


def test_the_demo_library_shows_two_cards_and_a_search_finds_one(app, client, auth):
    seed_demo()
    page = page_text(client.get("/bibliotheque"))
    assert page.count('<li>\n      <a class="title" href="/bibliotheque/') == 2
    assert "Réhabiliter une khettara" in page and "choisir le gestionnaire avant les travaux" in page
    assert "Tamegroute" in page and "Igherm" in page
    found = service.search(AnonymousUserMixin(), "khettara curage nappe")
    assert [hit.item.title for hit in found.records] == ["Réhabiliter une khettara : vérifier la nappe avant de curer"]
    waiting = db.session.scalars(db.select(Card).where(Card.status == "submitted")).all()
    assert [card.title for card in waiting] == ["Safran : irriguer l'hiver pour la récolte de l'année suivante"]
    published = db.session.scalars(db.select(Card).where(Card.status == "published")).all()
    assert all(card.thread.last_activity_at < card.published_at <= utcnow() for card in published)
    assert all("<h2>Costs and time</h2>" in card.body_html and "MAD" in card.body_html for card in published)
