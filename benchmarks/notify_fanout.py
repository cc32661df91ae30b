"""A new thread on a board that --watchers members watch: how long until every notification
row and mail job exists, and whether the request that posted it waits for them.

    .venv/bin/python benchmarks/notify_fanout.py                      # SQLite file, 1,000 watchers
    .venv/bin/python benchmarks/notify_fanout.py --db postgresql://postgres@127.0.0.1:5432/bench --watchers 5000

Prints, in one run: the median latency of the posting request (POST /b/<slug>/new through the
test client, jobs left to the runner as in production) on a board nobody watches and on the
watched one, their ratio (about 1: the fan-out is a job, after commit), then the time the job
runner takes to turn the event into the notifications and their mail jobs, and its statements.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, insert, select  # noqa: E402

from forum import create_app  # noqa: E402
from forum.boards.services import get_board, seed_boards_and_tags  # noqa: E402
from forum.db import transaction  # noqa: E402
from forum.dbtypes import utcnow  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.jobs.models import Job  # noqa: E402
from forum.notifications.models import Notification, Watch  # noqa: E402
from forum.people import services as people  # noqa: E402
from forum.people.models import User  # noqa: E402

PASSWORD = "correct-horse-battery"


def _watchers(board_id: int, n: int) -> None:
    now = utcnow()
    rows = [{"username": f"w{i}", "username_key": f"w{i}", "username_skeleton": f"w{i}", "email": f"w{i}@example.org",
             "password_hash": "x", "display_name": f"Veilleur {i}", "kind": "expert", "role": "member",
             "created_at": now} for i in range(n)]
    ids = db.session.scalars(insert(User).returning(User.id), rows).all()
    db.session.execute(insert(Watch), [{"user_id": i, "board_id": board_id, "level": "watching_first_post",
                                        "created_at": now, "updated_at": now} for i in ids])
    db.session.commit()


def _post(client, slug: str, n: int) -> float:
    started = time.perf_counter()
    response = client.post(f"/b/{slug}/new", data={"title": f"Nouveau sujet numéro {n} sur l’eau", "kind": "question",
                                                   "body": "Quel débit pour un forage de 40 mètres ?", "submit": "1"})
    assert response.status_code == 302, response.status_code
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--watchers", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--statements", action="store_true", help="list the fan-out's statements and their times")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="notify-bench-")
    url = args.db or f"sqlite:///{folder}/forum.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "NEW_USER_LIMITS": False, "JOBS_RUNNER": "sync",
                      "SEARCH_INDEX_DIR": f"{folder}/index"}, instance_path=folder)
    runner = app.extensions["jobs"]
    with app.app_context():
        db.drop_all()
        db.create_all()
        with transaction():
            seed_boards_and_tags()
            people.create_user("auteur", "auteur@example.org", PASSWORD, kind="commune")
        quiet, watched = "routes-infrastructures", "eau-assainissement"
        _watchers(get_board(watched).id, args.watchers)
        client = app.test_client()
        client.post("/login", data={"login": "auteur", "password": PASSWORD})
        _post(client, quiet, -1)  # warm-up: markup helpers, caches
        runner.run_pending()
        latencies = {quiet: [], watched: []}
        for n in range(args.runs):
            for slug in (quiet, watched):
                latencies[slug].append(_post(client, slug, n))
                db.session.query(Job).filter(Job.kind == "threads.post_created").delete()
                db.session.commit()
        runner.run_pending(kinds=["search.index"])
        db.session.query(Job).delete()
        db.session.commit()
        before = db.session.scalar(select(func.count()).select_from(Notification))
        _post(client, watched, args.runs)
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append([a[2], time.perf_counter()]))
        event.listen(db.engine, "after_cursor_execute", lambda *a: statements[-1].append(time.perf_counter()))
        started = time.perf_counter()
        runner.run_pending(kinds=["threads.post_created"])
        fan_out = (time.perf_counter() - started) * 1000
        made = db.session.scalar(select(func.count()).select_from(Notification)) - before
        mails = db.session.scalar(select(func.count()).select_from(Job).where(Job.kind == "notifications.mail"))
    q, w = statistics.median(latencies[quiet]), statistics.median(latencies[watched])
    print(f"database: {url.split('@')[-1]}, watchers: {args.watchers}, runs: {args.runs}")
    print(f"posting request, median: {q:.1f} ms on an unwatched board, {w:.1f} ms on the watched one "
          f"(ratio {w / q:.2f})")
    for statement, start, *end in statements if args.statements else ():
        print(f"  {(end[0] - start) * 1000 if end else 0:7.1f} ms  {' '.join(statement.split())[:90]}")
    print(f"fan-out job: {fan_out:.0f} ms for {made} notifications and {mails} mail jobs, {len(statements)} statements")


if __name__ == "__main__":
    main()
