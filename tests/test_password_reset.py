"""“Forgot your password?”: a signed link that expires and works once; the reset ends every
other session; the same answer whether or not an account has the address."""

from contextlib import contextmanager

import pytest
from itsdangerous import TimestampSigner

from forum.extensions import db
from forum.people import services as people
from tests.helpers import PASSWORD, RATE_LIMIT_STORAGES, link_in, page_text, rate_limited

NEW_PASSWORD = "ciel-de-tafraout-2027"


@contextmanager
def two_hours_ago(monkeypatch):
    """Tokens signed inside are signed two hours in the past."""
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - 7200)
    yield
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)


def ask(client, email="alice@example.org", address="10.0.0.1"):
    return client.post("/password/forgot", data={"email": email}, environ_overrides={"REMOTE_ADDR": address})


def reset_link(client, mailbox, run_jobs, email="alice@example.org"):
    ask(client, email)
    run_jobs()
    [received] = [m for m in mailbox.messages if m.subject == "Reset your password"]
    return link_in(received, "/password/reset/")


def test_the_login_page_offers_the_reset(client):
    page = page_text(client.get("/login"))
    assert 'href="/password/forgot"' in page and "Forgot your password?" in page


def test_a_reset_link_sets_a_new_password_ends_other_sessions_and_logs_in(app, member, mailbox, run_jobs):
    phone, laptop = app.test_client(), app.test_client()

    def on(browser, method, url, **kwargs):
        """Each request in its own app context: the tests' shared one would hand Flask-Login's
        cached user from one browser to the other."""
        with app.app_context():
            return getattr(browser, method)(url, **kwargs)

    on(phone, "post", "/login", data={"login": "alice", "password": PASSWORD})
    assert "@alice" in page_text(on(phone, "get", "/"))
    response = on(laptop, "post", "/password/forgot", data={"email": "alice@example.org"})
    assert response.headers["Location"] == "/login"
    assert "If an account uses alice@example.org, we have sent a link" in page_text(on(laptop, "get", "/login"))
    run_jobs()
    [received] = mailbox.messages
    assert received.to == "alice@example.org" and "within 60 minutes" in received.text
    link = link_in(received, "/password/reset/")
    assert "Choose a new password" in page_text(on(laptop, "get", link))
    response = on(laptop, "post", link, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/"
    assert "@alice" in page_text(on(laptop, "get", "/"))  # logged in with a new session
    assert "@alice" not in page_text(on(phone, "get", "/"))  # the other session has ended
    assert people.authenticate("alice", PASSWORD) is None
    assert people.authenticate("alice", NEW_PASSWORD) is not None
    db.session.expire_all()
    assert member.email_verified_at is not None  # the link came to the address
    again = on(laptop, "post", link, data={"password": "encore-autre-2028", "password_confirm": "encore-autre-2028"})
    assert again.status_code == 400 and "This link no longer works" in page_text(again)
    assert people.authenticate("alice", NEW_PASSWORD) is not None


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, member, mailbox, run_jobs):
    known = ask(client, "alice@example.org")
    known_page = page_text(client.get("/login"))
    unknown = ask(client, "nobody@example.org")
    assert unknown.headers["Location"] == known.headers["Location"]
    assert page_text(client.get("/login")).replace("nobody@", "alice@") == known_page
    run_jobs()
    assert [m.to for m in mailbox.messages] == ["alice@example.org"]


def test_an_expired_reset_link_is_refused(client, member, mailbox, run_jobs, monkeypatch):
    with two_hours_ago(monkeypatch):
        link = reset_link(client, mailbox, run_jobs)
    response = client.get(link)
    assert response.status_code == 400 and "expired or has already been used" in page_text(response)
    client.post(link, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert people.authenticate("alice", PASSWORD) is not None


def test_a_reset_link_dies_when_the_password_changes_otherwise(client, auth, member, mailbox, run_jobs):
    link = reset_link(client, mailbox, run_jobs)
    auth.login(member)
    client.post("/u/alice/edit", data={"pw-current_password": PASSWORD, "pw-password": NEW_PASSWORD,
                                       "pw-password_confirm": NEW_PASSWORD, "pw-submit": "1"})
    assert client.get(link).status_code == 400


def test_a_forged_reset_link_is_refused(client, member):
    assert client.get("/password/reset/WzEsIiIsIngiXQ.forged.signature").status_code == 400


def test_the_new_password_is_checked_like_at_registration(client, member, mailbox, run_jobs):
    link = reset_link(client, mailbox, run_jobs)
    response = client.post(link, data={"password": "alice2026", "password_confirm": "alice2026"})
    assert response.status_code == 200 and "Use at least 10 characters." in page_text(response)
    response = client.post(link, data={"password": "azerty12345", "password_confirm": "azerty12345"})
    assert "This password is too easy to guess." in page_text(response)
    response = client.post(link, data={"password": NEW_PASSWORD, "password_confirm": "autre-chose-2027"})
    assert "The two passwords differ." in page_text(response)
    assert people.authenticate("alice", PASSWORD) is not None
    assert client.get(link).status_code == 200  # still usable after refusals


def test_an_invalid_address_is_said(client):
    response = client.post("/password/forgot", data={"email": "pas-une-adresse"})
    assert response.status_code == 200 and "Invalid email address." in page_text(response)


@pytest.mark.parametrize("app_config", [rate_limited(s, ACCOUNT_MAIL_ADDRESS_RATE_LIMIT="2 per hour",
                                                     ACCOUNT_MAIL_RATE_LIMIT="3 per hour")
                                        for s in RATE_LIMIT_STORAGES])
def test_reset_requests_are_limited_per_address_and_per_ip(client, member, fresh_limits, mailbox, run_jobs):
    assert [ask(client, address="10.0.0.1").status_code for _ in range(2)] == [302, 302]
    assert ask(client, address="10.0.0.2").status_code == 429  # the address, whoever asks
    assert ask(client, "other@example.org", address="10.0.0.1").status_code == 302
    assert ask(client, "third@example.org", address="10.0.0.1").status_code == 429  # the IP's fourth
    assert ask(client, "third@example.org", address="10.0.0.3").status_code == 302
    run_jobs()
    assert len(mailbox.messages) == 2
