"""The main flow in a real browser, as a member and the community manager click through it.

Register, log out and back in, start a thread (preview first) in a board, quote it in a reply;
then the community manager pins and closes the thread, and the member sees it closed.
Everything goes through the real French pages and forms, CSRF tokens included.
Run with: pytest tests/browser -m browser
"""

import re

import pytest
from playwright.sync_api import Page, expect

from forum.boards.services import get_board
from forum.db import transaction
from forum.extensions import db
from forum.people.services import create_user
from forum.threads.services import create_thread
from tests.browser.test_notifications_flow import mail_to
from tests.helpers import TIMEOUT_MS, link_in

pytestmark = pytest.mark.browser

MEMBER = {
    "username": "samira.b",
    "display_name": "Samira Benali",
    "email": "samira@example.org",
    "password": "Argane-Souss-2025",
}
BOARD = "Eau et assainissement"
TITLE = "Forage profond pour trois douars : qui l’a déjà fait ?"
BODY = "Nous avons **trois douars** sans eau potable.\nQui a déjà foré à plus de 200 m ?"
REPLY = "Nous l’avons fait à Tafraout avec l’INDH, je vous envoie le dossier."
PHONE = {"width": 390, "height": 844}


def nav(page: Page):
    """The header navigation, where the account links and the log-out button live."""
    return page.get_by_role("navigation", name="Navigation principale")


def flash(page: Page):
    return page.get_by_role("status")


def log_in(page: Page, login: str, password: str, remember: bool = False) -> None:
    """Click "Se connecter" in the header and fill the login form."""
    nav(page).get_by_role("link", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    page.get_by_label("Identifiant ou adresse e-mail").fill(login)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    if remember:
        page.get_by_label("Se souvenir de moi").check()
    page.get_by_role("button", name="Se connecter").click()


def log_out(page: Page) -> None:
    nav(page).get_by_role("button", name="Se déconnecter").click()
    expect(flash(page)).to_have_text("Vous êtes déconnecté. À bientôt !")
    expect(nav(page).get_by_role("link", name="Se connecter")).to_be_visible()


def add_newer_thread(live_server) -> str:
    """Another member starts a thread in the same board: newer, so first unless ours is pinned."""
    title = "Station de traitement : quel entretien prévoir ?"
    with live_server.app.app_context():
        with transaction():
            karim = create_user("karim", "karim@example.org", "Karim-Agadir-2025", display_name="Karim")
            create_thread(get_board("eau-assainissement"), karim, title, "Merci pour vos retours.")
        db.session.remove()
    return title


def test_register_post_quote_then_pin_and_close(page: Page, live_server, new_context, artifacts_dir):
    # -- 1. Register from the home page ---------------------------------------------------------
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Communauté de Développement")
    nav(page).get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    page.get_by_label("Identifiant", exact=True).fill(MEMBER["username"])
    page.get_by_label("Nom affiché").fill(MEMBER["display_name"])
    page.get_by_label("Adresse e-mail").fill(MEMBER["email"])
    page.get_by_role("radio", name="Expert migrant").check()
    page.get_by_label("Mot de passe", exact=True).fill(MEMBER["password"])
    page.get_by_label("Confirmez le mot de passe").fill(MEMBER["password"])
    page.get_by_role("button", name="Créer mon compte").click()

    # The same answer as for an address that already has an account: "check your mail".
    expect(page).to_have_url(f"{live_server.url}/login")
    expect(flash(page)).to_contain_text(f"nous avons envoyé à {MEMBER['email']} un lien pour confirmer")
    # The confirmation link in the mail logs the newcomer in.
    welcome = mail_to(MEMBER["email"], "")
    page.goto(link_in(welcome, "/email/verify/"))
    page.get_by_role("button", name="Confirmer mon adresse").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(flash(page)).to_have_text(f"Merci : votre adresse e-mail {MEMBER['email']} est confirmée.")
    expect(nav(page).get_by_role("link", name=f"@{MEMBER['username']}")).to_be_visible()
    expect(nav(page).get_by_role("link", name="Créer un compte")).to_have_count(0)

    # -- 2. Log out, log in again (by email, remembered) ----------------------------------------
    log_out(page)
    expect(nav(page).get_by_role("link", name=f"@{MEMBER['username']}")).to_have_count(0)
    log_in(page, MEMBER["email"], MEMBER["password"], remember=True)
    expect(flash(page)).to_have_text(f"Bonjour {MEMBER['display_name']} !")
    expect(nav(page).get_by_role("link", name=f"@{MEMBER['username']}")).to_be_visible()
    assert "remember_token" in {c["name"] for c in page.context.cookies()}, "« Se souvenir de moi » set no cookie"

    # -- 3. A new thread in a board: preview, then publish --------------------------------------
    page.goto("/")
    page.locator("ul.boards").get_by_role("link", name=BOARD).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BOARD)
    page.get_by_role("link", name="Nouveau sujet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau sujet")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_role("radio", name="Besoin de compétences").check()
    page.get_by_label("Qu’attendez-vous des experts ?").select_option(label="Étude de faisabilité")
    page.get_by_label("Échéance").fill("Avant l’été 2027")
    page.locator("details.more-tags > summary").click()  # "Plus de mots-clés": the other tags
    page.get_by_role("checkbox", name="eau potable", exact=True).check()
    page.get_by_role("checkbox", name="forage", exact=True).check()
    page.get_by_label("Message", exact=True).fill(BODY)
    page.get_by_role("button", name="Aperçu").click()

    preview = page.get_by_role("region", name="Aperçu")
    expect(preview.locator("strong")).to_have_text("trois douars")
    # The form comes back as it was typed, ready to publish.
    expect(page.get_by_label("Titre")).to_have_value(TITLE)
    expect(page.get_by_role("radio", name="Besoin de compétences")).to_be_checked()
    expect(page.get_by_role("checkbox", name="eau potable", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="forage", exact=True)).to_be_checked()
    expect(page.get_by_label("Message", exact=True)).to_have_value(BODY)
    expect(page.get_by_label("Échéance")).to_have_value("Avant l’été 2027")
    page.get_by_role("button", name="Publier").click()

    expect(page).to_have_url(re.compile(r"/t/[\w-]+/\d+$"))
    thread_url = page.url
    expect(flash(page)).to_have_text("Votre sujet est publié.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    meta = page.locator("main > p.meta")
    expect(meta).to_contain_text("Besoin de compétences")
    expect(meta.get_by_role("link", name="#eau potable")).to_be_visible()
    expect(meta.get_by_role("link", name="#forage")).to_be_visible()
    first_post = page.locator("article#p1")
    expect(first_post).to_contain_text(MEMBER["display_name"])
    expect(first_post.locator(".body strong")).to_have_text("trois douars")

    # -- 4. Quote the first post in a reply -----------------------------------------------------
    first_post.get_by_role("link", name="Citer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Répondre")
    body = page.get_by_label("Message", exact=True)
    expect(body).to_have_value(re.compile(
        r"^\[\*\*@samira\.b\*\* #1\]\(\S+\) :\n"
        r"> Nous avons \*\*trois douars\*\* sans eau potable\.\n"
        r"> Qui a déjà foré à plus de 200 m \?\n"
    ))
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(REPLY)
    page.get_by_role("button", name="Répondre").click()

    expect(page).to_have_url(re.compile(re.escape(thread_url) + "#p2$"))
    reply = page.locator("article#p2")
    expect(reply).to_be_in_viewport()
    expect(reply.locator("blockquote")).to_contain_text("Nous avons trois douars sans eau potable.")
    expect(reply.locator("blockquote strong")).to_have_text("trois douars")
    expect(reply.get_by_role("link", name="@samira.b #1")).to_be_visible()
    expect(reply.locator(".body")).to_contain_text(REPLY)

    # -- 5. The community manager pins and closes the thread ------------------------------------
    other_title = add_newer_thread(live_server)
    log_out(page)
    moderator = live_server.moderator
    log_in(page, moderator["username"], moderator["password"])
    expect(flash(page)).to_have_text(f"Bonjour {moderator['display_name']} !")
    latest = page.locator("section").filter(has=page.get_by_role("heading", name="Activité récente"))
    expect(latest.locator("li.thread").first).to_contain_text(other_title)
    latest.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    tools = page.locator("section.mod-tools")
    expect(tools.get_by_role("heading", name="Animateur de communauté")).to_be_visible()
    tools.get_by_role("button", name="Épingler dans la rubrique").click()
    expect(flash(page)).to_have_text("Sujet épinglé dans sa rubrique.")
    expect(meta.get_by_text("Épinglé", exact=True)).to_be_visible()
    expect(tools.get_by_role("button", name="Désépingler")).to_be_visible()

    tools.get_by_role("button", name="Fermer", exact=True).click()
    expect(flash(page)).to_have_text("Sujet fermé : il n'est plus possible d'y répondre.")
    expect(meta.get_by_text("Fermé", exact=True)).to_be_visible()
    expect(meta.get_by_text("Épinglé", exact=True)).to_be_visible()
    expect(tools.get_by_role("button", name="Rouvrir")).to_be_visible()
    moderator_state = page.context.storage_state()

    page.locator("p.crumbs").get_by_role("link", name=BOARD).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BOARD)
    listed = page.locator("ul.threads > li")
    # Other browser tests share the server (the impact flow adds older threads to this board):
    # this flow's two threads are there once each, the pinned one first, then the newest.
    ours = listed.filter(has_text=re.compile(f"{re.escape(TITLE)}|{re.escape(other_title)}"))
    expect(ours).to_have_count(2)
    expect(listed.first.get_by_role("link", name=re.compile(re.escape(TITLE)))).to_be_visible()
    expect(listed.first.get_by_text("Épinglé", exact=True)).to_be_visible()
    expect(listed.first.get_by_text("Fermé", exact=True)).to_be_visible()
    expect(listed.nth(1)).to_contain_text(other_title)

    # Anonymous, then the member: the thread says it is closed and offers no way to reply.
    log_out(page)
    page.goto(thread_url)
    closed = "Ce sujet est fermé : il n'est plus possible d'y répondre."
    expect(page.get_by_text(closed)).to_be_visible()
    expect(page.get_by_text("Connectez-vous pour répondre.")).to_have_count(0)

    log_in(page, MEMBER["username"], MEMBER["password"])  # the header link comes back here (?next=)
    expect(page).to_have_url(thread_url)
    expect(flash(page)).to_have_text(f"Bonjour {MEMBER['display_name']} !")
    expect(page.get_by_text(closed)).to_be_visible()
    expect(page.get_by_role("heading", name="Votre réponse")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    expect(page.get_by_role("button", name="Répondre")).to_have_count(0)
    expect(page.get_by_role("link", name="Citer")).to_have_count(0)

    # -- 6. Phone screenshots for humans to look at (no pixel comparison) -----------------------
    # The member's view (closed notice) and the community manager's (who may still reply, and
    # has the moderation tools at the bottom).
    for name, state in (("thread-phone-member", page.context.storage_state()),
                        ("thread-phone-moderator", moderator_state)):
        phone = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                            storage_state=state)
        phone_page = phone.new_page()
        phone_page.set_default_timeout(TIMEOUT_MS)
        phone_page.goto(thread_url)
        expect(phone_page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(phone_page.locator("article#p2 blockquote")).to_be_visible()
        phone_page.screenshot(path=artifacts_dir / f"{name}.png", full_page=True)
        phone.close()
