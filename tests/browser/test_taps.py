"""Taps on a phone (360 x 740) in a real browser: the ask action on the home page, deleting a
reply through its confirmation page, and the need-status control after a change.

New strings of these pages may not be translated yet in this branch, so those controls are
found by their place (ids, classes), the translated ones by their French names.
Run with: pytest tests/browser/test_taps.py -m browser
"""

import re

import pytest
from playwright.sync_api import Page, expect

from forum.boards.services import get_board
from forum.db import transaction
from forum.extensions import db
from forum.people.services import create_user
from forum.threads.services import create_thread, reply

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
PASSWORD = "Tiznit-Argane-2026"


def _member(live_server, username: str, **thread) -> str:
    """A commune official, and the URL of a thread of theirs (with one reply) when asked."""
    with live_server.app.app_context():
        with transaction():
            user = create_user(username, f"{username}@example.org", PASSWORD, display_name=username.title(),
                               kind="commune")
            url = ""
            if thread:
                created = create_thread(get_board("eau-assainissement"), user, thread["title"], "Nous cherchons de l’aide.",
                                        kind=thread.get("kind", "question"))
                reply(created, user, thread.get("reply", "Une précision : trois douars sont concernés."))
                url = f"/t/{created.slug}/{created.id}"
        db.session.remove()
    return url


def _log_in(page: Page, username: str) -> None:
    page.get_by_label("Identifiant ou adresse e-mail").fill(username)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _in_first_screen(page: Page, locator) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def test_the_ask_action_comes_first_on_the_phone_home_page(page: Page, live_server):
    _member(live_server, "houda")
    page.set_viewport_size(PHONE)
    page.goto("/")
    ask = page.locator("main > p.ask-home > a")
    _in_first_screen(page, ask)
    _in_first_screen(page, page.locator("header.site a.ask"))
    first_in_main = page.locator("main > *:not(.flash)").first
    expect(first_in_main).to_have_class("ask-home")

    ask.click()  # a visitor logs in, then comes back to the ask page
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fnew$"))
    _log_in(page, "houda")
    expect(page).to_have_url(f"{live_server.url}/new")
    page.locator('input[name="kind"][value="need"]').check()
    page.locator("#ask-board").select_option(label="Eau et assainissement")
    page.locator("form.ask-choose button").click()
    expect(page).to_have_url(f"{live_server.url}/b/eau-assainissement/new?kind=need")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau sujet")
    expect(page.get_by_role("radio", name="Besoin de compétences")).to_be_checked()


def test_deleting_a_reply_goes_through_its_confirmation_page(page: Page, live_server):
    url = _member(live_server, "said", title="Un puits à réhabiliter à Tiznit",
                  reply="Message à supprimer : doublon.")
    page.set_viewport_size(PHONE)
    page.goto("/login")
    _log_in(page, "said")
    page.goto(url)
    reply_post = page.locator("article#p2")
    reply_post.get_by_role("link", name="Supprimer").click()

    expect(page).to_have_url(re.compile(r"/p/\d+/delete$"))
    expect(page.locator("blockquote.delete-excerpt")).to_contain_text("Message à supprimer : doublon.")
    page.locator("form.confirm a").click()  # Cancel: back to the reply, nothing deleted
    expect(page).to_have_url(re.compile(rf"{re.escape(url)}#p2$"))
    expect(page.locator("article#p2 .body")).to_have_text("Message à supprimer : doublon.")

    page.locator("article#p2").get_by_role("link", name="Supprimer").click()
    confirm = page.locator("form.confirm").get_by_role("button", name="Supprimer")
    _in_first_screen(page, confirm)
    confirm.click()
    expect(page.get_by_role("status")).to_have_text("Le message a été supprimé.")
    expect(page.locator("article#p2")).to_contain_text("Ce message a été supprimé.")


def test_the_need_status_control_shows_the_current_status_after_a_change(page: Page, live_server):
    url = _member(live_server, "fatima", title="Besoin d’une étude hydrogéologique", kind="need")
    page.set_viewport_size(PHONE)
    page.goto("/login")
    _log_in(page, "fatima")
    page.goto(url)
    status = page.get_by_label("Statut du besoin")
    expect(status).to_have_value("open")
    status.select_option(label="Mis en relation")
    page.get_by_role("button", name="Changer le statut").click()
    expect(page.get_by_role("status")).to_have_text("Le besoin est maintenant « Mis en relation ».")
    expect(status).to_have_value("matched")
    expect(page.locator("section.need .badge")).to_have_text("Mis en relation")
    page.reload()
    expect(page.get_by_label("Statut du besoin")).to_have_value("matched")
