"""Logging in by a mailed link: short-lived, single use, refused to suspended accounts, the
same answer whether or not an account has the address."""

from datetime import timedelta

import pytest

from forum.dbtypes import utcnow
from forum.extensions import db
from tests.helpers import RATE_LIMIT_STORAGES, link_in, page_text, rate_limited


def ask(client, email="alice@example.org"):
    return client.post("/login/link", data={"email": email})


def login_link(client, mailbox, run_jobs, email="alice@example.org"):
    ask(client, email)
    run_jobs()
    [received] = [m for m in mailbox.messages if m.subject == "Your login link"]
    return link_in(received, "/login/link/")


def test_the_login_page_offers_a_login_link(client):
    assert 'href="/login/link"' in page_text(client.get("/login"))


def test_a_login_link_logs_in_once(client, member, mailbox, run_jobs):
    response = ask(client)
    assert response.headers["Location"] == "/login"
    run_jobs()
    [received] = mailbox.messages
    assert received.to == "alice@example.org" and "within 15 minutes" in received.text
    link = link_in(received, "/login/link/")
    assert link in received.html
    page = client.get(link)  # asks: a mail scanner opening it logs nobody in
    assert page.status_code == 200 and "@alice" not in page_text(page)
    response = client.post(link)
    assert response.headers["Location"] == "/"
    assert "Hello Alice Commune!" in page_text(client.get("/"))
    db.session.expire_all()
    assert member.email_verified_at is not None
    client.post("/logout")
    again = client.post(link)
    assert again.status_code == 400 and "This link no longer works" in page_text(again)
    assert "@alice" not in page_text(client.get("/"))


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, member, mailbox, run_jobs):
    known = ask(client)
    known_page = page_text(client.get("/login"))
    unknown = ask(client, "nobody@example.org")
    assert unknown.headers["Location"] == known.headers["Location"]
    assert page_text(client.get("/login")).replace("nobody@", "alice@") == known_page
    run_jobs()
    assert [m.to for m in mailbox.messages] == ["alice@example.org"]


def test_an_expired_login_link_is_refused(app, client, member, mailbox, run_jobs):
    app.config["LOGIN_LINK_SECONDS"] = -1
    link = login_link(client, mailbox, run_jobs)
    assert client.post(link).status_code == 400
    assert "@alice" not in page_text(client.get("/"))


def test_a_password_login_kills_an_unused_link(client, auth, member, mailbox, run_jobs):
    link = login_link(client, mailbox, run_jobs)
    auth.login(member)
    auth.logout()
    assert client.get(link).status_code == 400


def test_a_suspended_account_gets_no_link_and_cannot_use_one(client, member, mailbox, run_jobs):
    link = login_link(client, mailbox, run_jobs)
    member.suspended_until = utcnow() + timedelta(days=1)
    db.session.commit()
    response = client.post(link)
    assert response.headers["Location"] == "/login"
    assert "This account is suspended." in page_text(client.get("/login"))
    assert "@alice" not in page_text(client.get("/"))
    mailbox.clear()
    ask(client)
    run_jobs()
    assert mailbox.messages == []


@pytest.mark.parametrize("app_config", [rate_limited(s, ACCOUNT_MAIL_ADDRESS_RATE_LIMIT="1 per hour")
                                        for s in RATE_LIMIT_STORAGES])
def test_login_links_are_limited_per_address(client, member, fresh_limits):
    assert [ask(client).status_code for _ in range(2)] == [302, 429]
    assert ask(client, "other@example.org").status_code == 302
