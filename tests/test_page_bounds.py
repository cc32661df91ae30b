"""A page number past the last page goes to the last page, on every paginated page; page 1 of
an empty list stays as it is."""

from urllib.parse import parse_qs, urlsplit

import pytest

from forum.communes.models import Commune
from forum.extensions import db
from forum.tags.services import get_tag
from tests.helpers import page_text


@pytest.fixture
def app_config():
    return {"THREADS_PER_PAGE": 1, "POSTS_PER_PAGE": 1, "SEARCH_RESULTS_PER_PAGE": 1}


@pytest.fixture
def forum(app, member, other_member, make_thread):
    """Two questions and a need on the water board, tagged #forage, by a commune official; a
    thread with three posts; an expert in drilling."""
    commune = Commune(slug="tafraout", name="Tafraout", province="Tiznit", region="Souss-Massa")
    db.session.add(commune)
    db.session.commit()
    member.commune_id = commune.id
    other_member.skills = [get_tag("forage")]
    db.session.commit()
    forage = [get_tag("forage")]
    long_thread = make_thread(member, title="Forage à Tafraout", tags=forage, replies=2)
    make_thread(member, title="Château d'eau", tags=forage)
    make_thread(member, title="Besoin d'une étude", kind="need", tags=forage)
    make_thread(member, title="Un second besoin", kind="need", tags=forage)
    return long_thread


def _target(response):
    parts = urlsplit(response.headers["Location"])
    return parts.path, parse_qs(parts.query)


# (who is logged in, the URL asked with ?page=99, the path and query it lands on)
CASES = [
    (None, "/b/eau-assainissement", {"page": ["4"]}),
    (None, "/b/eau-assainissement?kind=need", {"kind": ["need"], "page": ["2"]}),
    (None, "/tags/forage", {"page": ["4"]}),
    (None, "/questions", {"page": ["4"]}),
    (None, "/questions?show=unanswered", {"show": ["unanswered"], "page": ["3"]}),
    (None, "/needs", {"page": ["2"]}),
    (None, "/b/eau-assainissement/needs", {"page": ["2"]}),
    (None, "/c/tafraout", {"page": ["4"]}),
    (None, "/experts", {}),
    (None, "/u", {}),
    ("bob", "/for-you", {"page": ["4"]}),
    ("nadia", "/mod/log", {}),
    (None, "/search?q=forage", {"q": ["forage"], "page": ["4"]}),
]


@pytest.mark.parametrize(("who", "url", "expected"), CASES)
def test_a_page_past_the_last_goes_to_the_last_page(client, auth, forum, member, other_member, moderator,
                                                     who, url, expected):
    users = {"bob": other_member, "nadia": moderator}
    if who:
        auth.login(users[who])
    asked = url + ("&" if "?" in url else "?") + "page=99"
    response = client.get(asked)
    assert response.status_code == 302, asked
    assert _target(response) == (urlsplit(url).path, expected)
    landed = client.get(response.headers["Location"])
    assert landed.status_code == 200
    assert "There is nothing on this page." not in page_text(landed)


def test_a_thread_page_past_the_last_goes_to_the_last_page_of_posts(client, forum):
    url = f"/t/{forum.slug}/{forum.id}"
    response = client.get(url + "?page=7")
    assert response.status_code == 302
    assert _target(response) == (url, {"page": ["3"]})
    assert "Réponse numéro 2" in page_text(client.get(response.headers["Location"]))


def test_pages_within_range_and_page_one_of_an_empty_list_stay(client, app, forum):
    assert client.get("/b/eau-assainissement?page=4").status_code == 200
    empty = client.get("/tags/irrigation")
    assert empty.status_code == 200 and "No thread yet." in page_text(empty)
    assert client.get("/tags/irrigation?page=1").status_code == 200
    response = client.get("/tags/irrigation?page=3")
    assert response.status_code == 302 and _target(response) == ("/tags/irrigation", {})
