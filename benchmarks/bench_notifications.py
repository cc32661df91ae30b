"""A new thread in a board that 1,000 members watch: how long the POST takes (with and without
watchers, in the same run), and how long until every notification row exists and every mail
reached the SMTP server (a real one on loopback, aiosmtpd).

    .venv/bin/python benchmarks/bench_notifications.py [--watchers 1000] [--rounds 5]
        [--database-url postgresql://postgres@127.0.0.1:5432/bench]

The app runs as it does in production: the jobs run in the process's runner thread, after the
request has committed; the watchers chose mail "at once" for new threads (the worst case; by
default new threads go to the daily digest).
"""

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class CountingSMTP:
    """A real SMTP server that only counts what it accepts."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.count = 0
        self._lock = threading.Lock()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.count += 1
        return "250 OK"

    def stop(self):
        self._controller.stop()


def build(app, watchers: int):
    from argon2 import PasswordHasher
    from sqlalchemy import insert

    from forum.boards.services import get_board, seed_boards_and_tags
    from forum.db import transaction
    from forum.dbtypes import utcnow
    from forum.extensions import db
    from forum.notifications.models import Frequency, NotificationKind, Preference, Watch, WatchLevel
    from forum.people import services as people
    from forum.people.models import User
    from forum.people.names import skeleton

    with app.app_context():
        db.create_all()
        with transaction():
            seed_boards_and_tags()
            author = people.create_user("amina_bench", "amina@bench.example", "bench-password-2026",
                                        kind="commune")
        watched, quiet = get_board("eau-assainissement"), get_board("education-formation")
        password_hash = PasswordHasher().hash("bench-password-2026")
        rows = [{"username": f"watcher{n}", "username_key": f"watcher{n}", "username_skeleton": skeleton(f"watcher{n}"),
                 "display_name": f"Watcher {n}", "email": f"watcher{n}@bench.example", "password_hash": password_hash,
                 "role": "member", "kind": "expert", "email_verified_at": utcnow()} for n in range(watchers)]
        with transaction():
            db.session.execute(insert(User.__table__), rows)
            ids = [user.id for user in db.session.query(User.id).filter(User.username.like("watcher%"))]
            db.session.execute(insert(Watch.__table__), [
                {"user_id": i, "board_id": watched.id, "level": WatchLevel.WATCHING} for i in ids])
            db.session.execute(insert(Preference.__table__), [
                {"user_id": i, "kind": NotificationKind.NEW_THREAD, "in_app": True, "email": Frequency.IMMEDIATELY}
                for i in ids])
        return author.username, watched.slug, quiet.slug


def post_thread(client, board_slug: str, n: int) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.post(f"/b/{board_slug}/new", data={
        "title": f"Forage numéro {n} : quel débit pour un château d’eau ?", "kind": "question",
        "body": "Nous cherchons un avis sur le débit d’un forage pour alimenter trois douars."})
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    thread_id = int(response.headers["Location"].rstrip("/").split("/")[-1].split("#")[0])
    return elapsed, thread_id


def wait_for(app, thread_id: int, watchers: int, smtp: CountingSMTP, mails_before: int, timeout: float):
    from sqlalchemy import func, select

    from forum.extensions import db
    from forum.notifications.models import Notification

    started = time.perf_counter()
    rows_s = mails_s = None
    with app.app_context():
        while time.perf_counter() - started < timeout:
            if rows_s is None:
                rows = db.session.scalar(select(func.count()).where(Notification.thread_id == thread_id))
                db.session.remove()
                if rows >= watchers:
                    rows_s = time.perf_counter() - started
            if smtp.count - mails_before >= watchers:
                mails_s = time.perf_counter() - started
                break
            time.sleep(0.01)
    return rows_s, mails_s


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--watchers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database (default: SQLite file)")
    args = parser.parse_args(argv)

    from forum import create_app
    from forum.extensions import db

    smtp = CountingSMTP()
    with tempfile.TemporaryDirectory() as tmp:
        uri = args.database_url or f"sqlite:///{tmp}/bench.sqlite"
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False, "NEW_USER_LIMITS": False, "SEARCH_INDEX_DIR": f"{tmp}/index",
            "JOBS_RUNNER": "thread", "JOBS_POLL_SECONDS": 0.05,
            "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "BASE_URL": "http://bench.test",
        }, instance_path=tmp)
        author, watched, quiet = build(app, args.watchers)
        client = app.test_client()
        client.post("/login", data={"login": author, "password": "bench-password-2026"})
        quiet_s, watched_s, rows, mails = [], [], [], []
        for n in range(args.rounds + 1):
            elapsed, thread_id = post_thread(client, quiet, 2 * n)
            time.sleep(0.3)  # its own jobs (the search index) done
            before = smtp.count
            elapsed_watched, thread_id = post_thread(client, watched, 2 * n + 1)
            rows_s, mails_s = wait_for(app, thread_id, args.watchers, smtp, before, 300)
            if n == 0:
                continue  # warm-up: first request, first index writer
            quiet_s.append(elapsed)
            watched_s.append(elapsed_watched)
            rows.append(rows_s)
            mails.append(mails_s)
        app.extensions["jobs"].stop()
        with app.app_context():
            db.engine.dispose()
    smtp.stop()

    def ms(values):
        values = [v for v in values if v is not None]
        return f"{statistics.median(values) * 1000:8.1f} ms" if values else "   (timeout)"

    print(f"{args.watchers} watchers, {args.rounds} rounds, {'PostgreSQL' if args.database_url else 'SQLite'}")
    print(f"POST new thread, board nobody watches : {ms(quiet_s)} (median)")
    print(f"POST new thread, board {args.watchers} watch    : {ms(watched_s)} (median)")
    print(f"  ratio watched / quiet               : {statistics.median(watched_s) / statistics.median(quiet_s):8.2f}")
    print(f"after the response: every notification row : {ms(rows)}")
    print(f"after the response: every mail received    : {ms(mails)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
