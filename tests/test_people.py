"""Profiles and roles."""

from forum.audit import ModAction
from forum.extensions import db
from forum.people import services as people
from tests.helpers import PASSWORD, page_text


def test_profile_page_shows_the_person_and_their_threads(client, member, make_thread):
    make_thread(member, title="Réhabiliter une khettara à Tata")
    page = page_text(client.get("/u/alice"))
    assert "Alice Commune" in page and "@alice" in page
    assert "Réhabiliter une khettara à Tata" in page
    assert client.get("/u/nobody").status_code == 404


def test_edit_own_profile(client, auth, member):
    auth.login(member)
    response = client.post("/u/alice/edit", data={"display_name": "Alice T.", "email": "alice@example.org", "kind": "actor"})
    assert response.status_code == 302
    assert member.display_name == "Alice T." and member.kind == "actor"


def test_profile_email_must_stay_unique(client, auth, member, other_member):
    auth.login(member)
    response = client.post("/u/alice/edit", data={"display_name": "A", "email": "BOB@example.org", "kind": "other"})
    assert "An account already uses this email address." in page_text(response)


def test_change_password_needs_the_current_one(client, auth, member):
    auth.login(member)
    data = {"pw-current_password": "wrong-one-123", "pw-password": "nouveau-mot-2026", "pw-password_confirm": "nouveau-mot-2026",
            "pw-submit": "1"}
    assert "The current password is wrong." in page_text(client.post("/u/alice/edit", data=data))
    data["pw-current_password"] = PASSWORD
    assert client.post("/u/alice/edit", data=data).status_code == 302
    assert people.authenticate("alice", "nouveau-mot-2026") is not None


def test_admin_grants_and_revokes_moderator_and_it_is_logged(client, auth, admin, member):
    auth.login(admin)
    assert "Change role" in page_text(client.get("/u/alice"))
    client.post("/u/alice/role", data={"role": "moderator"})
    assert member.role == "moderator"
    client.post("/u/alice/role", data={"role": "member"})
    assert member.role == "member"
    assert [a.action for a in db.session.query(ModAction)] == ["role_changed", "role_changed"]


def test_admin_makes_a_member_coordinator_who_then_reads_the_dashboard_only(client, auth, admin, member):
    auth.login(admin)
    assert '<option value="coordinator">Coordinator</option>' in page_text(client.get("/u/alice"))
    client.post("/u/alice/role", data={"role": "coordinator"})
    assert member.role == "coordinator"
    assert db.session.query(ModAction).one().summary == "@alice: member -> coordinator"
    auth.logout()
    auth.login(member)
    assert client.get("/impact").status_code == 200
    assert client.get("/mod/log").status_code == 403
    assert client.post("/u/root/role", data={"role": "coordinator"}).status_code == 403


def test_nobody_can_grant_admin_through_the_role_form(client, auth, admin, member):
    auth.login(admin)
    response = client.post("/u/alice/role", data={"role": "admin"})
    assert member.role == "member"
    assert response.status_code in (302, 400)


def test_create_admin_command(runner):
    result = runner.invoke(args=["forum", "create-admin", "--username", "boss", "--email", "boss@example.org",
                                 "--password", "a-long-admin-password"])
    assert result.exit_code == 0, result.output
    assert people.get_user_by_username("boss").role == "admin"
    again = runner.invoke(args=["forum", "create-admin", "--username", "boss", "--email", "b2@example.org",
                                "--password", "a-long-admin-password"])
    assert again.exit_code != 0 and "already taken" in again.output
