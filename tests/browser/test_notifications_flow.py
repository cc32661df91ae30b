"""Staying in the loop, in a real browser: an expert watches a skill's new threads and asks for
those mails at once; an official posts a need on that skill; the expert gets the notification
and the mail, and answers by replying to the mail; the official sees the bell, opens the
notification and marks that answer as the solution; the expert is told, in the forum and by mail.
Real French pages and forms (CSRF tokens included), the real job runner thread, and a real SMTP
server on loopback; the reply goes through the same code as `flask forum receive-mail`.
Run with: pytest tests/browser -m browser
"""

import re
import time
from email.message import EmailMessage

import pytest
from playwright.sync_api import Page, expect

from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.notifications.replies import Outcome, receive
from forum.people.profiles import update_member_profile
from forum.people.services import create_user
from forum.tags.services import get_tag
from tests.browser.test_experts_flow import flash, log_in, log_out, nav
from tests.mailbox import smtp_server

pytestmark = pytest.mark.browser

OFFICIAL = {"username": "khadija.tafraout", "email": "khadija.tafraout@example.org",
            "password": "Tafraout-Amandiers-2025", "display_name": "Khadija Oubaha"}
EXPERT = {"username": "omar.lyon", "email": "omar.lyon@example.org",
          "password": "Rhone-Anti-Atlas-2025", "display_name": "Omar Idrissi"}
BOARD = "eau-assainissement"
TAG = "forage"
TITLE = "Forage du douar Aït Mansour : quel débit viser pour trois cents habitants ?"
BODY = "Le puits actuel tarit en août. Nous voulons dimensionner un **forage** avant l’été."
ANSWER = "Visez 1,5 litre par seconde : c’est assez pour 300 habitants et le bétail."


@pytest.fixture
def official_and_expert(live_server):
    with live_server.app.app_context():
        with transaction():
            official = create_user(OFFICIAL["username"], OFFICIAL["email"], OFFICIAL["password"],
                                   display_name=OFFICIAL["display_name"], kind="commune")
            expert = create_user(EXPERT["username"], EXPERT["email"], EXPERT["password"],
                                 display_name=EXPERT["display_name"], kind="expert")
            update_member_profile(expert, expert, skill_ids=[get_tag(TAG).id], country="France", city="Lyon")
            for user in (official, expert):
                user.email_verified_at = utcnow()  # mail goes to verified addresses only
        db.session.remove()
    smtp_server().clear()
    return OFFICIAL, EXPERT


def mail_to(address: str, subject_part: str, timeout: float = 15.0):
    """The first mail received for `address` whose subject contains `subject_part`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for received in smtp_server().to(address):
            if subject_part in received.subject:
                return received
        time.sleep(0.05)
    got = [(m.to, m.subject) for m in smtp_server().messages]
    raise AssertionError(f"no mail to {address} about {subject_part!r}; received: {got}")


def bell(page: Page):
    return nav(page).get_by_role("link", name=re.compile("^Notifications"))


def test_watch_a_skill_get_mail_answer_by_mail_solution_then_notified(page: Page, live_server,
                                                                       official_and_expert):
    # -- 1. The expert watches the new threads of their skill, and wants those mails at once ------
    page.goto("/")
    log_in(page, EXPERT)
    page.goto(f"/tags/{TAG}")
    page.get_by_label("Notifications", exact=True).select_option(label="Surveiller les nouvelles discussions")
    page.get_by_role("button", name="Enregistrer").click()
    expect(flash(page)).to_have_text("Notifications : Surveiller les nouvelles discussions.")

    page.goto(f"/u/{EXPERT['username']}/notifications/preferences")
    expect(page.get_by_role("heading", level=1)).to_have_text("Préférences de notification")
    new_threads = page.locator("fieldset").filter(
        has_text="Une nouvelle discussion dans une rubrique ou un mot-clé que je surveille")
    new_threads.get_by_label("Par e-mail").select_option(label="Tout de suite")
    page.get_by_role("button", name="Enregistrer mes préférences").click()
    expect(flash(page)).to_have_text("Vos préférences de notification sont enregistrées.")
    log_out(page)

    # -- 2. The official posts a need tagged with that skill ------------------------------------
    log_in(page, OFFICIAL)
    page.goto(f"/b/{BOARD}/new")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_role("radio", name="Besoin de compétences").check()
    page.get_by_label("Qu’attendez-vous des experts ?").select_option(label="Conseil")
    page.get_by_label("Échéance").fill("Avant juin 2027")
    more_tags = page.locator("details.more-tags:not([open]) > summary")
    if more_tags.count():
        more_tags.click()  # "Plus de mots-clés": the tags the board uses less
    page.get_by_role("checkbox", name=TAG, exact=True).check()
    page.get_by_label("Message", exact=True).fill(BODY)
    page.get_by_role("button", name="Publier").click()
    expect(flash(page)).to_have_text("Votre sujet est publié.")
    thread_url = page.url
    log_out(page)

    # -- 3. The expert gets the mail, and the bell ---------------------------------------------
    news = mail_to(EXPERT["email"], TITLE)
    assert "Nouveau sujet" in news.subject
    assert thread_url.split("/t/")[1].split("#")[0] in news.text  # a link to the thread's post
    reply_to = str(news["Reply-To"])
    assert reply_to.startswith("reply+")
    log_in(page, EXPERT)
    expect(bell(page)).to_contain_text("1")
    log_out(page)

    # -- 4. The expert answers by replying to that mail, from their phone ------------------------
    answer = EmailMessage()
    answer["From"] = f"{EXPERT['display_name']} <{EXPERT['email']}>"
    answer["To"] = reply_to
    answer["Subject"] = "Re: " + news.subject
    answer["Message-ID"] = "<omar-answer-1@example.org>"
    answer["In-Reply-To"] = str(news["Message-ID"])
    answer.set_content(f"{ANSWER}\n\nEnvoyé de mon iPhone\n\n> {BODY}\n")
    with live_server.app.app_context():
        result = receive(answer.as_bytes())
        db.session.remove()
    assert result.outcome == Outcome.POSTED, result

    # -- 5. The official sees the bell, opens the notification, marks the solution ---------------
    page.goto("/")
    log_in(page, OFFICIAL)
    expect(bell(page)).to_contain_text("1")
    bell(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    item = page.locator("li.notification.unread").filter(has_text=f"{EXPERT['display_name']} a répondu dans")
    expect(item).to_contain_text(TITLE)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"#p2$"))
    reply = page.locator("article#p2")
    expect(reply.locator(".body")).to_have_text(ANSWER)  # the signature and the quote are gone
    expect(bell(page)).not_to_contain_text("1")  # read once opened
    reply.get_by_role("button", name="Marquer comme solution").click()
    expect(flash(page)).to_have_text("Cette réponse est marquée comme la solution.")
    log_out(page)

    # -- 6. The expert is told: a mail, and the bell ---------------------------------------------
    solved = mail_to(EXPERT["email"], "solution")
    assert TITLE in solved.subject
    log_in(page, EXPERT)
    expect(bell(page)).to_contain_text("2 (2 non lues)")  # the new thread's, never opened, and this one
    bell(page).click()
    expect(page.locator("li.notification.unread").first).to_contain_text(
        f"{OFFICIAL['display_name']} a marqué votre réponse comme solution de « {TITLE} »")
