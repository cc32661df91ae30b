"""Names that imitate another member, or hide characters, are refused; shared real names are not."""

import flask_migrate
import pytest
from sqlalchemy import MetaData, Table, insert, inspect, select

from forum import create_app
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.people import services as people
from forum.people.models import User
from forum.people.names import skeleton
from tests.helpers import PASSWORD, page_text
from tests.test_migrations import MIGRATIONS, empty_database_url  # noqa: F401 (a fixture)


def register(app, username, display_name=None, address="10.0.0.1"):
    """Register from a new browser, in its own app context (a registration logs the browser in)."""
    with app.app_context():
        return app.test_client().post("/register", data={
            "username": username, "display_name": display_name or username,
            "email": f"{username.replace('.', '-')}@example.org", "kind": "other",
            "password": PASSWORD, "password_confirm": PASSWORD,
        }, environ_overrides={"REMOTE_ADDR": address})


@pytest.fixture
def nadia(make_user):
    return make_user("cm_nadia", role="moderator", display_name="Nadia CM")


@pytest.mark.parametrize("imitation", ["cm.nadia", "CM-NADIA", "cmnadia", "crn_nadia", "crn.nadia", "Cm_Nadia",
                                       "cm__nadia"])
def test_a_username_that_looks_like_another_is_refused(app, nadia, imitation):
    response = register(app, imitation, display_name="Quelqu'un")
    assert "This username is already taken." in page_text(response)
    assert db.session.query(User).count() == 1


def test_zero_and_one_look_like_o_and_l_in_usernames(app, make_user):
    make_user("omar_l")
    for imitation in ("0mar_l", "omar_1", "0MAR_1"):
        assert "This username is already taken." in page_text(register(app, imitation, "Omar"))
    assert register(app, "omar_k", "Omar").status_code == 302


@pytest.mark.parametrize("hidden", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200e",
                                    "\u0007", "\ufeff"])
def test_display_names_with_control_or_bidi_characters_are_refused(app, hidden):
    response = register(app, "karim", display_name=f"Karim{hidden}Agadir")
    assert "The name contains invisible or control characters." in page_text(response)
    assert db.session.query(User).count() == 0


@pytest.mark.parametrize("display_name", ["cm.nadia", "cm_nadia", "CM-Nadia", "Nadia CM", "nadia cm", "Nаdia CM",
                                          "NADIA-CM"])
def test_a_display_name_that_imitates_a_staff_member_is_refused(app, nadia, display_name):
    response = register(app, "karim", display_name=display_name)
    assert "looks too much like another member" in page_text(response)
    assert db.session.query(User).count() == 1


def test_a_display_name_written_like_a_members_username_is_refused(app, make_user):
    make_user("youssef_a", display_name="Youssef Amrani")
    for handle in ("youssef.a", "Youssef_A", "youssef-a"):
        response = register(app, "karim", display_name=handle)
        assert "looks too much like another member" in page_text(response)


def test_members_may_share_a_real_name_even_when_it_is_someones_username(app, make_user):
    make_user("mohamed", display_name="Mohamed Ait Ali")
    make_user("fatima1", display_name="Fatima")
    for n, name in enumerate(["Mohamed", "Mohamed Ait Ali", "Fatima", "Fatima"]):
        assert register(app, f"membre{n}", display_name=name).status_code == 302
    assert db.session.query(User).filter_by(display_name="Fatima").count() == 3


def test_profile_edit_refuses_an_imitating_display_name_and_keeps_a_shared_one(client, auth, nadia, make_user):
    karim = make_user("karim", display_name="Karim")
    auth.login(karim)
    response = client.post("/u/karim/edit", data={"display_name": "Nadia CM", "email": karim.email, "kind": "other"})
    assert "looks too much like another member" in page_text(response)
    response = client.post("/u/karim/edit", data={"display_name": "Karim\u202eMC", "email": karim.email, "kind": "other"})
    assert "invisible or control characters" in page_text(response)
    db.session.refresh(karim)
    assert karim.display_name == "Karim"
    response = client.post("/u/karim/edit", data={"display_name": "Mohamed", "email": karim.email, "kind": "other"})
    assert response.status_code == 302


def test_staff_keep_their_own_names(client, auth, nadia):
    auth.login(nadia)
    response = client.post("/u/cm_nadia/edit", data={"display_name": "Nadia C.M.", "email": nadia.email, "kind": "other"})
    assert response.status_code == 302


def test_the_migration_fills_skeletons_for_existing_members(empty_database_url):  # noqa: F811
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS, revision="99c86dae3358")
        users = inspect(db.engine).get_columns("users")
        assert "username_skeleton" not in {c["name"] for c in users}
        rows = [{"username": name, "username_key": name.lower(), "display_name": name, "email": f"{n}@example.org",
                 "password_hash": "x", "role": "member", "kind": "other", "created_at": utcnow()}
                for n, name in enumerate(["cm_nadia", "cm.nadia"])]
        table = Table("users", MetaData(), autoload_with=db.engine)
        with db.engine.begin() as conn:
            conn.execute(insert(table), rows)
        flask_migrate.upgrade(directory=MIGRATIONS)
        skeletons = db.session.scalars(select(User.username_skeleton).order_by(User.id)).all()
        assert skeletons[0] == skeleton("cm_nadia") and skeletons[1].startswith(skeleton("cm_nadia") + "#")
        assert people.username_taken("CM-NADIA")
        db.session.remove()
        db.engine.dispose()
