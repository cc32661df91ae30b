"""The benchmark scripts keep up with the schema (they insert rows directly) and still run."""

import os
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from tests.helpers import ON_POSTGRES, TEST_DATABASE_URL

ROOT = Path(__file__).resolve().parents[1]

# Real subprocesses running the scripts: the processes suite (`make test-processes`).
pytestmark = pytest.mark.processes


@pytest.fixture(scope="module")
def small_forum(tmp_path_factory):
    """One generated forum of 300 posts for the generator's tests."""
    out = tmp_path_factory.mktemp("generated") / "forum.sqlite"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--posts", "300", "--users", "40",
         "--processes", "1", "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return out


def test_the_generator_builds_a_small_forum(small_forum):
    with sqlite3.connect(small_forum) as db:
        posts, users = db.execute("SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM users)").fetchone()
    assert posts >= 300 and users == 40


def test_the_notification_benchmark_runs_at_a_small_scale():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_notifications.py"), "--watchers", "5", "--rounds", "1"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "every mail received" in result.stdout and "(timeout)" not in result.stdout


def test_the_generator_fills_communes_profiles_skills_needs_and_invitations(small_forum):
    with sqlite3.connect(small_forum) as db:
        need_threads, needs, communes, experts, invitations = db.execute(
            "SELECT (SELECT count(*) FROM threads WHERE kind = 'need' AND NOT is_deleted),"
            " (SELECT count(*) FROM needs), (SELECT count(*) FROM communes),"
            " (SELECT count(*) FROM users WHERE kind = 'expert' AND expertise IS NOT NULL),"
            " (SELECT count(*) FROM invitations)").fetchone()
        bad_done = db.execute("SELECT count(*) FROM needs WHERE status = 'done' AND done_at IS NULL").fetchone()[0]
        skilled, skills_of_others = db.execute(
            "SELECT count(DISTINCT user_id), count(*) FILTER (WHERE user_id NOT IN"
            " (SELECT id FROM users WHERE kind = 'expert')) FROM user_skills").fetchone()
    assert need_threads > 0 and needs == need_threads
    assert skilled == experts and skills_of_others == 0
    assert communes > 0 and experts > 0 and invitations > 0 and bad_done == 0


@pytest.mark.skipif(not shutil.which("wrk") and os.environ.get("CI") != "true",
                    reason="wrk is not installed (apt-get install wrk; `make test-processes` installs it)")
def test_the_page_benchmark_runs_two_pages_without_error(small_forum):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_pages.py"), "--db", str(small_forum), "--duration", "1",
         "--pages", "thread,reply"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    rows = [line.split(" | ") for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows[0][:2] == ["| page", "req/s"], rows
    assert [row[0].split(" (")[0] for row in rows[1:]] == ["| thread, anonymous", "| reply POST"], rows
    assert all(float(row[1]) > 0 and row[6].endswith("%") and int(row[7]) > 0 for row in rows[1:]), rows
    assert "turns off the rate limits" in result.stdout


@pytest.fixture
def bench_database():
    """A PostgreSQL database of this test's own beside TEST_DATABASE_URL's (the benchmark drops
    every table of the one it is given), dropped afterwards."""
    if not ON_POSTGRES:
        pytest.skip("PostgreSQL only (TEST_DATABASE_URL): the PostgreSQL pass of `make test-processes`")
    import psycopg

    url = urllib.parse.urlsplit(TEST_DATABASE_URL.replace("postgresql+psycopg://", "postgresql://"))
    name = f"{url.path.lstrip('/')}_bench_pages"
    admin = url._replace(scheme="postgresql").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url._replace(scheme="postgresql", path=f"/{name}").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(not shutil.which("wrk") and os.environ.get("CI") != "true",
                    reason="wrk is not installed (apt-get install wrk; `make test-processes` installs it)")
def test_the_page_benchmark_runs_on_postgresql_with_a_jobs_worker(small_forum, bench_database):
    redis = ["--redis-url", os.environ["TEST_REDIS_URL"]] if os.environ.get("TEST_REDIS_URL") else []
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_pages.py"), "--db", str(small_forum), "--duration", "1",
         "--warmup", "1", "--pages", "thread,reply", "--jobs", "worker", "--pg-url", bench_database,
         "--server-times", *redis],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "PostgreSQL" in result.stdout and "separate `flask jobs worker`" in result.stdout
    rows = [line.split(" | ") for line in result.stdout.splitlines() if line.startswith("| ")]
    assert [row[0].split(" (")[0] for row in rows[1:]] == ["| thread, anonymous", "| reply POST"], rows
    assert all(float(row[1]) > 0 and int(row[7]) > 0 for row in rows[1:]), rows
    assert "jobs: all done" in result.stdout  # the worker published every reply's jobs
    import psycopg

    with psycopg.connect(bench_database) as conn:  # the replies are in PostgreSQL, not in the SQLite file
        posts = conn.execute("SELECT count(*) FROM posts").fetchone()[0]
    with sqlite3.connect(small_forum) as db:
        assert posts > db.execute("SELECT count(*) FROM posts").fetchone()[0]
