"""The coordinator's dashboard /impact: the four figures against the targets, filters, charts,
the monthly table, the lists behind the figures, the report and the settings."""

import codecs
import re
import sys
from datetime import date

import pytest

from forum.audit import ModAction
from forum.boards.services import get_board
from forum.extensions import db
from forum.impact.models import ImpactSettings
from tests.helpers import count_queries, page_text
from tests.impact.dash_dataset import build

PERIOD = "from=2026-01-01&to=2026-06-30"


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, page_text(response)[:2000]
    return page_text(response)


def test_the_dashboard_shows_each_figure_against_its_target(world, as_coordinator):
    page = _get(as_coordinator, f"/impact?{PERIOD}")
    figures = re.findall(r'<p class="impact-count"><strong>(\d+)</strong> / (\d+)', page)
    assert figures == [("5", "40"), ("4", "7"), ("6", "40"), ("3", "7")]
    assert '<progress class="impact-bar" max="100" value="12"' in page  # 5 of 40
    assert '<progress class="impact-bar" max="100" value="57"' in page  # 4 of 7
    assert "(57 % of the target)" in page
    assert "A migrant expert counts once they have replied" in page
    assert 'href="/impact/migrants?from=2026-01-01&amp;to=2026-06-30"' in page
    assert 'href="/impact/communes-strengthened?from=2026-01-01&amp;to=2026-06-30"' in page
    for link in ("/impact/needs", "/impact/gaps", "/impact/links", "/bibliotheque", "/impact/report"):
        assert f'href="{link}' in page


def test_a_bar_stops_at_100_percent_but_the_text_says_more(world, as_coordinator, admin):
    db.session.add(ImpactSettings(id=1, start_date=date(2026, 1, 1), target_migrants=2,
                                  target_communes_engaged=7, target_actors=40, target_communes_strengthened=7))
    db.session.commit()
    page = _get(as_coordinator, f"/impact?{PERIOD}")
    assert '<strong>5</strong> / 2' in page and "(250 % of the target)" in page
    assert '<progress class="impact-bar" max="100" value="100"' in page


def test_the_header_links_to_impact_for_its_readers_only(app, client, auth, coordinator, member):
    auth.login(member)
    assert 'href="/impact"' not in _get(client, "/")
    auth.logout()
    auth.login(coordinator)
    assert 'href="/impact"' in _get(client, "/")


def test_filter_by_province_keeps_its_value_and_changes_the_figures(world, as_coordinator):
    page = _get(as_coordinator, f"/impact?{PERIOD}&province=Taroudant")
    assert re.findall(r'<strong>(\d+)</strong> / ', page) == ["3", "2", "3", "1"]
    assert '<option value="Taroudant" selected>Taroudant</option>' in page
    assert 'value="2026-01-01"' in page and 'value="2026-06-30"' in page
    assert "province=Taroudant" in re.search(r'href="(/impact/migrants[^"]*)"', page).group(1)


def test_filter_by_axis_and_commune(world, as_coordinator):
    water = get_board("eau-assainissement")
    page = _get(as_coordinator, f"/impact?{PERIOD}&axis={water.id}")
    assert re.findall(r'<strong>(\d+)</strong> / ', page) == ["3", "3", "4", "1"]
    page = _get(as_coordinator, f"/impact?{PERIOD}&commune={world['B'].id}")
    assert re.findall(r'<strong>(\d+)</strong> / ', page) == ["2", "1", "1", "1"]
    assert f'<option value="{world["B"].id}" selected>' in page


@pytest.mark.parametrize("query, message", [
    ("from=2026-13-45", "The start date is not a date (YYYY-MM-DD)."),
    ("to=yesterday", "The end date is not a date (YYYY-MM-DD)."),
    ("from=2026-06-01&to=2026-01-01", "The end of the period comes before its start"),
    ("axis=99999999999999999999", "Unknown PCD axis."),
    ("axis=abc", "Unknown PCD axis."),
    ("province=%00", "Unknown province."),
    ("commune=2147483648", "Unknown commune."),
    ("commune=-1", "Unknown commune."),
])
def test_bad_filters_are_reported_above_the_page(world, as_coordinator, query, message):
    page = _get(as_coordinator, f"/impact?{query}")
    errors = re.search(r'<ul class="error-summary impact-filter-errors" role="alert">(.*?)</ul>', page, re.S).group(1)
    assert message in errors


def test_the_charts_are_inline_svg_without_script_or_style(world, as_coordinator):
    page = _get(as_coordinator, f"/impact?{PERIOD}")
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="pygal-chart"') == 3
    assert "<script" not in page and "<style" not in page and "style=" not in page
    assert 'viewBox="0 0 360 300"' in page and 'width="' not in page.split('<svg', 1)[1].split('>', 1)[0]
    assert "Eau et assainissement" in page and "Taroudant" in page


def test_a_board_name_is_escaped_in_the_charts(world, as_coordinator):
    board = get_board("eau-assainissement")
    board.name = '<script>alert("x")</script>'
    db.session.commit()
    page = _get(as_coordinator, f"/impact?{PERIOD}")
    assert "<script" not in page
    assert "&lt;script&gt;alert" in page


def test_the_monthly_table_cumulates_each_figure(world, as_coordinator):
    page = _get(as_coordinator, f"/impact?{PERIOD}")
    table = re.search(r'<table class="impact-table">(.*?)</table>', page, re.S).group(1)
    rows = [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)][1:]
    # migrants: e4 Jan, e1 Feb, e2 Mar, e3 Mar, e6 May; engaged: A Feb, B Mar, C Apr, D May;
    # actors: off_c Jan, actor_a + off_a Feb, off_b Mar, actor_c Apr, off_d May; strengthened: B Apr, A + D May.
    assert rows == [["2026-01", "1", "0", "1", "0"], ["2026-02", "2", "1", "3", "0"],
                    ["2026-03", "4", "2", "4", "0"], ["2026-04", "4", "3", "5", "1"],
                    ["2026-05", "5", "4", "6", "3"], ["2026-06", "5", "4", "6", "3"]]


@pytest.mark.heavy  # a world ten times larger is built (make test-heavy)
def test_the_page_runs_the_same_statements_on_a_world_ten_times_larger(app, client, auth, coordinator):
    auth.login(coordinator)
    build()
    client.get(f"/impact?{PERIOD}")  # warm up after each build: the logged-in user is loaded again
    with count_queries() as small:
        assert client.get(f"/impact?{PERIOD}").status_code == 200
    for n in range(9):
        build(f"-{n}")
    client.get(f"/impact?{PERIOD}")
    with count_queries() as large:
        page = _get(client, f"/impact?{PERIOD}")
    assert len(small) == len(large), "\n\n".join(s[:150] for s in small) + "\n=====\n" + "\n\n".join(s[:150] for s in large)
    assert re.findall(r'<strong>(\d+)</strong> / ', page) == ["50", "40", "60", "30"]


# -- settings ------------------------------------------------------------------------------------

SETTINGS = {"start_date": "2025-09-01", "end_date": "", "target_migrants": "45", "target_communes_engaged": "8",
            "target_actors": "50", "target_communes_strengthened": "9", "submit": "1"}


def test_an_admin_saves_the_period_and_targets_and_the_log_says_so(world, client, auth, admin):
    auth.login(admin)
    form = _get(client, "/impact/settings")
    assert 'name="start_date"' in form and 'type="date"' in form
    response = client.post("/impact/settings", data=SETTINGS)
    assert response.status_code == 302 and response.headers["Location"] == "/impact"
    saved = db.session.get(ImpactSettings, 1)
    assert (saved.start_date, saved.end_date, saved.target_migrants, saved.target_communes_strengthened) == (
        date(2025, 9, 1), None, 45, 9)
    assert db.session.scalars(db.select(ModAction.action)).all() == ["impact_settings"]
    page = _get(client, "/impact?to=2026-06-30")
    assert re.findall(r'<strong>\d+</strong> / (\d+)', page) == ["45", "8", "50", "9"]
    assert 'value="2025-09-01"' in page  # the period starts with the project


@pytest.mark.parametrize("changes, message", [
    ({"end_date": "2025-01-01"}, "The end of the period comes before its start."),
    ({"target_actors": "0"}, "A target is a whole number between 1 and 100,000."),
    ({"target_actors": "99999999999999999999"}, "A target is a whole number between 1 and 100,000."),
    ({"target_actors": "abc"}, "Not a valid integer value."),
    ({"start_date": "2025-02-30"}, "Not a valid date value."),
    ({"start_date": "\x00"}, "Not a valid date value."),
])
def test_bad_settings_are_shown_on_the_form_and_nothing_is_saved(world, client, auth, admin, changes, message):
    auth.login(admin)
    response = client.post("/impact/settings", data={**SETTINGS, **changes})
    assert response.status_code == 200
    assert message in page_text(response)
    assert db.session.get(ImpactSettings, 1) is None


def test_only_admins_change_the_settings(world, client, auth, coordinator, moderator):
    for user in (coordinator, moderator):
        auth.login(user)
        assert client.get("/impact/settings").status_code == 403
        assert client.post("/impact/settings", data=SETTINGS).status_code == 403
        auth.logout()
    assert db.session.get(ImpactSettings, 1) is None


def test_an_empty_period_shows_zeros_and_no_breakdown(world, as_coordinator):
    page = _get(as_coordinator, "/impact?from=2020-01-01&to=2020-03-31")
    assert re.findall(r'<strong>(\d+)</strong> / ', page) == ["0", "0", "0", "0"]
    assert "Nothing counted in this period yet." in page
    assert page.count('class="pygal-chart"') == 1  # the monthly chart, flat


def test_the_breakdowns_are_also_tables_with_whole_names(world, as_coordinator):
    page = _get(as_coordinator, f"/impact?{PERIOD}")
    assert "Agriculture, élevage…" in page  # cut in the chart
    assert '<th scope="row" dir="auto">Agriculture, élevage et eau d&#39;irrigation</th>' in page
    assert '<th scope="row" dir="auto">Taroudant</th><td>3</td><td>2</td><td>3</td><td>1</td>' in page


@pytest.mark.parametrize("url", [f"/impact?{PERIOD}", f"/impact/report?{PERIOD}", f"/impact/actors?{PERIOD}",
                                 "/impact/settings"])
def test_no_impact_page_uses_an_id_twice(world, client, auth, admin, url):
    auth.login(admin)
    ids = re.findall(r'\sid="([^"]*)"', _get(client, url))
    assert "" not in ids
    assert [i for i in set(ids) if ids.count(i) > 1] == []


def test_pygal_leaves_no_import_hook_behind(app):
    """pygal's plugin hook made every failed import warn (an error under -W error)."""
    import forum.impact.charts  # noqa: F401

    assert not any(type(finder).__name__ == "PluginImportFixer" for finder in sys.meta_path)
    with pytest.raises(LookupError):
        codecs.lookup("x-inconnu")  # a failed import inside, and no ImportWarning


# -- what the community manager has to follow up ---------------------------------------------------

def test_the_dashboard_lists_overdue_follow_ups_and_needs_waiting_for_an_expert(as_coordinator, auth, make_user,
                                                                                make_thread):
    """A contact recorded 40 days ago and never updated is overdue (its 30-day follow-up); a
    need posted 20 days ago that no expert answered waits for one (after 14 days)."""
    from datetime import timedelta

    from forum.db import transaction
    from forum.dbtypes import utcnow
    from forum.impact.links.services import create_record
    from forum.threads.models import ThreadKind

    official = make_user("hamid", kind="commune")
    expert = make_user("karim", kind="expert", display_name="Karim Expert")
    need = make_thread(official, title="Étude pour un forage à Tafraout", kind=ThreadKind.NEED)
    with transaction():
        need.created_at = utcnow() - timedelta(days=20)
        record = create_record(official, need, {
            "kind": "visit", "status": "planned", "occurred_on": date.today(), "expert_id": expert.id,
            "partner_id": None, "commune_id": None, "organisation": "", "amount": "", "currency": "", "note": ""})
        record.created_at = record.updated_at = utcnow() - timedelta(days=40)
    since = f"/impact?from={(date.today() - timedelta(days=60)).isoformat()}"
    page = _get(as_coordinator, since)
    assert "1 need has had no expert answer for more than 14 days" in page
    assert "1 linking record has its follow-up overdue" in page
    # The coordinator reads the record but may not change it: no link to its form...
    assert '<li>Visit, <span dir="auto">Karim Expert</span>' in page
    assert f'href="/links/{record.id}/edit"' not in page
    assert "30 days: 10 days late" in page
    # ...which the community manager gets.
    auth.logout()
    auth.login(make_user("nadia", role="moderator"))
    assert f'href="/links/{record.id}/edit">Visit</a>, <span dir="auto">Karim Expert</span>' in _get(as_coordinator, since)
    with transaction():
        record.status = "completed"
    page = _get(as_coordinator, since)
    assert "0 linking records have their follow-up overdue" in page
