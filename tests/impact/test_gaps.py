"""The gaps (/impact/gaps): tags asked for that no expert shows, open needs no such expert could
take, experts whose skills nobody asked for, communes with no active official; and their CSV."""

from datetime import date, timedelta

import pytest

from forum.boards.services import get_board
from forum.communes.models import Commune
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.tags.services import get_tag
from forum.threads.models import Need
from forum.threads.services import reply
from forum.threads.solutions import mark_solution
from tests.helpers import count_queries, page_text
from tests.impact.pages import csv_rows, sections

NOW = utcnow()


@pytest.fixture
def app_config():
    return {"IMPACT_START_DATE": date(2020, 1, 1)}


def _expert(make_user, username, skills, public=True, suspended=False):
    user = make_user(username, kind="expert", display_name=username.capitalize())
    user.skills = [get_tag(slug) for slug in skills]
    user.public_fields = ",skills,residence," if public else ",residence,"
    if suspended:
        user.suspended_until = NOW + timedelta(days=5)
    db.session.commit()
    return user


@pytest.fixture
def coordinator(make_user):
    return make_user("claire", role="coordinator")


@pytest.fixture
def tafraout(app):
    commune = Commune(slug="tafraout", name="Tafraout", province="Tiznit", region="Souss-Massa")
    db.session.add(commune)
    db.session.commit()
    return commune


@pytest.fixture
def official(make_user, tafraout):
    user = make_user("fatima", kind="commune")
    user.commune_id, user.last_seen_at = tafraout.id, NOW - timedelta(days=3)
    db.session.commit()
    return user


@pytest.fixture
def asking(make_thread, official, make_user):
    """Open needs and questions, and threads that ask for nothing any more (done, solved, deleted).

    Experts: karim shows forage; leila has argan but does not show it; omar (suspended) shows
    puits-like "khettara"; so argan and khettara are unmet, forage is met.
    """
    karim = _expert(make_user, "karim", ["forage", "tourisme-rural"])
    leila = _expert(make_user, "leila", ["argan"], public=False)
    omar = _expert(make_user, "omar", ["khettara"], suspended=True)
    tag = get_tag

    def thread(title, kind="need", tags=(), status=None, board=None):
        made = make_thread(official, title=title, kind=kind, tags=[tag(t) for t in tags],
                           target_board=get_board(board) if board else None)
        if status:
            db.session.get(Need, made.id).status = status
            db.session.commit()
        return made

    threads = {
        "forage": thread("Besoin d'un forage profond", tags=["forage", "argan"]),
        "argan": thread("Besoin d'une coopérative d'argan", tags=["argan"], status="in_discussion"),
        "untagged": thread("Besoin sans étiquette du douar"),
        "khettara": thread("Question sur la khettara du ksar", kind="question", tags=["khettara", "argan"],
                           board="agriculture-elevage-irrigation"),
        "done": thread("Besoin terminé sur le safran", tags=["safran"], status="done"),
        "matched": thread("Besoin trouvé sur les écoles", tags=["ecoles"], status="matched"),
        "solved": thread("Question résolue sur les déchets", kind="question", tags=["dechets"]),
        "deleted": thread("Besoin supprimé sur l'élevage", tags=["elevage"]),
        "discussion": thread("Discussion sur le patrimoine", kind="discussion", tags=["patrimoine"]),
    }
    with transaction():
        answer = reply(threads["solved"], karim, "Voici la solution")
        mark_solution(official, answer)
        threads["deleted"].is_deleted = True
    return {"threads": threads, "karim": karim, "leila": leila, "omar": omar}


def test_tags_asked_for_with_no_expert_showing_them(client, auth, coordinator, asking):
    auth.login(coordinator)
    rows = sections(client.get("/impact/gaps"))["tags-title"]
    # argan: 2 open needs + 1 open question; leila has it without showing it. khettara: omar is suspended.
    assert rows == [["#argan", "3", "1"], ["#khettara", "1", "1"]]


def test_open_needs_no_expert_could_take(client, auth, coordinator, asking):
    auth.login(coordinator)
    rows = sections(client.get("/impact/gaps"))["needs-title"]
    assert [(row[0], row[-1]) for row in rows] == [("Besoin d'une coopérative d'argan", "#argan"),
                                                   ("Besoin sans étiquette du douar", "No tag")]


def test_showing_a_skill_closes_the_gap(client, auth, coordinator, asking):
    leila = asking["leila"]
    leila.public_fields = ",skills,"
    db.session.commit()
    auth.login(coordinator)
    found = sections(client.get("/impact/gaps"))
    assert found["tags-title"] == [["#khettara", "1", "1"]]
    assert [row[0] for row in found["needs-title"]] == ["Besoin sans étiquette du douar"]


def test_experts_with_skills_nobody_asked_for(client, auth, coordinator, asking, make_user):
    _expert(make_user, "zineb", ["numerique", "jeunesse"], public=False)
    _expert(make_user, "hassan", ["elevage"])  # only a deleted thread asked for it
    _expert(make_user, "nora", ["argan"])  # asked for: not listed
    auth.login(coordinator)
    rows = sections(client.get("/impact/gaps"))["experts-title"]
    # None of their skills asked for first (by name), then karim (forage asked, tourisme rural not).
    assert rows == [["Hassan", "#élevage", "0"], ["Zineb", "#jeunesse #numérique", "0"],
                    ["Karim", "#tourisme rural", "1"]]


def test_the_axis_filter_narrows_the_threads(client, auth, coordinator, asking):
    auth.login(coordinator)
    water = get_board("eau-assainissement")
    found = sections(client.get(f"/impact/gaps?axis={water.id}"))
    assert found["tags-title"] == [["#argan", "2", "1"]]
    farming = get_board("agriculture-elevage-irrigation")
    found = sections(client.get(f"/impact/gaps?axis={farming.id}"))
    assert found["tags-title"] == [["#argan", "1", "1"], ["#khettara", "1", "1"]]
    assert found["needs-title"] == []
    assert ["Karim", "#forage #tourisme rural", "0"] in found["experts-title"]


def test_communes_with_no_active_official(client, auth, coordinator, official, tafraout, make_user):
    def commune(slug, name, province="Tiznit"):
        made = Commune(slug=slug, name=name, province=province, region="Souss-Massa")
        db.session.add(made)
        db.session.commit()
        return made

    def local(username, where, seen_days_ago, kind="commune", suspended=False):
        user = make_user(username, kind=kind)
        user.commune_id = where.id
        user.last_seen_at = NOW - timedelta(days=seen_days_ago) if seen_days_ago is not None else None
        if suspended:
            user.suspended_until = NOW + timedelta(days=10)
        db.session.commit()

    tiznit = commune("tiznit", "Tiznit")
    anezi = commune("anezi", "Anezi")
    aglou = commune("aglou", "Aglou")
    commune("tata", "Tata", province="Tata")
    local("said", tiznit, 120)
    local("rachid", anezi, 1, suspended=True)
    local("amina", aglou, 1, kind="actor")  # an actor is no official
    local("hamid", aglou, None)
    auth.login(coordinator)
    rows = sections(client.get("/impact/gaps"))["communes-title"]
    def day(days_ago):
        when = NOW - timedelta(days=days_ago)
        return f"{when.day} {when:%B %Y}"

    # By province then name; Tafraout's official was seen 3 days ago: not listed.
    assert rows == [["Tata", "Tata", "0", "never"], ["Aglou", "Tiznit", "1", "never"],
                    ["Anezi", "Tiznit", "1", day(1)], ["Tiznit", "Tiznit", "1", day(120)]]
    rows = sections(client.get("/impact/gaps?province=Tata"))["communes-title"]
    assert [row[0] for row in rows] == ["Tata"]
    rows = csv_rows(client.get("/impact/gaps/communes.csv?province=Tiznit"))
    assert rows[0] == ["Commune", "Province", "Commune officials", "Last seen"]
    assert [row[:3] for row in rows[1:]] == [["Aglou", "Tiznit", "1"], ["Anezi", "Tiznit", "1"], ["Tiznit", "Tiznit", "1"]]


def test_the_csv_exports_of_the_tags_and_experts(client, auth, coordinator, asking):
    auth.login(coordinator)
    assert csv_rows(client.get("/impact/gaps/tags.csv")) == [
        ["Tag", "Open threads asking", "Experts who have it without showing it"],
        ["argan", "3", "1"], ["khettara", "1", "1"],
    ]
    assert csv_rows(client.get("/impact/gaps/experts.csv")) == [
        ["Expert", "Username", "Skills nobody asked for", "Skills asked for"],
        ["Karim", "karim", "tourisme rural", "1"],
    ]


def test_empty_lists_say_so(client, auth, coordinator):
    auth.login(coordinator)
    text = page_text(client.get("/impact/gaps"))
    for message in ("Every tag asked for has an expert who shows it.", "Every open need has an expert",
                    "Every expert's skills were asked for.", "Every commune has an active official."):
        assert message in text


GAP_URLS = ("/impact/gaps", "/impact/gaps/tags.csv", "/impact/gaps/experts.csv", "/impact/gaps/communes.csv")


def test_only_impact_readers_see_the_gaps(client, auth, make_user):
    for url in GAP_URLS:
        assert client.get(url).headers["Location"].startswith("/login")
    auth.login(make_user("bob", kind="expert"))
    for url in GAP_URLS:
        response = client.get(url)
        assert response.status_code == 403 and "Not allowed" in page_text(response)


@pytest.mark.parametrize("query", ["axis=%00", "province=nowhere", "commune=2147483648", "from=x&to=y", "page=0"])
def test_bad_filters_are_reported_never_a_500(client, auth, coordinator, asking, query):
    auth.login(coordinator)
    for url in GAP_URLS:
        assert client.get(f"{url}?{query}").status_code == 200, (url, query)


def _statements(client, url) -> int:
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_statement_count_does_not_grow_with_the_data(client, auth, coordinator, make_user, make_thread):
    tags = ["forage", "argan", "safran", "ecoles", "dechets", "khettara"]
    counter = iter(range(1000))

    def add(count):
        for _ in range(count):
            i = next(counter)
            _expert(make_user, f"expert{i}", tags[i % 6: i % 6 + 2], public=i % 2 == 0)
            commune = Commune(slug=f"commune-{i}", name=f"Commune {i}", province=f"Province {i % 3}", region="R")
            db.session.add(commune)
            db.session.commit()
            official = make_user(f"official{i}", kind="commune")
            official.commune_id, official.last_seen_at = commune.id, NOW - timedelta(days=30 * (i % 5))
            db.session.commit()
            make_thread(official, title=f"Besoin numéro {i} du douar", kind=("need", "question")[i % 2],
                        tags=[get_tag(t) for t in tags[(i + 1) % 6: (i + 1) % 6 + 2]])

    auth.login(coordinator)
    add(3)
    small = {url: _statements(client, url) for url in GAP_URLS}
    add(30)
    assert {url: _statements(client, url) for url in GAP_URLS} == small
    assert small["/impact/gaps"] <= 14, small


def test_how_long_an_official_stays_active_is_a_setting(app, client, auth, coordinator, official):
    auth.login(coordinator)
    assert sections(client.get("/impact/gaps"))["communes-title"] == []
    app.config["IMPACT_ACTIVE_DAYS"] = 2  # fatima was seen 3 days ago
    assert [row[0] for row in sections(client.get("/impact/gaps"))["communes-title"]] == ["Tafraout"]
