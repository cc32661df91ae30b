"""On a phone (360 x 740, touch) in a real Chromium: the composer, right-to-left text, the
focus ring, tap targets, the focus after a failed submit and the moderation log.
Run with: pytest -m browser tests/browser/test_phone.py
"""

import pytest
from playwright.sync_api import Page, expect

from forum.boards.services import get_board
from forum.db import transaction
from forum.extensions import db
from forum.moderation.services import set_pinned
from forum.people.services import create_user, get_user_by_username
from forum.tags.services import get_tag
from forum.threads.services import create_thread

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
MEMBER = {"username": "youssef.a", "email": "youssef@example.org", "password": "Tiznit-Argan-2026"}
AR_TITLE = "كيف نمول حفر بئر للماء الصالح للشرب؟"
BOARD = "eau-assainissement"


@pytest.fixture(scope="module")
def content(live_server):
    """A member, a few tagged threads (one in Arabic) and a moderation log entry."""
    with live_server.app.app_context():
        with transaction():
            member = get_user_by_username(MEMBER["username"]) or create_user(
                MEMBER["username"], MEMBER["email"], MEMBER["password"], display_name="Youssef Amrani", kind="commune")
            board = get_board(BOARD)
            for n in range(3):
                create_thread(board, member, f"Forage numéro {n + 1} pour le douar", "Qui peut nous aider ?",
                              tags=[get_tag("forage")])
            arabic = create_thread(board, member, AR_TITLE, "نبحث عن خبراء في الهيدروجيولوجيا", tags=[get_tag("eau-potable")])
            moderator = get_user_by_username(live_server.moderator["username"])
            set_pinned(moderator, arabic, True)
            # A long word, as in real titles (a path of options, a URL): the log must wrap it.
            long_word = create_thread(board, member, "Épuration : lagunage/filtres-plantés/réutilisation-agricole ?", "Avis ?")
            set_pinned(moderator, long_word, True)
            ids = {"arabic": (arabic.slug, arabic.id)}
        db.session.remove()
    return ids


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "has_touch": True, "is_mobile": True, "locale": "fr-FR"}


def log_in(page: Page, login: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Identifiant ou adresse e-mail").fill(login)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("status")).to_be_visible()


def box(locator):
    found = locator.bounding_box()
    assert found, f"{locator} is not displayed"
    return found


def test_the_composer_on_a_phone(page: Page, content):
    log_in(page, MEMBER["username"], MEMBER["password"])
    page.goto(f"/b/{BOARD}/new")
    title, body = box(page.get_by_label("Titre")), box(page.get_by_label("Message"))
    first_kind = box(page.get_by_role("radio").first)
    # The message box comes right after the title, before the kind.
    assert title["y"] + title["height"] <= body["y"] < first_kind["y"]
    assert body["y"] - (title["y"] + title["height"]) < 80
    # The usual tags are there at once; the others appear when "Plus de mots-clés" is tapped.
    expect(page.get_by_label("forage", exact=False).first).to_be_visible()
    hidden_tag = page.locator(".tag-choice details input").first
    expect(hidden_tag).to_be_hidden()
    page.locator("details.more-tags > summary").tap()  # "Plus de mots-clés" once translated
    expect(hidden_tag).to_be_visible()
    # The need's details appear for a need only.
    expectation = page.get_by_label("Qu’attendez-vous des experts ?")
    expect(expectation).to_be_hidden()
    page.get_by_label("Besoin de compétences").tap()
    expect(expectation).to_be_visible()
    page.get_by_label("Question").tap()
    expect(expectation).to_be_hidden()


def test_an_arabic_title_reads_right_to_left(page: Page, content):
    slug, thread_id = content["arabic"]
    page.goto(f"/t/{slug}/{thread_id}")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(AR_TITLE)
    assert heading.evaluate("e => getComputedStyle(e).direction") == "rtl"
    page.goto("/")
    title = page.get_by_text(AR_TITLE).first
    assert title.evaluate("e => getComputedStyle(e).direction") == "rtl"


CONTRAST = """([fg, bg]) => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def test_the_focus_ring_stands_out_from_the_page(page: Page, content):
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    for _ in range(12):  # tab out of the header, into the page itself
        page.keyboard.press("Tab")
        if page.evaluate("!document.activeElement.closest('header')"):
            break
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
      return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
              page: getComputedStyle(document.body).backgroundColor}; }""")
    assert style["style"] != "none" and style["width"] >= 2, style
    ratio = page.evaluate(CONTRAST, [style["color"], style["page"]])
    print(f"focus ring {style['color']} on {style['page']}: {ratio:.2f}:1")
    assert ratio >= 3, style


SMALL_TARGETS = """() => {
  // Links inside running text (a sentence, a line of metadata) are exempt (WCAG 2.5.8).
  const inText = e => {
    if (e.tagName !== 'A' || getComputedStyle(e).display !== 'inline') return false;
    const block = e.parentElement.closest('p, li, dd, td, small, span, div');
    return block && block.textContent.replace(e.textContent, '').replace(/[\\s·,()#]/g, '').length > 0;
  };
  return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
    .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .filter(e => !e.closest('details:not([open])') || e.tagName === 'SUMMARY')
    .filter(e => !e.classList.contains('skip') && !inText(e))
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width < 24 || r.height < 24)
    .map(([e, r]) => `${e.tagName.toLowerCase()} "${(e.textContent || e.name || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
}"""


def test_tap_targets_are_at_least_24_px(page: Page, content, live_server):
    slug, thread_id = content["arabic"]
    small = {}
    for url in ("/login", "/register"):
        page.goto(url)
        small[url] = page.evaluate(SMALL_TARGETS)
    log_in(page, live_server.moderator["username"], live_server.moderator["password"])
    for url in ("/", f"/b/{BOARD}", f"/t/{slug}/{thread_id}", f"/b/{BOARD}/new", "/search?q=forage",
                f"/u/{MEMBER['username']}", "/mod/log"):
        page.goto(url)
        small[url] = page.evaluate(SMALL_TARGETS)
    assert {url: found for url, found in small.items() if found} == {}


def test_after_a_failed_submit_the_focus_is_on_the_error_summary(page: Page, content):
    log_in(page, MEMBER["username"], MEMBER["password"])
    page.goto(f"/b/{BOARD}/new")
    page.get_by_role("button", name="Publier").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_have_attribute("href", "#title")
    expect(page.get_by_label("Titre")).to_have_attribute("aria-invalid", "true")


def test_the_moderation_log_fits_a_phone(page: Page, content, live_server):
    log_in(page, live_server.moderator["username"], live_server.moderator["password"])
    page.goto("/mod/log")
    expect(page.get_by_role("link", name=AR_TITLE)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    # Nor a table that scrolls sideways inside the page: every entry is read without scrolling.
    log = page.locator("table.log").evaluate("e => [e.scrollWidth, e.clientWidth]")
    print(f"moderation log at 360 px: document width {width}, log {log[0]} in {log[1]}")
    assert width <= PHONE["width"] and log[0] <= log[1]
