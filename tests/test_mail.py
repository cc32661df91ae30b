"""E-mail: composed in the reader's language, sent after commit by a job, through a real SMTP
server on loopback; retried while the server refuses; .eml files for the embedded default."""

import email
from email import policy

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from forum import mail
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.jobs.models import Job


def send_check(to="amina@example.org", **kwargs):
    with transaction():
        return mail.send(to, _l("Test message"), "check", **kwargs)


def time_passes():
    """The back-off of every waiting job is over."""
    with transaction():
        db.session.execute(update(Job).values(available_at=utcnow(), locked_until=None))


def test_a_mail_is_sent_only_after_its_transaction_commits(app, mailbox, run_jobs):
    message_id = send_check()
    assert mailbox.messages == []  # a job, not a send on the request path
    assert run_jobs() == 1
    [received] = mailbox.messages
    assert received.to == "amina@example.org"
    assert received.subject == "Test message"
    assert received["Message-ID"] == message_id
    assert received["From"] == app.config["MAIL_DEFAULT_SENDER"]
    assert "http://forum.test" in received.text  # links are absolute, on BASE_URL
    assert "<p>" in received.html


def test_a_rolled_back_transaction_sends_nothing(app, mailbox, run_jobs):
    with pytest.raises(RuntimeError), transaction():
        mail.send("amina@example.org", _l("Test message"), "check")
        raise RuntimeError("the write that needed the mail failed")
    assert run_jobs() == 0
    assert mailbox.messages == []


def test_a_mail_is_written_in_the_readers_language(app, mailbox, run_jobs):
    send_check(locale="fr")
    run_jobs()
    [received] = mailbox.messages
    assert received.subject == "Message d’essai"
    assert "Communauté de Développement" in received.text


def test_a_server_that_refuses_delays_the_mail_and_loses_none(app, mailbox, run_jobs):
    message_id = send_check()
    mailbox.refuse = True
    assert run_jobs() == 0
    job = db.session.scalar(select(Job).where(Job.kind == mail.KIND))
    assert job.attempts == 1 and "451" in job.last_error and job.failed_at is None
    mailbox.refuse = False
    assert run_jobs() == 0  # not before its back-off
    time_passes()
    assert run_jobs() == 1
    assert [m["Message-ID"] for m in mailbox.messages] == [message_id]
    assert db.session.scalar(select(Job).where(Job.kind == mail.KIND)) is None


def test_a_server_that_is_down_delays_the_mail(app, mailbox, run_jobs):
    app.config["MAIL_PORT"] = 1  # nothing listens there
    app.extensions["mailman"].port = 1
    send_check()
    assert run_jobs() == 0
    app.extensions["mailman"].port = mailbox.port
    time_passes()
    assert run_jobs() == 1
    assert len(mailbox.messages) == 1


def test_the_embedded_default_writes_eml_files(tmp_path):
    from forum import create_app
    from tests.helpers import make_config

    app = create_app(make_config(tmp_path, MAIL_BACKEND="forum.mail.EmlFileEmailBackend",
                                 MAIL_FILE_PATH=str(tmp_path / "mail")))
    with app.app_context():
        db.create_all()
        send_check()
        assert app.extensions["jobs"].run_pending() == 1
        db.session.remove()
        db.engine.dispose()
    [path] = (tmp_path / "mail").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"] == "amina@example.org"
    assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None


def test_send_test_mail_command_sends_at_once(app, mailbox, runner):
    result = runner.invoke(args=["forum", "send-test-mail", "admin@example.org"])
    assert result.exit_code == 0, result.output
    assert "Sent to admin@example.org" in result.output
    assert [m.to for m in mailbox.messages] == ["admin@example.org"]


def test_send_test_mail_command_says_when_the_server_refuses(app, mailbox, runner):
    mailbox.refuse = True
    result = runner.invoke(args=["forum", "send-test-mail", "admin@example.org"])
    assert result.exit_code != 0
    assert "retried" in result.output
