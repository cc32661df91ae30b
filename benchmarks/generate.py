"""A seeded generator of realistic French forum content, for benchmarks/bench_search.py.

    /tmp/venv/bin/python benchmarks/generate.py --posts 100000 --seed 42 --out benchmarks/out/forum.sqlite

Builds a fresh SQLite forum database (the application's schema, `db.create_all()`) holding
about 200 members, the seeded boards and tags, and threads of 1 to 30 posts (many short
threads, a few long ones) over three years, `--posts` live posts in all (plus ~0.5% deleted
replies and ~0.3% deleted threads, which are not counted and not indexed).

The text mixes three sources, sentence by sentence:
- sentence templates about the forum's subjects (water, roads, schools, health, agriculture,
  cooperatives, funding...), filled from benchmarks/vocab_fr.py (about 55%);
- real French sentences sampled from ../shared/testdata/fr-qa.jsonl (service-public.fr
  and French Wikipedia, about 35%), read in place, for a realistic word distribution;
- sentences of the demo content forum/seed/demo_content.py (about 10%).
Posts have a few Markdown features (lists, bold, links, quotes, headings, tables) and are
rendered in-process with forum.markup.render_unbounded, on every core.

Rows are written with SQLAlchemy Core executemany: no session, so the job queue stays
empty (the benchmark builds the index with SearchIndex.rebuild()). The denormalised
counters (thread reply_count, last_post_number, last_activity_at, last_poster_id; board
thread_count, post_count, last_activity_at) are computed as threads.services.sync_thread
and sync_board would. The same seed gives the same database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import vocab_fr as V  # noqa: E402

TESTDATA = Path(os.environ.get("FORUM_TESTDATA", ROOT.parent / "shared" / "testdata"))
FR_QA = TESTDATA / "fr-qa.jsonl"

START = datetime(2023, 1, 1, tzinfo=UTC)
END = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
PASSWORD = "bench-password-2026"  # every generated member's password

# Share of the sentences taken from each source (the rest: templates).
FR_QA_SHARE = 0.35
DEMO_SHARE = 0.10

DELETED_REPLY_RATE = 0.005
DELETED_THREAD_RATE = 0.003
LOCKED_RATE = 0.02
SOLVED_RATE = 0.40  # of questions with at least one reply
MAX_POSTS_PER_THREAD = 30


# -- text sources ---------------------------------------------------------------------------

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀÂÉÈÊÎÔÛÇ«\"0-9])")


def _sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for sentence in _SENTENCE_SPLIT.split(line):
            sentence = " ".join(sentence.split())
            if 40 <= len(sentence) <= 260 and sentence[0].isupper() and sentence[-1] in ".!?":
                out.append(sentence)
    return out


def load_fr_qa(path: Path) -> tuple[list[str], list[str]]:
    """(sentences, question titles) of the French Q&A corpus."""
    sentences, questions = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            sentences.extend(_sentences(doc["body"]))
            title = " ".join(doc["title"].split())
            if title.endswith("?") and 15 <= len(title) <= 140 and " : " not in title:
                questions.append(title)
    return sentences, questions


_MARKDOWN_NOISE = re.compile(r"\*\*|__|`|\[([^\]]*)\]\([^)]*\)")


def load_demo() -> list[str]:
    """Plain paragraphs' sentences of the demo content (tables, lists and headings left out)."""
    from forum.seed import demo_content

    texts = []
    for thread in demo_content.THREADS:
        texts.append(thread["body"])
        texts.extend(reply[2] for reply in thread.get("replies", []))
    out = []
    for text in texts:
        for line in text.splitlines():
            line = line.strip()
            if not line or line[0] in "|#->*" or line[:2].rstrip(".").isdigit():
                continue
            out.extend(_sentences(_MARKDOWN_NOISE.sub(lambda m: m.group(1) or "", line)))
    return out


# -- filling templates ----------------------------------------------------------------------

_CONTRACTIONS = [
    (re.compile(r"\b([Dd])e le "), r"\1u "), (re.compile(r"\b([Dd])e les "), r"\1es "),
    (re.compile(r"\bà le "), "au "), (re.compile(r"\bà les "), "aux "),
    (re.compile(r"\b([Dd])e ([aeéèiouhAEÉIOU])"), r"\1'\2"),
]


def _contract(text: str) -> str:
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def _amount(rng: random.Random) -> str:
    return f"{rng.choice([45, 80, 120, 150, 200, 250, 350, 480, 600, 750, 900])} 000" if rng.random() < 0.8 else \
        f"{rng.choice([1, 1.2, 1.5, 2, 2.5, 3, 4.8, 6])} million".replace(".", ",")


class _Slots(dict):
    def __init__(self, rng: random.Random, board: str, topic: str, names: list[str]):
        super().__init__()
        self.rng, self.board, self.topic, self.names = rng, board, topic, names

    def __missing__(self, key: str) -> str:
        rng = self.rng
        low = key.lower()
        if low == "topic":
            value = self.topic if rng.random() < 0.7 else rng.choice(V.TOPICS[self.board])
        elif low == "topic2":
            value = rng.choice(V.TOPICS[self.board] if rng.random() < 0.8 else V.TOPICS[rng.choice(list(V.TOPICS))])
        elif low == "commune":
            value = rng.choice(V.COMMUNES)
        elif low == "province":
            value = rng.choice(V.PROVINCES)
        elif low == "douar":
            value = rng.choice(V.DOUARS)
        elif low == "partner":
            value = rng.choice(V.PARTNERS)
        elif low == "actor":
            value = rng.choice(V.ACTORS)
        elif low == "skill":
            value = rng.choice(V.SKILLS)
        elif low == "product":
            value = rng.choice(V.PRODUCTS)
        elif low == "city":
            value = rng.choice(V.FRENCH_CITIES)
        elif low == "month":
            value = rng.choice(V.MONTHS)
        elif low == "duration":
            value = rng.choice(V.DURATIONS)
        elif low in ("amount", "amount2"):
            value = _amount(rng)
        elif low == "pct":
            value = str(rng.choice([10, 15, 20, 25, 30, 40, 50, 60, 70, 80]))
        elif low == "number":
            value = str(rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 40, 120, 350, 800, 1500, 4200, 12000]))
        elif low == "year":
            value = str(rng.choice([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]))
        elif low == "name":
            value = rng.choice(self.names)
        else:
            raise KeyError(key)
        if key[0].isupper():
            value = value[0].upper() + value[1:]
        return value


def fill(template: str, rng: random.Random, board: str, topic: str, names: list[str]) -> str:
    return _contract(template.format_map(_Slots(rng, board, topic, names)))


# -- the model of a thread ------------------------------------------------------------------

@dataclass
class Corpus:
    fr_sentences: list[str]
    fr_questions: list[str]
    demo_sentences: list[str]


@dataclass
class GenThread:
    board: str
    kind: str
    topic: str
    title: str
    author: int
    tags: list[str]
    created: datetime
    is_locked: bool = False
    is_deleted: bool = False
    is_pinned: bool = False
    # (author, created, markdown, is_deleted) per post, in number order
    posts: list[tuple[int, datetime, str, bool]] = field(default_factory=list)
    solution_number: int | None = None


def _thread_length_weights() -> list[float]:
    # Many short threads, a few long ones: P(n) ~ n^-1.15 for n in 1..30.
    return [n ** -1.15 for n in range(1, MAX_POSTS_PER_THREAD + 1)]


def _sentence(rng, corpus: Corpus, templates, board, topic, names) -> str:
    r = rng.random()
    if r < FR_QA_SHARE:
        return rng.choice(corpus.fr_sentences)
    if r < FR_QA_SHARE + DEMO_SHARE:
        return rng.choice(corpus.demo_sentences)
    return fill(rng.choice(templates), rng, board, topic, names)


def _paragraphs(rng, corpus, templates, board, topic, names, count) -> list[str]:
    sentences = [_sentence(rng, corpus, templates, board, topic, names) for _ in range(count)]
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.choice((1, 2, 2, 3, 3, 4))
        paragraphs.append(" ".join(sentences[i:i + size]))
        i += size
    return paragraphs


def _markdown_extras(rng, paragraphs: list[str], board: str, first: bool, previous: str | None) -> list[str]:
    """A few Markdown features, at rates a real forum might show."""
    blocks = list(paragraphs)
    if previous and rng.random() < 0.08:
        quoted = _sentences(previous) or [previous.split("\n")[0][:200]]
        blocks.insert(0, "> " + quoted[0])
    if rng.random() < (0.20 if first else 0.08):
        items = rng.sample(V.LIST_ITEMS, rng.randint(2, 5))
        bullet = "1." if rng.random() < 0.3 else "-"
        intro = rng.choice(["Voici ce que nous avons :", "Les pièces demandées :", "Les étapes :", "En résumé :"])
        blocks.insert(rng.randint(0, len(blocks)), intro + "\n\n" + "\n".join(f"{bullet} {item}" for item in items))
    if rng.random() < 0.12:
        i = rng.randrange(len(blocks))
        if not blocks[i].startswith(">"):
            words = blocks[i].split(" ")
            if len(words) > 6:
                j = rng.randrange(len(words) - 3)
                words[j] = "**" + words[j]
                words[j + 2] = words[j + 2] + "**"
                blocks[i] = " ".join(words)
    if rng.random() < 0.04:
        label, url = rng.choice(V.LINKS)
        blocks.append(f"Voir [{label}]({url})." if rng.random() < 0.7 else f"Plus d'informations : {url}")
    if rng.random() < 0.02:
        blocks.insert(rng.randint(0, len(blocks)), "### " + rng.choice(["Contexte", "Étapes", "Budget", "Bilan"]))
    if rng.random() < 0.015:
        rows = "\n".join(f"| {item} | {_amount(rng)} DH |" for item in rng.sample(V.LIST_ITEMS, 3))
        blocks.append("| Poste | Montant |\n|---|---|\n" + rows)
    return blocks


def make_thread(rng: random.Random, corpus: Corpus, users: list[dict], author_weights, expert_weights,
                n_posts: int, names: list[str], tag_slugs: list[str]) -> GenThread:
    board = rng.choices(list(V.BOARD_WEIGHTS), weights=list(V.BOARD_WEIGHTS.values()))[0]
    kind = rng.choices(list(V.KIND_WEIGHTS), weights=list(V.KIND_WEIGHTS.values()))[0]
    topic = rng.choice(V.TOPICS[board])
    if kind == "question" and rng.random() < 0.12:
        title = rng.choice(corpus.fr_questions)  # a real French question, as some members ask
    else:
        title = fill(rng.choice(V.TITLES[kind]), rng, board, topic, names)
    title = title[:150]
    author = rng.choices(range(len(users)), weights=author_weights)[0]
    n_tags = rng.choices((0, 1, 2, 3), weights=(15, 40, 30, 15))[0]
    tags: list[str] = []
    for _ in range(n_tags):
        slug = rng.choice(V.BOARD_TAGS[board]) if rng.random() < 0.8 else rng.choice(tag_slugs)
        if slug not in tags:
            tags.append(slug)
    # Threads opened later are a little more numerous (the forum grows).
    span = (END - START).total_seconds()
    created = START + timedelta(seconds=span * rng.random() ** 0.8)
    thread = GenThread(board=board, kind=kind, topic=topic, title=title, author=users[author]["id"], tags=tags,
                       created=created)

    when = created
    previous = None
    for number in range(1, n_posts + 1):
        first = number == 1
        if first:
            poster = author
        else:
            poster = rng.choices(range(len(users)), weights=expert_weights)[0]
            gap_hours = rng.expovariate(1 / (6 if number == 2 else 20))
            if rng.random() < 0.05:
                gap_hours += rng.uniform(24 * 7, 24 * 90)  # a thread revived weeks later
            when = when + timedelta(hours=gap_hours, seconds=rng.randint(0, 59))
        templates = V.FIRST_POST if first else V.REPLY
        count = rng.randint(3, 9) if first else max(1, min(8, int(rng.expovariate(1 / 2.6)) + 1))
        paragraphs = _paragraphs(rng, corpus, templates, board, topic, names, count)
        if rng.random() < (0.6 if first else 0.45):
            paragraphs.insert(0, fill(rng.choice(V.OPENINGS if first else V.REPLY_OPENINGS), rng, board, topic, names))
        if rng.random() < (0.55 if first else 0.25):
            paragraphs.append(rng.choice(V.CLOSINGS))
        body = "\n\n".join(_markdown_extras(rng, paragraphs, board, first, previous))
        thread.posts.append((users[poster]["id"], when, body, False))
        previous = body
    # Keep the whole thread inside the three years.
    overflow = thread.posts[-1][1] - END
    if overflow > timedelta(0):
        shift = overflow + timedelta(hours=rng.uniform(1, 24 * 30))
        thread.created -= shift
        thread.posts = [(a, w - shift, b, d) for a, w, b, d in thread.posts]
    return thread


# -- users ------------------------------------------------------------------------------------

def make_users(rng: random.Random, count: int, password_hash: str) -> list[dict]:
    from slugify import slugify

    from forum.people.names import skeleton

    kinds = ["commune"] * 35 + ["expert"] * 30 + ["actor"] * 20 + ["other"] * 15
    users, seen = [], set()
    while len(users) < count:
        first, last = rng.choice(V.NAMES_FIRST), rng.choice(V.NAMES_LAST)
        username = slugify(f"{first} {last}", separator="_")[:24]
        if skeleton(username) in seen:  # unique as the app wants it: look-alikes count
            username = f"{username[:21]}_{rng.randint(1, 99)}"
            if skeleton(username) in seen:
                continue
        seen.add(skeleton(username))
        n = len(users)
        role = "admin" if n == 0 else "moderator" if n in (1, 2) else "member"
        kind = "other" if role != "member" else rng.choice(kinds)
        where = rng.choice(V.COMMUNES) if kind in ("commune", "actor") else rng.choice(V.FRENCH_CITIES)
        users.append({
            "id": n + 1, "username": username, "username_key": username.lower(),
            "username_skeleton": skeleton(username),
            "display_name": f"{first} {last[0]}. — {where}", "email": f"{username}@bench.example",
            "password_hash": password_hash, "role": role, "kind": kind,
            "created_at": START - timedelta(days=rng.uniform(1, 300)),
        })
    return users


# -- the whole forum ----------------------------------------------------------------------------

def generate(posts_wanted: int, seed: int, n_users: int, password_hash: str) -> tuple[list[dict], list[GenThread]]:
    rng = random.Random(seed)
    fr_sentences, fr_questions = load_fr_qa(FR_QA)
    corpus = Corpus(fr_sentences, fr_questions, load_demo())
    users = make_users(rng, n_users, password_hash)
    names = [u["display_name"].split(" ")[0] for u in users]
    # A few members write most of the posts (Zipf-like); communes and actors open most threads,
    # experts answer more.
    activity = [1 / (i + 1) ** 0.8 for i in range(len(users))]
    rng.shuffle(activity)
    author_weights = [a * (2.0 if u["kind"] in ("commune", "actor") else 0.6) for a, u in zip(activity, users, strict=True)]
    expert_weights = [a * (2.5 if u["kind"] == "expert" else 1.0) for a, u in zip(activity, users, strict=True)]
    lengths = _thread_length_weights()
    tag_slugs = sorted({slug for slugs in V.BOARD_TAGS.values() for slug in slugs})

    threads: list[GenThread] = []
    live = 0
    while live < posts_wanted:
        n_posts = rng.choices(range(1, MAX_POSTS_PER_THREAD + 1), weights=lengths)[0]
        deleted_thread = rng.random() < DELETED_THREAD_RATE
        if not deleted_thread:
            n_posts = min(n_posts, posts_wanted - live)
        thread = make_thread(rng, corpus, users, author_weights, expert_weights, n_posts, names, tag_slugs)
        thread.is_deleted = deleted_thread
        thread.is_locked = rng.random() < LOCKED_RATE
        if not deleted_thread:
            live += n_posts
            # Deleted replies come on top of the live ones.
            posts = []
            for i, post in enumerate(thread.posts):
                posts.append(post)
                if len(posts) > 1 and rng.random() < DELETED_REPLY_RATE:
                    author, when, body, _ = post
                    following = thread.posts[i + 1][1] if i + 1 < len(thread.posts) else min(
                        END, when + timedelta(hours=2))
                    posts.append((author, when + (following - when) / 2, body[:300], True))
            thread.posts = posts
        else:
            thread.posts[0] = (*thread.posts[0][:3], True)  # deleting the first post deletes the thread
        live_numbers = [n for n, p in enumerate(thread.posts, 1) if not p[3] and n > 1]
        if thread.kind == "question" and live_numbers and rng.random() < SOLVED_RATE:
            thread.solution_number = rng.choice(live_numbers)
        threads.append(thread)
    # One pinned thread per board (the oldest "vie de la communauté"-like welcome threads).
    pinned = set()
    for thread in threads:
        if thread.board not in pinned and not thread.is_deleted and rng.random() < 0.01:
            thread.is_pinned = True
            pinned.add(thread.board)
    return users, threads


def _render_all(bodies: list[str], processes: int) -> list[str]:
    from forum.markup import render_unbounded

    if processes <= 1:
        return [render_unbounded(body) for body in bodies]
    with Pool(processes) as pool:
        return pool.map(render_unbounded, bodies, chunksize=256)


def write_database(out: Path, users, threads: list[GenThread], processes: int) -> dict:
    from sqlalchemy import insert, select, text, update

    from forum import create_app
    from forum.boards.models import Board
    from forum.boards.services import seed_boards_and_tags
    from forum.db import transaction
    from forum.extensions import db
    from forum.people.models import User
    from forum.tags.models import Tag
    from forum.threads.models import Post, Thread, thread_tags
    from forum.threads.services import thread_slug

    timings = {}
    # Post ids in creation order across the whole forum, as a live forum hands them out.
    all_posts = []  # (created, thread index, number)
    for t_index, thread in enumerate(threads):
        for number, post in enumerate(thread.posts, 1):
            all_posts.append((post[1], t_index, number))
    all_posts.sort()
    post_ids = {(t_index, number): i for i, (_, t_index, number) in enumerate(all_posts, 1)}
    thread_order = sorted(range(len(threads)), key=lambda i: threads[i].created)
    thread_ids = {t_index: i for i, t_index in enumerate(thread_order, 1)}

    started = time.perf_counter()
    bodies = [threads[t].posts[n - 1][2] for _, t, n in all_posts]
    html = _render_all(bodies, processes)
    timings["render_s"] = time.perf_counter() - started

    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(str(out) + suffix)
        if path.exists():
            path.unlink()
    out.parent.mkdir(parents=True, exist_ok=True)
    app = create_app({
        "SECRET_KEY": "benchmark",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{out.resolve()}",
        "SEARCH_INDEX_DIR": str(out.parent / f"index-{out.stem}"),
        "SEARCH_SYNC": True,
    })
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        with transaction():
            seed_boards_and_tags()
        boards = {b.slug: b.id for b in db.session.scalars(select(Board))}
        tags = {t.slug: t.id for t in db.session.scalars(select(Tag))}
        db.session.remove()

        thread_rows, tag_rows, post_rows, solutions = [], [], [], []
        board_stats = {slug: {"threads": 0, "posts": 0, "last": None} for slug in boards}
        for t_index in thread_order:
            thread = threads[t_index]
            tid = thread_ids[t_index]
            live_posts = [(n, p) for n, p in enumerate(thread.posts, 1) if not p[3]]
            last_n, last = live_posts[-1] if live_posts else (1, thread.posts[0])
            thread_rows.append({
                "id": tid, "board_id": boards[thread.board], "author_id": thread.author, "title": thread.title,
                "slug": thread_slug(thread.title), "kind": thread.kind, "is_pinned": thread.is_pinned,
                "pinned_at": thread.created if thread.is_pinned else None, "is_pinned_home": False,
                "is_locked": thread.is_locked, "is_deleted": thread.is_deleted, "solution_post_id": None,
                "created_at": thread.created, "last_activity_at": last[1], "last_poster_id": last[0],
                "reply_count": max(len(live_posts) - 1, 0), "last_post_number": len(thread.posts),
            })
            if thread.solution_number is not None:
                solutions.append({"tid": tid, "pid": post_ids[(t_index, thread.solution_number)]})
            tag_rows.extend({"thread_id": tid, "tag_id": tags[slug]} for slug in thread.tags)
            if not thread.is_deleted:
                stats = board_stats[thread.board]
                stats["threads"] += 1
                stats["posts"] += len(live_posts)
                stats["last"] = max(stats["last"] or last[1], last[1])
        for (_, t_index, number), body_html in zip(all_posts, html, strict=True):
            author, when, body, deleted = threads[t_index].posts[number - 1]
            post_rows.append({
                "id": post_ids[(t_index, number)], "thread_id": thread_ids[t_index], "author_id": author,
                "number": number, "body": body, "body_html": body_html, "created_at": when, "edited_at": None,
                "is_deleted": deleted, "deleted_at": when + timedelta(hours=2) if deleted else None,
                "deleted_by_id": 2 if deleted else None,
            })
        post_rows.sort(key=lambda row: row["id"])

        with db.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            conn.execute(insert(User.__table__), users)
            for start in range(0, len(thread_rows), 5000):
                conn.execute(insert(Thread.__table__), thread_rows[start:start + 5000])
            if tag_rows:
                conn.execute(insert(thread_tags), tag_rows)
            for start in range(0, len(post_rows), 5000):
                conn.execute(insert(Post.__table__), post_rows[start:start + 5000])
            if solutions:
                from sqlalchemy import bindparam
                conn.execute(update(Thread.__table__).where(Thread.__table__.c.id == bindparam("tid"))
                             .values(solution_post_id=bindparam("pid")), solutions)
            for slug, stats in board_stats.items():
                conn.execute(update(Board.__table__).where(Board.__table__.c.id == boards[slug]).values(
                    thread_count=stats["threads"], post_count=stats["posts"], last_activity_at=stats["last"]))
        timings.update(_fill_pcd_tables(users, threads, thread_ids, post_ids))
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            queued_jobs = conn.execute(text("SELECT count(*) FROM jobs")).scalar()
        db.engine.dispose()
    timings["insert_s"] = time.perf_counter() - started
    timings["queued_jobs"] = queued_jobs
    return timings


EXPERTISE = ["eau potable et assainissement", "pistes rurales", "finances locales", "agriculture irriguée",
             "coopératives féminines", "énergie solaire", "santé communautaire", "écoles et transport scolaire",
             "montage de projets INDH", "gestion des déchets", "tourisme rural", "SIG et cartographie"]
NEED_STATUS_WEIGHTS = {"open": 45, "in_discussion": 25, "matched": 18, "done": 12}
INVITED_NEED_RATE = 0.35


def _fill_pcd_tables(users, threads: list[GenThread], thread_ids, post_ids) -> dict:
    """Communes, member profiles (experts with 2-6 skills), PCD needs on need threads, invitations,
    and the expert statistics the directory ranks by.

    Drawn from their own random stream (the seed's, offset), after the posts are written, so that
    the content above stays the same for a given seed whatever is added here.
    """
    from sqlalchemy import bindparam, insert, select, update

    from forum.communes.models import Commune
    from forum.communes.services import seed_communes
    from forum.db import transaction
    from forum.extensions import db
    from forum.matching import stats
    from forum.matching.models import Invitation
    from forum.people import communes as commune_members
    from forum.people.models import Availability, Position, User, user_skills
    from forum.tags.models import Tag
    from forum.threads import tallies
    from forum.threads.models import Expectation, Need

    rng = random.Random(f"pcd-{len(threads)}-{threads[0].title}")  # follows the seed, own stream
    with transaction():
        seed_communes()
    communes = list(db.session.scalars(select(Commune.id).order_by(Commune.id)))
    tags = list(db.session.scalars(select(Tag.id).order_by(Tag.id)))
    db.session.remove()
    positions, availabilities = list(Position), list(Availability)
    profile_rows, skill_rows = [], []
    for user in users:
        row = {"uid": user["id"], "commune_id": None, "position": None, "expertise": None,
               "years_experience": None, "availability": None, "city": None, "bio": ""}
        if user["kind"] in ("commune", "actor") and communes:
            row["commune_id"] = rng.choice(communes)
            row["position"] = rng.choice(positions).value if user["kind"] == "commune" else None
        if user["kind"] == "expert":
            row["expertise"] = ", ".join(rng.sample(EXPERTISE, rng.randint(1, 3)))
            row["years_experience"] = rng.randint(2, 35)
            row["availability"] = rng.choice(availabilities).value
            row["city"] = rng.choice(V.FRENCH_CITIES)
            row["bio"] = f"Expert en {row['expertise']}, {row['years_experience']} ans d'expérience."
            skill_rows += [{"user_id": user["id"], "tag_id": tag}
                           for tag in rng.sample(tags, min(len(tags), rng.randint(2, 6)))]
        profile_rows.append(row)
    by_id = {u["id"]: u for u in users}
    commune_of = {r["uid"]: r["commune_id"] for r in profile_rows}
    experts = [u["id"] for u in users if u["kind"] == "expert"]
    need_rows, invitation_rows = [], []
    for t_index, thread in enumerate(threads):
        if thread.kind != "need" or thread.is_deleted:
            continue
        status = rng.choices(list(NEED_STATUS_WEIGHTS), weights=list(NEED_STATUS_WEIGHTS.values()))[0]
        last = thread.posts[-1][1]
        matched = thread.created + (last - thread.created) * rng.uniform(0.3, 1) + timedelta(hours=1) \
            if status in ("matched", "done") else None
        done = matched + timedelta(days=rng.uniform(7, 120)) if status == "done" else None
        changed = done or matched or (thread.posts[1][1] if status == "in_discussion" and len(thread.posts) > 1
                                      else thread.created)
        need_rows.append({
            "thread_id": thread_ids[t_index],
            "commune_id": commune_of.get(thread.author) or (rng.choice(communes) if communes else None),
            "expectation": rng.choice(list(Expectation)).value,
            "time_frame": rng.choice(["", "d'ici la fin de l'année", "3 mois", "avant l'été", "6 mois"]),
            "status": status, "status_changed_at": changed, "matched_at": matched, "done_at": done,
        })
        if experts and rng.random() < INVITED_NEED_RATE:
            for expert in rng.sample(experts, min(len(experts), rng.randint(1, 3))):
                if expert != thread.author:
                    invitation_rows.append({
                        "thread_id": thread_ids[t_index], "expert_id": expert, "invited_by_id": thread.author,
                        "created_at": thread.created + timedelta(hours=rng.uniform(1, 72))})
    del by_id, post_ids
    users_table = User.__table__
    with db.engine.begin() as conn:
        conn.execute(update(users_table).where(users_table.c.id == bindparam("uid")).values(
            commune_id=bindparam("commune_id"), position=bindparam("position"), expertise=bindparam("expertise"),
            years_experience=bindparam("years_experience"), availability=bindparam("availability"),
            city=bindparam("city"), bio=bindparam("bio")), profile_rows)
        if skill_rows:
            conn.execute(insert(user_skills), skill_rows)
        if need_rows:
            conn.execute(insert(Need.__table__), need_rows)
        if invitation_rows:
            conn.execute(insert(Invitation.__table__), invitation_rows)
    with transaction():  # the rows above were written with SQL alone: count what the pages rank by
        stats.recount_all(db.session)
        tallies.recount_all(db.session)  # and what the list pages show
        commune_members.recount_all(db.session)
    return {"communes": len(communes), "needs": len(need_rows), "invitations": len(invitation_rows),
            "experts": len(experts), "skills": len(skill_rows)}


def build_index(out: Path) -> tuple[Path, int]:
    """Build the Whoosh index of the generated database with the app's own rebuild."""
    from forum import create_app

    index_dir = out.parent / f"index-{out.stem}"
    app = create_app({"SECRET_KEY": "benchmark", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{out.resolve()}",
                      "SEARCH_INDEX_DIR": str(index_dir), "SEARCH_SYNC": True})
    with app.app_context():
        count = app.extensions["search"].index.rebuild()
        app.extensions["search"].apply_all()
    return index_dir, count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=100_000, help="live posts to generate (default 100000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "forum.sqlite")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="processes rendering Markdown (default: one per core)")
    parser.add_argument("--build-index", action="store_true",
                        help="also build the Whoosh search index, in index-<db name> beside the database")
    args = parser.parse_args(argv)

    from argon2 import PasswordHasher

    total_started = time.perf_counter()
    started = time.perf_counter()
    password_hash = PasswordHasher().hash(PASSWORD)
    users, threads = generate(args.posts, args.seed, args.users, password_hash)
    model_s = time.perf_counter() - started
    timings = write_database(args.out, users, threads, args.processes)
    total_s = time.perf_counter() - total_started

    live_threads = [t for t in threads if not t.is_deleted]
    live_posts = [p for t in live_threads for p in t.posts if not p[3]]
    lengths = Counter(len([p for p in t.posts if not p[3]]) for t in live_threads)
    chars = sorted(len(p[2]) for p in live_posts)
    size_mb = args.out.stat().st_size / 1e6
    print(f"database: {args.out} ({size_mb:.1f} MB), seed {args.seed}")
    print(f"members: {len(users)}; threads: {len(live_threads)} live + {len(threads) - len(live_threads)} deleted; "
          f"posts: {len(live_posts)} live + {sum(len(t.posts) for t in threads) - len(live_posts)} deleted")
    print(f"posts per thread: mean {len(live_posts) / len(live_threads):.2f}, "
          + ", ".join(f"{n}: {lengths[n]}" for n in (1, 2, 3, 5, 10, 20, 30)))
    print(f"Markdown source per post: median {chars[len(chars) // 2]} chars, mean {sum(chars) / len(chars):.0f}, "
          f"p95 {chars[int(len(chars) * 0.95)]}")
    print(f"solved threads: {sum(1 for t in live_threads if t.solution_number)}; "
          f"locked: {sum(1 for t in live_threads if t.is_locked)}; dates {START:%Y-%m-%d} .. {END:%Y-%m-%d}")
    print(f"communes: {timings['communes']}; experts with a profile: {timings['experts']} "
          f"({timings['skills']} skills); "
          f"needs: {timings['needs']}; invitations: {timings['invitations']}")
    print(f"queued jobs: {timings['queued_jobs']} (the index is built by bench_search.py or --build-index)")
    print(f"time: model {model_s:.1f} s, Markdown rendering {timings['render_s']:.1f} s "
          f"({args.processes} processes), database {timings['insert_s']:.1f} s; total {total_s:.1f} s")
    if args.build_index:
        started = time.perf_counter()
        index_dir, count = build_index(args.out)
        print(f"search index: {index_dir} ({count} posts, {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
