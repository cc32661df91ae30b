"""The impact pages on a realistic forum: time per request (p50, p95) and SQL statements per
request, next to a bare Flask app returning a fixed 20 KB page (the baseline, same run).

    .venv/bin/python benchmarks/generate.py --posts 100000 --out benchmarks/out/forum.sqlite        # 1.5 min
    .venv/bin/python benchmarks/generate.py --posts 10000 --out benchmarks/out/forum-10k.sqlite     # 15 s
    .venv/bin/python benchmarks/bench_impact.py --db benchmarks/out/forum-10k.sqlite benchmarks/out/forum.sqlite

Each database given is copied (the generated one is never modified), then filled in the
proportions of a live project, since the generator leaves communes, needs, skills, profiles and
linking records empty: the seeded communes; commune officials and local actors placed in
communes (a few communes have several, many none) and seen over the last months; about 15 % of
the live threads made needs (the generated "need" threads and some more by commune officials)
with a commune, a status and matched/done dates; experts given 1-5 skills (tags), about 60 %
showing them; one linking record for every 50 posts (2,000 at 100,000 posts), of mixed kinds,
statuses and dates. Then the app (in process, the Flask test client, logged in as a coordinator)
gets each impact page `--warmup` times, then `--requests` times, timed. A page that is a 404 here
is "not built here" (built on another branch: run again after the merge).

With several databases, a last table compares them: statements constant, time sub-linear.
"""

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password-2026"  # generate.py's, for every member
NOW = datetime.now(UTC)
PAGES = ("/impact", "/impact/migrants", "/impact/communes-engaged", "/impact/actors",
         "/impact/communes-strengthened", "/impact/needs", "/impact/gaps", "/impact/links", "/bibliotheque")
# A plain forum page (login, base template, one list), for scale: what any page of the forum costs.
REFERENCE = "/communes"
NEED_SHARE = 0.15
NEED_STATUSES = {"open": 35, "in_discussion": 25, "matched": 20, "done": 20}
POSTS_PER_LINK = 50


# -- filling the generated forum -----------------------------------------------------------------

def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def fill(app, seed: int) -> dict:
    """Communes, profiles, needs, skills and linking records, in realistic proportions (Core
    inserts and updates: no job is queued). Returns what was made."""
    from sqlalchemy import func, insert, select, update

    from forum.communes.models import Commune
    from forum.communes.services import seed_communes
    from forum.db import transaction
    from forum.extensions import db
    from forum.impact.models import LinkingRecord, LinkKind, LinkStatus
    from forum.people.models import User, user_skills
    from forum.tags.models import Tag
    from forum.threads.models import Need, Post, Thread

    rng = random.Random(seed)
    with app.app_context():
        with transaction():
            seed_communes()
        communes = list(db.session.execute(select(Commune.id, Commune.province)).all())
        tags = list(db.session.scalars(select(Tag.id)))
        users = list(db.session.execute(select(User.id, User.kind, User.password_hash)).all())
        # Officials cluster: a third of the communes get most of them, many communes none.
        busy = rng.sample(communes, max(1, len(communes) // 3))
        commune_of = {}
        with db.engine.begin() as conn:
            for user_id, kind, _hash in users:
                if kind in ("commune", "actor"):
                    commune_id = (rng.choice(busy) if rng.random() < 0.8 else rng.choice(communes))[0]
                    commune_of[user_id] = commune_id
                    seen = NOW - timedelta(days=rng.choice((rng.uniform(0, 90), rng.uniform(0, 400))))
                    conn.execute(update(User.__table__).where(User.__table__.c.id == user_id).values(
                        commune_id=commune_id, last_seen_at=seen,
                        position=rng.choice(("elected", "staff")) if kind == "commune" else None,
                        organisation_name=f"Coopérative {user_id}" if kind == "actor" else None,
                        organisation_type="cooperative" if kind == "actor" else None))
                elif kind == "expert":
                    public = rng.random() < 0.6
                    conn.execute(update(User.__table__).where(User.__table__.c.id == user_id).values(
                        public_fields=",skills,residence,languages," if public else ",residence,",
                        last_seen_at=NOW - timedelta(days=rng.uniform(0, 200)), country="France", city="Lyon"))
                    conn.execute(insert(user_skills), [{"user_id": user_id, "tag_id": t}
                                                       for t in rng.sample(tags, rng.randint(1, 5))])
            admin_hash = next(h for _id, kind, h in users)
            conn.execute(insert(User.__table__), [{
                "username": "bench_coordinator", "username_key": "bench_coordinator",
                "username_skeleton": "bench_coordinator", "display_name": "Coordinatrice", "email": "coord@bench.example",
                "password_hash": admin_hash, "role": "coordinator", "kind": "other", "created_at": NOW,
                "languages": "", "bio": "", "public_fields": "",
            }])

            threads = list(conn.execute(select(Thread.id, Thread.kind, Thread.author_id, Thread.created_at)
                                        .where(Thread.is_deleted.is_(False))).all())
            wanted = int(len(threads) * NEED_SHARE)
            needs = [t for t in threads if t.kind == "need"]
            by_officials = [t for t in threads if t.kind in ("question", "discussion")
                            and t.author_id in commune_of]
            rng.shuffle(by_officials)
            needs += by_officials[:max(0, wanted - len(needs))]
            conn.execute(update(Thread.__table__).where(Thread.__table__.c.id.in_([t.id for t in needs]))
                         .values(kind="need"))
            rows = []
            for thread in needs:
                created = thread.created_at if thread.created_at.tzinfo else thread.created_at.replace(tzinfo=UTC)
                status = _weighted(rng, NEED_STATUSES)
                matched = created + timedelta(days=rng.uniform(2, 90)) if status in ("matched", "done") else None
                done = matched + timedelta(days=rng.uniform(5, 180)) if status == "done" else None
                rows.append({
                    "thread_id": thread.id, "status": status, "expectation": "advice", "time_frame": "",
                    "commune_id": commune_of.get(thread.author_id) or rng.choice(communes)[0],
                    "status_changed_at": done or matched or created, "matched_at": matched, "done_at": done,
                })
            conn.execute(insert(Need.__table__), rows)

            posts = conn.execute(select(func.count()).select_from(Post).where(Post.is_deleted.is_(False))).scalar()
            experts = [u for u, kind, _h in users if kind == "expert"]
            locals_ = list(commune_of)
            links = []
            for _ in range(posts // POSTS_PER_LINK):
                thread = rng.choice(needs)
                partner = rng.choice(locals_) if rng.random() < 0.8 else None
                kind = rng.choice(list(LinkKind))
                occurred = date(2023, 1, 1) + timedelta(days=rng.randint(0, 3 * 365 + 300))
                links.append({
                    "thread_id": thread.id if rng.random() < 0.85 else None, "expert_id": rng.choice(experts),
                    "partner_id": partner, "commune_id": commune_of.get(partner) or rng.choice(communes)[0],
                    "organisation": "", "kind": kind,
                    "status": _weighted(rng, {LinkStatus.PLANNED: 20, LinkStatus.IN_PROGRESS: 25,
                                              LinkStatus.COMPLETED: 45, LinkStatus.ABANDONED: 10}),
                    "occurred_on": occurred,
                    "amount": Decimal(rng.randint(5, 500) * 1000) if kind == LinkKind.FUNDING else None,
                    "currency": rng.choice(("MAD", "EUR")) if kind == LinkKind.FUNDING else None,
                    "note": "", "created_by_id": 2,
                    "created_at": datetime.combine(occurred, datetime.min.time(), tzinfo=UTC),
                    "updated_at": datetime.combine(occurred, datetime.min.time(), tzinfo=UTC),
                })
            if links:
                conn.execute(insert(LinkingRecord.__table__), links)
            conn.exec_driver_sql("ANALYZE")
        counts = {"posts": posts, "threads": len(threads), "needs": len(needs), "communes": len(communes),
                  "experts": len(experts), "links": len(links)}
        db.session.remove()
        return counts


# -- timing -----------------------------------------------------------------------------------

def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


def time_get(client, url: str, warmup: int, requests: int, engine=None):
    """(status, p50 ms, p95 ms, statements per request, p50 CPU ms) of GET `url`. The CPU time
    of the process (the request runs in it, SQLite included) moves less than the wall time on a
    shared machine."""
    from sqlalchemy import event

    for _ in range(max(warmup, 1)):
        status = client.get(url).status_code
    if status != 200:
        return status, None, None, None, None
    statements = []

    def count(*_args):
        statements.append(1)

    if engine is not None:
        event.listen(engine, "before_cursor_execute", count)
    samples, cpu = [], []
    try:
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            status = response.status_code
    finally:
        if engine is not None:
            event.remove(engine, "before_cursor_execute", count)
    p50, p95 = _percentiles(samples)
    return status, p50, p95, len(statements) / requests if engine is not None else None, statistics.median(cpu)


def baseline_app():
    from flask import Flask

    paragraph = "<p>Le douar attend un forage et une piste rurale praticable toute l'année.</p>\n"
    body = "<!doctype html><html><body><main>\n" + paragraph * (20_480 // len(paragraph))
    body = body.ljust(20_480 - len("</main></body></html>")) + "</main></body></html>"
    bare = Flask("baseline")
    bare.add_url_rule("/", "page", lambda: body)
    return bare


def bench(db_path: Path, args) -> dict:
    from forum import create_app
    from forum.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "forum.sqlite"
        started = time.perf_counter()
        shutil.copy(db_path, copy)
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{copy}", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False, "SEARCH_INDEX_DIR": f"{tmp}/index", "JOBS_RUNNER": "external",
            "BASE_URL": "http://bench.test", "BABEL_DEFAULT_LOCALE": "fr",
        }, instance_path=tmp)
        made = fill(app, args.seed)
        fill_s = time.perf_counter() - started
        client = app.test_client()
        response = client.post("/login", data={"login": "bench_coordinator", "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        results = {}
        bare = baseline_app().test_client()
        results["baseline (bare Flask, 20 KB)"] = time_get(bare, "/", args.warmup, args.requests)
        with app.app_context():
            engine = db.engine
        results[f"{REFERENCE} (a plain forum page)"] = time_get(client, REFERENCE, args.warmup, args.requests, engine)
        for url in PAGES:
            results[url] = time_get(client, url, args.warmup, args.requests, engine)
        results["baseline again"] = time_get(bare, "/", args.warmup, args.requests)
        return {"made": made, "fill_s": fill_s, "results": results}


def print_table(name: str, run: dict) -> None:
    made = run["made"]
    print(f"\n## {name}: {made['posts']:,} live posts, {made['threads']:,} live threads, {made['needs']:,} needs, "
          f"{made['communes']} communes, {made['experts']} experts, {made['links']:,} linking records "
          f"(copy + fill {run['fill_s']:.1f} s)\n")
    base = statistics.mean(run["results"][k][1] for k in ("baseline (bare Flask, 20 KB)", "baseline again"))
    print("| page | p50 ms | p95 ms | statements per request | p50 / baseline | p50 CPU ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for url, (status, p50, p95, statements, cpu) in run["results"].items():
        if p50 is None:
            print(f"| {url} | not built here ({status}) | | | | |")
            continue
        shown = "" if statements is None else f"{statements:.0f}"
        print(f"| {url} | {p50:.1f} | {p95:.1f} | {shown} | {p50 / base:.1f}x | {cpu:.1f} |")


def print_comparison(runs: dict) -> None:
    names = list(runs)
    small, large = runs[names[0]], runs[names[-1]]
    growth = large["made"]["posts"] / small["made"]["posts"]
    print(f"\n## {names[-1]} against {names[0]} ({growth:.1f}x the posts)\n")
    print("| page | statements | p50 ms | p50 growth | p50 CPU ms | CPU growth |")
    print("| --- | --- | --- | --- | --- | --- |")
    for url in (f"{REFERENCE} (a plain forum page)", *PAGES):
        (_, s50, _, s_st, s_cpu), (_, l50, _, l_st, l_cpu) = small["results"][url], large["results"][url]
        if s50 is None or l50 is None:
            print(f"| {url} | not built here | | | | |")
            continue
        print(f"| {url} | {s_st:.0f} -> {l_st:.0f} | {s50:.1f} -> {l50:.1f} | {l50 / s50:.1f}x "
              f"| {s_cpu:.1f} -> {l_cpu:.1f} | {l_cpu / s_cpu:.1f}x |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, nargs="+", required=True,
                        help="generated databases (benchmarks/generate.py), smallest first")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.requests < 2:
        parser.error("--requests: at least 2 (for a p95)")
    runs = {}
    for path in args.db:
        started = time.perf_counter()
        runs[path.name] = bench(path, args)
        print_table(path.name, runs[path.name])
        print(f"\n(run: {time.perf_counter() - started:.0f} s)", flush=True)
    if len(runs) > 1:
        print_comparison(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
