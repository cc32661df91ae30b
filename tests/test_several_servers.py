"""The production shape: two gunicorn instances (two machines, say) on one PostgreSQL database
and one Redis, with one `flask jobs worker` process doing the after-commit work for both.

What one instance writes, the other shows at once and finds in search within two seconds; a page
kept in the shared anonymous page cache (Redis) is dropped for both by the worker's job; the rate
limits count across both; killing the jobs worker delays the index work and loses none.
"""

import http.cookiejar
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from forum.db import transaction
from forum.threads import services as threads
from tests.helpers import ON_POSTGRES, PASSWORD
from tests.test_login_limits import _free_port, _gunicorn, _wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(not (ON_POSTGRES and REDIS_URL), reason=(
        "needs PostgreSQL and Redis (TEST_DATABASE_URL, TEST_REDIS_URL): it runs in the PostgreSQL "
        "pass of `make test-processes`")),
]

VISIBLE_WITHIN = 2.0  # seconds, for a post written on one server to be found on the other


class Visitor:
    """A browser of one of the servers: its own cookies."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path: str, **fields) -> tuple[int, str]:
        """The status and the path the redirects led to."""
        try:
            with self.opener.open(self.base + path, urllib.parse.urlencode(fields).encode(), timeout=10) as response:
                return response.status, urllib.parse.urlsplit(response.geturl()).path
        except urllib.error.HTTPError as error:
            return error.code, path

    def log_in(self) -> None:
        assert self.post("/login", login="alice", password=PASSWORD) == (200, "/")

    def reply(self, thread_id: int, body: str) -> int:
        status, landed = self.post(f"/t/{thread_id}/reply", body=body)
        assert status != 200 or landed.startswith("/t/"), landed  # a published reply, not a form again
        return status


def _server_env(tmp_path, prefix: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORUM_", "REDIS_URL"))}
    env.update(
        DATABASE_URL=os.environ["TEST_DATABASE_URL"], REDIS_URL=REDIS_URL, SECRET_KEY="several-servers",
        FORUM_SEARCH_INDEX_DIR=str(tmp_path / "index"), FORUM_BABEL_DEFAULT_LOCALE="en",
        FORUM_WTF_CSRF_ENABLED="false", FORUM_NEW_USER_LIMITS="false",
        # Only the worker process runs jobs; the web servers never do.
        FORUM_JOBS_RUNNER="external", FORUM_JOBS_POLL_SECONDS="0.1", FORUM_JOBS_LEASE_SECONDS="5",
        # Counted in Redis under a key prefix of this run only.
        FORUM_RATELIMIT_KEY_PREFIX=prefix, FORUM_CACHE_KEY_PREFIX=f"{prefix}:", FORUM_POST_RATE_LIMIT="5 per minute",
        FORUM_PREVIEW_RATE_LIMIT="100 per minute", FORUM_LOGIN_RATE_LIMIT="100 per minute",
    )
    return env


def _jobs_worker(env: dict, log: Path) -> subprocess.Popen:
    with log.open("a") as out:
        return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _anonymous_page(port: int, path: str) -> tuple[str, str | None]:
    """A visitor without any cookie, as a page cache sees them: (page, X-Page-Cache)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read().decode(), response.headers.get("X-Page-Cache")


def _within(seconds: float, check) -> float:
    """Seconds until check() is true; fails after `seconds`."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < seconds, f"not within {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - start


def _found(visitor: Visitor, word: str) -> bool:
    return "1 thread found" in visitor.get(f"/search?q={word}&exact=1")


def test_two_servers_and_one_jobs_worker_share_one_forum(app, tmp_path, make_user, board):
    alice = make_user("alice")
    with transaction():
        thread = threads.create_thread(board, alice, "Entretien du château d’eau de la commune",
                                       "Qui a déjà organisé l’entretien d’un château d’eau ?")
    env = _server_env(tmp_path, prefix=f"test-{uuid.uuid4().hex}")
    ports = _free_port(), _free_port()
    logs = tmp_path / "a.log", tmp_path / "b.log"
    servers = [_gunicorn(2, port, env, log) for port, log in zip(ports, logs, strict=True)]
    worker_log = tmp_path / "worker.log"
    worker = _jobs_worker(env, worker_log)
    try:
        for server, port, log in zip(servers, ports, logs, strict=True):
            _wait_until_serving(server, port, log)
        writer_on_a, reader_on_b = Visitor(ports[0]), Visitor(ports[1])
        anonymous_on_a = Visitor(ports[0])
        page = f"/t/{thread.id}"
        # Both servers have shown the thread to anonymous visitors: the page is in the shared cache.
        assert "château d’eau" in reader_on_b.get(page) and "château d’eau" in anonymous_on_a.get(page)
        page = urllib.parse.urlsplit(writer_on_a.opener.open(writer_on_a.base + page).geturl()).path
        _anonymous_page(ports[0], page)
        assert _anonymous_page(ports[1], page)[1] == "hit"  # kept by the other server, in Redis

        writer_on_a.log_in()
        word = "hydrocureuse"
        assert writer_on_a.reply(thread.id, f"Nous louons une {word} chaque été.") == 200

        # The other server shows the reply at once, and so does the first one to others.
        assert word in reader_on_b.get(page) and word in anonymous_on_a.get(page)
        # The kept page is dropped by the worker's job, for both servers.
        _within(VISIBLE_WITHIN, lambda: all(word in _anonymous_page(port, page)[0] for port in ports))
        # The worker indexes it: found through the other server within two seconds.
        _within(VISIBLE_WITHIN, lambda: _found(reader_on_b, word))

        # Rate limits count across both servers: 5 replies a minute in all, wherever sent.
        writer_on_b = Visitor(ports[1])
        writer_on_b.log_in()
        statuses = [(writer_on_a if n % 2 else writer_on_b).reply(thread.id, f"Réponse {n}") for n in range(5)]
        assert statuses == [200, 200, 200, 200, 429], statuses

        # Killing the jobs worker delays the index work and loses none of it.
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        late = "motopompe"
        with transaction():
            threads.reply(thread, alice, f"Une {late} solaire remplace le groupe électrogène.")
        assert late in reader_on_b.get(page)  # the page needs no job
        time.sleep(VISIBLE_WITHIN)
        assert not _found(reader_on_b, late)  # nobody indexes while the worker is down
        worker = _jobs_worker(env, worker_log)
        _within(15, lambda: _found(reader_on_b, late) and _found(writer_on_a, late))
        assert _found(reader_on_b, word)  # and what was indexed before is still there
    finally:
        for process in (*servers, worker):
            process.terminate()
        for process in (*servers, worker):
            process.wait(timeout=15)
    assert "Traceback" not in worker_log.read_text(), worker_log.read_text()
    for log in logs:
        assert "Traceback" not in log.read_text(), log.read_text()
