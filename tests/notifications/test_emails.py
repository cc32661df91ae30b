"""Notification mails: sent at once only when the member wants them so, in their language, with
the post, a link to it, a reply address, one-click unsubscribe headers and thread headers."""

from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext

from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.jobs.models import Job
from forum.notifications import preferences
from forum.notifications.models import Frequency, NotificationKind
from forum.notifications.tokens import read_reply_address, read_unsubscribe_token
from forum.threads import services as threads
from tests.notifications.notifying import MAIL_JOBS, notify, reachable

MAIL_KIND = "notifications.mail"


@pytest.fixture
def asker(member):
    return reachable(member)


@pytest.fixture
def thread(make_thread, asker):
    return make_thread(asker, title="Forage à Tiassalé")


def subject(received) -> str:
    """The subject as a mail client shows it (a long encoded one is folded from its first line)."""
    return received.subject.strip()


def reply(thread, author, body="Essayez le fonds FEICOM : il finance les forages."):
    with transaction():
        return threads.reply(db.session.merge(thread), db.session.merge(author), body)


def send_reply_mail(asker, thread, answerer, body="Essayez le fonds FEICOM : il finance les forages."):
    post = reply(thread, answerer, body)
    notify(asker, NotificationKind.REPLIED, thread=thread, post=post, actor=answerer)
    return post


def test_a_reply_mail_shows_the_post_and_links_to_it(asker, thread, other_member, mailbox, run_jobs):
    post = send_reply_mail(asker, thread, other_member)
    run_jobs(MAIL_JOBS)
    [received] = mailbox.messages
    assert received.to == "alice@example.org"
    assert received["To"] == "Alice Commune <alice@example.org>"
    assert subject(received) == "New reply in “Forage à Tiassalé”"
    link = f"http://forum.test/t/{thread.slug}/{thread.id}/{post.number}#p{post.number}"
    for part in (received.text, received.html):
        assert "Bob Expert replied in your thread “Forage à Tiassalé”." in part
        assert "FEICOM" in part
        assert link in part
        assert "Reply to this mail to answer in the forum." in part
    assert "<p>Essayez le fonds FEICOM : il finance les forages.</p>" in received.html  # the rendered post


def test_a_notification_mail_can_be_answered_and_grouped_by_thread(asker, thread, other_member, mailbox, run_jobs):
    send_reply_mail(asker, thread, other_member)
    send_reply_mail(asker, thread, other_member, "Et le PNDP aussi.")
    run_jobs(MAIL_JOBS)
    first, second = mailbox.messages
    assert read_reply_address(str(first["Reply-To"])) == (asker.id, thread.id)
    assert first["References"] == second["References"] == f"<thread-{thread.id}@forum.test>"
    assert first["In-Reply-To"] == f"<thread-{thread.id}@forum.test>"
    assert first["Message-ID"] != second["Message-ID"]


def test_a_notification_mail_offers_one_click_unsubscribe(asker, thread, other_member, mailbox, run_jobs):
    send_reply_mail(asker, thread, other_member)
    run_jobs(MAIL_JOBS)
    [received] = mailbox.messages
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = str(received["List-Unsubscribe"]).strip()  # folded: the URL is long
    assert header.startswith("<http://forum.test/unsubscribe/") and header.endswith(">")
    url = header[1:-1]
    assert read_unsubscribe_token(url.rsplit("/", 1)[1]) == (asker.id, "replied")
    assert f"Stop these e-mails: {url}" in received.text
    assert f'href="{url}"' in received.html
    assert f"http://forum.test/u/{asker.username}/notifications/preferences" in received.text


def test_a_notification_mail_is_in_the_members_language(asker, thread, other_member, mailbox, run_jobs):
    reachable(asker, locale="fr")
    send_reply_mail(asker, thread, other_member)
    run_jobs(MAIL_JOBS)
    [received] = mailbox.messages
    with force_locale("fr"):
        french_subject = gettext("New reply in “%(title)s”", title="Forage à Tiassalé")
        reply_line = gettext("Reply to this mail to answer in the forum.")
    assert subject(received) == french_subject
    assert "Communauté de Développement" in received.text and "Communauté de Développement" in received.html
    assert reply_line in received.text
    assert "Development Community" not in received.text


def test_french_is_the_default_language_of_mails(app, asker, thread, other_member, mailbox, run_jobs):
    app.config["BABEL_DEFAULT_LOCALE"] = "fr"
    send_reply_mail(asker, thread, other_member)
    run_jobs(MAIL_JOBS)
    assert "Communauté de Développement" in mailbox.messages[0].text


@pytest.mark.parametrize(("paragraph", "length"), [
    ("Paragraphe {n} : le forage demande une étude **géologique** & <b>un</b> devis. ", 20_000),
    # Fewer letters, but two bytes each: the limit is on bytes.
    ("الفقرة {n} : يتطلب حفر البئر دراسة جيولوجية وتقديرا للتكلفة. ", 16_000),
], ids=["french", "arabic"])
def test_a_long_post_keeps_the_html_part_under_30_kb(asker, thread, other_member, mailbox, run_jobs, paragraph,
                                                     length):
    body = "\n\n".join(paragraph.format(n=n) * 3 for n in range(400))[:length]
    post = send_reply_mail(asker, thread, other_member, body)
    run_jobs(MAIL_JOBS)
    [received] = mailbox.messages
    assert len(received.html.encode()) < 30_000
    assert "Read the whole message in the forum" in received.html
    assert f"#p{post.number}" in received.html
    assert body.splitlines()[-1][-40:] in received.text  # the plain part has all of it


def test_the_post_in_a_mail_is_sanitized(asker, thread, other_member, mailbox, run_jobs):
    send_reply_mail(asker, thread, other_member, 'Voir <script>alert(1)</script> <a href="javascript:x()">ici</a>')
    run_jobs(MAIL_JOBS)
    html = mailbox.messages[0].html
    assert "<script" not in html and "javascript:" not in html


def test_a_mention_mail_says_who_mentioned_whom(asker, thread, other_member, mailbox, run_jobs):
    expert = reachable(other_member)
    post = reply(thread, asker, "@bob qu’en pensez-vous ?")
    notify(expert, NotificationKind.MENTIONED, thread=thread, post=post, actor=asker)
    run_jobs(MAIL_JOBS)
    [received] = mailbox.messages
    assert received.to == "bob@example.org"
    assert subject(received) == "Alice Commune mentioned you in “Forage à Tiassalé”"


def test_a_need_status_mail_without_a_post_links_to_the_thread(asker, make_thread, other_member, mailbox, run_jobs):
    need = make_thread(asker, title="Besoin d’un hydrogéologue", kind="need")
    notify(reachable(other_member), NotificationKind.NEED_STATUS, thread=need, actor=asker, data={"status": "closed"})
    run_jobs(MAIL_JOBS)
    [received] = mailbox.messages
    assert subject(received).startswith("The need “Besoin d’un hydrogéologue” is now: ")
    assert f"http://forum.test/t/{need.slug}/{need.id}" in received.text


@pytest.mark.parametrize("frequency", [Frequency.DAILY, Frequency.WEEKLY, Frequency.NEVER])
def test_a_kind_chosen_for_a_digest_or_never_is_not_mailed_at_once(asker, thread, other_member, mailbox, run_jobs,
                                                                   frequency):
    with transaction():
        preferences.set_choice(asker.id, NotificationKind.REPLIED, True, frequency)
    send_reply_mail(asker, thread, other_member)
    assert run_jobs(kinds=[MAIL_KIND]) == 1
    run_jobs(MAIL_JOBS)
    assert mailbox.messages == []


def test_another_kind_still_goes_when_one_is_turned_off(asker, thread, other_member, mailbox, run_jobs):
    with transaction():
        preferences.set_choice(asker.id, NotificationKind.MENTIONED, True, Frequency.NEVER)
    send_reply_mail(asker, thread, other_member)
    run_jobs(MAIL_JOBS)
    assert len(mailbox.messages) == 1


def test_no_mail_for_a_notification_already_read(asker, thread, other_member, mailbox, run_jobs):
    post = reply(thread, other_member)
    notify(asker, NotificationKind.REPLIED, thread=thread, post=post, actor=other_member, read_at=utcnow())
    run_jobs(MAIL_JOBS)
    assert mailbox.messages == []


def test_no_mail_for_a_notification_deleted_meanwhile(asker, thread, other_member, mailbox, run_jobs):
    post = reply(thread, other_member)
    notification = notify(asker, NotificationKind.REPLIED, thread=thread, post=post, actor=other_member)
    with transaction():
        db.session.delete(db.session.merge(notification))
    run_jobs(MAIL_JOBS)
    assert mailbox.messages == []


def test_no_mail_to_a_suspended_member(asker, thread, other_member, mailbox, run_jobs):
    send_reply_mail(asker, thread, other_member)
    with transaction():
        db.session.merge(asker).suspended_until = utcnow() + timedelta(days=3)
    run_jobs(MAIL_JOBS)
    assert mailbox.messages == []


def test_no_mail_to_an_unverified_address(member, make_thread, other_member, mailbox, run_jobs):
    thread = make_thread(member)
    send_reply_mail(member, thread, other_member)
    run_jobs(MAIL_JOBS)
    assert mailbox.messages == []


def test_no_mail_about_a_thread_the_member_can_no_longer_see(asker, thread, other_member, mailbox, run_jobs):
    send_reply_mail(asker, thread, other_member)
    with transaction():
        db.session.merge(thread).is_deleted = True
    run_jobs(MAIL_JOBS)
    assert mailbox.messages == []


def test_no_mail_about_a_post_deleted_meanwhile(asker, thread, other_member, mailbox, run_jobs):
    post = send_reply_mail(asker, thread, other_member)
    with transaction():
        threads.delete_post(db.session.merge(other_member), db.session.merge(post))
    run_jobs(MAIL_JOBS)
    assert mailbox.messages == []


def test_a_notification_mail_waits_while_the_server_refuses(asker, thread, other_member, mailbox, run_jobs):
    send_reply_mail(asker, thread, other_member)
    mailbox.refuse = True
    run_jobs(MAIL_JOBS)
    assert mailbox.messages == []
    assert db.session.query(Job).filter_by(kind="mail.send").count() == 1  # kept, to be retried


def test_a_reply_in_the_forum_mails_the_author_of_the_thread(asker, thread, other_member, mailbox, run_jobs):
    """The whole way: the reply's event, its fan-out, this mail."""
    post = reply(thread, other_member, "Une vraie réponse, par le formulaire.")
    run_jobs()
    [received] = mailbox.messages
    assert received.to == "alice@example.org"
    assert subject(received) == "New reply in “Forage à Tiassalé”"
    assert "Une vraie réponse, par le formulaire." in received.text
    assert f"#p{post.number}" in received.text
