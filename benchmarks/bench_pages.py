"""Page benchmark (issue 12): each page of the forum under gunicorn, against a bare-Flask ceiling.

    .venv/bin/python benchmarks/bench_pages.py --posts 50000              # ~5 min once generated
    .venv/bin/python benchmarks/bench_pages.py --posts 50000 --no-page-cache
    .venv/bin/python benchmarks/bench_pages.py --posts 50000 --soak 10    # memory of each worker
    .venv/bin/python benchmarks/bench_pages.py --posts 50000 --pages reply --jobs worker \
        --pg-url postgresql://postgres@127.0.0.1:5432/bench --redis-url redis://127.0.0.1:6379/12

The forum is benchmarks/out/forum-<posts>.sqlite with its search index beside it
(generate.py --build-index), generated on the first run and reused afterwards (or --db FILE).
Every run works on a copy in a temporary directory: the generated forum is never modified.

Two servers run on loopback with gunicorn.conf.py and --workers (2 sync workers): the forum,
configured by FORUM_* variables and an empty temporary instance folder (the installation's
instance/config.py is not read), and benchmarks/ceiling_app.py, a bare Flask app returning a
fixed 20 KB page. wrk (--threads 2 --connections 4 --duration D --latency) loads the ceiling,
then each page followed by the ceiling again, in the same session; the table gives req/s,
p50/p95/p99, the share of the ceiling (the page's req/s over the mean of the ceiling runs just
before and after it), the SQL statements of one request of the page (counted in process by a
before_cursor_execute listener, through the Flask test client on the same database, page cache
off) and the page's size gzip-compressed (level 6) with the CSS and JS it links.
A page that answers anything but its expected status (200, a reply's redirect) is an error row.

The benchmark turns off the rate limits and the new-account limits (a member posting replies
at full speed would be refused) and runs the jobs in each worker's thread, or with --jobs worker
in one separate `flask jobs worker` process (the production shape). Each page gets --warmup
seconds of untimed load first. --pg-url loads the copy into a PostgreSQL database (its tables
are dropped first) and serves it from there; --server-times adds the request times gunicorn
logs (in the worker) beside wrk's latency (which includes waiting for a free worker). The anonymous page
cache is on unless --no-page-cache; with several workers it is a FileSystemCache in the
temporary directory (gunicorn.conf.py refuses a per-worker SimpleCache), or Redis with
--redis-url.
"""

import argparse
import gzip
import http.client
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
LUA = HERE / "bench_pages.lua"
PASSWORD = "bench-password-2026"  # generate.py's members' password
SOAK_SAMPLE_SECONDS = 30


@dataclass
class Page:
    name: str
    label: str
    path: str
    member: bool = False
    method: str = "GET"
    expect: int = 200
    body: str = ""  # a POST's form body (the Lua script makes each one unique)
    more_paths: tuple = ()  # the plan sends the request to path, then to each of these, in turn


PAGE_NAMES = ("thread", "thread-member", "home", "board", "questions", "needs", "experts", "communes",
              "search-rare", "search-common", "reply")


# -- the forum and its copy -----------------------------------------------------------------

def needs_index(args) -> bool:
    """Searches and the soak read the index; the other pages never do (it takes a while to
    build at 500,000 posts: 2 min 50 s at 50,000)."""
    return bool(args.soak) or any(page.startswith("search") for page in args.pages)


def forum_files(args) -> tuple[Path, Path]:
    """The generated database and its index, made first if missing (the index beside it)."""
    db = args.db or HERE / "out" / f"forum-{args.posts}.sqlite"
    index = db.parent / f"index-{db.stem}"
    if not db.exists():
        if args.db:
            sys.exit(f"{db}: no such database")
        print(f"generating {db} ({args.posts} posts): a few minutes", flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--posts", str(args.posts), "--seed", "42",
                        "--out", str(db)] + (["--build-index"] if needs_index(args) else []), check=True)
    elif not index.exists() and needs_index(args):
        print(f"building the search index {index}", flush=True)
        sys.path.insert(0, str(HERE))
        import generate
        generate.build_index(db)
    return db, index


def copy_forum(db: Path, index: Path, work: Path) -> tuple[Path, Path]:
    target = work / "forum.sqlite"
    with sqlite3.connect(db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)  # consistent even if a -wal file is beside the original
    if index.exists():  # (else the forum starts an empty one: no search page is measured)
        shutil.copytree(index, work / "index", symlinks=True)  # "current" is a symlink to the live generation
    return target, work / "index"


def load_postgres(source: Path, url: str, work: Path) -> dict[str, int]:
    """Put the forum copied in `source` into the PostgreSQL database `url`: the app's schema
    (every table dropped first), then each table copied through SQLAlchemy (the models' types
    convert the values), foreign keys unchecked while loading, sequences moved past the
    largest ids, then ANALYZE. {table: rows}."""
    from sqlalchemy import create_engine, func, insert, inspect, select, text

    from forum import create_app
    from forum.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "load", "SQLALCHEMY_DATABASE_URI": url},
                     instance_path=str(work / "instance-load"))
    copied = {}
    with app.app_context():
        db.drop_all()
        db.create_all()
        sqlite_engine = create_engine(f"sqlite:///{source}")
        present = set(inspect(sqlite_engine).get_table_names())
        with sqlite_engine.connect() as reader, db.engine.begin() as writer:
            writer.execute(text("SET session_replication_role = replica"))  # no FK checks: tables in any order
            for table in db.metadata.sorted_tables:
                if table.name not in present:
                    continue
                result = reader.execute(select(table))
                copied[table.name] = 0
                while rows := result.fetchmany(5000):
                    writer.execute(insert(table), [dict(row._mapping) for row in rows])
                    copied[table.name] += len(rows)
                for column in table.primary_key.columns:
                    if column.autoincrement is True or (column.autoincrement == "auto" and len(table.primary_key.columns) == 1
                                                         and column.type.python_type is int):
                        largest = writer.scalar(select(func.max(column)))
                        writer.execute(text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, :called)"),
                                       {"t": table.name, "c": column.name, "v": largest or 1, "called": largest is not None})
            writer.execute(text("SET session_replication_role = DEFAULT"))
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
        db.engine.dispose()
        sqlite_engine.dispose()
    return copied


def pick_threads(db: Path, seed: int) -> dict:
    """The 20-post thread, the board with most threads, threads to reply to and to read in the soak."""
    with sqlite3.connect(db) as conn:
        live = ("SELECT t.id, t.slug FROM threads t JOIN posts p ON p.thread_id = t.id AND NOT p.is_deleted"
                " JOIN boards b ON b.id = t.board_id"
                " WHERE NOT t.is_deleted AND NOT t.is_locked AND NOT b.is_archived GROUP BY t.id")
        twenty = conn.execute(live + " HAVING count(*) = 20 ORDER BY t.id LIMIT 1").fetchone()
        if twenty is None:  # a tiny forum: its longest thread
            twenty = conn.execute(live + " ORDER BY count(*) DESC, t.id LIMIT 1").fetchone()
        posts_in_it = conn.execute("SELECT count(*) FROM posts WHERE thread_id = ? AND NOT is_deleted",
                                   (twenty[0],)).fetchone()[0]
        short = conn.execute(live + " HAVING count(*) BETWEEN 2 AND 6 ORDER BY t.id").fetchall()
        board = conn.execute("SELECT slug FROM boards WHERE NOT is_archived ORDER BY thread_count DESC LIMIT 1").fetchone()[0]
        member = conn.execute("SELECT username FROM users WHERE role = 'member' AND kind = 'expert' ORDER BY id LIMIT 1"
                              ).fetchone()[0]
        sizes = conn.execute("SELECT (SELECT count(*) FROM threads WHERE NOT is_deleted),"
                             " (SELECT count(*) FROM posts WHERE NOT is_deleted)").fetchone()
    rng = random.Random(seed)
    short = [row for row in short if row[0] != twenty[0]]
    rng.shuffle(short)
    return {"twenty": twenty, "twenty_posts": posts_in_it, "reply_threads": short[:10],
            "read_threads": short[10:60] or short[:10], "board": board, "member": member,
            "threads": sizes[0], "posts": sizes[1]}


def forum_env(args, work: Path, db: Path, index: Path, page_cache: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORUM_", "REDIS_URL", "DATABASE_URL"))}
    env.update(
        DATABASE_URL=args.pg_url or f"sqlite:///{db}", SECRET_KEY="bench-pages", FORUM_SEARCH_INDEX_DIR=str(index),
        FORUM_RATELIMIT_ENABLED="false", FORUM_NEW_USER_LIMITS="false",
        # "thread": each gunicorn worker runs the jobs in a thread; "worker": only a separate
        # `flask jobs worker` process does (the web processes' runner is "external").
        FORUM_JOBS_RUNNER="thread" if args.jobs == "thread" else "external",
        FORUM_SEARCH_BACKEND=args.search_backend,
        FORUM_PAGE_CACHE="true" if page_cache else "false", FORUM_MAIL_FILE_PATH=str(work / "mail"),
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    elif page_cache:
        env.update(FORUM_CACHE_TYPE="FileSystemCache", FORUM_CACHE_DIR=str(work / "page-cache"),
                   FORUM_CACHE_THRESHOLD="5000")
    return env


# -- servers ---------------------------------------------------------------------------------

def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def no_control_socket() -> list[str]:
    import gunicorn.config
    return ["--no-control-socket"] if any(
        s.name == "control_socket_disable" for s in gunicorn.config.KNOWN_SETTINGS) else []


def start_gunicorn(app_spec: str, workers: int, env: dict, log: Path, extra: list[str]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "2", *no_control_socket(), *extra, app_spec],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while True:
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            sys.exit(f"{app_spec} did not start:\n{log.read_text()[-3000:]}")
        try:
            if Browser(port).request("GET", "/")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.3)


def start_jobs_worker(env: dict, instance: Path, log: Path) -> subprocess.Popen:
    """The production shape's `flask jobs worker` (as tests/test_several_servers.py starts it),
    on the same settings and instance folder as the web servers."""
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", f"forum:create_app(instance_path={str(instance)!r})", "jobs", "worker"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def pending_jobs(args, db: Path) -> int:
    """Jobs not done yet (failed ones included): whether a separate worker keeps up."""
    query = "SELECT count(*) FROM jobs"
    if args.pg_url:
        import psycopg
        with psycopg.connect(args.pg_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            return conn.execute(query).fetchone()[0]
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(query).fetchone()[0]


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class Browser:
    """Just enough of a browser over http.client: keeps cookies, follows no redirect."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, form: dict | None = None, cookie: str | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Accept-Language": "fr"}
        if cookie or self.cookies:
            headers["Cookie"] = cookie or self.cookie_header()
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        if cookie is None:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value or "1970" in morsel["expires"]:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        return response.status, response.headers, data


def csrf_token(html: bytes) -> str:
    found = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', html) or \
        re.search(rb'value="([^"]+)"[^>]*name="csrf_token"', html)
    if not found:
        sys.exit("no CSRF token on the page")
    return unescape(found.group(1).decode())


def log_in(port: int, username: str) -> Browser:
    browser = Browser(port)
    status, _, html = browser.request("GET", "/login")
    status, headers, _ = browser.request("POST", "/login", {
        "login": username, "password": PASSWORD, "csrf_token": csrf_token(html)})
    if status != 302:
        sys.exit(f"logging in as {username} answered {status}")
    browser.request("GET", "/")  # shows (and so drops) the "Hello" message kept in the session
    return browser


def canonical_path(port: int, thread_id: int) -> str:
    status, headers, _ = Browser(port).request("GET", f"/t/{thread_id}")
    if status not in (301, 302):
        sys.exit(f"/t/{thread_id} answered {status}, not the redirect to its canonical URL")
    return urllib.parse.urlsplit(headers["Location"]).path


# -- measures --------------------------------------------------------------------------------

def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_weight(port: int, html: bytes) -> tuple[int, int]:
    """(gzip bytes of the HTML, gzip bytes of the CSS and JS files it links)."""
    assets = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(rb'<script[^>]+src="([^"]+)"', html)
    total = 0
    for url in dict.fromkeys(unescape(a.decode()) for a in assets):
        status, _, data = Browser(port).request("GET", url)
        if status != 200:
            sys.exit(f"{url} answered {status}")
        total += gzip_size(data)
    return gzip_size(html), total


def count_statements(env: dict, work: Path, pages: list[Page], member: str) -> dict[str, tuple[int, int]]:
    """SQL statements of one request of each page, in process, on the same database, page cache
    off, after one warm-up request: {page name: (status, statements)}."""
    os.environ.clear()
    os.environ.update(env, FORUM_PAGE_CACHE="false", FORUM_JOBS_RUNNER="sync", FORUM_SEARCH_SYNC="false",
                      FORUM_WTF_CSRF_ENABLED="false")
    os.environ.pop("REDIS_URL", None)
    from sqlalchemy import event

    from forum import create_app
    from forum.extensions import db

    app = create_app(instance_path=str(work / "instance-in-process"))
    counted = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *a: counted.append(1))
    anonymous, logged = app.test_client(), app.test_client()
    status = logged.post("/login", data={"login": member, "password": PASSWORD}).status_code
    if status != 302:
        sys.exit(f"in process, logging in as {member} answered {status}")
    logged.get("/")
    results = {}
    for n, page in enumerate(pages):
        client = logged if page.member else anonymous
        for attempt in ("warm-up", "counted"):
            counted.clear()
            if page.method == "POST":
                form = dict(urllib.parse.parse_qsl(page.body))
                form.pop("csrf_token", None)
                form["body"] += f" (compte {n} {attempt})"
                response = client.post(page.path, data=form)
            else:
                response = client.get(page.path)
        results[page.name] = (response.status_code, len(counted))
    with app.app_context():
        db.engine.dispose()
    return results


def wrk(port: int, lines: list[tuple], duration: float, work: Path, args) -> dict:
    plan = work / "plan.txt"
    plan.write_text("".join("\t".join(str(f) or "-" for f in line) + "\n" for line in lines))
    command = ["wrk", "--threads", str(args.threads), "--connections", str(args.connections),
               "--duration", f"{duration:g}s", "--latency", "--timeout", "60s", "--script", str(LUA),
               f"http://127.0.0.1:{port}", "--", str(plan)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 120)
    found = re.search(r"^BENCH-RESULT (.*)$", result.stdout, re.M)
    if result.returncode != 0 or not found:
        sys.exit(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    out = json.loads(found.group(1))
    out["rps"] = out["requests"] / (out["duration_us"] / 1e6)
    return out


def plan_line(page: Page, cookie: str) -> tuple:
    return (page.method, page.path, cookie if page.member else "-", page.body or "-")


def plan_lines(page: Page, cookie: str) -> list[tuple]:
    return [plan_line(page, cookie)] + [(page.method, path, *plan_line(page, cookie)[2:]) for path in page.more_paths]


def errors_of(result: dict, expect: int) -> str:
    """'' when every response had the expected status and no socket failed, else what went wrong."""
    wrong = {s: n for s, n in result["statuses"].items() if int(s) != expect}
    problems = [f"{n} x {s}" for s, n in sorted(wrong.items())]
    if result["socket_errors"]:
        problems.append(f"{result['socket_errors']} socket errors")
    return ", ".join(problems)


# -- the run ---------------------------------------------------------------------------------

def machine_load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def commit() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "forum"], cwd=ROOT, capture_output=True, text=True).stdout
    return head + (" (forum/ modified)" if dirty.strip() else "")


def build_pages(args, picked: dict, port: int, member: Browser) -> list[Page]:
    twenty = canonical_path(port, picked["twenty"][0])
    reply_thread = picked["reply_threads"][0][0]
    reply_path = f"/t/{reply_thread}/reply"
    status, _, html = member.request("GET", canonical_path(port, reply_thread))
    if status != 200:
        sys.exit(f"the reply thread answered {status} to the member")
    text = "Merci pour ces précisions, nous allons contacter la commune et le bureau d'études cette semaine."
    reply_body = urllib.parse.urlencode({"csrf_token": csrf_token(html), "body": text})
    # --reply-threads N: each wrk request replies to the next of N threads (their rows are not
    # all locked by the same writers; the CSRF token is the session's, valid for any of them).
    more_replies = [f"/t/{tid}/reply" for tid, _ in picked["reply_threads"][1:args.reply_threads]]
    n = picked["twenty_posts"]
    pages = [
        Page("thread", f"thread, anonymous ({n} posts)", twenty),
        Page("thread-member", f"thread, logged in ({n} posts)", twenty, member=True),
        Page("home", "home", "/"),
        Page("board", f"board ({picked['board']})", f"/b/{picked['board']}"),
        Page("questions", "/questions", "/questions"),
        Page("needs", "/needs", "/needs"),
        Page("experts", "/experts", "/experts"),
        Page("communes", "/communes", "/communes"),
        Page("search-rare", f"search, rare word ({args.rare_word})", "/search?" + urllib.parse.urlencode({"q": args.rare_word})),
        Page("search-common", f"search, common word ({args.common_word})",
             "/search?" + urllib.parse.urlencode({"q": args.common_word})),
        Page("reply", "reply POST (logged in)" if args.reply_threads == 1 else
             f"reply POST (logged in, {len(more_replies) + 1} threads in turn)", reply_path, member=True, method="POST",
             expect=302, body=reply_body, more_paths=tuple(more_replies)),
    ]
    return [page for page in pages if page.name in args.pages]


def run_pages(args, pages: list[Page], forum_port: int, ceiling_port: int, member: Browser,
              statements: dict, work: Path) -> list[dict]:
    rows = []
    ceiling_plan = [("GET", "/", "-", "-")]
    # ceiling, page, ceiling, page, ... ceiling: each page is compared with the mean of the two
    # ceiling runs around it, which follows the machine's load better than one run.
    before = wrk(ceiling_port, ceiling_plan, args.duration, work, args)
    for page in pages:
        cookie = member.cookie_header()
        row = {"page": page}
        # A sample first: its status, whether it came from the page cache, its weight. It also
        # fills the cache, as any visitor before the benchmark would.
        status, headers, html = Browser(forum_port).request(
            page.method, page.path, dict(urllib.parse.parse_qsl(page.body)) if page.method == "POST" else None,
            cookie=cookie if page.member else "")
        row["sample"] = status
        row["cache"] = headers.get("X-Page-Cache", "-")
        if page.method == "GET" and status == 200:
            row["weight"] = page_weight(forum_port, html)
            row["cache"] = Browser(forum_port).request("GET", page.path, cookie=cookie if page.member else "")[1].get(
                "X-Page-Cache", "-")
        if args.warmup:
            # Not timed: every worker has served the page once (a worker's first reply starts
            # its markup helper process: 0.7-2.6 s on a loaded 2-core machine).
            row["warmup"] = wrk(forum_port, plan_lines(page, cookie), args.warmup, work, args)
        logged_from = (work / "access.log").stat().st_size if args.server_times else 0
        row["result"] = wrk(forum_port, plan_lines(page, cookie), args.duration, work, args)
        if args.server_times:
            row["server"] = server_times(work / "access.log", logged_from, page)
        after = wrk(ceiling_port, ceiling_plan, args.duration, work, args)
        row["ceiling"] = {"rps": (before["rps"] + after["rps"]) / 2, "runs": (before, after)}
        before = after
        problems = [] if status == page.expect else [f"sample answered {status}"]
        if wrong := errors_of(row["result"], page.expect):
            problems.append(wrong)
        if "warmup" in row and (wrong := errors_of(row["warmup"], page.expect)):
            problems.append(f"warm-up: {wrong}")
        for run in row["ceiling"]["runs"]:
            if wrong := errors_of(run, 200):
                problems.append(f"ceiling: {wrong}")
        if statements.get(page.name, (page.expect,))[0] != page.expect:
            problems.append(f"in process answered {statements[page.name][0]}")
        row["error"] = "; ".join(problems)
        rows.append(row)
        print_row(row, statements, flush=True)
    if args.server_times:
        print("\nin the workers (gunicorn's request time, from the request read to the response written; "
              "the rest of wrk's latency is waiting for a free worker):")
        for row in rows:
            if row.get("server"):
                print(f"  {row['page'].label}: " + f"{row['server'].pop('requests')} requests, " + ", ".join(
                    f"{k} {v:.1f} ms" for k, v in row["server"].items()))
    return rows


ACCESS_FORMAT = "%(m)s %(s)s %(D)s %(U)s"


def server_times(log: Path, offset: int, page: Page) -> dict[str, float]:
    """p50/p95/p99/max (ms) of the page's requests logged by gunicorn past `offset`."""
    paths = {urllib.parse.urlsplit(path).path for path in (page.path, *page.more_paths)}
    with log.open("rb") as f:
        f.seek(offset)
        lines = f.read().decode(errors="replace").splitlines()
    times = sorted(int(fields[2]) / 1000 for fields in (line.split(" ", 3) for line in lines)
                   if len(fields) == 4 and fields[0] == page.method and fields[3] in paths)
    if not times:
        return {}
    return {"requests": len(times), **{f"p{q}": times[min(len(times) - 1, int(len(times) * q / 100))] for q in (50, 95, 99)},
            "max": times[-1]}


HEADER = ("| page | req/s | p50 ms | p95 ms | p99 ms | ceiling req/s (before / after) | share of the ceiling | statements "
          "| gzip KB (page + CSS/JS) | page cache |")


def print_row(row: dict, statements: dict, flush=False) -> None:
    page, result, ceiling = row["page"], row["result"], row["ceiling"]
    html, assets = row.get("weight", (0, 0))
    weight = f"{(html + assets) / 1024:.1f} ({html / 1024:.1f} + {assets / 1024:.1f})" if html else ""
    statement = statements.get(page.name, (0, ""))[1]
    ceilings = " / ".join(f"{run['rps']:.0f}" for run in ceiling["runs"])
    if row["error"]:
        print(f"| {page.label} | ERROR: {row['error']} | | | | {ceilings} | | {statement} | {weight} "
              f"| {row['cache']} |", flush=flush)
        return
    print(f"| {page.label} | {result['rps']:.1f} | {result['p50_us'] / 1000:.1f} | {result['p95_us'] / 1000:.1f} "
          f"| {result['p99_us'] / 1000:.1f} | {ceilings} | {100 * result['rps'] / ceiling['rps']:.2f} % "
          f"| {statement} | {weight} | {row['cache']} |", flush=flush)


def worker_rss(master: int) -> dict[int, float]:
    """RSS in MB of each gunicorn worker (the master's children)."""
    children = []
    try:
        children = [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                    children.append(int(stat.parent.name))
            except (OSError, IndexError, ValueError):
                pass
    rss = {}
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        if found:
            rss[pid] = int(found.group(1)) / 1024
    return rss


def index_mappings(pid: int, index: Path) -> tuple[int, int, int]:
    """Of the search index, in this process: (mappings, distinct files mapped, deleted files mapped)."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return 0, 0, 0
    mapped = [fields[5] for fields in (line.split(None, 5) for line in maps.splitlines())
              if len(fields) == 6 and fields[5].startswith(str(index))]
    files = set(mapped)
    return len(mapped), len(files), sum(1 for f in files if f.endswith(" (deleted)"))


def soak(args, picked: dict, forum: subprocess.Popen, port: int, member: Browser, pages: list[Page],
         work: Path, index: Path) -> None:
    """A mixed load for --soak minutes: anonymous and logged-in reads, searches, replies (in
    turn, 8:6:4:2 in 20 requests), each worker's RSS and mapped index files printed every 30 s."""
    rng = random.Random(args.seed)
    cookie = member.cookie_header()
    reads = [canonical_path(port, tid) for tid, _ in picked["read_threads"]]
    lists = ["/", f"/b/{picked['board']}", "/questions", "/needs", "/experts", "/communes"]
    words = [args.rare_word, args.common_word, "forage", "piste", "école", "coopérative", "subvention",
             "khettara", "assainissement", "INDH", "puits", "électrification"]
    reply = next(page for page in pages if page.name == "reply")
    token_part = reply.body.split("&body=", 1)[0]
    replies = [f"/t/{tid}/reply" for tid, _ in picked["reply_threads"]]
    plan = []
    for _ in range(40):
        cycle = [("GET", rng.choice(reads + lists), "-", "-") for _ in range(8)]
        cycle += [("GET", rng.choice(reads + lists[:3]), cookie, "-") for _ in range(6)]
        cycle += [("GET", "/search?" + urllib.parse.urlencode({"q": rng.choice(words)}), "-", "-") for _ in range(4)]
        cycle += [("POST", rng.choice(replies), cookie, token_part + "&" + urllib.parse.urlencode(
            {"body": "Réponse de la charge mixte sur la piste et le forage du douar"})) for _ in range(2)]
        rng.shuffle(cycle)
        plan += cycle
    seconds = args.soak * 60
    print(f"\nsoak: {args.soak} min of mixed load ({len(plan)}-request plan: 40 % anonymous reads, 30 % logged-in "
          f"reads, 20 % searches, 10 % replies), RSS of each worker every {SOAK_SAMPLE_SECONDS} s", flush=True)
    samples: dict[int, list[float]] = {}
    started = time.monotonic()
    outcome = {}
    load = threading.Thread(target=lambda: outcome.update(wrk(port, plan, seconds, work, args)))
    load.start()
    last_sample = -SOAK_SAMPLE_SECONDS
    while True:
        if not load.is_alive() and time.monotonic() - last_sample < 5:
            break  # the load ended just after a sample: that one is the last
        last_sample = time.monotonic()
        rss = worker_rss(forum.pid)
        for pid, mb in rss.items():
            samples.setdefault(pid, []).append(mb)
        print(f"  t={time.monotonic() - started:4.0f} s  " + "  ".join(
            "worker {}: {:.1f} MB, index mapped {} times, {} files ({} deleted)".format(pid, mb, *index_mappings(pid, index))
            for pid, mb in sorted(rss.items())), flush=True)
        if not load.is_alive():
            break
        load.join(timeout=SOAK_SAMPLE_SECONDS)
    if not outcome:
        sys.exit("the soak's load did not finish")
    posts = outcome["posts"]
    redirects = outcome["statuses"].get("302", 0)
    bad = {s: n for s, n in outcome["statuses"].items() if int(s) >= 400}
    print(f"load: {outcome['requests']} requests, {outcome['rps']:.1f} req/s, p50 {outcome['p50_us'] / 1000:.1f} ms, "
          f"p95 {outcome['p95_us'] / 1000:.1f} ms, p99 {outcome['p99_us'] / 1000:.1f} ms; statuses {outcome['statuses']}; "
          f"{posts} replies sent, {redirects} published (302)")
    if bad or outcome["socket_errors"] or abs(redirects - posts) > args.connections:
        print(f"ERROR: {bad or ''} {outcome['socket_errors']} socket errors; replies sent {posts}, published {redirects}")
    # The first sample is taken as the load starts: a worker that has served a few pages only.
    # Growth is also given from the second one (30 s into the load), which the goal's "flat
    # within 20 %" is about.
    print("| worker | first MB | at 30 s | last MB | peak MB | growth | growth from 30 s |")
    print("|---|---|---|---|---|---|---|")
    for pid, values in sorted(samples.items()):
        growth = 100 * (values[-1] - values[0]) / values[0]
        loaded = values[1] if len(values) > 1 else values[0]
        print(f"| {pid} | {values[0]:.1f} | {loaded:.1f} | {values[-1]:.1f} | {max(values):.1f} | {growth:+.1f} % "
              f"| {100 * (values[-1] - loaded) / loaded:+.1f} % |")
    print("(a worker that appears or disappears midway was restarted by gunicorn)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=50_000, help="forum size to generate or reuse (default 50000)")
    parser.add_argument("--db", type=Path, help="a generated database to use (its index: index-<name> beside it)")
    parser.add_argument("--pages", default=",".join(PAGE_NAMES), help="comma-separated, of: " + ", ".join(PAGE_NAMES))
    parser.add_argument("--duration", type=float, default=10, help="seconds of wrk per page and per ceiling run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--no-page-cache", action="store_true", help="FORUM_PAGE_CACHE=false")
    parser.add_argument("--soak", type=float, metavar="MINUTES", help="a mixed load this long instead of the pages")
    parser.add_argument("--rare-word", default="aéroport", help="in 27 of the 7,876 threads at 50,000 posts")
    parser.add_argument("--common-word", default="commune", help="in 85 %% of the threads")
    parser.add_argument("--redis-url", help="Redis for the page cache (and rate-limit storage), e.g. redis://127.0.0.1:6379/12")
    parser.add_argument("--pg-url", help="a PostgreSQL database to load the forum into and serve it from (its tables "
                        "are dropped first), e.g. postgresql://postgres@127.0.0.1:5432/bench")
    parser.add_argument("--search-backend", choices=("whoosh", "postgres"), default="whoosh",
                        help="postgres: only with --pg-url (the index is built in the database when a search page is run)")
    parser.add_argument("--jobs", choices=("thread", "worker"), default="thread",
                        help="thread: each gunicorn worker runs the jobs in a thread; worker: a separate `flask jobs worker`")
    parser.add_argument("--reply-threads", type=int, default=1,
                        help="the reply page replies to this many 2-6-post threads in turn (at most 10; default 1)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="seconds of untimed load on each page before its timed run (0: none)")
    parser.add_argument("--server-times", action="store_true",
                        help="gunicorn access log: each page's request times in the workers, beside wrk's latency")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy and logs")
    args = parser.parse_args(argv)
    args.pages = [name.strip() for name in args.pages.split(",") if name.strip()]
    if unknown := set(args.pages) - set(PAGE_NAMES):
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    if args.soak:
        args.pages = list(PAGE_NAMES)  # the soak's plan needs the reply form's token
    if args.search_backend == "postgres" and not args.pg_url:
        parser.error("--search-backend postgres needs --pg-url")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    source_db, source_index = forum_files(args)
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    servers = []
    try:
        db, index = copy_forum(source_db, source_index, work)
        picked = pick_threads(db, args.seed)
        if args.pg_url:
            started = time.monotonic()
            copied = load_postgres(db, args.pg_url, work)
            print(f"loaded into {args.pg_url.split('@')[-1]}: {sum(copied.values())} rows, {len(copied)} tables "
                  f"({time.monotonic() - started:.0f} s)", flush=True)
        (work / "instance").mkdir()
        page_cache = not args.no_page_cache
        env = forum_env(args, work, db, index, page_cache)
        if args.pg_url and args.search_backend == "postgres" and needs_index(args):
            print("building the PostgreSQL search index (flask search reindex)", flush=True)
            subprocess.run([sys.executable, "-m", "flask", "--app",
                            f"forum:create_app(instance_path={str(work / 'instance')!r})", "search", "reindex"],
                           cwd=ROOT, env=env, check=True)
        cache_kind = "off" if not page_cache else (
            "Redis " + args.redis_url if args.redis_url else "FileSystemCache shared by the workers")
        jobs_kind = ("in each worker's thread (FORUM_JOBS_RUNNER=thread)" if args.jobs == "thread" else
                     "one separate `flask jobs worker` process (the web workers' FORUM_JOBS_RUNNER=external)")
        load_before = machine_load()
        database = f"PostgreSQL {args.pg_url.split('@')[-1]}" if args.pg_url else "SQLite"
        print(f"forum: {source_db} (copy in {work}; {database}; search {args.search_backend}): "
              f"{picked['threads']} threads, {picked['posts']} posts")
        print(f"commit {commit()}; {args.workers} gunicorn sync workers; wrk --threads {args.threads} --connections "
              f"{args.connections} --duration {args.duration:g}s; machine: {load_before}")
        print("the benchmark turns off the rate limits and the new-account limits (FORUM_RATELIMIT_ENABLED=false, "
              f"FORUM_NEW_USER_LIMITS=false); jobs: {jobs_kind}; page cache: {cache_kind}", flush=True)

        instance = work / "instance"
        access = ["--access-logfile", str(work / "access.log"), "--access-logformat", ACCESS_FORMAT] \
            if args.server_times else []
        forum, forum_port = start_gunicorn(f"forum:create_app(instance_path={str(instance)!r})", args.workers, env,
                                           work / "forum.log", access)
        servers.append(forum)
        if args.jobs == "worker":
            servers.append(start_jobs_worker(env, instance, work / "jobs-worker.log"))
        member = log_in(forum_port, picked["member"])
        pages = build_pages(args, picked, forum_port, member)

        if args.soak:
            soak(args, picked, forum, forum_port, member, pages, work, index)
            return 0

        # Statements in process while the servers are idle; the same database file.
        stopped_env = dict(os.environ)
        statements = count_statements(env, work, pages, picked["member"])
        os.environ.clear()
        os.environ.update(stopped_env)

        ceiling, ceiling_port = start_gunicorn("ceiling_app:app", args.workers, env, work / "ceiling.log",
                                               ["--pythonpath", str(HERE)])
        servers.append(ceiling)
        print("\n" + HEADER)
        print("|" + "---|" * HEADER.count(" | ") + "---|")
        rows = run_pages(args, pages, forum_port, ceiling_port, member, statements, work)
        print(f"\nmachine after: {machine_load()}")
        left = pending_jobs(args, db)
        waited = time.monotonic()
        while left and time.monotonic() - waited < 120:
            time.sleep(0.5)
            left = pending_jobs(args, db)
        print(f"jobs: all done {time.monotonic() - waited:.1f} s after the last run" if not left else
              f"ERROR: {left} jobs still queued 120 s after the last run")
        worker_log = work / "jobs-worker.log"
        if worker_log.exists() and "Traceback" in worker_log.read_text():
            print(f"ERROR: the jobs worker logged a traceback:\n{worker_log.read_text()[-3000:]}")
            return 1
        if left:
            return 1
        print("share of the ceiling: the page's req/s / the bare Flask app's (20 KB) req/s, the mean of the runs just before and just after it; "
              "statements: one request in process (page cache off); gzip: level 6; page cache: X-Page-Cache of a "
              "second sample request ('-': not cacheable or not kept)")
        errors = [row for row in rows if row["error"]]
        if errors:
            print(f"{len(errors)} page(s) in error: " + ", ".join(row["page"].name for row in errors))
            return 1
        return 0
    finally:
        for server in servers:
            stop(server)
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
