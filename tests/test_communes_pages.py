"""The commune pages: the list by province, and a commune's members, threads and open needs."""

import re

import pytest

from forum.boards.services import get_board
from forum.communes.models import Commune
from forum.extensions import db
from forum.tags.services import get_tag
from forum.threads.models import Need
from forum.threads.services import reply
from tests.helpers import count_queries, page_text


@pytest.fixture
def make_commune(app):
    def make(slug, name, province="Tiznit", region="Souss-Massa"):
        commune = Commune(slug=slug, name=name, province=province, region=region)
        db.session.add(commune)
        db.session.commit()
        return commune

    return make


@pytest.fixture
def make_need(make_thread):
    """A skill need of `commune` with the given status (the need row set directly)."""

    def make(author, commune, title, status="open", **kwargs):
        thread = make_thread(author, title=title, kind="need", **kwargs)
        need = thread.need or Need(thread_id=thread.id)
        need.commune_id, need.status = commune.id, status
        db.session.add(need)
        db.session.commit()
        return thread

    return make


@pytest.fixture
def places(make_commune, make_user, make_need, make_thread):
    """Two provinces; Aït Baha with an official, an actor and an expert born there."""
    ait_baha = make_commune("ait-baha", "Aït Baha", province="Chtouka-Aït Baha")
    biougra = make_commune("biougra", "Biougra", province="Chtouka-Aït Baha")
    tafraout = make_commune("tafraout", "Tafraout", province="Tiznit")
    official = make_user("fatima", kind="commune", display_name="Fatima Maire")
    actor = make_user("coop", kind="actor", display_name="Coopérative Tifawin")
    expert = make_user("expat", kind="expert", display_name="Expert Expatrié")
    for user in (official, actor, expert):
        user.commune_id = ait_baha.id
    actor.organisation_name = "Coopérative Tifawin"
    make_user("other", kind="commune", display_name="Autre Élu").commune_id = biougra.id
    db.session.commit()
    make_need(official, ait_baha, "Étude du réseau d'eau potable", tags=[get_tag("eau-potable")])
    make_need(official, ait_baha, "Formation des élus au budget", status="in_discussion")
    make_need(official, ait_baha, "Piste vers le douar", status="done")
    make_thread(actor, title="Notre coopérative d'argan cherche un marché")
    make_thread(expert, title="Sujet d'un expert né à Aït Baha")
    return {"ait_baha": ait_baha, "biougra": biougra, "tafraout": tafraout, "official": official, "actor": actor}


def test_communes_are_grouped_by_province_with_members_and_open_needs(client, places):
    page = page_text(client.get("/communes"))
    assert page.count("<h1>") == 1
    assert re.findall(r"<h2>([^<]+)</h2>", page) == ["Chtouka-Aït Baha", "Tiznit"]
    ait_baha = page.split("Aït Baha</a>", 1)[1].split("</li>", 1)[0]
    assert "2 members" in ait_baha and "2 open needs" in ait_baha  # not the expert, not the done need
    biougra = page.split("Biougra</a>", 1)[1].split("</li>", 1)[0]
    assert "1 member" in biougra and "0 open needs" in biougra
    assert 'href="/c/tafraout"' in page


def test_a_commune_page_shows_its_place_members_needs_and_threads(client, places):
    page = page_text(client.get("/c/ait-baha"))
    assert page.count("<h1") == 1 and '<h1 dir="auto">Aït Baha</h1>' in page
    assert "Province: Chtouka-Aït Baha · Region: Souss-Massa" in page
    members = page.split("<h2>Members</h2>", 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'href="/u/(\w+)"', members) == ["fatima", "coop"]  # officials first; no expert
    needs = page.split("<h2>Open needs</h2>", 1)[1].split("</ul>", 1)[0]
    assert "Étude du réseau d&#39;eau potable" in needs and "Formation des élus au budget" in needs
    assert "Piste vers le douar" not in needs
    assert "Open" in needs and "In discussion" in needs
    threads = page.split("<h2>Threads</h2>", 1)[1]
    assert "Notre coopérative d&#39;argan" in threads and "Piste vers le douar" in threads
    assert "Sujet d&#39;un expert" not in threads


def test_unknown_communes_are_404(client, places):
    assert client.get("/c/nowhere").status_code == 404
    assert client.get("/c/" + "x" * 500).status_code == 404


def test_hidden_threads_and_needs_stay_hidden(client, auth, places, make_need, make_thread, moderator):
    archived = get_board("financement")
    make_need(places["official"], places["ait_baha"], "Besoin dans les archives", target_board=archived)
    archived.is_archived = True
    db.session.commit()
    deleted = make_need(places["official"], places["ait_baha"], "Besoin supprimé")
    deleted.is_deleted = True
    db.session.commit()
    page = page_text(client.get("/c/ait-baha"))
    assert "Besoin dans les archives" not in page and "Besoin supprimé" not in page
    assert "2 open needs" in page_text(client.get("/communes"))
    auth.login(moderator)  # staff see archived boards, nobody sees deleted threads in lists
    page = page_text(client.get("/c/ait-baha"))
    assert "Besoin dans les archives" in page and "Besoin supprimé" not in page
    assert "3 open needs" in page_text(client.get("/communes"))


def test_a_need_that_became_a_question_is_not_an_open_need(client, places, make_need):
    thread = make_need(places["official"], places["ait_baha"], "Ce n'est plus un besoin")
    thread.kind = "question"
    db.session.commit()
    needs = page_text(client.get("/c/ait-baha")).split("<h2>Open needs</h2>", 1)[1].split("</ul>", 1)[0]
    assert "plus un besoin" not in needs


def test_threads_are_paginated_newest_activity_first(client, places, make_thread, app):
    official = places["official"]
    threads = [make_thread(official, title=f"Sujet de la commune {n:02d}") for n in range(app.config["THREADS_PER_PAGE"] + 2)]
    reply(threads[0], official, "Relance : toujours d'actualité.")
    page = page_text(client.get("/c/ait-baha"))
    listed = re.findall(r'<a class="title" href="/t/[^"]+"><span dir="auto">([^<]+)</span></a>', page.split("<h2>Threads</h2>", 1)[1])
    assert listed[0] == "Sujet de la commune 00" and listed[1] == f"Sujet de la commune {len(threads) - 1:02d}"
    assert len(listed) == app.config["THREADS_PER_PAGE"]
    assert 'href="/c/ait-baha?page=2"' in page
    second = page_text(client.get("/c/ait-baha?page=2"))
    assert "Notre coopérative" in second or "Piste vers le douar" in second
    for odd in ("abc", "0", "-1"):
        assert client.get(f"/c/ait-baha?page={odd}").status_code == 200
    for past in ("500", "99999999999999999999999"):  # past the last page: the last page
        assert client.get(f"/c/ait-baha?page={past}").headers["Location"] == "/c/ait-baha?page=2"


def test_a_commune_without_members_says_so(client, places):
    page = page_text(client.get("/c/tafraout"))
    assert "No member of this commune has joined yet." in page and "No open need." in page


def _queries(client, url) -> int:
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/communes", "/c/ait-baha"])
def test_commune_pages_queries_do_not_grow(client, places, make_commune, make_user, make_need, make_thread, url):
    def add(prefix, n):
        for i in range(n):
            commune = make_commune(f"{prefix}-{i}", f"Commune {prefix} {i}", province=f"Province {i % 3}")
            user = make_user(f"{prefix}u{i}", kind="commune")
            user.commune_id = places["ait_baha"].id if i % 2 else commune.id
            db.session.commit()
            make_need(user, places["ait_baha"], f"Besoin {prefix} numéro {i}", tags=[get_tag("forage")])
            thread = make_thread(user, title=f"Sujet {prefix} numéro {i}", tags=[get_tag("irrigation")])
            reply(thread, places["actor"], "Merci.")
        db.session.commit()  # as a request would: committed, the counts are recounted before the page

    add("a", 2)
    few = _queries(client, url)
    add("b", 10)
    many = _queries(client, url)
    assert many == few, (few, many)
    assert many <= 13  # +1: the commune's linking records (forum.impact.links)
