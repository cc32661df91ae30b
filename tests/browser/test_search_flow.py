"""Searching as a person does: the header box, results with the words marked, and similar
questions appearing while a new question's title is typed (the JavaScript enhancement)."""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from forum.boards.services import get_board
from forum.db import transaction
from forum.extensions import db
from forum.people.services import create_user
from forum.threads.services import create_thread

pytestmark = pytest.mark.browser

TITLE = "Pompage solaire à Tata : retour d’expérience"


@pytest.fixture(scope="module")  # the live server outlives a test: one author, one thread
def solar_thread(live_server):
    with live_server.app.app_context():
        with transaction():
            author = create_user("hassan", "hassan@example.org", "Hassan-Toulouse-2025", display_name="Hassan")
            create_thread(get_board("eau-assainissement"), author, TITLE,
                          "Trois ans de **pompage solaire** pour le réseau du douar, sans panne majeure.")
        db.session.remove()
    return TITLE


def test_search_from_the_header_then_similar_questions_while_typing(page: Page, live_server, solar_thread):
    page.goto("/")
    box = page.get_by_role("search").first.get_by_label("Rechercher")
    # The server's own indexer thread indexes the new thread within moments; retry briefly.
    deadline = time.monotonic() + 5
    while True:
        box.fill("pompage solaire")
        box.press("Enter")
        if page.get_by_role("link", name=TITLE).count() or time.monotonic() > deadline:
            break
        page.goto("/")
    result = page.locator("ol.results li").first
    expect(result.get_by_role("link", name=TITLE)).to_be_visible()
    expect(result.locator("mark").first).to_have_text("pompage", ignore_case=True)
    expect(page.get_by_role("status")).to_contain_text("1 sujet")

    moderator = live_server.moderator
    page.goto("/login")
    page.get_by_label("Identifiant ou adresse e-mail").fill(moderator["username"])
    page.get_by_label("Mot de passe", exact=True).fill(moderator["password"])
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/b/eau-assainissement/new")
    page.get_by_label("Titre").press_sequentially("Un pompage solaire pour notre douar", delay=20)
    similar = page.locator("#similar")
    expect(similar.get_by_role("link", name=TITLE)).to_be_visible()


def test_a_search_that_finds_nothing_becomes_a_question_with_its_words(page: Page, live_server, solar_thread):
    moderator = live_server.moderator
    page.goto("/login")
    page.get_by_label("Identifiant ou adresse e-mail").fill(moderator["username"])
    page.get_by_label("Mot de passe", exact=True).fill(moderator["password"])
    page.get_by_role("button", name="Se connecter").click()
    box = page.get_by_role("search").first.get_by_label("Rechercher")
    box.fill("ruches zqxw pour les apiculteurs")
    box.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("0 sujet")
    page.locator("select[name=board]").select_option("agriculture-elevage-irrigation")
    page.locator("section.ask button").click()
    expect(page).to_have_url(re.compile(r"/b/agriculture-elevage-irrigation/new\?kind=question&title="))
    expect(page.get_by_label("Titre")).to_have_value("ruches zqxw pour les apiculteurs")
