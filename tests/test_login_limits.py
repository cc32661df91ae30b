"""Failed logins: a back-off per account and a limit per address, counted in the database, so
that they hold across gunicorn workers; several workers refuse to share memory:// limits."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import gunicorn.config
import pytest
from argon2 import PasswordHasher

from forum import create_app
from forum.extensions import db
from forum.people import services as people
from tests.helpers import ON_POSTGRES, PASSWORD, page_text

ROOT = Path(__file__).resolve().parent.parent


def attempt(client, password, login="alice", address="10.0.0.1"):
    return client.post("/login", data={"login": login, "password": password},
                       environ_overrides={"REMOTE_ADDR": address})


def test_after_a_few_failures_the_account_waits_and_is_told_how_long(client, member):
    for _ in range(2):
        assert page_text(attempt(client, "wrong-password-1")).count("Wrong username, email or password.") == 1
    third = page_text(attempt(client, "wrong-password-1"))
    assert "Wrong username, email or password. Please wait 2 seconds before trying again." in third
    refused = attempt(client, PASSWORD)  # even the right password waits: nothing is checked
    assert refused.status_code == 200
    assert "Too many failed attempts. Please wait 2 seconds and try again." in page_text(refused)
    time.sleep(2.1)
    assert attempt(client, PASSWORD).status_code == 302
    client.post("/logout")
    # A successful login cleared the count.
    assert "Please wait" not in page_text(attempt(client, "wrong-password-1"))


def test_hammering_during_the_back_off_does_not_lengthen_it_so_the_owner_gets_in(client, member):
    for _ in range(3):
        attempt(client, "wrong-password-1", address="203.0.113.9")  # the attacker
    for _ in range(20):
        page = page_text(attempt(client, "wrong-password-2", address="203.0.113.9"))
        assert "Please wait 2 seconds" in page
    time.sleep(2.1)
    assert attempt(client, PASSWORD, address="198.51.100.7").status_code == 302  # the owner


def test_the_owners_own_browser_is_not_slowed_by_an_attackers_failures(client, member):
    assert attempt(client, PASSWORD, address="198.51.100.7").status_code == 302  # the owner, last week
    client.post("/logout")
    attacker = client.application.test_client()
    for _ in range(3):
        attempt(attacker, "wrong-password-1", address="203.0.113.9")
    assert "Too many failed attempts" in page_text(attempt(attacker, PASSWORD, address="203.0.113.9"))
    assert attempt(client, PASSWORD, address="198.51.100.7").status_code == 302
    client.post("/logout")
    forged = client.application.test_client()
    forged.set_cookie("known_login", client.get_cookie("known_login").value[:-2] + "xx")
    assert "Too many failed attempts" in page_text(attempt(forged, PASSWORD, address="198.51.100.7"))


class TestCappedBackoff:
    @pytest.fixture
    def app_config(self):
        return {"LOGIN_FREE_FAILURES": 1, "LOGIN_MAX_BACKOFF_SECONDS": 1}

    @pytest.mark.heavy  # seconds of failed logins (make test-heavy)
    def test_the_wait_never_grows_beyond_the_cap(self, client, member):
        for _ in range(4):
            page = page_text(attempt(client, "wrong-password-1"))
            assert "Please wait 1 second before trying again." in page
            time.sleep(1.05)
        assert attempt(client, PASSWORD).status_code == 302


class TestAddressLimit:
    @pytest.fixture
    def app_config(self):
        return {"LOGIN_ADDRESS_MAX_FAILURES": 5}

    def test_an_address_that_fails_often_waits_whatever_the_accounts(self, client, member):
        for n in range(5):
            attempt(client, "wrong-password-1", login=f"nobody{n}")
        page = page_text(attempt(client, PASSWORD))
        assert "Too many failed attempts. Please wait 15 minutes and try again." in page
        assert attempt(client, PASSWORD, address="10.0.0.2").status_code == 302


# -- across gunicorn workers ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# gunicorn 25+ opens a control socket in ~/.gunicorn, shared by every server of the machine.
_NO_CONTROL_SOCKET = ["--no-control-socket"] if any(
    setting.name == "control_socket_disable" for setting in gunicorn.config.KNOWN_SETTINGS) else []


def _gunicorn(workers: int, port: int, env: dict, log: Path) -> subprocess.Popen:
    with log.open("w") as out:  # the child keeps its own copy of the file
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--access-logfile", "-", "--access-logformat", "pid=%(p)s %(s)s",
             "--graceful-timeout", "1", *_NO_CONTROL_SOCKET, "wsgi:app"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )


def _server_env(tmp_path, database_url: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORUM_", "REDIS_URL"))}
    env.update(DATABASE_URL=database_url, SECRET_KEY="gunicorn-test", FORUM_SEARCH_INDEX_DIR=str(tmp_path / "index"),
               FORUM_BABEL_DEFAULT_LOCALE="en", FORUM_WTF_CSRF_ENABLED="false", **extra)
    return env


def _wait_until_serving(server: subprocess.Popen, port: int, log: Path) -> None:
    """Until a worker answers (booting takes a few seconds on a busy machine), at most 60 s."""
    deadline = time.monotonic() + 60
    while True:
        assert server.poll() is None and time.monotonic() < deadline, log.read_text()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/login")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            conn.close()


def _post_login(port: int, password: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        body = urllib.parse.urlencode({"login": "alice", "password": password})
        conn.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded",
                                              "Connection": "close"})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


@pytest.mark.processes
@pytest.mark.skipif(ON_POSTGRES, reason="the file SQLite database is the case without any shared server")
def test_the_back_off_holds_across_two_gunicorn_workers(tmp_path):
    url = f"sqlite:///{tmp_path / 'forum.sqlite'}"
    setup = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url,
                        "SEARCH_INDEX_DIR": str(tmp_path / "index")})
    with setup.app_context():
        db.create_all()
        alice = people.create_user("alice", "alice@example.org", PASSWORD)
        # The production cost (~50 ms a check), so that two requests at once keep both workers busy.
        alice.password_hash = PasswordHasher().hash(PASSWORD)
        db.session.commit()
        db.engine.dispose()
    port, log = _free_port(), tmp_path / "gunicorn.log"
    # Flask-Limiter's own limits are off here (memory:// would be refused, see below):
    # what is tested is the database back-off alone.
    server = _gunicorn(2, port, _server_env(tmp_path, url, FORUM_RATELIMIT_ENABLED="false",
                                                 FORUM_PAGE_CACHE="false"), log)
    try:
        _wait_until_serving(server, port, log)
        # Two bad logins at once (so both workers serve), then a third: three failures counted.
        with ThreadPoolExecutor(2) as pool:
            statuses = list(pool.map(lambda _: _post_login(port, "wrong-password-1")[0], range(2)))
        assert statuses == [200, 200]
        assert "Please wait 2 seconds" in _post_login(port, "wrong-password-1")[1]
        # Whichever worker answers now knows: the right password waits too.
        with ThreadPoolExecutor(2) as pool:
            refused = list(pool.map(lambda _: _post_login(port, PASSWORD), range(4)))
        assert all(status == 200 and "Too many failed attempts" in page for status, page in refused)
        time.sleep(2.1)
        assert _post_login(port, PASSWORD)[0] == 302
    finally:
        server.terminate()
        server.wait(timeout=10)
    served_by = set(re.findall(r"pid=<?(\d+)>? ", log.read_text()))
    assert len(served_by) == 2, log.read_text()  # both workers answered


@pytest.mark.processes
def test_gunicorn_refuses_several_workers_with_memory_rate_limits(tmp_path):
    port, log = _free_port(), tmp_path / "gunicorn.log"
    server = _gunicorn(2, port, _server_env(tmp_path, f"sqlite:///{tmp_path / 'forum.sqlite'}"), log)
    assert server.wait(timeout=60) != 0
    assert "Refusing to run 2 workers" in log.read_text() and "Set REDIS_URL" in log.read_text()
