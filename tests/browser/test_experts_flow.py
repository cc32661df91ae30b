"""Questions meet experts, in a real browser, as a commune official and a migrant expert click it.

The official of Tissint posts a skill need tagged « énergie solaire », invites the expert the
thread page suggests; the expert finds the invitation on « Questions pour vous » and answers;
the official marks that reply as the solution, then moves the need to « Mis en relation » with
the one button the page then offers.
Everything goes through the real French pages and forms, CSRF tokens included.
Run with: pytest tests/browser -m browser
"""

import re

import pytest
from playwright.sync_api import Page, expect

from forum.communes.services import find_commune, seed_communes
from forum.db import transaction
from forum.extensions import db
from forum.people.models import EXPERT_PUBLIC_FIELDS
from forum.people.profiles import update_member_profile
from forum.people.services import create_user
from forum.tags.services import get_tag

pytestmark = pytest.mark.browser

# Names of their own: the live server (and its database) is shared by every browser test.
OFFICIAL = {"username": "fatima.tissint", "email": "fatima.tissint@example.org",
            "password": "Tissint-Oasis-2025", "display_name": "Fatima Aït Tissint"}
EXPERT = {"username": "youssef.toulouse", "email": "youssef.toulouse@example.org",
          "password": "Garonne-Sahara-2025", "display_name": "Youssef Amrani"}
BOARD = "etudes-faisabilite"
TITLE = "Alimenter le centre de santé de Tissint en énergie : qui peut nous conseiller ?"
BODY = ("Le centre de santé subit des coupures chaque été.\n"
        "Nous cherchons un expert pour dimensionner une **installation photovoltaïque** avec batteries.")
TIME_FRAME = "Avant le budget 2027"
REPLY = "J’ai dimensionné trois installations de ce type : commencez par relever la consommation sur un mois."


@pytest.fixture
def official_and_expert(live_server):
    """A commune official of Tissint, and an expert whose public skills include solar energy."""
    with live_server.app.app_context():
        with transaction():
            seed_communes()
            tissint = find_commune("Tissint", "Tata")
            assert tissint is not None, "Tissint (Tata) is missing from the commune list"
            official = create_user(OFFICIAL["username"], OFFICIAL["email"], OFFICIAL["password"],
                                   display_name=OFFICIAL["display_name"], kind="commune")
            update_member_profile(official, official, commune_id=tissint.id, position="elected")
            expert = create_user(EXPERT["username"], EXPERT["email"], EXPERT["password"],
                                 display_name=EXPERT["display_name"], kind="expert")
            skills = [get_tag("energie-solaire"), get_tag("electrification")]
            update_member_profile(expert, expert, skill_ids=[tag.id for tag in skills], country="France",
                                  city="Toulouse", languages=["fr", "ar"], availability="remote",
                                  public_fields=list(EXPERT_PUBLIC_FIELDS))
        db.session.remove()
    return OFFICIAL, EXPERT


def nav(page: Page):
    return page.get_by_role("navigation", name="Navigation principale")


def flash(page: Page):
    return page.get_by_role("status")


def log_in(page: Page, person: dict) -> None:
    """The header's "Se connecter" link (it comes back to the current page), then the form."""
    nav(page).get_by_role("link", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    page.get_by_label("Identifiant ou adresse e-mail").fill(person["username"])
    page.get_by_label("Mot de passe", exact=True).fill(person["password"])
    page.get_by_role("button", name="Se connecter").click()
    expect(flash(page)).to_have_text(f"Bonjour {person['display_name']} !")


def log_out(page: Page) -> None:
    nav(page).get_by_role("button", name="Se déconnecter").click()
    expect(flash(page)).to_have_text("Vous êtes déconnecté. À bientôt !")


def need_detail(page: Page, term: str):
    """The value (<dd>) next to `term` (<dt>) in the thread's « Besoin de compétences » block."""
    need = page.get_by_role("region", name="Besoin de compétences")
    return need.locator(f"dt:text-is('{term}') + dd")


def test_need_invite_expert_answer_solution_then_matched(page: Page, live_server, official_and_expert):
    # -- 1. The official posts a skill need -------------------------------------------------------
    page.goto("/")
    log_in(page, OFFICIAL)
    page.goto(f"/b/{BOARD}/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau sujet")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_role("radio", name="Besoin de compétences").check()
    page.get_by_label("Qu’attendez-vous des experts ?").select_option(label="Conseil")
    page.get_by_label("Échéance").fill(TIME_FRAME)
    page.locator("details.more-tags > summary").click()  # "Plus de mots-clés": the other tags
    page.get_by_role("checkbox", name="énergie solaire", exact=True).check()
    page.get_by_label("Message", exact=True).fill(BODY)
    page.get_by_role("button", name="Publier").click()

    expect(page).to_have_url(re.compile(r"/t/[\w-]+/\d+$"))
    thread_url = page.url
    expect(flash(page)).to_have_text("Votre sujet est publié.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    meta = page.locator("main > p.meta")
    expect(meta).to_contain_text("Besoin de compétences")
    expect(meta.get_by_role("link", name="#énergie solaire")).to_be_visible()

    expect(need_detail(page, "Axe du PCD")).to_have_text("Études de faisabilité")
    expect(need_detail(page, "Compétences recherchées")).to_have_text("#énergie solaire")
    expect(need_detail(page, "Commune")).to_have_text("Tissint")
    expect(need_detail(page, "Attendu")).to_have_text("Conseil")
    expect(need_detail(page, "Échéance")).to_have_text(TIME_FRAME)
    expect(need_detail(page, "Statut")).to_contain_text("Ouvert")
    expect(page.locator("article#p1 header")).to_contain_text("Représentant de commune")

    # -- 2. The panel suggests the expert; the official invites them ------------------------------
    panel = page.get_by_role("region", name="Des experts qui pourraient aider")
    suggestion = panel.locator("li.expert").filter(has=page.get_by_role("link", name=EXPERT["display_name"]))
    expect(suggestion).to_contain_text("#énergie solaire")
    expect(panel.get_by_role("heading", name="Experts invités")).to_have_count(0)
    suggestion.get_by_role("button", name=f"Inviter {EXPERT['display_name']}").click()

    expect(page).to_have_url(thread_url + "#experts")
    expect(flash(page)).to_have_text(
        f"{EXPERT['display_name']} est invité(e) à répondre. "
        "L’invitation figure sur sa page « Questions pour vous »."
    )
    expect(suggestion.get_by_text("Invité(e)", exact=True)).to_be_visible()
    expect(suggestion.get_by_role("button", name=re.compile("^Inviter"))).to_have_count(0)
    expect(panel.get_by_role("heading", name="Experts invités")).to_be_visible()
    invited = panel.locator("ul.people li").filter(has=page.get_by_role("link", name=EXPERT["display_name"]))
    expect(invited).to_contain_text(f"invité(e) par {OFFICIAL['display_name']}")

    # -- 3. The expert finds the invitation on « Questions pour vous » and answers -----------------
    log_out(page)
    page.goto("/")
    log_in(page, EXPERT)
    nav(page).get_by_role("link", name="Questions pour vous").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions pour vous")
    invitations = page.locator("section").filter(
        has=page.get_by_role("heading", name="On vous a invité(e) à répondre"))
    item = invitations.locator("li.thread").filter(has=page.get_by_role("link", name=TITLE))
    expect(item).to_contain_text(f"Invité(e) par {OFFICIAL['display_name']}")
    expect(item).to_contain_text("Besoin de compétences")
    expect(item).to_contain_text("Ouvert")
    expect(item.locator("a.tag.match")).to_contain_text("#énergie solaire")
    item.get_by_role("link", name=TITLE).click()

    expect(page).to_have_url(thread_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    # Only the author and moderators invite, or move the need's status.
    expect(page.get_by_role("button", name=re.compile("^Inviter"))).to_have_count(0)
    expect(page.get_by_label("Statut du besoin")).to_have_count(0)
    reply_form = page.locator("section.reply")
    reply_form.get_by_label("Message", exact=True).fill(REPLY)
    reply_form.get_by_role("button", name="Répondre").click()

    expect(page).to_have_url(thread_url + "#p2")
    answer = page.locator("article#p2")
    expect(answer.locator("header")).to_contain_text(EXPERT["display_name"])
    expect(answer.locator("header")).to_contain_text("Expert migrant")
    expect(answer.locator(".body")).to_have_text(REPLY)
    expect(answer.get_by_role("button", name="Marquer comme solution")).to_have_count(0)

    # -- 4. The official marks the reply as the solution ------------------------------------------
    log_out(page)
    page.goto(thread_url)
    log_in(page, OFFICIAL)  # back on the thread (?next=)
    expect(page).to_have_url(thread_url)
    expect(page.get_by_role("complementary", name="Solution")).to_have_count(0)
    answer.get_by_role("button", name="Marquer comme solution").click()

    # A need still looking for help: the page offers to move it to « Mis en relation ».
    expect(page).to_have_url(thread_url + "#need-offer")
    expect(page.locator("#need-offer button")).to_be_in_viewport()
    expect(flash(page)).to_have_text("Cette réponse est marquée comme la solution.")
    expect(meta.get_by_text("Résolu")).to_be_visible()
    expect(answer.locator("header .badge.solved")).to_have_text("✓ Solution")
    expect(answer.get_by_role("button", name="Marquer comme solution")).to_have_count(0)
    solution = page.get_by_role("complementary", name="Solution")
    expect(solution).to_contain_text("commencez par relever la consommation sur un mois")
    expect(solution).to_contain_text(f"par {EXPERT['display_name']}")
    # Right under the question, before the reply itself.
    expect(page.locator("article#p1 + aside.solution")).to_have_count(1)
    answerers = page.get_by_role("region", name="Qui a répondu")
    expect(answerers.locator("li").filter(has_text=EXPERT["display_name"])).to_contain_text("Solution")

    page.goto(thread_url)
    solution.get_by_role("link", name="Lire la solution (n° 2)").click()
    expect(page).to_have_url(thread_url + "#p2")
    expect(answer).to_be_in_viewport()

    # -- 5. The official moves the need to « Mis en relation » ------------------------------------
    status = page.get_by_label("Statut du besoin")
    expect(status.locator("option")).to_have_text(["Ouvert", "En discussion", "Mis en relation", "Réalisé"])
    expect(status).to_have_value("open")  # the control starts on the current status
    page.locator("#need-offer button").click()

    expect(page).to_have_url(thread_url)
    expect(flash(page)).to_have_text("Le besoin est maintenant « Mis en relation ».")
    expect(need_detail(page, "Statut")).to_contain_text("Mis en relation")
    expect(page.get_by_label("Statut du besoin").locator("option")).to_have_text(
        ["En discussion", "Mis en relation", "Réalisé"])
    expect(page.get_by_label("Statut du besoin")).to_have_value("matched")
    expect(page.locator("#need-offer")).to_have_count(0)
    expect(meta.get_by_text("Résolu")).to_be_visible()
