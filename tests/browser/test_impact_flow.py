"""The coordinator's dashboard in a real browser: log in, open « Impact » from the header,
filter by province, download a list as CSV, follow a figure to the list behind it; no
Content-Security-Policy violation on the way (the charts are inline SVG with no script or style).

The figures come from the hand-made world of tests/impact/dash_dataset.py, dated in the first
half of 2026, so the other browser tests' data (dated today) stays out of the period.
Selectors use ids and addresses, not the dashboard's words (their French arrives with the
catalog). Run with: pytest -m browser tests/browser/test_impact_flow.py
"""

import re

import pytest
from playwright.sync_api import Page, expect

from forum.extensions import db
from forum.people.services import create_user
from tests.impact.dash_dataset import build

pytestmark = pytest.mark.browser

COORDINATOR = {"username": "samira.coord", "password": "Agadir-impact-2026", "display_name": "Samira Coordinatrice"}
SUFFIX = "-br"
COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + location.pathname);
});
"""


@pytest.fixture
def impact_world(live_server):
    with live_server.app.app_context():
        world = build(SUFFIX)
        create_user(COORDINATOR["username"], "samira.coord@example.org", COORDINATOR["password"],
                    display_name=COORDINATOR["display_name"], role="coordinator")
        db.session.commit()
        db.session.remove()
    return world


def test_the_coordinator_filters_downloads_and_follows_a_figure(page: Page, live_server, impact_world, tmp_path):
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(COLLECT)

    page.goto("/login")
    page.get_by_label("Identifiant ou adresse e-mail").fill(COORDINATOR["username"])
    page.get_by_label("Mot de passe", exact=True).fill(COORDINATOR["password"])
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("status")).to_have_text(f"Bonjour {COORDINATOR['display_name']} !")

    page.get_by_role("navigation", name="Navigation principale").locator('a[href="/impact"]').click()
    expect(page).to_have_url(re.compile(r"/impact$"))
    expect(page.locator(".impact-figure")).to_have_count(4)

    page.locator("#f-from").fill("2026-01-01")
    page.locator("#f-to").fill("2026-06-30")
    page.locator("#f-province").select_option("Taroudant")
    page.locator(".impact-filters button").click()
    expect(page).to_have_url(re.compile(r"/impact\?from=2026-01-01&to=2026-06-30&axis=&province=Taroudant"))
    expect(page.locator(".impact-count strong")).to_have_text(["3", "2", "3", "1"])
    expect(page.locator("#f-province")).to_have_value("Taroudant")
    expect(page.locator(".impact-chart svg")).to_have_count(3)
    assert console + page.evaluate("window.__csp || []") == []

    with page.expect_download() as download_info:
        page.locator('.impact-exports a[href^="/impact/migrants.csv"]').click()
    download = download_info.value
    assert download.suggested_filename == "impact-migrants-2026-01-01_2026-06-30.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert len(rows) == 4
    assert any(row.startswith(f"e1{SUFFIX} name;e1{SUFFIX};") for row in rows[1:])

    page.locator('.impact-figure a[href^="/impact/migrants?"]').click()
    expect(page).to_have_url(re.compile(r"/impact/migrants\?from=2026-01-01&to=2026-06-30&province=Taroudant$"))
    people = page.locator(".impact-list > li > a")
    expect(people).to_have_text([f"e1{SUFFIX} name", f"e4{SUFFIX} name", f"e6{SUFFIX} name"])
    people.first.click()
    expect(page).to_have_url(re.compile(rf"/u/e1{SUFFIX}$"))
    assert console + page.evaluate("window.__csp || []") == []
