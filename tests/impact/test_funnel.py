"""The needs funnel (/impact/needs): stage counts, conversions and median days on needs with
known dates, and the needs no expert answered after 14 days, on the page and in CSV."""

import re
from datetime import date, timedelta

import pytest

from forum.boards.services import get_board
from forum.communes.models import Commune
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.tags.services import get_tag
from forum.threads.models import Need, Post
from forum.threads.services import reply
from tests.helpers import count_queries, page_text
from tests.impact.pages import csv_rows, table_rows

NOW = utcnow()
BASE = NOW - timedelta(days=200)


@pytest.fixture
def app_config():
    return {"IMPACT_START_DATE": date(2020, 1, 1)}


@pytest.fixture
def people(make_user):
    tafraout = Commune(slug="tafraout", name="Tafraout", province="Tiznit", region="Souss-Massa")
    tata = Commune(slug="tata", name="Tata", province="Tata", region="Guelmim-Oued Noun")
    db.session.add_all([tafraout, tata])
    db.session.commit()
    official = make_user("fatima", kind="commune", display_name="Fatima Commune")
    official.commune_id = tafraout.id
    db.session.commit()
    return {
        "official": official, "tafraout": tafraout, "tata": tata,
        "expert": make_user("karim", kind="expert"), "other_expert": make_user("samira", kind="expert"),
        "actor": make_user("youssef", kind="actor"),
        "coordinator": make_user("claire", role="coordinator"), "member": make_user("bob"),
    }


@pytest.fixture
def make_need(make_thread, people):
    """A need posted `posted` days after BASE (or at `at`), with replies [(author, day, deleted)],
    and the days it was matched and done."""

    def make(title, posted=0, replies=(), matched=None, done=None, status=None, board=None, tags=(),
             author=None, at=None, deleted=False):
        thread = make_thread(author or people["official"], title=title, kind="need", tags=tags,
                             target_board=get_board(board) if board else None)
        created = at or BASE + timedelta(days=posted)
        with transaction():
            thread.created_at = created
            db.session.query(Post).filter_by(thread_id=thread.id).one().created_at = created
            for author, day, is_deleted in replies:
                post = reply(thread, author, f"Réponse de {author.username}")
                post.created_at = BASE + timedelta(days=day)
                post.is_deleted = is_deleted
            need = db.session.get(Need, thread.id)
            need.matched_at = BASE + timedelta(days=matched) if matched is not None else None
            need.done_at = BASE + timedelta(days=done) if done is not None else None
            need.status = status or ("done" if done is not None else "matched" if matched is not None else "open")
            thread.is_deleted = deleted
        return thread

    return make


@pytest.fixture
def funnel_needs(make_need, people):
    """Five live needs (and a deleted one) whose stage dates give known medians:

    posted -> first expert answer: A 2, B 4, C 6, F 3 days (D has none) -> median 3.5 (even);
    on the water axis alone (A, B, C): 2, 4, 6 -> median 4 (odd);
    answer -> matched: A 3, B 5 -> 4; matched -> done: A 5, B 21 -> 13; posted -> done: 10, 30 -> 20.
    """
    expert, other, actor = people["expert"], people["other_expert"], people["actor"]
    return {
        "A": make_need("Besoin A : forage du douar", replies=[(actor, 1, False), (expert, 2, False)],
                       matched=5, done=10),
        "B": make_need("Besoin B : station de pompage", replies=[(other, 4, False), (expert, 5, False)],
                       matched=9, done=30),
        "C": make_need("Besoin C : réseau d'eau potable", replies=[(expert, 6, False)]),
        # Replies by a local actor and a deleted expert reply are no expert answer.
        "D": make_need("Besoin D : piste rurale du douar", board="routes-infrastructures",
                       replies=[(actor, 1, False), (expert, 1, True)]),
        # The first expert reply was deleted: the answer is the second one, on day 3.
        "F": make_need("Besoin F : transport scolaire", board="routes-infrastructures",
                       replies=[(expert, 1, True), (other, 3, False)]),
        "deleted": make_need("Besoin supprimé avec réponse", replies=[(expert, 1, False)], matched=2, done=3,
                             deleted=True),
    }


FUNNEL_HEADER = ["Stage", "Needs", "Conversion", "Median days from the previous stage"]


def test_the_funnel_counts_each_stage_with_conversions_and_medians(client, auth, people, funnel_needs):
    auth.login(people["coordinator"])
    response = client.get("/impact/needs")
    assert response.status_code == 200
    rows = table_rows(response)
    start = rows.index(FUNNEL_HEADER)
    assert rows[start + 1:start + 6] == [
        ["Posted", "5", "", ""],
        ["First expert answer", "4", "80%", "3.5"],
        ["Matched", "2", "50%", "4.0"],
        ["Done", "2", "100%", "13.0"],
        ["Posted to done", "2", "40%", "20.0"],
    ]


def test_the_funnel_of_one_axis_has_an_odd_median(client, auth, people, funnel_needs):
    auth.login(people["coordinator"])
    water = get_board("eau-assainissement")
    rows = table_rows(client.get(f"/impact/needs?axis={water.id}"))
    start = rows.index(FUNNEL_HEADER)
    assert rows[start + 1:start + 3] == [["Posted", "3", "", ""], ["First expert answer", "3", "100%", "4.0"]]


def test_the_table_by_axis_counts_the_stages(client, auth, people, funnel_needs):
    auth.login(people["coordinator"])
    rows = table_rows(client.get("/impact/needs"))
    start = rows.index(["PCD axis", "Posted", "First expert answer", "Matched", "Done"])
    assert rows[start + 1:start + 3] == [["Eau et assainissement", "3", "3", "2", "2"],
                                         ["Routes et infrastructures de base", "2", "1", "0", "0"]]


def test_the_funnel_csv_gives_every_axis(client, auth, people, funnel_needs):
    auth.login(people["coordinator"])
    rows = csv_rows(client.get("/impact/needs.csv"))
    assert rows[0] == ["PCD axis", "Stage", "Needs", "Conversion from the previous stage",
                       "Median days from the previous stage", "Needs timed"]
    assert rows[1:6] == [
        ["All axes", "Posted", "5", "", "", "0"],
        ["All axes", "First expert answer", "4", "80%", "3.5", "4"],
        ["All axes", "Matched", "2", "50%", "4.0", "2"],
        ["All axes", "Done", "2", "100%", "13.0", "2"],
        ["All axes", "Posted to done", "2", "40%", "20.0", "2"],
    ]
    assert ["Routes et infrastructures de base", "First expert answer", "1", "50%", "3.0", "1"] in rows


def test_the_period_keeps_the_needs_posted_in_it(client, auth, people, make_need):
    make_need("Besoin ancien du douar", at=NOW - timedelta(days=400), replies=[(people["expert"], 0, False)])
    make_need("Besoin récent du douar", at=NOW - timedelta(days=30))
    auth.login(people["coordinator"])
    since = (NOW - timedelta(days=60)).date().isoformat()
    rows = table_rows(client.get(f"/impact/needs?from={since}"))
    start = rows.index(FUNNEL_HEADER)
    assert rows[start + 1][:2] == ["Posted", "1"] and rows[start + 2][:2] == ["First expert answer", "0"]


def test_a_need_matched_before_any_expert_answer_waited_no_time(client, auth, people, make_need):
    make_need("Besoin réglé hors du forum", replies=[(people["expert"], 8, False)], matched=3)
    auth.login(people["coordinator"])
    rows = csv_rows(client.get("/impact/needs.csv"))
    assert ["All axes", "Matched", "1", "100%", "0.0", "1"] in rows


def test_no_need_gives_an_empty_funnel(client, auth, people):
    auth.login(people["coordinator"])
    response = client.get("/impact/needs")
    rows = table_rows(response)
    start = rows.index(FUNNEL_HEADER)
    assert rows[start + 1:start + 3] == [["Posted", "0", "", ""], ["First expert answer", "0", "", ""]]
    assert "No need was posted in this period." in page_text(response)


# -- needs with no expert answer after 14 days ---------------------------------------------------

def _unanswered(response) -> list[str]:
    """The titles of the unanswered list, in order."""
    rows = table_rows(response)
    start = rows.index(["Need", "Commune", "PCD axis", "Age (days)", "Tags", "Experts"])
    titles = []
    for row in rows[start + 1:]:
        if len(row) != 6:
            break
        titles.append(re.sub(r" (Open|In discussion)$", "", row[0]))
    return titles


def test_needs_waiting_for_an_expert_are_listed_oldest_first(client, auth, people, make_need):
    expert, actor = people["expert"], people["actor"]
    recent = make_need("Besoin de dix jours", at=NOW - timedelta(days=10))
    make_need("Besoin de vingt jours", at=NOW - timedelta(days=20), tags=[get_tag("forage")])
    make_need("Besoin de trente jours", at=NOW - timedelta(days=30), replies=[(actor, 199, False)])
    make_need("Besoin avec réponse supprimée", at=NOW - timedelta(days=25), replies=[(expert, 199, True)],
              status="in_discussion")
    make_need("Besoin déjà répondu", at=NOW - timedelta(days=40), replies=[(expert, 199, False)])
    make_need("Besoin déjà trouvé", at=NOW - timedelta(days=50), matched=190)
    make_need("Besoin supprimé", at=NOW - timedelta(days=60), deleted=True)
    auth.login(people["coordinator"])
    response = client.get("/impact/needs")
    assert _unanswered(response) == ["Besoin de trente jours", "Besoin avec réponse supprimée", "Besoin de vingt jours"]
    row = next(r for r in table_rows(response) if r[0].startswith("Besoin de vingt jours"))
    assert row == ["Besoin de vingt jours Open", "Tafraout Tiznit", "Eau et assainissement", "20", "#forage",
                   "Experts who could help"]
    text = page_text(response)
    assert "3 needs waiting" in text
    assert f'/t/{recent.slug}/{recent.id}' not in text
    assert re.search(r'href="/t/[^"]+/\d+#experts"', text)


def test_a_question_is_not_in_the_list_of_needs(client, auth, people, make_thread):
    question = make_thread(people["official"], title="Une question sans réponse", kind="question")
    question.created_at = NOW - timedelta(days=30)
    db.session.commit()
    auth.login(people["coordinator"])
    assert "Une question sans réponse" not in page_text(client.get("/impact/needs"))


def test_the_unanswered_list_follows_the_place_filters(client, auth, people, make_need, make_user):
    official = make_user("omar", kind="commune")
    official.commune_id = people["tata"].id
    db.session.commit()
    make_need("Besoin de Tafraout ancien", at=NOW - timedelta(days=20))
    make_need("Besoin de Tata ancien", at=NOW - timedelta(days=20), author=official)
    auth.login(people["coordinator"])
    assert _unanswered(client.get("/impact/needs?province=Tata")) == ["Besoin de Tata ancien"]
    assert _unanswered(client.get(f"/impact/needs?commune={people['tafraout'].id}")) == ["Besoin de Tafraout ancien"]


def test_the_unanswered_csv_lists_the_same_needs(client, auth, people, make_need):
    thread = make_need("=Besoin de vingt jours", at=NOW - timedelta(days=20), tags=[get_tag("forage"), get_tag("argan")])
    make_need("Besoin de dix jours", at=NOW - timedelta(days=10))
    auth.login(people["coordinator"])
    rows = csv_rows(client.get("/impact/needs/unanswered.csv"))
    assert rows[0] == ["Need", "Commune", "Province", "PCD axis", "Status", "Posted", "Age (days)", "Tags", "Link"]
    assert rows[1:] == [["'=Besoin de vingt jours", "Tafraout", "Tiznit", "Eau et assainissement", "Open",
                         thread.created_at.strftime("%Y-%m-%d %H:%M"), "20", "argan, forage",
                         f"http://localhost/t/{thread.slug}/{thread.id}"]]


def test_the_page_of_the_unanswered_list_is_bounded(client, auth, people, make_need):
    make_need("Besoin de vingt jours", at=NOW - timedelta(days=20))
    auth.login(people["coordinator"])
    assert client.get("/impact/needs?page=99").status_code == 302
    assert client.get("/impact/needs?page=abc").status_code == 200


# -- readers, bad input, query budget ---------------------------------------------------------------

def test_only_impact_readers_see_the_funnel(client, auth, people):
    for url in ("/impact/needs", "/impact/needs.csv", "/impact/needs/unanswered.csv"):
        assert client.get(url).headers["Location"].startswith("/login")
    auth.login(people["member"])
    for url in ("/impact/needs", "/impact/needs.csv", "/impact/needs/unanswered.csv"):
        response = client.get(url)
        assert response.status_code == 403 and "Not allowed" in page_text(response)


@pytest.mark.parametrize("query", [
    "from=2025-13-45", "to=\x00", "from=2030-01-01&to=2020-01-01", "axis=99999999999999", "axis=abc",
    "province=%00", "commune=-1", "commune=1e9", "from=99999-01-01", "page=-5", "page=99999999999999999",
])
def test_bad_filters_are_reported_never_a_500(client, auth, people, funnel_needs, query):
    auth.login(people["coordinator"])
    for url in ("/impact/needs", "/impact/needs.csv", "/impact/needs/unanswered.csv"):
        response = client.get(f"{url}?{query}")
        assert response.status_code in (200, 302), (url, query)
    response = client.get(f"/impact/needs?{query}")
    if "page" not in query:
        assert 'role="alert"' in page_text(response)


def _statements(client, url) -> int:
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.heavy  # a world of needs built (make test-heavy)
def test_the_statement_count_does_not_grow_with_the_needs(client, auth, people, make_need):
    expert, actor = people["expert"], people["actor"]
    tags = [get_tag("forage"), get_tag("argan")]

    def add(count):
        for n in range(count):
            make_need(f"Besoin numéro {n} du douar", posted=n % 50, tags=tags[: n % 3],
                      board=("eau-assainissement", "sante")[n % 2],
                      replies=[(actor, n % 50 + 1, False)] + ([(expert, n % 50 + 2, False)] if n % 3 else []),
                      matched=n % 50 + 5 if n % 4 == 0 else None)

    auth.login(people["coordinator"])
    add(4)
    small = {url: _statements(client, url) for url in ("/impact/needs", "/impact/needs.csv", "/impact/needs/unanswered.csv")}
    add(40)
    large = {url: _statements(client, url) for url in small}
    assert large == small
    assert small["/impact/needs"] <= 12


def test_the_waiting_time_is_a_setting(app, client, auth, people, make_need):
    make_need("Besoin de dix jours", at=NOW - timedelta(days=10))
    app.config["IMPACT_UNANSWERED_DAYS"] = 7
    auth.login(people["coordinator"])
    response = client.get("/impact/needs")
    assert _unanswered(response) == ["Besoin de dix jours"]
    assert "Needs with no expert answer after 7 days" in page_text(response)
