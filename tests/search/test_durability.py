"""The index never loses a post: concurrent writer processes, a process killed between the
database commit and the indexing, and a real gunicorn with several workers.

These tests run real processes on a database they can share: a SQLite file, or the
PostgreSQL database of the PostgreSQL run.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import func, select

from forum import create_app
from forum.boards.services import get_board, seed_boards_and_tags
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.jobs.models import Job
from forum.people import services as people
from forum.search.backend import get_backend
from forum.search.outbox import SEARCH_JOB
from forum.threads import services as threads
from forum.threads.models import Post
from tests.helpers import ON_POSTGRES, PASSWORD, TEST_DATABASE_URL, empty_tables

pytestmark = pytest.mark.processes

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def shared(tmp_path, _postgres_schema, search_backend):
    """Settings that several processes can share, and an app (background indexing, like production),
    on the search backend under test."""
    settings = {
        "SEARCH_BACKEND": search_backend,
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'shared.sqlite'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "SECRET_KEY": "shared-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "JOBS_RUNNER": "thread",
        "JOBS_POLL_SECONDS": 0.2,
    }
    app = create_app({"TESTING": True, **settings})
    with app.app_context():
        db.create_all()
        with transaction():
            seed_boards_and_tags()
    yield settings, app
    app.extensions["jobs"].stop()
    with app.app_context():
        if ON_POSTGRES:
            empty_tables()
        db.engine.dispose()


def run_child(settings: dict, body: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `body` in a fresh Python process with an app built from `settings` as `app`."""
    code = textwrap.dedent("""
        import json, os, signal, sys
        from forum import create_app
        from forum.extensions import db
        app = create_app({"TESTING": True, **json.loads(sys.argv[1])})
    """) + textwrap.dedent(body)
    return subprocess.run([sys.executable, "-c", code, json.dumps(settings)], cwd=PROJECT, capture_output=True,
                          text=True, timeout=timeout)


def drift(app) -> tuple[set[int], set[int]]:
    """Through the backend interface: (live posts missing from the index, indexed posts not live)."""
    with app.app_context():
        return get_backend().drift()


def live_posts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Post).where(Post.is_deleted.is_(False)))


def test_four_processes_posting_at_once_lose_nothing(shared):
    settings, app = shared
    writers, posts_each = 4, 200
    with app.app_context(), transaction():
        board = get_board("eau-assainissement")
        ids = []
        for n in range(writers):
            author = people.create_user(f"writer{n}", f"writer{n}@example.org", PASSWORD)
            ids.append((author.id, threads.create_thread(board, author, f"Fil d'écriture numéro {n}", "Départ").id))
    children = [
        subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
            import json, sys
            from forum import create_app
            from forum.db import transaction
            from forum.extensions import db
            from forum.people.models import User
            from forum.threads import services
            from forum.threads.models import Thread
            settings, author_id, thread_id, count = json.loads(sys.argv[1]), *map(int, sys.argv[2:5])
            app = create_app({"TESTING": True, **settings})
            with app.app_context():
                app.extensions["jobs"].ensure_running()
                for n in range(count):
                    author = db.session.get(User, author_id)
                    with transaction():
                        services.reply(db.session.get(Thread, thread_id), author, f"Message {n} du rédacteur {author_id}")
                    db.session.remove()
        """), json.dumps(settings), str(author_id), str(thread_id), str(posts_each)], cwd=PROJECT,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for author_id, thread_id in ids
    ]
    errors = []
    for child in children:
        _, err = child.communicate(timeout=600)
        if child.returncode != 0 or "Traceback" in err:
            errors.append(err[-3000:])
    assert not errors, errors[0]
    # Whatever the writers' own runner threads did not finish is still queued: jobs whose try
    # met another writer's index lock wait out their back-off, a batch still in hand at exit
    # waits out its lease. Every writer is gone, so let that time pass; the next pass does it.
    with app.app_context():
        left = db.session.query(Job).filter_by(kind=SEARCH_JOB)
        assert left.filter(Job.failed_at.is_not(None)).count() == 0
        with transaction():
            left.update({"available_at": utcnow(), "locked_until": None}, synchronize_session=False)
        app.extensions["search"].apply_all()
        assert db.session.query(Job).filter_by(kind=SEARCH_JOB).count() == 0
    assert live_posts(app) == writers * (posts_each + 1)
    assert drift(app) == (set(), set())


def extra_app(request, settings, **overrides):
    """Another app on the shared database, closed down (thread, connections) after the test."""
    app = create_app({"TESTING": True, **settings, **overrides})

    def close():
        app.extensions["jobs"].stop()
        with app.app_context():
            db.engine.dispose()

    request.addfinalizer(close)
    return app


def test_a_process_killed_right_after_commit_loses_no_post(shared, request):
    settings, shared_app = shared
    # This process runs jobs only when asked (sync), so nothing here recovers by accident: the
    # shared app's runner thread (woken by the page cache's job for the seeded boards) is stopped.
    shared_app.extensions["jobs"].stop()
    app = extra_app(request, settings, JOBS_RUNNER="sync")
    with app.app_context():
        with transaction():
            author = people.create_user("brahim", "brahim@example.org", PASSWORD)
            author_id = author.id
            thread_id = threads.create_thread(get_board("financement"), author, "Dossier INDH pour la piste",
                                              "Bonjour").id
        app.extensions["search"].apply_all()
    child = run_child(settings, f"""
        from forum.db import transaction
        from forum.people.models import User
        from forum.threads import services
        from forum.threads.models import Thread
        with app.app_context():
            # Die at the worst moment: the reply is committed, its index work not yet done.
            app.extensions["jobs"].wake = lambda: os.kill(os.getpid(), signal.SIGKILL)
            with transaction():
                services.reply(db.session.get(Thread, {thread_id}), db.session.get(User, {author_id}), "Le mot zygomorphe")
    """)
    assert child.returncode == -signal.SIGKILL
    with app.app_context():
        from forum.people.models import User
        from forum.search import service

        assert db.session.query(Job).filter_by(kind=SEARCH_JOB).count() == 1  # the work survived the crash...
        missing, _extra = drift(app)
        assert missing  # ...and is not done yet
    # Any running process of the forum picks it up on its next poll, with no one asking.
    survivor = extra_app(request, settings)
    survivor.extensions["jobs"].ensure_running()
    with survivor.app_context():
        author = db.session.get(User, author_id)
        deadline = time.monotonic() + 5
        while service.search(author, "zygomorphe").total == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert service.search(author, "zygomorphe").total == 1
        assert db.session.query(Job).filter_by(kind=SEARCH_JOB).count() == 0
    assert drift(app) == (set(), set())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_under_gunicorn_with_three_workers_a_new_post_is_searchable_within_two_seconds(shared, tmp_path):
    settings, app = shared
    with app.app_context():
        with transaction():
            author = people.create_user("samira", "samira@example.org", PASSWORD)
            thread = threads.create_thread(get_board("sante"), author, "Ambulance pour le centre de santé", "Bonjour")
        thread_id = thread.id
        app.extensions["search"].apply_all()
    port = _free_port()
    env = {**os.environ, **{f"FORUM_{k}": json.dumps(v) if not isinstance(v, str) else v for k, v in settings.items()}}
    env["DATABASE_URL"] = settings["SQLALCHEMY_DATABASE_URI"]
    # gunicorn reads ./gunicorn.conf.py, which refuses several workers with an in-process page cache.
    env["FORUM_PAGE_CACHE"] = "false"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "3", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        deadline = time.monotonic() + 30
        while True:
            try:
                opener.open(f"{base}/login", timeout=5).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        login = urllib.parse.urlencode({"login": "samira", "password": PASSWORD}).encode()
        opener.open(f"{base}/login", data=login, timeout=10).read()
        delays = []
        for n in range(6):
            word = f"motunique{n}x"
            body = urllib.parse.urlencode({"body": f"Réponse avec le {word}", "submit": "1"}).encode()
            opener.open(f"{base}/t/{thread_id}/reply", data=body, timeout=10).read()
            posted = time.monotonic()
            while True:
                # Each request may land on any of the three workers.
                page = opener.open(f"{base}/search?q={word}", timeout=10).read().decode()
                if "1 thread found" in page or "1 sujet trouvé" in page:
                    break
                assert time.monotonic() - posted < 2.0, f"post {n} not searchable after 2 s"
                time.sleep(0.05)
            delays.append(time.monotonic() - posted)
        print(f"time to searchable under gunicorn: max {max(delays):.2f} s")
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=30)
    assert "Traceback" not in err, err[-3000:]
