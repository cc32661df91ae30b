"""The LMTP/SMTP listener a mail server hands replies to: reply addresses only, bounded
messages, each one posted (or refused by mail) like `flask forum receive-mail`; and the real
`flask forum mail-listener` process, stopped cleanly by SIGTERM."""

import json
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from sqlalchemy import select

from forum.extensions import db
from forum.notifications.listener import ReplyHandler
from forum.notifications.tokens import reply_address
from forum.threads.models import Post
from tests.helpers import ON_POSTGRES, TEST_DATABASE_URL, page_text
from tests.notifications import mails

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def app_config(tmp_path):
    # A database file: the listener handles messages in its own threads (or process).
    uri = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'listener.sqlite'}"
    return {"SQLALCHEMY_DATABASE_URI": uri, "MAIL_INCOMING_MAX_BYTES": 200_000}


class LMTPController(Controller):
    def factory(self):
        return LMTP(self.handler, **self.SMTP_kwargs)


@pytest.fixture
def listener(app):
    """The listener's handler behind a real LMTP server on loopback (in this process)."""
    with ThreadPoolExecutor(max_workers=2) as executor:
        controller = LMTPController(ReplyHandler(app, executor), hostname="127.0.0.1", port=_free_port(),
                                    ready_timeout=10, data_size_limit=app.config["MAIL_INCOMING_MAX_BYTES"])
        controller.start()
        yield controller
        controller.stop()


@pytest.fixture
def thread(make_thread, other_member):
    return make_thread(other_member)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def posts_in(thread) -> list[str]:
    db.session.expire_all()
    return db.session.scalars(select(Post.body).where(Post.thread_id == thread.id, Post.number > 1)
                              .order_by(Post.number)).all()


def test_a_reply_handed_over_by_lmtp_is_posted(listener, client, member, thread):
    address = reply_address(member.id, thread.id)
    with smtplib.LMTP("127.0.0.1", listener.port) as lmtp:
        refused = lmtp.sendmail(member.email, [address], mails.apple_mail(member.email, address))
    assert refused == {}
    assert posts_in(thread) == [mails.ANSWER]
    assert "l’an dernier à Aït Ourir" in page_text(client.get(f"/t/{thread.slug}/{thread.id}"))


def test_other_recipients_are_refused_and_one_reply_address_per_message(listener, member, thread):
    address = reply_address(member.id, thread.id)
    with smtplib.LMTP("127.0.0.1", listener.port) as lmtp:
        lmtp.ehlo_or_helo_if_needed()
        lmtp.mail(member.email)
        assert lmtp.rcpt("contact@forum.test")[0] == 550
        assert lmtp.rcpt("reply+x@elsewhere.example")[0] == 550
        assert lmtp.rcpt(address)[0] == 250
        assert lmtp.rcpt(reply_address(member.id, thread.id + 1))[0] == 452  # sent again, on its own
        code, _ = lmtp.data(mails.plain(member.email, address, "Une seule fois."))
    assert code == 250
    assert posts_in(thread) == ["Une seule fois."]


def test_a_message_over_the_size_limit_is_refused_with_552(listener, member, thread):
    address = reply_address(member.id, thread.id)
    raw = mails.plain(member.email, address, "trop long " * 30_000)
    with smtplib.LMTP("127.0.0.1", listener.port) as lmtp:
        lmtp.ehlo_or_helo_if_needed()
        lmtp.esmtp_features.pop("size", None)  # a client that does not announce the size
        lmtp.mail(member.email)
        lmtp.rcpt(address)
        code, _ = lmtp.data(raw)
    assert code == 552
    assert posts_in(thread) == []


def test_a_refused_reply_is_accepted_by_the_server_and_answered_by_mail(listener, member, thread, mailbox,
                                                                        run_jobs):
    address = reply_address(member.id, thread.id)
    with smtplib.LMTP("127.0.0.1", listener.port) as lmtp:
        assert lmtp.sendmail(member.email, [address], mails.plain(member.email, address, "x")) == {}
    assert posts_in(thread) == []
    run_jobs()
    [refusal] = mailbox.messages
    assert refusal.to == member.email and "The message is too short." in refusal.text


def process_env(app, tmp_path) -> dict:
    """The environment of a `flask forum ...` process working on this test's database."""
    settings = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": app.secret_key,
                "MAIL_REPLY_DOMAIN": "forum.test", "BASE_URL": "http://forum.test", "JOBS_RUNNER": "external",
                "BABEL_DEFAULT_LOCALE": "en", "RATELIMIT_ENABLED": False, "NEW_USER_LIMITS": False,
                "SEARCH_INDEX_DIR": str(tmp_path / "index")}
    env = {**os.environ, **{f"FORUM_{k}": json.dumps(v) if not isinstance(v, str) else v for k, v in settings.items()},
           "FLASK_APP": "wsgi.py"}
    env.pop("DATABASE_URL", None)
    return env


@pytest.mark.processes
def test_one_message_delivered_by_three_processes_at_once_makes_one_post(app, tmp_path, member, thread):
    address = reply_address(member.id, thread.id)
    raw = mails.gmail(member.email, address, message_id="<race@mail.gmail.com>")
    with db.engine.connect() as holder:
        # Hold the write lock while the three start: each finds the message not handled yet,
        # then waits to write; the first to get the lock posts, the others lose at the unique
        # Message-ID and roll their post back.
        if ON_POSTGRES:
            holder.exec_driver_sql("LOCK TABLE threads IN SHARE ROW EXCLUSIVE MODE")
        else:
            holder.connection.dbapi_connection.execute("BEGIN IMMEDIATE")
        deliveries = [subprocess.Popen([sys.executable, "-m", "flask", "forum", "receive-mail"], cwd=PROJECT,
                                       env=process_env(app, tmp_path), stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
        for delivery in deliveries:
            delivery.stdin.write(raw)
            delivery.stdin.close()
        time.sleep(5)  # they start and reach the lock (a slower machine only makes the race less likely)
        holder.rollback()
    outputs = []
    for delivery in deliveries:
        with delivery:
            delivery.wait(timeout=60)
            outputs.append((delivery.returncode, delivery.stdout.read().decode(), delivery.stderr.read().decode()))
    assert all(code == 0 for code, _out, _err in outputs), outputs
    assert sorted(out.split()[0] for _code, out, _err in outputs) == ["duplicate", "duplicate", "posted"]
    assert posts_in(thread) == [mails.ANSWER]


@pytest.mark.processes
@pytest.mark.parametrize("protocol", ["lmtp", "smtp"])
def test_the_mail_listener_process_posts_replies_and_stops_on_sigterm(
        protocol, app, tmp_path, client, member, thread, mailbox, run_jobs):
    env = process_env(app, tmp_path)
    port = _free_port()
    listener = subprocess.Popen(
        [sys.executable, "-m", "flask", "forum", "mail-listener", "--port", str(port), f"--{protocol}"],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    address = reply_address(member.id, thread.id)
    try:
        assert listener.stdout.readline().startswith(f"Listening for replies ({protocol.upper()})")
        client_class = smtplib.LMTP if protocol == "lmtp" else smtplib.SMTP
        with client_class("127.0.0.1", port) as server:
            server.sendmail(member.email, [address], mails.outlook(member.email, address))
            server.sendmail(member.email, [address], mails.k9_android(member.email, address, answer="?"))
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                server.sendmail(member.email, ["someone@forum.test"], mails.plain(member.email, "x", "x"))
    finally:
        listener.send_signal(signal.SIGTERM)
        out, err = listener.communicate(timeout=30)
    assert listener.returncode == 0, err
    assert "Traceback" not in err and "Stopped." in out
    [post] = posts_in(thread)
    assert post.startswith(mails.ANSWER)
    assert "Aït Ourir" in page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    run_jobs()  # the listener's jobs are in the database, for any runner: the refusal of "?"
    [refusal] = mailbox.messages
    assert refusal.to == member.email and "The message is too short." in refusal.text
