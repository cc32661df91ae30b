"""Account e-mails: the address is verified by a mailed link at registration and on a change;
registration does not tell a stranger that an address is taken; officials and experts choose
how they hear of things by mail."""

import re

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.notifications.models import Frequency, NotificationKind
from forum.notifications.preferences import DEFAULTS, choices_of
from forum.people import services as people
from forum.people.models import User
from tests.helpers import PASSWORD, RATE_LIMIT_STORAGES, link_in, page_text, rate_limited

NEW_PASSWORD = "safran-et-argan-2026"
BANNER = "Please confirm your e-mail address"


def register(client, **overrides):
    data = {"username": "brahim", "display_name": "Brahim de Taliouine", "email": "brahim@example.org",
            "kind": "commune", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    data.update(overrides)
    return client.post("/register", data=data)


def test_registration_mails_a_link_that_verifies_the_address_and_logs_in(client, mailbox, run_jobs):
    response = register(client)
    assert response.headers["Location"] == "/login"
    assert "Check your mail: we sent a link to brahim@example.org" in page_text(client.get("/login"))
    user = people.get_user_by_username("brahim")
    assert user.email_verified_at is None
    run_jobs()
    [received] = mailbox.messages
    assert received.to == "brahim@example.org" and received.subject == "Confirm your e-mail address"
    link = link_in(received, "/email/verify/")
    assert link in received.html
    page = client.get(link)  # asks (mail scanners open links too): nothing changes yet
    assert page.status_code == 200 and "Confirm my address" in page_text(page)
    db.session.expire_all()
    assert user.email_verified_at is None
    response = client.post(link)
    assert response.status_code == 302
    db.session.expire_all()
    assert user.email_verified_at is not None
    home = page_text(client.get("/"))
    assert "your e-mail address brahim@example.org is confirmed" in home
    assert "@brahim" in home and BANNER not in home
    assert client.post(link).status_code == 400  # used up


def test_an_unverified_member_sees_a_reminder_and_can_get_the_link_again(client, auth, member, mailbox, run_jobs):
    auth.login(member)
    page = page_text(client.get("/tags"))
    assert BANNER in page and "alice@example.org" in page
    response = client.post("/email/resend", data={"next": "/tags"})
    assert response.headers["Location"] == "/tags"
    run_jobs()
    [received] = mailbox.messages
    assert received.to == "alice@example.org"
    client.post(link_in(received, "/email/verify/"))
    assert BANNER not in page_text(client.get("/tags"))
    mailbox.clear()
    client.post("/email/resend")  # verified: nothing more to send
    run_jobs()
    assert mailbox.messages == []


def test_an_expired_verification_link_is_refused(app, client, mailbox, run_jobs):
    app.config["EMAIL_VERIFY_SECONDS"] = -1
    register(client)
    run_jobs()
    response = client.get(link_in(mailbox.messages[0], "/email/verify/"))
    assert response.status_code == 400 and "This link no longer works" in page_text(response)
    assert people.get_user_by_username("brahim").email_verified_at is None


def test_a_forged_verification_link_is_refused(client):
    assert client.post("/email/verify/not-a-token").status_code == 400


def test_registering_with_a_taken_address_answers_the_same_and_warns_its_owner(client, member, mailbox, run_jobs):
    fresh = register(client, username="brahim", email="brahim@example.org")
    fresh_page = page_text(client.get(fresh.headers["Location"]))
    taken = register(client, username="intrus", email="Alice@Example.org")
    assert taken.status_code == fresh.status_code and taken.headers["Location"] == fresh.headers["Location"]
    taken_page = page_text(client.get(taken.headers["Location"]))
    assert taken_page.replace("alice@example.org", "brahim@example.org") == fresh_page
    assert "already" not in taken_page
    assert people.get_user_by_username("intrus") is None
    assert db.session.scalar(select(func.count()).select_from(User)) == 2
    run_jobs()
    [warning] = [m for m in mailbox.messages if m.to == "alice@example.org"]
    assert warning.subject == "Someone tried to register with your address"
    assert "You already have one: @alice" in warning.text
    assert "http://forum.test/login" in warning.text and "http://forum.test/password/forgot" in warning.text


def test_a_taken_address_with_a_weak_password_gets_the_password_message_like_any_other(client, member):
    response = register(client, username="intrus", email="alice@example.org", password="azerty1234",
                        password_confirm="azerty1234")
    assert "This password is too easy to guess." in page_text(response)


@pytest.mark.parametrize("kind", ["commune", "expert"])
def test_officials_and_experts_choose_how_often_they_hear_by_mail(client, kind):
    register(client, kind=kind, email_frequency="weekly", skill_questions="y")
    user = people.get_user_by_username("brahim")
    choices = choices_of(user.id)
    assert {c.email for k, c in choices.items() if k != NotificationKind.SKILL_MATCH} == {Frequency.WEEKLY}
    skill = choices[NotificationKind.SKILL_MATCH]
    if kind == "expert":
        assert skill.in_app and skill.email == Frequency.WEEKLY
    else:
        assert skill == DEFAULTS[NotificationKind.SKILL_MATCH] and not skill.in_app  # left to the default: off


def test_an_expert_who_does_not_tick_the_box_gets_no_skill_questions(client):
    register(client, kind="expert", email_frequency="daily")
    choices = choices_of(people.get_user_by_username("brahim").id)
    assert not choices[NotificationKind.SKILL_MATCH].in_app
    assert choices[NotificationKind.REPLIED].email == Frequency.DAILY


def test_the_registration_form_refuses_an_unknown_frequency(client):
    response = register(client, email_frequency="hourly")
    assert response.status_code == 200 and "Not a valid choice" in page_text(response)
    assert people.get_user_by_username("brahim") is None


def test_a_new_address_is_used_only_once_its_link_is_opened(client, auth, member, mailbox, run_jobs):
    auth.login(member)
    response = client.post("/u/alice/edit", data={"display_name": "Alice", "email": "Alice.New@example.org",
                                                  "kind": "other"})
    assert response.status_code == 302
    assert "We sent a link to alice.new@example.org" in page_text(client.get(response.headers["Location"]))
    db.session.expire_all()
    assert member.email == "alice@example.org"
    assert "Waiting for confirmation: alice.new@example.org" in page_text(client.get("/u/alice/edit"))
    run_jobs()
    by_address = {m.to: m for m in mailbox.messages}
    assert set(by_address) == {"alice@example.org", "alice.new@example.org"}
    notice = by_address["alice@example.org"]
    assert notice.subject == "Your e-mail address is changing" and "alice.new@example.org" in notice.text
    link = link_in(by_address["alice.new@example.org"], "/email/verify/")
    assert client.post(link).status_code == 302
    db.session.expire_all()
    assert member.email == "alice.new@example.org" and member.email_verified_at is not None
    assert "Waiting for confirmation" not in page_text(client.get("/u/alice/edit"))
    assert client.post(link).status_code == 400  # used up


def test_a_newer_address_change_kills_the_earlier_link(client, auth, member, mailbox, run_jobs):
    auth.login(member)
    data = {"display_name": "Alice", "kind": "other"}
    client.post("/u/alice/edit", data={**data, "email": "first@example.org"})
    client.post("/u/alice/edit", data={**data, "email": "second@example.org"})
    run_jobs()
    first = next(m for m in mailbox.messages if m.to == "first@example.org")
    assert client.post(link_in(first, "/email/verify/")).status_code == 400
    db.session.expire_all()
    assert member.email == "alice@example.org"


def test_a_new_address_taken_meanwhile_is_not_switched_to(client, auth, member, make_user, mailbox, run_jobs):
    auth.login(member)
    client.post("/u/alice/edit", data={"display_name": "Alice", "kind": "other", "email": "carla@example.org"})
    run_jobs()
    link = link_in(next(m for m in mailbox.messages if m.to == "carla@example.org"), "/email/verify/")
    make_user("carla")  # registers carla@example.org first
    assert client.post(link).status_code == 400
    db.session.expire_all()
    assert member.email == "alice@example.org"


# -- rate limits and CSRF ---------------------------------------------------------------------

@pytest.mark.parametrize("app_config", [rate_limited(s, ACCOUNT_MAIL_ADDRESS_RATE_LIMIT="2 per hour")
                                        for s in RATE_LIMIT_STORAGES])
def test_asking_for_the_link_again_is_rate_limited(client, auth, member, fresh_limits):
    auth.login(member)
    assert [client.post("/email/resend").status_code for _ in range(3)] == [302, 302, 429]


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_every_account_mail_form_needs_its_csrf_token(client, auth, member, mailbox, run_jobs):
    for path in ("/password/forgot", "/login/link"):
        assert client.post(path, data={"email": "alice@example.org"}).status_code == 400
        page = page_text(client.get(path))
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        assert client.post(path, data={"email": "alice@example.org", "csrf_token": token}).status_code == 302
    run_jobs()
    assert len(mailbox.messages) == 2
    login = client.post(link_in(mailbox.messages[1], "/login/link/"))
    assert login.status_code == 400  # the login link's button is a form too
    reset = link_in(mailbox.messages[0], "/password/reset/")
    assert client.post(reset, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}).status_code == 400
    assert people.authenticate("alice", PASSWORD) is not None  # not changed without the token
    mailbox.clear()
    page = page_text(client.get("/register"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"login": "alice", "password": PASSWORD, "csrf_token": token})
    assert client.post("/email/resend").status_code == 400
    run_jobs()
    assert mailbox.messages == []
    verify_page = page_text(client.get("/tags"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', verify_page).group(1)
    client.post("/email/resend", data={"csrf_token": token})
    run_jobs()
    [received] = mailbox.messages
    assert client.post(link_in(received, "/email/verify/")).status_code == 400
    db.session.expire_all()
    assert member.email_verified_at is None


def test_an_unverified_account_reads_and_posts_as_any_new_member(client, member, make_thread):
    thread = make_thread(member)
    register(client)
    client.post("/login", data={"login": "brahim", "password": NEW_PASSWORD})
    assert people.get_user_by_username("brahim").email_verified_at is None
    assert client.get(f"/t/{thread.slug}/{thread.id}").status_code == 200
    response = client.post(f"/t/{thread.id}/reply", data={"body": "Merci pour ce sujet !", "submit": "1"})
    assert response.status_code == 302
    assert "Merci pour ce sujet !" in page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
