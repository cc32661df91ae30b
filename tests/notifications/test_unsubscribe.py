"""One-click unsubscribe (RFC 8058): a POST with the signed token alone stops one kind of mail
and changes nothing else; a GET only shows what would stop; a forged link is refused cleanly."""

import pytest

from forum.db import transaction
from forum.notifications import preferences
from forum.notifications.models import Frequency, NotificationKind
from forum.notifications.preferences import DEFAULTS, Choice
from forum.notifications.tokens import unsubscribe_token
from tests.helpers import page_text
from tests.notifications.notifying import MAIL_JOBS, notify, reachable


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}  # the one-click POST must work without a token all the same


def link(user, target="replied"):
    return f"/unsubscribe/{unsubscribe_token(user.id, target)}"


def test_a_one_click_post_without_cookie_or_token_stops_that_kind_only(member, client):
    with transaction():
        preferences.set_choice(member.id, NotificationKind.MENTIONED, False, Frequency.WEEKLY)
    before = preferences.choices_of(member.id)
    response = client.post(link(member), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "A reply in my thread" in page_text(response)
    after = preferences.choices_of(member.id)
    assert after[NotificationKind.REPLIED] == Choice(True, Frequency.NEVER)  # still shown in the forum
    assert {k: v for k, v in after.items() if k != NotificationKind.REPLIED} == \
        {k: v for k, v in before.items() if k != NotificationKind.REPLIED}


def test_opening_the_link_changes_nothing_and_offers_a_button(member, client):
    response = client.get(link(member))
    text = page_text(response)
    assert response.status_code == 200
    assert "You will no longer receive e-mails for: A reply in my thread." in text
    assert f'<form method="post" action="{link(member)}">' in text
    assert f'href="/u/{member.username}/notifications/preferences"' in text
    assert preferences.choices_of(member.id) == DEFAULTS


def test_the_page_says_when_that_mail_is_already_stopped(member, client):
    client.post(link(member))
    response = client.get(link(member))
    assert "You already receive no e-mails for: A reply in my thread." in page_text(response)
    assert "<form method=\"post\" action=\"/unsubscribe/" not in page_text(response)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_link_is_refused_with_a_clear_page(member, client, method):
    token = unsubscribe_token(member.id, "replied")
    for bad in (token[:-3] + "abc", "nonsense", unsubscribe_token(member.id, "no-such-kind"),
                unsubscribe_token(9999, "replied")):
        response = getattr(client, method)(f"/unsubscribe/{bad}")
        assert response.status_code == 404
        assert "This unsubscribe link is not valid" in page_text(response)
    assert preferences.choices_of(member.id) == DEFAULTS


def test_a_link_from_another_installation_is_refused(app, member, client):
    path = link(member)
    app.secret_key = "another-installation"
    assert client.post(path).status_code == 404
    app.secret_key = "test-secret"
    assert preferences.choices_of(member.id) == DEFAULTS


def test_a_digest_link_stops_every_kind_of_that_digest(member, client):
    with transaction():
        preferences.set_choice(member.id, NotificationKind.SOLVED, True, Frequency.WEEKLY)
    assert "You will no longer receive e-mails for: The daily digest." in page_text(client.get(link(member, "digest_daily")))
    assert client.post(link(member, "digest_daily")).status_code == 200
    choices = preferences.choices_of(member.id)
    assert choices[NotificationKind.WATCHED_POST].email == choices[NotificationKind.NEW_THREAD].email == Frequency.NEVER
    assert choices[NotificationKind.SOLVED].email == Frequency.WEEKLY  # the weekly digest goes on
    assert choices[NotificationKind.REPLIED].email == Frequency.IMMEDIATELY


def test_the_link_in_a_mail_stops_the_next_mails_of_that_kind(member, make_thread, other_member, client, mailbox,
                                                               run_jobs):
    member = reachable(member)
    thread = make_thread(member)
    notify(member, NotificationKind.REPLIED, thread=thread, actor=other_member)
    run_jobs(MAIL_JOBS)
    url = str(mailbox.messages[0]["List-Unsubscribe"]).strip()[1:-1]
    mailbox.clear()
    assert client.post(url.removeprefix("http://forum.test")).status_code == 200
    notify(member, NotificationKind.REPLIED, thread=thread, actor=other_member)
    notify(member, NotificationKind.MENTIONED, thread=thread, actor=other_member)
    run_jobs(MAIL_JOBS)
    assert [m.subject.strip() for m in mailbox.messages] == [f"Bob Expert mentioned you in “{thread.title}”"]

