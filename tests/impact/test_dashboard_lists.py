"""The lists behind the dashboard's figures, their CSV exports, the monthly CSV and the report."""

import csv
import io
import re
from pathlib import Path

import pytest

from tests.helpers import count_queries, page_text
from tests.impact.dash_dataset import build

PERIOD = "from=2026-01-01&to=2026-06-30"
LISTS = ("migrants", "communes-engaged", "actors", "communes-strengthened")


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, page_text(response)[:2000]
    return response


def _csv(response):
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8")[1:]), delimiter=";"))


def test_the_migrants_list_links_profiles_and_shows_the_evidence_with_dates(world, as_coordinator):
    page = page_text(_get(as_coordinator, f"/impact/migrants?{PERIOD}"))
    assert "Migrants involved <span class=\"count\">(5)</span>" in page
    names = re.findall(r'<a href="/u/(\w+)" dir="auto">', page)
    assert names == ["e1", "e2", "e3", "e4", "e6"]
    e1 = page[page.index('href="/u/e1"'):page.index('href="/u/e2"')]
    assert '<time datetime="2026-02-11">11 February 2026</time> · Reply' in e1
    assert f'href="/t/{world["T1"].slug}/{world["T1"].id}"' in e1
    assert '<time datetime="2026-04-10">10 April 2026</time> · Linking record' in e1
    assert "Call or video call (Completed)" in e1 and "with actor_c name" in e1


def test_the_communes_lists_link_the_commune_pages(world, as_coordinator):
    page = page_text(_get(as_coordinator, f"/impact/communes-strengthened?{PERIOD}"))
    assert re.findall(r'<a href="/c/([\w-]+)" dir="auto">', page) == ["tagmout", "aglou", "tafraout"]
    assert "Need done" in page and "Need matched" in page and "Mission on site (Completed)" in page


def test_a_list_keeps_the_filters(world, as_coordinator):
    page = page_text(_get(as_coordinator, f"/impact/actors?{PERIOD}&province=Taroudant"))
    assert re.findall(r'<a href="/u/(\w+)" dir="auto">', page) == ["actor_c", "off_c", "off_d"]
    assert '<option value="Taroudant" selected>' in page
    assert 'href="/impact/actors.csv?from=2026-01-01&amp;to=2026-06-30&amp;province=Taroudant"' in page
    assert 'href="/impact?from=2026-01-01&amp;to=2026-06-30&amp;province=Taroudant"' in page


def test_an_unknown_list_is_a_404(world, as_coordinator):
    assert as_coordinator.get("/impact/nobody").status_code == 404
    assert as_coordinator.get("/impact/nobody.csv").status_code == 404


def test_the_csv_of_a_list_has_one_row_per_member_with_the_evidence(world, as_coordinator):
    response = _get(as_coordinator, f"/impact/migrants.csv?{PERIOD}&province=Taroudant")
    assert response.mimetype == "text/csv"
    assert 'filename="impact-migrants-2026-01-01_2026-06-30.csv"' in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == ["Name", "Username", "Kind", "Organisation", "Commune", "Province", "First date", "Last date",
                       "Evidence count", "Evidence"]
    assert [row[1] for row in rows[1:]] == ["e1", "e4", "e6"]
    e1 = rows[1]
    assert e1[:3] == ["e1 name", "e1", "Migrant expert"] and e1[6:9] == ["2026-04-10", "2026-04-10", "1"]
    assert e1[9] == f"Linking record: Call or video call · Completed · {world['T3'].title} (2026-04-10)"


def test_the_csv_of_communes(world, as_coordinator):
    rows = _csv(_get(as_coordinator, f"/impact/communes-engaged.csv?{PERIOD}"))
    assert rows[0][:3] == ["Commune", "Province", "Region"]
    assert [row[:2] for row in rows[1:]] == [["Tagmout", "Taroudant"], ["Tiout", "Taroudant"],
                                             ["Aglou", "Tiznit"], ["Tafraout", "Tiznit"]]
    assert rows[3][5] == "3"  # Aglou: its need, its question, a record


def test_the_monthly_csv(world, as_coordinator):
    rows = _csv(_get(as_coordinator, f"/impact/monthly.csv?{PERIOD}"))
    assert rows[0] == ["Month", "Migrants involved", "Rural communes engaged",
                       "Development actors in contact with migrants", "Rural communes strengthened"]
    assert rows[1:] == [["2026-01", "1", "0", "1", "0"], ["2026-02", "2", "1", "3", "0"],
                        ["2026-03", "4", "2", "4", "0"], ["2026-04", "4", "3", "5", "1"],
                        ["2026-05", "5", "4", "6", "3"], ["2026-06", "5", "4", "6", "3"]]


@pytest.mark.parametrize("url", ["/impact/monthly.csv"] + [f"/impact/{name}.csv" for name in LISTS])
def test_the_exports_are_refused_to_members_and_anonymous_visitors(world, client, auth, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.login(world["off_a"])
    assert client.get(url).status_code == 403


def test_the_report_has_the_figures_charts_table_and_names(world, as_coordinator):
    page = page_text(_get(as_coordinator, f"/impact/report?{PERIOD}"))
    assert '<article class="impact-report">' in page
    assert re.findall(r'<strong>(\d+)</strong> / ', page) == ["5", "4", "6", "3"]
    assert page.count('class="pygal-chart"') == 3 and '<table class="impact-table">' in page
    assert "Period: 1 January 2026 to 30 June 2026" in page
    assert "Migrants involved (5)" in page and "<li dir=\"auto\">e6 name</li>" in page
    assert "<li dir=\"auto\">Tagmout (Taroudant)</li>" in page
    assert "<script" not in page


def test_the_stylesheet_prints_the_report_on_a4_without_the_site_header(app):
    css = (Path(app.static_folder) / "css" / "forum.css").read_text(encoding="utf-8")
    assert "@page { size: A4;" in css
    assert "body:has(.impact-report) header.site" in css and "break-before: page" in css


@pytest.mark.heavy  # a world ten times larger is built (make test-heavy)
def test_the_report_runs_the_same_statements_on_a_world_ten_times_larger(app, client, auth, coordinator):
    auth.login(coordinator)
    build()
    client.get(f"/impact/report?{PERIOD}")
    with count_queries() as small:
        client.get(f"/impact/report?{PERIOD}")
    for n in range(9):
        build(f"-{n}")
    client.get(f"/impact/report?{PERIOD}")
    with count_queries() as large:
        page = page_text(_get(client, f"/impact/report?{PERIOD}"))
    assert len(small) == len(large)
    assert "Migrants involved (50)" in page


@pytest.mark.parametrize("url", [f"/impact/actors?{PERIOD}", f"/impact/communes-engaged.csv?{PERIOD}",
                                 f"/impact/monthly.csv?{PERIOD}"])
@pytest.mark.heavy  # a world ten times larger is built (make test-heavy)
def test_lists_and_exports_run_the_same_statements_on_a_world_ten_times_larger(app, client, auth, coordinator, url):
    auth.login(coordinator)
    build()
    client.get(url)
    with count_queries() as small:
        client.get(url)
    for n in range(9):
        build(f"-{n}")
    client.get(url)
    with count_queries() as large:
        _get(client, url)
    assert len(small) == len(large)


def test_a_list_shows_each_subjects_latest_facts_and_how_many_there_are(as_coordinator, make_user, make_thread):
    """An expert who replied once in each of eleven questions of a commune, then three times in a
    twelfth, has twelve facts: the list shows the latest ten (the last one marked x3) and says
    two earlier ones are not shown; the CSV counts twelve."""
    from datetime import UTC, datetime, timedelta

    from forum.db import transaction
    from forum.threads.services import reply

    official = make_user("hamid", kind="commune")
    expert = make_user("karim", kind="expert", display_name="Karim Expert")
    start = datetime(2026, 2, 1, 12, tzinfo=UTC)
    questions = [make_thread(official, title=f"Question numéro {n} de la commune") for n in range(12)]
    with transaction():
        for n, question in enumerate(questions):
            for again in range(3 if n == 11 else 1):
                reply(question, expert, f"Réponse {again}").created_at = start + timedelta(days=n, hours=again)
    page = page_text(_get(as_coordinator, f"/impact/migrants?{PERIOD}"))
    assert page.count('href="/t/question-numero-') == 10
    assert "and 2 earlier facts" in page
    assert "Question numéro 11 de la commune" in page and "Question numéro 1 de la commune<" not in page
    assert "Reply from an expert (×3)" in page or "Reply (×3)" in page
    rows = _csv(_get(as_coordinator, f"/impact/migrants.csv?{PERIOD}"))
    karim = next(row for row in rows if row[0] == "Karim Expert")
    assert karim[-4:-1] == ["2026-02-01", "2026-02-12", "12"]
    assert karim[-1].endswith("Question numéro 11 de la commune (x3, 2026-02-12)")
    assert "Question numéro 0 de la commune" not in karim[-1]
