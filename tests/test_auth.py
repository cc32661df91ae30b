"""Registering, logging in and out, and how passwords are stored."""

import pytest
from argon2 import PasswordHasher

from forum.extensions import db
from forum.people import services as people
from forum.people.models import User
from tests.helpers import PASSWORD, page_text


def register(client, **overrides):
    data = {
        "username": "brahim", "display_name": "Brahim de Taliouine", "email": "brahim@example.org",
        "kind": "commune", "password": "safran-et-argan-2026", "password_confirm": "safran-et-argan-2026",
    }
    data.update(overrides)
    return client.post("/register", data=data)


def test_register_creates_the_account_and_stores_an_argon2id_hash(client):
    response = register(client)
    assert response.status_code == 302
    user = people.get_user_by_username("brahim")
    assert user.kind == "commune" and user.role == "member"
    assert user.password_hash.startswith("$argon2id$")
    assert "safran" not in user.password_hash
    # Not logged in yet (a taken address must get the same answer): the password works at once.
    client.post("/login", data={"login": "brahim", "password": "safran-et-argan-2026"})
    assert "@brahim" in page_text(client.get("/"))


def test_production_hasher_uses_recommended_argon2id_parameters(fast_password_hashing):
    default = PasswordHasher()
    assert default.type.name == "ID"
    assert default.memory_cost >= 19 * 1024 and default.time_cost >= 2


@pytest.mark.parametrize(
    "overrides, field_message",
    [
        ({"password_confirm": "something-else-2026"}, "The two passwords differ."),
        ({"password": "short", "password_confirm": "short"}, "at least 10"),
        ({"password": "1234567890", "password_confirm": "1234567890"}, "too easy to guess"),
        ({"password": "brahim2026", "password_confirm": "brahim2026"}, "too easy to guess"),  # the username
        ({"password": "x" * 201, "password_confirm": "x" * 201}, "at most 200"),
        ({"username": "a b"}, "Letters without accents"),
        ({"email": "not-an-email"}, "Invalid email"),
    ],
)
def test_register_refuses_bad_input_with_a_message_and_creates_nothing(client, overrides, field_message):
    response = register(client, **overrides)
    assert response.status_code == 200
    assert field_message.lower() in page_text(response).lower()
    assert db.session.query(User).count() == 0


def test_register_refuses_a_taken_username_whatever_the_case(client, member):
    response = register(client, username="ALICE")
    assert "This username is already taken." in page_text(response)
    assert db.session.query(User).count() == 1


def test_login_by_username_or_email_and_logout(client, member):
    response = client.post("/login", data={"login": "ALICE", "password": PASSWORD})
    assert response.status_code == 302
    assert "Log out" in page_text(client.get("/"))
    client.post("/logout")
    assert "Log in" in page_text(client.get("/"))
    response = client.post("/login", data={"login": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_gives_one_message_for_both_unknown_user_and_bad_password(client, member):
    for login in ("alice", "nobody"):
        response = client.post("/login", data={"login": login, "password": "wrong-password-1"})
        assert response.status_code == 200
        assert "Wrong username, email or password." in page_text(response)


def test_login_follows_only_same_site_next(client, member):
    response = client.post("/login?next=/tags", data={"login": "alice", "password": PASSWORD})
    assert response.headers["Location"] == "/tags"
    client.post("/logout")
    for evil in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post(f"/login?next={evil}", data={"login": "alice", "password": PASSWORD})
        assert response.headers["Location"] == "/"
        client.post("/logout")


def test_logout_needs_post(client, auth, member):
    auth.login(member)
    assert client.get("/logout").status_code == 405
    assert "Log out" in page_text(client.get("/"))


def test_suspended_user_cannot_log_in(client, member):
    from datetime import timedelta

    from forum.dbtypes import utcnow

    member.suspended_until = utcnow() + timedelta(days=1)
    db.session.commit()
    response = client.post("/login", data={"login": "alice", "password": PASSWORD})
    assert "This account is suspended." in page_text(response)


def test_the_password_fields_say_the_policy_s_minimum_length(client, auth, member):
    assert "At least 10 characters." in page_text(client.get("/register"))
    auth.login(member)
    assert "At least 10 characters." in page_text(client.get(f"/u/{member.username}/edit"))


GUESSABLE = ["password12", "azerty1234", "qwerty1234", "admin12345", "P@ssw0rd12", "motdepasse2026"]


@pytest.mark.parametrize("password", GUESSABLE)
def test_register_refuses_common_and_guessable_passwords(client, password):
    response = register(client, password=password, password_confirm=password)
    assert "This password is too easy to guess." in page_text(response)
    assert db.session.query(User).count() == 0


def test_register_refuses_a_password_made_of_the_members_own_names(client):
    """Taliouine2026 is strong for anybody but Brahim de Taliouine."""
    response = register(client, password="Taliouine2026", password_confirm="Taliouine2026")
    assert "This password is too easy to guess." in page_text(response)
    assert db.session.query(User).count() == 0
    response = register(client, username="karim", email="karim@example.org", display_name="Karim",
                        password="Taliouine2026", password_confirm="Taliouine2026")
    assert response.status_code == 302


@pytest.mark.parametrize("password", GUESSABLE)
def test_password_change_refuses_guessable_passwords_and_keeps_the_old_one(client, auth, member, password):
    auth.login(member)
    response = client.post("/u/alice/edit", data={
        "pw-current_password": PASSWORD, "pw-password": password, "pw-password_confirm": password, "pw-submit": "1"})
    assert response.status_code == 200
    assert "This password is too easy to guess." in page_text(response)
    assert people.authenticate("alice", PASSWORD) is not None


@pytest.mark.parametrize("password", ["admin12345", "P@ssw0rd12", "short"])
def test_create_admin_refuses_weak_passwords(runner, password):
    result = runner.invoke(args=["forum", "create-admin", "--username", "boss", "--email", "boss@example.org",
                                 "--password", password])
    assert result.exit_code != 0
    assert "too easy to guess" in result.output or "at least 10 characters" in result.output
    assert db.session.query(User).count() == 0


def test_the_demo_and_test_passwords_are_accepted(client):
    for password in (PASSWORD, "demo-password-2026", "demo-admin-2026", "Argane-Souss-2025"):
        people.check_new_password(password, "someone", "someone@example.org", "Someone")
