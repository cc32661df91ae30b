"""A mail sender killed after the SMTP server accepted a message but before the job was
recorded as done: the message is sent again (at most one duplicate, with the same Message-ID)
and none is lost. Real `flask jobs worker` processes and a real SMTP server."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import create_engine, text

from forum import create_app, mail
from forum.db import transaction
from forum.extensions import db
from forum.jobs.models import Job
from tests.helpers import ON_POSTGRES, TEST_DATABASE_URL

pytestmark = pytest.mark.processes

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class JobsLock:
    """Another connection holding the lock a worker needs to delete its finished job."""

    def __init__(self, uri: str, path: str | None):
        self.uri, self.path, self.connection = uri, path, None

    def take(self) -> None:
        if self.path:  # SQLite: the single write lock
            self.connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.connection.execute("BEGIN IMMEDIATE")
        else:
            self.engine = create_engine(self.uri.replace("postgresql://", "postgresql+psycopg://", 1))
            self.connection = self.engine.connect()
            self.connection.execute(text("LOCK TABLE jobs IN EXCLUSIVE MODE"))  # reads go on, writes wait

    def release(self) -> None:
        if self.connection is None:
            return
        self.connection.rollback()
        self.connection.close()
        if not self.path:
            self.engine.dispose()
        self.connection = None


def test_a_sender_killed_after_the_server_accepted_resends_once_and_loses_nothing(tmp_path, mailbox):
    path = None if ON_POSTGRES else str(tmp_path / "mail.sqlite")
    uri = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{path}"
    settings = {"SQLALCHEMY_DATABASE_URI": uri, "SEARCH_INDEX_DIR": str(tmp_path / "index"), "SECRET_KEY": "x",
                "JOBS_RUNNER": "external", "JOBS_POLL_SECONDS": 0.05, "JOBS_LEASE_SECONDS": 1,
                "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": mailbox.port,
                "BASE_URL": "http://forum.test"}
    app = create_app({"TESTING": True, **settings})
    with app.app_context():
        db.create_all()
        with transaction():
            message_id = mail.send("amina@example.org", _l("Test message"), "check")
            mail.send("youssef@example.org", _l("Test message"), "check")

    lock = JobsLock(uri, path)
    accepted = threading.Event()

    def hold_the_record(received):
        if not accepted.is_set():
            lock.take()  # before the 250: the worker cannot delete its job until we let go
            accepted.set()

    mailbox.on_accept = hold_the_record
    env = {**os.environ, **{f"FORUM_{k}": json.dumps(v) if not isinstance(v, str) else v for k, v in settings.items()}}
    env["DATABASE_URL"] = uri
    command = [sys.executable, "-m", "flask", "--app", "wsgi.py", "jobs", "worker"]

    first = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert accepted.wait(30), "the first worker sent nothing"
        time.sleep(0.3)  # it got the 250 and now waits for the lock to record the job as done
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        lock.release()
    assert len(mailbox.messages) == 1

    second = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        mailbox.wait_for(3, timeout=30)
        deadline = time.monotonic() + 30
        with app.app_context():
            while db.session.query(Job).count() and time.monotonic() < deadline:
                db.session.remove()
                time.sleep(0.05)
            left = db.session.query(Job).count()
    finally:
        second.send_signal(signal.SIGTERM)
        errors = second.communicate(timeout=30)[1]
    assert second.returncode == 0, errors
    assert left == 0
    by_recipient = sorted((m.to, m["Message-ID"]) for m in mailbox.messages)
    # The mail being sent when the worker died went twice, with one Message-ID; the other once.
    assert [to for to, _ in by_recipient] == ["amina@example.org", "amina@example.org", "youssef@example.org"]
    assert by_recipient[0][1] == by_recipient[1][1] == message_id
    with app.app_context():
        db.engine.dispose()
