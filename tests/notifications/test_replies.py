"""Replies by e-mail through `flask forum receive-mail`: real messages from real clients become
posts by their member; everything the web form would refuse, forged and expired addresses and
strangers create nothing, and the member (only the member) is told why by mail."""

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum import create_app
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation.services import set_locked
from forum.notifications.models import ReceivedReply
from forum.notifications.tokens import reply_address
from forum.threads.models import Post
from tests.helpers import RATE_LIMIT_STORAGES, make_config, page_text, rate_limited
from tests.notifications import mails
from tests.test_markup import unsafe_parts
from tests.testdata import xss_payloads


@pytest.fixture
def thread(make_thread, other_member):
    return make_thread(other_member)


@pytest.fixture
def address(member, thread):
    return reply_address(member.id, thread.id)


def deliver(runner, raw: bytes, *args):
    return runner.invoke(args=["forum", "receive-mail", *args], input=raw)


def thread_url(thread) -> str:
    return f"/t/{thread.slug}/{thread.id}"


def replies_in(thread) -> list[Post]:
    db.session.expire_all()
    return db.session.scalars(select(Post).where(Post.thread_id == thread.id, Post.number > 1)
                              .order_by(Post.number)).all()


def refusals(mailbox, run_jobs):
    run_jobs()
    return list(mailbox.messages)


def text_of(received) -> str:
    return received.text.replace("\r\n", "\n")


# -- what gets posted -----------------------------------------------------------------------

@pytest.mark.parametrize("client_name", list(mails.CLIENTS))
def test_a_reply_from_each_mail_client_is_posted_without_quote_or_signature(
        client_name, runner, client, member, thread, address, mailbox, run_jobs):
    raw = mails.CLIENTS[client_name](f"Alice Commune <{member.email}>", f"<{address}>")
    result = deliver(runner, raw)
    assert result.exit_code == 0, result.output
    [post] = replies_in(thread)
    assert post.author_id == member.id
    assert post.body.startswith(mails.ANSWER)  # accents decoded from QP, base64, cp1252, 8 bits
    for left_out in ("a écrit", "Avez-vous pensé", "De :", "Envoyé de mon", "K-9", "devis-forage", "IMG_0042",
                     "-- "):
        assert left_out not in post.body, left_out
    page = page_text(client.get(thread_url(thread)))
    assert "l’an dernier à Aït Ourir" in page and "<li>étude hydrogéologique d’abord</li>" in page
    assert refusals(mailbox, run_jobs) == []


def test_format_flowed_lines_are_joined_again(runner, member, thread, address):
    deliver(runner, mails.thunderbird(member.email, address))
    [post] = replies_in(thread)
    assert "l’an dernier" in post.body  # the soft break inside it is gone


def test_an_html_only_reply_is_turned_into_text(runner, client, member, thread, address):
    html = ("<div>Merci pour <b>votre réponse</b>, voir <a href='https://www.indh.ma'>le site de l’INDH</a>.</div>"
            "<div><br></div><div>Amina</div><div><br></div><blockquote><div>Le 1 déc. 2026 à 10:00, Forum a écrit :"
            "</div><div>Avez-vous pensé au programme ?</div></blockquote>")
    deliver(runner, mails.html_only(member.email, address, html))
    [post] = replies_in(thread)
    assert post.body == "Merci pour **votre réponse** , voir [le site de l’INDH](https://www.indh.ma).\n\nAmina"
    assert '<strong>votre réponse</strong>' in post.body_html
    assert '<a href="https://www.indh.ma" rel="nofollow ugc noopener">le site de l’INDH</a>' in post.body_html


def test_outlooks_html_part_alone_loses_its_quoted_fields(runner, member, thread, address):
    deliver(runner, mails.html_only(member.email, address, mails.outlook_html(member.email, "Réponse en *HTML*.")))
    [post] = replies_in(thread)
    assert post.body.startswith("Réponse en *HTML*.") and "Cordialement" in post.body
    assert "De :" not in post.body and "Avez-vous pensé" not in post.body and "* * *" not in post.body


def test_the_token_is_found_in_cc_or_in_the_envelope_only(runner, member, thread, address):
    deliver(runner, mails.plain(member.email, "amina@example.org", "En copie cachée, sans doute.", Cc=address))
    # A Bcc: the address is only in the envelope that the mail server passes on.
    deliver(runner, mails.plain(member.email, "amina@example.org", "Par l’enveloppe."), "--recipient", address)
    assert [post.body for post in replies_in(thread)] == ["En copie cachée, sans doute.", "Par l’enveloppe."]


def test_the_same_message_delivered_twice_makes_one_post(runner, member, thread, address, mailbox, run_jobs):
    raw = mails.gmail(member.email, address, message_id="<once@mail.gmail.com>")
    assert deliver(runner, raw).exit_code == 0
    again = deliver(runner, raw)
    assert again.exit_code == 0 and "duplicate" in again.output
    assert len(replies_in(thread)) == 1
    assert db.session.scalar(select(ReceivedReply.post_id)) == replies_in(thread)[0].id
    assert refusals(mailbox, run_jobs) == []


def test_a_reply_goes_through_the_markdown_sanitizer(runner, member, thread, address):
    payloads = xss_payloads()
    chunks, chunk = [], []
    for payload in payloads:  # a few long mails rather than 1445 short ones
        chunk.append(payload)
        if sum(len(p) + 2 for p in chunk) > 15_000:
            chunks.append(chunk)
            chunk = []
    chunks.append(chunk)
    for n, chunk in enumerate(chunks):
        result = deliver(runner, mails.plain(member.email, address, "\n\n".join(chunk), message_id=f"<xss{n}@x.org>"))
        assert result.exit_code == 0, result.output
    posts = replies_in(thread)
    assert len(posts) == len(chunks)
    assert not [problem for post in posts for problem in unsafe_parts(post.body_html)]


def test_html_mail_cannot_smuggle_markup_through(runner, member, thread, address):
    html = ('<div>Voir <a href="javascript:alert(1)">ici</a> <img src=x onerror=alert(1)>'
            '<script>alert(2)</script><iframe src="https://evil.example"></iframe> et <b onclick="x()">là</b></div>')
    deliver(runner, mails.html_only(member.email, address, html))
    [post] = replies_in(thread)
    assert not unsafe_parts(post.body_html)
    assert "alert(2)" not in post.body_html


# -- what is refused, and who is told -----------------------------------------------------------

def test_a_reply_to_a_closed_thread_is_refused_by_mail(runner, member, moderator, thread, address, mailbox,
                                                       run_jobs):
    with transaction():
        set_locked(moderator, thread, True)
    result = deliver(runner, mails.gmail(member.email, address))
    assert result.exit_code == 0 and "refused (locked)" in result.output
    assert replies_in(thread) == []
    [refusal] = refusals(mailbox, run_jobs)
    assert refusal.to == member.email
    # (.strip(): the stdlib folds a long encoded Subject right after "Subject:")
    assert refusal.subject.strip() == f"Your reply to “{thread.title}” was not published"
    assert "This thread is closed: nobody can answer it any more." in text_of(refusal)
    assert f"http://forum.test{thread_url(thread)}\n" in text_of(refusal) and f"http://forum.test{thread_url(thread)}" in (
        refusal.html)
    assert mails.ANSWER in text_of(refusal)  # what they wrote, to paste on the site
    assert refusal["Auto-Submitted"] == "auto-replied"  # RFC 3834: no auto-responder answers it


def test_a_refusal_answers_the_members_message(runner, member, thread, address, mailbox, run_jobs):
    with transaction():
        member.suspended_until = utcnow() + timedelta(days=2)
    deliver(runner, mails.plain(member.email, address, "Une réponse.", message_id="<abc.123@example.org>"))
    [refusal] = refusals(mailbox, run_jobs)
    assert "Your account is suspended" in text_of(refusal)
    assert refusal["In-Reply-To"] == "<abc.123@example.org>" and refusal["References"] == "<abc.123@example.org>"
    assert replies_in(thread) == []


def test_a_refusal_is_written_in_the_members_language(runner, member, moderator, thread, address, mailbox,
                                                      run_jobs):
    with transaction():
        member.locale = "fr"
        set_locked(moderator, thread, True)
    deliver(runner, mails.gmail(member.email, address))
    [refusal] = refusals(mailbox, run_jobs)
    assert "Communauté de Développement" in text_of(refusal)  # the French layout (the catalog holds the rest)


@pytest.mark.parametrize(("text", "reason"), [
    ("x", "The message is too short."),
    ("Très long. " * 2_000, "The message is too long"),
    ("> Le message cité seulement\n> rien d’autre\n", "We found no text in it"),
])
def test_a_reply_the_form_would_refuse_creates_nothing_and_says_why(
        text, reason, runner, member, thread, address, mailbox, run_jobs):
    result = deliver(runner, mails.plain(member.email, address, text))
    assert result.exit_code == 0
    assert replies_in(thread) == []
    [refusal] = refusals(mailbox, run_jobs)
    assert refusal.to == member.email and reason in text_of(refusal)


@pytest.mark.parametrize("app_config", [{"NEW_USER_LIMITS": True}])
def test_new_member_limits_apply_to_replies_by_mail(runner, member, thread, address, mailbox, run_jobs):
    links = " ".join(f"https://site{n}.example.org" for n in range(4))
    deliver(runner, mails.plain(member.email, address, f"Voyez {links}"))
    assert replies_in(thread) == []
    [refusal] = refusals(mailbox, run_jobs)
    assert "New members may put at most 2 links in a message" in text_of(refusal)


def test_a_reply_from_another_address_is_refused_to_the_account_address_only(
        runner, member, thread, address, mailbox, run_jobs):
    deliver(runner, mails.gmail("Quelqu’un <intrus@example.com>", address))
    assert replies_in(thread) == []
    [refusal] = refusals(mailbox, run_jobs)
    assert refusal.recipients == [member.email]  # never the From of someone holding the address
    assert "It was sent from intrus@example.com, which is not the address of your account" in text_of(refusal)
    assert mails.ANSWER not in text_of(refusal)  # a stranger's text is not relayed to the member


def test_the_sender_address_is_compared_without_case(runner, member, thread, address):
    deliver(runner, mails.plain(f"ALICE Commune <{member.email.upper()}>", address, "En majuscules."))
    assert [post.body for post in replies_in(thread)] == ["En majuscules."]


def test_a_forged_address_from_a_member_is_refused_to_that_member(runner, member, thread, address, mailbox,
                                                                 run_jobs):
    forged = address.replace(address.split("-")[-1].split("@")[0], "0" * 20)
    deliver(runner, mails.gmail(member.email, forged))
    assert replies_in(thread) == []
    [refusal] = refusals(mailbox, run_jobs)
    assert refusal.to == member.email
    assert "is not a valid reply address of the forum" in text_of(refusal)


def test_a_forged_address_from_a_stranger_gets_no_mail_at_all(runner, member, thread, address, mailbox, run_jobs):
    forged = address.replace(address.split("-")[-1].split("@")[0], "0" * 20)
    result = deliver(runner, mails.gmail("victim@example.net", forged))
    assert result.exit_code == 0 and "ignored" in result.output
    assert replies_in(thread) == [] and refusals(mailbox, run_jobs) == []  # no backscatter


def test_an_expired_address_is_refused(app, runner, member, thread, mailbox, run_jobs, monkeypatch):
    address = reply_address(member.id, thread.id)
    later = time.time() + (app.config["MAIL_REPLY_TOKEN_DAYS"] + 1) * 86_400
    monkeypatch.setattr(time, "time", lambda: later)
    deliver(runner, mails.iphone(member.email, address))
    assert replies_in(thread) == []
    [refusal] = refusals(mailbox, run_jobs)
    assert "has expired: a reply address works for 90 days" in text_of(refusal)


def test_a_thread_deleted_since_is_refused(runner, member, other_member, thread, address, mailbox, run_jobs):
    from forum.threads import services

    with transaction():
        services.delete_post(other_member, services.get_post(first_post_id(thread)))
    deliver(runner, mails.gmail(member.email, address))
    [refusal] = refusals(mailbox, run_jobs)
    assert "This thread is no longer available." in text_of(refusal)
    assert refusal.subject.strip() == "Your reply was not published"


def first_post_id(thread) -> int:
    return db.session.scalar(select(Post.id).where(Post.thread_id == thread.id, Post.number == 1))


@pytest.mark.parametrize("headers", [
    {"Auto-Submitted": "auto-replied"},
    {"Auto-Submitted": "auto-generated; owner-email=x@y"},
    {"X-Autoreply": "yes"},
    {"Precedence": "bulk"},
    {"Precedence": "auto_reply"},
    {"List-Id": "<communes.lists.example.org>"},
    {"Return-Path": "<>"},
])
def test_auto_replies_and_bounces_are_ignored_without_answer(headers, runner, member, thread, address, mailbox,
                                                            run_jobs):
    result = deliver(runner, mails.plain(member.email, address, "Je suis absente jusqu’au 5 janvier.", **headers))
    assert result.exit_code == 0 and "ignored (automatic)" in result.output
    assert replies_in(thread) == [] and refusals(mailbox, run_jobs) == []


def test_an_empty_envelope_sender_is_a_bounce(runner, member, thread, address, mailbox, run_jobs):
    deliver(runner, mails.plain(member.email, address, "Undelivered Mail Returned to Sender"), "--sender", "")
    assert replies_in(thread) == [] and refusals(mailbox, run_jobs) == []


def test_a_message_without_a_reply_address_is_ignored(runner, member, thread, mailbox, run_jobs):
    result = deliver(runner, mails.plain(member.email, "contact@forum.test", "Bonjour"))
    assert result.exit_code == 0 and "ignored" in result.output
    assert replies_in(thread) == [] and refusals(mailbox, run_jobs) == []


@pytest.mark.parametrize("app_config", [rate_limited(RATE_LIMIT_STORAGES[0], MAIL_REFUSAL_RATE_LIMIT="2 per hour")])
def test_a_member_gets_a_bounded_number_of_refusals(runner, member, thread, address, mailbox, run_jobs,
                                                    fresh_limits):
    for n in range(4):
        deliver(runner, mails.gmail("forger@example.com", address, message_id=f"<forged{n}@example.com>"))
    assert len(refusals(mailbox, run_jobs)) == 2


# -- hostile and broken input ----------------------------------------------------------------

def test_nul_bytes_and_control_characters_are_dropped(runner, member, thread, address):
    deliver(runner, mails.plain(member.email, address, "Avant\x00 le\x07 forage\x1b, après."))
    assert [post.body for post in replies_in(thread)] == ["Avant le forage, après."]


def test_broken_mime_is_handled_without_a_crash(runner, member, thread, address, mailbox, run_jobs):
    raw = (f"From: {member.email}\r\nTo: {address}\r\nSubject: cassé\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/alternative; boundary=\"nulle-part\"\r\n\r\n"
           "--autre-chose\r\nContent-Type: text/plain; charset=klingon\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n%%%% pas du base64 !!\r\n").encode()
    result = deliver(runner, raw)
    assert result.exit_code == 0, result.output
    assert replies_in(thread) == []
    [refusal] = refusals(mailbox, run_jobs)
    assert "We found no text in it" in text_of(refusal)


def test_an_unknown_charset_is_read_as_utf8(runner, member, thread, address):
    raw = (f"From: {member.email}\r\nTo: {address}\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=x-inconnu\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           "Réponse en UTF-8.\r\n").encode()
    assert deliver(runner, raw).exit_code == 0
    assert [post.body for post in replies_in(thread)] == ["Réponse en UTF-8."]


def test_huge_headers_do_not_break_anything(runner, member, thread, address):
    crowd = ", ".join(f"Personne {n} <p{n}@example.org>" for n in range(5_000))
    raw = mails.plain(member.email, address, "Malgré la foule.", Cc=crowd, X_Junk="x" * 50_000,
                      message_id="<" + "m" * 5_000 + "@example.org>")
    assert len(raw) < 1024 * 1024
    assert deliver(runner, raw).exit_code == 0
    assert [post.body for post in replies_in(thread)] == ["Malgré la foule."]


def test_a_twenty_thousand_line_body_is_refused_quickly(runner, member, thread, address, mailbox, run_jobs):
    body = "\n".join(f"Ligne {n} : on verra bien" for n in range(20_000))
    started = time.monotonic()
    result = deliver(runner, mails.plain(member.email, address, body))
    assert result.exit_code == 0 and time.monotonic() - started < 10
    assert replies_in(thread) == []
    [refusal] = refusals(mailbox, run_jobs)
    assert "The message is too long" in text_of(refusal)


def test_a_long_french_reply_with_many_lines_starting_with_on_is_posted_quickly(runner, member, thread, address):
    # "On" opens French sentences ("we"), and email-reply-parser's whole-text pass for
    # "On ... wrote:" took cubic time on them (11 KB: 23 s).
    body = "\n".join(f"On a essayé la solution {n}, on verra." for n in range(400))
    started = time.monotonic()
    deliver(runner, mails.plain(member.email, address, body))
    assert time.monotonic() - started < 5
    assert [post.body for post in replies_in(thread)] == [body]


@pytest.mark.parametrize("app_config", [{"MAIL_INCOMING_MAX_BYTES": 10_000}])
def test_a_message_over_the_size_limit_is_refused_for_good(runner, member, thread, address):
    result = deliver(runner, mails.plain(member.email, address, "x" * 20_000))
    assert result.exit_code == 65
    assert replies_in(thread) == []


def test_a_database_failure_asks_the_mail_server_to_try_again(tmp_path):
    unreachable = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/none/x.sqlite"))
    with unreachable.app_context():
        address = reply_address(1, 1)
    # No app context of a test around it: the command runs on the unreachable database.
    result = unreachable.test_cli_runner().invoke(args=["forum", "receive-mail"],
                                                  input=mails.gmail("alice@example.org", address))
    assert result.exit_code == 75


# -- rate limits: the web form's --------------------------------------------------------------

@pytest.mark.usefixtures("fresh_limits")
@pytest.mark.parametrize("app_config", [rate_limited(s, POST_RATE_LIMIT="2 per minute") for s in RATE_LIMIT_STORAGES])
def test_replies_by_mail_count_against_the_web_forms_limit(runner, client, auth, member, thread, address, mailbox,
                                                          run_jobs):
    auth.login(member)
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Sur le site.", "submit": "1"}).status_code == 302
    deliver(runner, mails.plain(member.email, address, "Par courriel.", message_id="<one@example.org>"))
    deliver(runner, mails.plain(member.email, address, "Encore.", message_id="<two@example.org>"))
    assert [post.body for post in replies_in(thread)] == ["Sur le site.", "Par courriel."]
    [refusal] = refusals(mailbox, run_jobs)
    assert "You have posted too many messages in a short time" in text_of(refusal)
    # ...and the web form sees the e-mail reply in its count too.
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Sur le site, encore.", "submit": "1"}).status_code == 429
