"""The commune list: the seed, and the admins' pages to add, correct and delete communes."""

import re

import pytest

from forum.audit import ModAction
from forum.communes import services as communes
from forum.communes.models import Commune
from forum.communes.seed import COMMUNES
from forum.communes.services import seed_communes
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.people.profiles import update_member_profile
from forum.threads.models import Need
from tests.helpers import PASSWORD, page_text


@pytest.fixture
def tafraout(app):
    seed_communes()
    return communes.get_commune("tafraout")


@pytest.fixture
def official(make_user, tafraout):
    """A commune official of Tafraout."""
    user = make_user("fatima", kind="commune", display_name="Fatima O.")
    return update_member_profile(user, user, commune_id=tafraout.id, position="elected")


def _actions() -> list[str]:
    return [entry.action for entry in db.session.query(ModAction).order_by(ModAction.id)]


# -- the seed ------------------------------------------------------------------------------------


def test_seed_adds_the_communes_of_souss_massa_draa_once(app):
    added = seed_communes()
    assert added == len(COMMUNES) >= 40
    assert seed_communes() == 0
    assert db.session.query(Commune).count() == len(COMMUNES)
    tata = communes.get_commune("tata")
    assert (tata.name, tata.province, tata.region) == ("Tata", "Tata", "Souss-Massa")
    idelsane = communes.get_commune("idelsane")
    assert (idelsane.province, idelsane.region) == ("Ouarzazate", "Drâa-Tafilalet")
    assert communes.get_commune("ait-baha").name == "Aït Baha"
    provinces = {province for _, province, _ in COMMUNES}
    assert provinces == {"Agadir Ida-Outanane", "Inezgane-Aït Melloul", "Chtouka-Aït Baha", "Taroudant", "Tiznit",
                         "Tata", "Ouarzazate", "Zagora", "Tinghir"}
    assert {region for _, _, region in COMMUNES} == {"Souss-Massa", "Drâa-Tafilalet"}
    # The communes of the demo content are there.
    for slug in ("taliouine", "tafraout", "ait-baha", "tissint", "igherm", "tamegroute", "tighmi"):
        assert communes.get_commune(slug) is not None, slug


def test_seed_keeps_renamed_and_hand_made_communes(app, admin):
    communes.create_commune(admin, "Ait Baha", "Chtouka-Aït Baha", "Souss-Massa")  # typed without the accent
    seed_communes()
    renamed = communes.get_commune("tafraout")
    communes.update_commune(admin, renamed, "Tafraout (ville)", "Tiznit", "Souss-Massa")
    assert seed_communes() == 0
    assert db.session.query(Commune).filter(Commune.name.like("%Baha%")).count() == 1
    assert db.session.query(Commune).filter(Commune.name.like("Tafraout%")).count() == 1


def test_init_command_seeds_communes_once(tmp_path):
    from forum import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'f.sqlite'}"})
    first = app.test_cli_runner().invoke(args=["forum", "init"])
    assert first.exit_code == 0, first.output
    assert f"{len(COMMUNES)} communes added" in first.output
    again = app.test_cli_runner().invoke(args=["forum", "init"])
    assert "0 communes added" in again.output
    with app.app_context():
        assert db.session.query(Commune).count() == len(COMMUNES)
        db.engine.dispose()


# -- the admin pages -----------------------------------------------------------------------------


def test_admin_sees_the_list_with_member_counts(client, auth, admin, official, tafraout):
    auth.login(admin)
    page = page_text(client.get("/admin/communes"))
    assert page.count("<h1>") == 1 and "Communes" in page
    row = re.search(r"<tr>\s*<td><a href=\"/c/tafraout\">Tafraout</a></td>.*?</tr>", page, flags=re.S).group(0)
    assert "<td>Tiznit</td>" in row and "<td>Souss-Massa</td>" in row and "<td>1</td>" in row
    row = re.search(r"<tr>\s*<td><a href=\"/c/tighmi\">Tighmi</a></td>.*?</tr>", page, flags=re.S).group(0)
    assert "<td>0</td>" in row
    assert '<label for="name">Name</label>' in page and '<label for="province">Province</label>' in page


def test_admin_adds_a_commune_with_a_slug_and_an_audit_entry(client, auth, admin):
    auth.login(admin)
    response = client.post("/admin/communes", data={"name": "Aït Ouabelli", "province": "Tata", "region": "Souss-Massa"})
    assert response.status_code == 302
    commune = communes.get_commune("ait-ouabelli")
    assert (commune.name, commune.province, commune.region) == ("Aït Ouabelli", "Tata", "Souss-Massa")
    assert "Commune Aït Ouabelli added." in page_text(client.get("/admin/communes"))
    assert _actions() == ["commune_created"]
    # Same name elsewhere: another commune, another address.
    client.post("/admin/communes", data={"name": "Aït Ouabelli", "province": "Tiznit", "region": "Souss-Massa"})
    assert communes.get_commune("ait-ouabelli-2").province == "Tiznit"


def test_the_same_commune_twice_is_refused(client, auth, admin, tafraout):
    auth.login(admin)
    response = client.post("/admin/communes", data={"name": "  TAFRAOUT ", "province": "tiznit", "region": "Souss-Massa"})
    assert response.status_code == 200
    assert "This commune is already in the list." in page_text(response)
    assert db.session.query(Commune).filter(Commune.name.ilike("tafraout")).count() == 1


def test_hostile_commune_input_gets_clear_messages(client, auth, admin):
    auth.login(admin)
    page = page_text(client.post("/admin/communes", data={"name": "x" * 5000, "province": "Tata", "region": "R"}))
    assert "Field cannot be longer than 120 characters." in page
    page = page_text(client.post("/admin/communes", data={"name": "", "province": "", "region": ""}))
    assert page.count("This field is required.") == 3
    client.post("/admin/communes", data={"name": "<script>alert(1)</script>", "province": "Tata", "region": "S"})
    page = page_text(client.get("/admin/communes"))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert db.session.query(Commune).count() == 1
    with pytest.raises(InvalidInput) as error:
        communes.create_commune(admin, "   ", "Tata", "Souss-Massa")
    assert error.value.field == "name"


def test_admin_corrects_a_commune_and_its_address_stays(client, auth, admin, tafraout):
    auth.login(admin)
    page = page_text(client.get(f"/admin/communes/{tafraout.id}"))
    assert "<h1>Tafraout</h1>" in page and 'value="Tiznit"' in page
    response = client.post(f"/admin/communes/{tafraout.id}",
                           data={"name": "Tafraoute", "province": "Tiznit", "region": "Souss-Massa"})
    assert response.status_code == 302
    assert tafraout.name == "Tafraoute" and tafraout.slug == "tafraout"
    assert _actions() == ["commune_updated"]
    page = page_text(client.post(f"/admin/communes/{tafraout.id}",
                                 data={"name": "Tighmi", "province": "Tiznit", "region": "Souss-Massa"}))
    assert "This commune is already in the list." in page
    assert tafraout.name == "Tafraoute"
    assert client.get("/admin/communes/999999").status_code == 404


def test_a_commune_in_use_cannot_be_deleted(client, auth, admin, official, tafraout):
    auth.login(admin)
    assert "1 member belongs to this commune: it cannot be deleted." in page_text(client.get(f"/admin/communes/{tafraout.id}"))
    response = client.post(f"/admin/communes/{tafraout.id}/delete", follow_redirects=True)
    assert "Tafraout cannot be deleted: 1 member belongs to it and must choose another commune first." in page_text(response)
    assert communes.get_commune("tafraout") is not None and official.commune_id == tafraout.id
    assert "commune_deleted" not in _actions()


def test_a_commune_a_need_refers_to_cannot_be_deleted(client, auth, admin, member, make_thread, tafraout):
    thread = make_thread(member)
    db.session.add(Need(thread_id=thread.id, commune_id=tafraout.id))
    db.session.commit()
    auth.login(admin)
    response = client.post(f"/admin/communes/{tafraout.id}/delete", follow_redirects=True)
    assert "Tafraout cannot be deleted: needs posted by the commune refer to it." in page_text(response)
    assert communes.get_commune("tafraout") is not None


def test_the_schema_refuses_to_delete_a_commune_in_use_that_the_caller_did_not_count(admin, official, tafraout):
    """The foreign keys back the counts the caller passes: the delete is refused, cleanly."""
    with pytest.raises(InvalidInput) as refused:
        communes.delete_commune(admin, tafraout)
    assert refused.value.field == "commune" and str(refused.value.message) == "Tafraout is in use and cannot be deleted."
    db.session.commit()  # the session goes on: the refused delete left nothing behind
    db.session.expire_all()
    assert communes.get_commune("tafraout") is not None and official.commune_id == tafraout.id
    assert "commune_deleted" not in _actions()


def test_an_unused_commune_is_deleted_and_logged(client, auth, admin, tafraout):
    auth.login(admin)
    page = page_text(client.get(f"/admin/communes/{tafraout.id}"))
    assert "Nobody belongs to this commune." in page and "Delete the commune" in page
    response = client.post(f"/admin/communes/{tafraout.id}/delete", follow_redirects=True)
    assert "Commune Tafraout deleted." in page_text(response)
    assert communes.get_commune("tafraout") is None
    assert _actions() == ["commune_deleted"]
    assert client.post("/admin/communes/999999/delete").status_code == 404


@pytest.mark.parametrize("who", ["member", "moderator"])
def test_only_admins_manage_communes(client, auth, request, who, tafraout):
    user = request.getfixturevalue(who)
    auth.login(user)
    count = db.session.query(Commune).count()
    assert client.get("/admin/communes").status_code == 403
    assert client.post("/admin/communes", data={"name": "Nouvelle", "province": "Tata", "region": "S"}).status_code == 403
    assert client.get(f"/admin/communes/{tafraout.id}").status_code == 403
    assert client.post(f"/admin/communes/{tafraout.id}", data={"name": "X", "province": "Y", "region": "Z"}).status_code == 403
    assert client.post(f"/admin/communes/{tafraout.id}/delete").status_code == 403
    assert db.session.query(Commune).count() == count and tafraout.name == "Tafraout"
    assert "Manage the commune list" not in page_text(client.get("/u"))
    for call in (lambda: communes.create_commune(user, "Nouvelle", "Tata", "S"),
                 lambda: communes.update_commune(user, tafraout, "X", "Y", "Z"),
                 lambda: communes.delete_commune(user, tafraout)):
        with pytest.raises(NotAllowed):
            call()
    assert _actions() == []


def test_visitors_are_sent_to_the_login_page(client, tafraout):
    response = client.get("/admin/communes")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post(f"/admin/communes/{tafraout.id}/delete").status_code == 302
    assert communes.get_commune("tafraout") is not None


def test_members_page_links_admins_to_the_list(client, auth, admin, official):
    auth.login(admin)
    page = page_text(client.get("/u"))
    assert "Manage the commune list" in page
    assert "Fatima O." in page and "Commune official · Tafraout" in page


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_commune_forms_carry_a_token_and_posts_without_one_change_nothing(self, client, admin, tafraout):
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page_text(client.get("/login"))).group(1)
        client.post("/login", data={"login": "root", "password": PASSWORD, "csrf_token": token})
        for url in ("/admin/communes", f"/admin/communes/{tafraout.id}"):
            forms = re.findall(r'<form[^>]*method="post".*?</form>', page_text(client.get(url)), flags=re.S)
            assert forms, url
            for form in forms:
                assert 'name="csrf_token"' in form, (url, form[:200])
        count = db.session.query(Commune).count()
        assert client.post("/admin/communes", data={"name": "Sans jeton", "province": "Tata", "region": "S"}).status_code == 400
        assert client.post(f"/admin/communes/{tafraout.id}", data={"name": "X", "province": "Y", "region": "Z"}).status_code == 400
        assert client.post(f"/admin/communes/{tafraout.id}/delete").status_code == 400
        assert db.session.query(Commune).count() == count and tafraout.name == "Tafraout"
