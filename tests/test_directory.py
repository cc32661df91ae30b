"""The expert directory: filters, privacy, search, order, pagination, query count."""

import re
from datetime import timedelta

import pytest

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.people.models import join_codes
from forum.tags.services import get_tag
from forum.threads.services import reply
from tests.helpers import count_queries, page_text

EVERYTHING = ("skills", "residence", "languages", "availability")


@pytest.fixture
def make_expert(make_user):
    def make(username, display_name, skills=(), public=EVERYTHING, kind="expert", **profile):
        user = make_user(username, kind=kind, display_name=display_name)
        user.skills = [get_tag(slug) for slug in skills]
        user.public_fields = join_codes(public)
        for name, value in profile.items():
            setattr(user, name, value)
        db.session.commit()
        return user

    return make


@pytest.fixture
def experts(make_expert, make_thread, member):
    yasmine = make_expert("yasmine", "Yasmine Aït", ["forage", "irrigation"], country="France", city="Lyon",
                          languages=",fr,ar,", availability="remote")
    omar = make_expert("omar", "Omar B.", ["forage"], public=("skills",), country="Belgique", city="Liège",
                       languages=",nl,", availability="on_site")
    elodie = make_expert("elodie", "Élodie Martin", ["energie-solaire"], country=" france ", availability="remote")
    secret = make_expert("secret", "Sami Secret", ["forage", "safran"], public=("residence",), country="France",
                         languages=",ar,", availability="on_site")
    make_expert("gone", "Gone Suspended", ["forage"], country="France",
                suspended_until=utcnow() + timedelta(days=2))
    make_expert("maire", "Maire Forage", ["forage"], kind="commune")
    # Yasmine: 3 replies, 2 of them solutions; Omar: 1 reply, its solution; Élodie: 2 replies.
    for n, (who, solved) in enumerate([(yasmine, True), (yasmine, True), (yasmine, False), (omar, True),
                                       (elodie, False), (elodie, False)]):
        thread = make_thread(member, title=f"Question numéro {n} sur le forage")
        post = reply(thread, who, "Voici ma réponse.")
        if solved:
            thread.solution_post_id = post.id
    db.session.commit()
    return {"yasmine": yasmine, "omar": omar, "elodie": elodie, "secret": secret}


def names(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r'<a class="title" href="/u/[^"]+" dir="auto">([^<]+)</a>', page_text(response))


def test_experts_are_listed_by_solutions_then_answers_then_name(client, experts):
    page = page_text(client.get("/experts"))
    assert page.count("<h1>") == 1 and "4 experts" in page
    assert names(client, "/experts") == ["Yasmine Aït", "Omar B.", "Élodie Martin", "Sami Secret"]
    assert "Gone Suspended" not in page and "Maire Forage" not in page


def test_cards_show_public_fields_and_counts_only(client, experts):
    page = page_text(client.get("/experts"))
    yasmine = page.split("Yasmine Aït", 1)[1].split("</li>", 1)[0]
    assert "Lyon, France" in yasmine and "3 answers" in yasmine and "2 solutions" in yasmine
    assert "French, Arabic" in yasmine and "Remote only" in yasmine and "#forage" in yasmine and "#irrigation" in yasmine
    omar = page.split("Omar B.", 1)[1].split("</li>", 1)[0]
    assert "1 answer" in omar and "1 solution" in omar and "#forage" in omar
    cards = re.search(r'<ul class="experts">.*?</ul>', page, flags=re.S).group(0)
    assert "Belgique" not in page and "Liège" not in page
    assert "Dutch" not in cards and "A mission on site" not in cards
    secret = page.split("Sami Secret", 1)[1].split("</li>", 1)[0]
    assert "France" in secret and "#safran" not in page
    assert 'href="/u/yasmine"' in page


@pytest.mark.parametrize("query, expected", [
    ("skill=forage", ["Yasmine Aït", "Omar B."]),  # not Sami: his skills are private
    ("skill=energie-solaire", ["Élodie Martin"]),
    ("country=France", ["Yasmine Aït", "Élodie Martin", "Sami Secret"]),  # not Omar: residence private
    ("language=ar", ["Yasmine Aït"]),  # not Sami: languages private
    ("language=nl", []),
    ("availability=remote", ["Yasmine Aït", "Élodie Martin"]),
    ("availability=on_site", []),  # Omar and Sami keep it private
    ("skill=forage&language=fr&country=France&availability=remote", ["Yasmine Aït"]),
])
def test_each_filter_only_matches_what_experts_made_public(client, experts, query, expected):
    assert names(client, f"/experts?{query}") == expected


def test_the_country_list_shows_public_countries_once(client, experts):
    page = page_text(client.get("/experts"))
    country_select = re.search(r'<select id="country".*?</select>', page, flags=re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", country_select) == ["Any country", "France"]
    # A country nobody made public is not a choice: the filter is refused, nothing is revealed.
    assert "Not a valid choice" in page_text(client.get("/experts?country=Belgique"))


@pytest.mark.parametrize("q, expected", [
    ("yasm", ["Yasmine Aït"]),
    ("MARTIN", ["Élodie Martin"]),
    ("elodie", ["Élodie Martin"]),  # accents ignored in names too
    ("Yasmine Ait", ["Yasmine Aït"]),
    ("OMAR", ["Omar B."]),  # the username
    ("energie", ["Élodie Martin"]),  # skill name, accents ignored
    ("ÉNERGIE SOLAIRE", ["Élodie Martin"]),
    ("forage", ["Yasmine Aït", "Omar B."]),  # Sami's skills are private
    ("safran", []),
    ("%", []),
    ("_", []),
])
def test_search_by_name_or_public_skill(client, experts, q, expected):
    assert names(client, f"/experts?q={q}") == expected


def test_garbage_filters_are_ignored_with_a_message(client, experts):
    response = client.get("/experts?skill=nope&language=xx&availability=%3Cscript%3E&country=Mars&page=abc&q=" + "x" * 300)
    assert response.status_code == 200
    page = page_text(response)
    assert page.count("Not a valid choice") == 4
    assert "<script>" not in page
    assert "Field cannot be longer than 100 characters." in page
    assert len(names(client, "/experts?skill=nope")) == 4


@pytest.mark.parametrize("page", ["0", "-3", "99999999999999999999999999", "2"])
def test_odd_page_numbers_never_fail(client, experts, page):
    response = client.get(f"/experts?page={page}")
    if page in ("0", "-3"):
        assert response.status_code == 200
        assert len(names(client, f"/experts?page={page}")) == 4
    else:  # past the last page: the last (and only) page
        assert response.status_code == 302 and response.headers["Location"] == "/experts"


def test_pagination_keeps_the_filters(client, make_expert):
    for n in range(23):
        make_expert(f"exp{n:02d}", f"Expert {n:02d}", ["forage"])
    make_expert("other", "Other Skill", ["safran"])
    first = page_text(client.get("/experts?skill=forage"))
    assert "23 experts" in first
    assert len(names(client, "/experts?skill=forage")) == 20
    link = re.search(r'<a href="([^"]+)" rel="next">', first).group(1).replace("&amp;", "&")
    assert "skill=forage" in link and "page=2" in link
    assert names(client, link) == ["Expert 20", "Expert 21", "Expert 22"]


def test_the_filter_form_is_labelled_and_works_without_javascript(client, experts):
    page = page_text(client.get("/experts?skill=forage"))
    form = re.search(r'<form method="get".*?</form>', page, flags=re.S).group(0)
    for name in ("q", "skill", "country", "language", "availability"):
        assert f'<label for="{name}">' in form
    assert '<option selected value="forage">' in form or '<option value="forage" selected>' in form


def _queries(client, url) -> int:
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/experts", "/experts?skill=forage&q=exp"])
def test_directory_queries_do_not_grow_with_the_number_of_experts(client, make_expert, make_thread, member, url):
    def add(prefix, n):
        for i in range(n):
            expert = make_expert(f"{prefix}{i}", f"Exp {prefix}{i}", ["forage", "irrigation"], country="France",
                                 languages=",fr,")
            thread = make_thread(member, title=f"Sujet {prefix} {i} forage")
            thread.solution_post_id = reply(thread, expert, "Réponse.").id
            db.session.commit()

    add("a", 2)
    few = _queries(client, url)
    add("b", 10)
    many = _queries(client, url)
    assert many == few, (few, many)
    assert many <= 9  # + the names of the experts, folded in Python for a search
