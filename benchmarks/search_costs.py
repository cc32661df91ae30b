"""Where a forum search spends its time, step by step, on the index bench_search.py built.

    /tmp/venv/bin/python benchmarks/bench_search.py --db benchmarks/out/forum.sqlite   # builds the index
    /tmp/venv/bin/python benchmarks/search_costs.py --db benchmarks/out/forum.sqlite

For the same seeded queries as bench_search.py (the first --queries of each class), times
the steps forum.search.service.search() goes through, and a few alternatives, each on its
own (p50 / p95 in ms per class):

  filter set      set(searcher.docs_for_query(filter)): what Whoosh builds from the filter
  top 60          searcher.search(q, filter, mask, limit=60): TopCollector (block-max skipping)
  + terms         the same with terms=True (matched terms recorded for every collected doc)
  grouped         limit=60, groupedby=thread_id: Whoosh then uses an UnlimitedCollector,
                  which scores, collects and sorts *every* matching document
  grouped+terms   what the service runs (groupedby + terms=True)
  iterate hits    the service's `for hit in found: best.setdefault(hit["thread_id"], hit)`:
                  since found holds every match, this reads the stored fields (zlib + pickle)
                  of every matching document
  sort threads    the service's ranked.sort() over the best hit of every matching thread
  count unscored  counting the matching threads with scored=False + groupedby (no scoring)
  count by column matching doc numbers (docs_for_query) -> thread_id column -> set size
  collapse 20     limit=20, collapse=thread_id (Whoosh's one-per-thread), only without filter

Needs the working copy and the index of a previous bench_search.py run of the same --db.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_search import CLASSES, LABELS, Corpus, make_app, make_queries, pct  # noqa: E402

STEPS = ["filter set", "top 60", "+ terms", "grouped", "grouped+terms", "iterate hits", "sort threads",
         "count unscored", "count by column", "collapse 20"]


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


def measure(searcher, viewer, text: str, costs: dict[str, list[float]]) -> int:
    """Time each step for one query; the number of matching posts."""
    from whoosh import query as wq
    from whoosh import sorting

    from forum.search import backend, service
    from forum.search.parser import parse
    from forum.search.whoosh_backend import engine
    from forum.search.whoosh_backend.queries import text_query

    parsed = parse(text)
    results = service.SearchResults(text=text, parsed=parsed, page=1, per_page=20)
    resolved = service._filters(viewer, parsed, results)
    filters = engine.filter_query(resolved) if resolved is not None else None
    matcher = text_query(parsed, searcher.schema) or wq.Every()
    mask = engine.hidden_docs(searcher, parsed, service._hidden_boards(viewer))
    threads = sorting.FieldFacet("thread_id")

    def search(**kwargs):
        return searcher.search(matcher, filter=filters, mask=mask, **kwargs)

    if filters:
        costs["filter set"].append(timed(lambda: set(searcher.docs_for_query(filters)))[0])
    costs["top 60"].append(timed(lambda: search(limit=60))[0])
    costs["+ terms"].append(timed(lambda: search(limit=60, terms=True))[0])
    costs["grouped"].append(timed(lambda: search(limit=60, groupedby=threads))[0])
    ms, found = timed(lambda: search(limit=60, groupedby=threads, terms=True))
    costs["grouped+terms"].append(ms)
    best: dict = {}

    def iterate():
        for hit in found:
            best.setdefault(hit["thread_id"], hit)

    costs["iterate hits"].append(timed(iterate)[0])
    ranked = list(best.values())
    costs["sort threads"].append(timed(lambda: ranked.sort(
        key=lambda hit: (hit.score * (backend.SOLVED_BONUS if hit["solved"] else 1), hit["created"]),
        reverse=True))[0])
    costs["count unscored"].append(
        timed(lambda: len(search(limit=None, scored=False, groupedby=threads).groups("thread_id")))[0])

    def by_column():
        matching = set(searcher.docs_for_query(matcher))
        if filters:
            matching &= set(searcher.docs_for_query(filters))
        if mask:
            matching -= mask
        column = searcher.reader().column_reader("thread_id")
        return len({column[d] for d in matching})

    costs["count by column"].append(timed(by_column)[0])
    if not filters and not mask:
        costs["collapse 20"].append(
            timed(lambda: searcher.search(matcher, limit=20, collapse=threads, collapse_limit=1))[0])
    return found.scored_length()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=HERE / "out" / "forum.sqlite")
    parser.add_argument("--out-dir", type=Path, default=HERE / "out")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--queries", type=int, default=30, help="queries per class (the first ones of the bench)")
    args = parser.parse_args(argv)

    from flask_login import AnonymousUserMixin

    from forum.extensions import db

    name = args.db.stem
    work_db, index_dir = args.out_dir / f"bench-{name}.sqlite", args.out_dir / f"index-{name}"
    if not (work_db.exists() and index_dir.exists()):
        parser.error(f"run bench_search.py --db {args.db} first ({work_db}, {index_dir})")
    app = make_app(work_db, index_dir)
    viewer = AnonymousUserMixin()
    rng = random.Random(args.seed)
    corpus = Corpus(str(args.db), rng)
    queries = make_queries(corpus, rng, 60)  # the bench's sets; the first --queries of each are used

    with app.app_context():
        print(f"index {app.extensions['search'].index.current_path()}; {args.queries} queries per class; "
              "ms, p50 / p95 (docs = matching posts, median)")
        print(f"{'class':<15}{'docs':>7}" + "".join(f"{s:>17}" for s in STEPS))
        for cls in CLASSES:
            costs: dict[str, list[float]] = {s: [] for s in STEPS}
            docs = []
            for item in queries[cls][:args.queries]:
                with app.test_request_context("/search"), app.extensions["search"].searcher() as searcher:
                    docs.append(measure(searcher, viewer, item["q"], costs))
                db.session.remove()
            cells = []
            for step in STEPS:
                values = costs[step]
                cells.append(f"{pct(values, 50):>8.1f} / {pct(values, 95):>5.0f}" if values else f"{'-':>17}")
            print(f"{LABELS[cls]:<15}{pct(docs, 50):>7.0f}" + "".join(f"{c:>17}" for c in cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
