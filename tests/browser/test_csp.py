"""The Content-Security-Policy in a real browser: every main page works with it, none breaks it.

Chromium reports each blocked script or style as a `securitypolicyviolation` event and a
console error; both are collected (an init script is not subject to the page's policy) and any
one fails the test. The similar-questions script must still fill its box under the policy.
"""

import time

import pytest
from playwright.sync_api import Page, expect

from forum.boards.services import get_board
from forum.db import transaction
from forum.extensions import db
from forum.people.services import create_user
from forum.threads.services import create_thread, reply

pytestmark = pytest.mark.browser

USER = {"username": "leila.csp", "password": "Ouarzazate-csp-2026", "display_name": "Leïla Amrani"}
TITLE = "Irrigation goutte à goutte : quel budget pour 20 hectares ?"
BODY = ("Voici nos **chiffres** :\n\n| poste | coût |\n|:--|--:|\n| tuyaux | 12 000 |\n\n"
        "```\nbudget = 40000\n```\nVoir [le guide](https://example.org/guide).")

COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + location.pathname);
});
"""


@pytest.fixture
def thread_path(live_server):
    with live_server.app.app_context():
        with transaction():
            author = create_user(USER["username"], "leila.csp@example.org", USER["password"],
                                 display_name=USER["display_name"], kind="expert")
            thread = create_thread(get_board("agriculture-elevage-irrigation"), author, TITLE, BODY)
            reply(thread, author, "> Voici nos chiffres\n\nEt la maintenance : 5 % par an.")
            path = f"/t/{thread.slug}/{thread.id}"
        db.session.remove()
    return path


@pytest.fixture
def violations(page: Page):
    """CSP violations seen by the page, from the DOM event and from the console."""
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(COLLECT)

    def seen() -> list[str]:
        return console + page.evaluate("window.__csp || []")

    return seen


def visit(page: Page, path: str, violations) -> None:
    response = page.goto(path)
    assert response.ok, (path, response.status)
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, (path, policy)
    page.wait_for_load_state("load")
    assert violations() == [], path


def test_the_main_pages_work_under_the_policy(page: Page, live_server, thread_path, violations):
    for path in ["/", "/b/agriculture-elevage-irrigation", thread_path, "/search?q=irrigation", f"/u/{USER['username']}",
                 "/questions", "/needs", "/experts", "/communes", "/tags", "/register", "/login"]:
        visit(page, path, violations)
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")

    page.get_by_label("Identifiant ou adresse e-mail").fill(USER["username"])
    page.get_by_label("Mot de passe", exact=True).fill(USER["password"])
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert violations() == []
    for path in [thread_path, f"/u/{USER['username']}/edit", "/for-you"]:
        visit(page, path, violations)

    # The similar-questions script, a static file, fetches and fills its box under the policy.
    visit(page, "/b/agriculture-elevage-irrigation/new", violations)
    similar = page.locator("#similar")
    deadline = time.monotonic() + 10  # the server's indexer thread picks the new thread up
    while True:
        page.get_by_label("Titre").fill("")
        page.get_by_label("Titre").press_sequentially("Budget irrigation goutte à goutte", delay=10)
        try:
            expect(similar.get_by_role("link", name=TITLE)).to_be_visible(timeout=2000)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
    assert violations() == []

    # The watch itself works: an inline style is refused, and seen.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert any("style-src" in v for v in violations()), violations()
