"""Recall of the search analysis and ranking on the French Q&A corpus.

Builds a Whoosh index of ../shared/testdata/fr-qa.jsonl (4,677 documents, each
indexed as one post: title + body) in a temporary directory, with the analyzers
of forum/search/analysis.py and the application's schema, then runs the 208
queries of fr-qa-queries.jsonl through parse() + text_query() + weighting() of
forum/search/whoosh_backend/, and prints recall@1, recall@10 and MRR per kind of query,
for the queries as written and with all accents stripped.

    /tmp/venv/bin/python benchmarks/tune_recall.py            # the application's settings
    /tmp/venv/bin/python benchmarks/tune_recall.py --grid     # try other ranking parameters
    /tmp/venv/bin/python benchmarks/tune_recall.py --stemmer minimal --no-stopwords

recall@k of a query = relevant documents in the first k / min(k, relevant
documents), so recall@1 is "a relevant document comes first". Targets:
recall@10 >= 0.90 on piaf_question, recall@1 >= 0.98 on spf_qr_title, both with
and without accents.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import sys
import tempfile
import time
import unicodedata
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from whoosh.analysis import Filter  # noqa: E402
from whoosh.fields import TEXT, Schema  # noqa: E402
from whoosh.filedb.filestore import FileStorage  # noqa: E402

from forum.search.analysis import (  # noqa: E402
    STOPWORDS,
    ArabicPrefixFilter,
    FoldFilter,
    ForumTokenizer,
    fold,
    text_analyzer,
)
from forum.search.parser import parse  # noqa: E402
from forum.search.schema import build_schema  # noqa: E402
from forum.search.whoosh_backend.queries import text_query  # noqa: E402
from forum.search.whoosh_backend.ranking import RANKING, weighting, with_ranking  # noqa: E402

TESTDATA = Path(os.environ.get("FORUM_TESTDATA", ROOT.parent / "shared" / "testdata"))
CORPUS = TESTDATA / "fr-qa.jsonl"
QUERIES = TESTDATA / "fr-qa-queries.jsonl"
KINDS = ("piaf_question", "spf_qr_title")
TARGETS = {("piaf_question", 10): 0.90, ("spf_qr_title", 1): 0.98}


class _AccentedStopStem(Filter):
    """For comparison only: stopwords, then snowball on the accented word (folding comes after)."""

    def __call__(self, tokens):
        from whoosh.lang.snowball.french import FrenchStemmer

        stemmer = FrenchStemmer()
        for t in tokens:
            text = unicodedata.normalize("NFC", t.text).lower()
            if fold(text) in STOPWORDS:
                continue
            t.text = stemmer.stem(text) if text.isalpha() else text
            yield t


def accented_stem_analyzer():
    """Stem before folding: "étrangers" -> "étranger" -> "etranger", but "etrangers" -> "etrang"."""
    return ForumTokenizer() | _AccentedStopStem() | FoldFilter() | ArabicPrefixFilter()


def make_schema(stemmer: str | None = None, stopwords: bool = True, title_field_boost: float = 1.0) -> Schema:
    """The application's schema (forum/search/schema.py), with the analyzer under test."""
    if stemmer == "snowball-before-fold":
        analyzer = accented_stem_analyzer()
    else:
        kw = {} if stemmer is None else {"stemmer": stemmer}
        analyzer = text_analyzer(stopwords=stopwords, **kw)
    schema = build_schema()  # the application's fields, with the analyzer under test
    schema.remove("title")
    schema.remove("body")
    schema.add("title", TEXT(analyzer=analyzer, phrase=True, field_boost=title_field_boost))
    schema.add("body", TEXT(analyzer=analyzer, phrase=True))
    return schema


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def build_index(directory: str, docs: list[dict], schema: Schema, spell: bool = True, procs: int = 1):
    storage = FileStorage(directory)
    ix = storage.create_index(schema)
    writer = ix.writer(procs=procs, limitmb=256) if procs > 1 else ix.writer(limitmb=256)
    for n, doc in enumerate(docs):
        fields = {
            "post_id": doc["id"],
            "thread_id": n,
            "is_first": True,
            "title": doc["title"],
            "body": doc["body"],
        }
        if spell:
            fields["spell"] = doc["title"] + "\n" + doc["body"]
        writer.add_document(**fields)
    writer.commit()
    return ix


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def evaluate(ix, queries: list[dict], ranking=None, accents: bool = True, k_max: int = 10) -> dict:
    """{kind: {"r@1", "r@10", "mrr", "n", "misses": [(qid, rank)]}}"""
    stats = {kind: {"r@1": 0.0, "r@10": 0.0, "mrr": 0.0, "n": 0, "misses": []} for kind in KINDS}
    with ix.searcher(weighting=weighting(ranking)) as searcher:
        for q in queries:
            text = q["query"] if accents else strip_accents(q["query"])
            relevant = set(q["relevant_ids"])
            tq = text_query(parse(text), ix.schema, ranking, reader=searcher.reader())
            ranked = []
            if tq is not None:
                ranked = [hit["post_id"] for hit in searcher.search(tq, limit=100)]
            s = stats[q["kind"]]
            s["n"] += 1
            for k in (1, 10):
                found = len(relevant.intersection(ranked[:k]))
                s[f"r@{k}"] += found / min(k, len(relevant))
            rank = next((i + 1 for i, doc_id in enumerate(ranked) if doc_id in relevant), None)
            s["mrr"] += 1 / rank if rank else 0.0
            if rank is None or rank > (1 if q["kind"] == "spf_qr_title" else k_max):
                s["misses"].append((q["qid"], rank))
    for s in stats.values():
        for key in ("r@1", "r@10", "mrr"):
            s[key] /= max(s["n"], 1)
    return stats


def passes(results: dict) -> bool:
    return all(results[acc][kind][f"r@{k}"] >= target for acc in results for (kind, k), target in TARGETS.items())


def report(results: dict, verbose: bool = False) -> None:
    print(f"{'queries':<10} {'kind':<15} {'n':>4} {'recall@1':>9} {'recall@10':>10} {'MRR':>6}")
    for acc, stats in results.items():
        for kind in KINDS:
            s = stats[kind]
            marks = "".join(" <" if (kind, k) in TARGETS and s[f"r@{k}"] < TARGETS[(kind, k)] else "" for k in (1, 10))
            print(f"{acc:<10} {kind:<15} {s['n']:>4} {s['r@1']:>9.3f} {s['r@10']:>10.3f} {s['mrr']:>6.3f}{marks}")
            if verbose and s["misses"]:
                print("           misses (qid, rank):", s["misses"])


def run_all(ix, queries, ranking=None) -> dict:
    return {
        "accents": evaluate(ix, queries, ranking, accents=True),
        "stripped": evaluate(ix, queries, ranking, accents=False),
    }


def score_line(results: dict) -> str:
    parts = []
    for acc in ("accents", "stripped"):
        p = results[acc]["piaf_question"]
        s = results[acc]["spf_qr_title"]
        parts.append(f"{acc[:4]} piaf r@10 {p['r@10']:.2f} mrr {p['mrr']:.3f} | spf r@1 {s['r@1']:.3f}")
    return "  ||  ".join(parts)


# Default --grid (about 7 s per combination on a 2-core machine).
GRID = {
    "title_boost": [0.5, 0.75, 1.0],
    "coord": [0.0, 1.0],
    "title_B": [0.5, 0.75],
    "body_B": [0.5, 0.75, 1.0],
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--stemmer", choices=["snowball", "snowball-plain", "minimal", "none", "snowball-before-fold"], default=None
    )
    ap.add_argument("--no-stopwords", action="store_true")
    ap.add_argument("--no-spell", action="store_true", help="do not fill the spell field (faster build)")
    ap.add_argument("--procs", type=int, default=1, help="Whoosh writer processes")
    ap.add_argument("--title-field-boost", type=float, default=1.0, help="index-time field_boost of the title")
    ap.add_argument("--index-dir", help="keep the index here (reused when it exists)")
    ap.add_argument(
        "--grid",
        action="append",
        nargs="?",
        const="",
        metavar="NAME=V1,V2",
        help="try combinations of ranking parameters (GRID when no NAME=V1,V2 is given; repeatable)",
    )
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="change a Ranking parameter")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the missed queries")
    args = ap.parse_args(argv)

    docs = load_jsonl(CORPUS)
    queries = load_jsonl(QUERIES)
    schema = make_schema(args.stemmer, not args.no_stopwords, args.title_field_boost)

    tmp = None
    if args.index_dir and os.path.exists(os.path.join(args.index_dir, "done")):
        ix = FileStorage(args.index_dir).open_index()
        print(f"reusing the index in {args.index_dir}")
    else:
        directory = args.index_dir or (tmp := tempfile.mkdtemp(prefix="tune_recall_"))
        os.makedirs(directory, exist_ok=True)
        t0 = time.perf_counter()
        ix = build_index(directory, docs, schema, spell=not args.no_spell, procs=args.procs)
        elapsed = time.perf_counter() - t0
        size = sum(f.stat().st_size for f in Path(directory).iterdir()) / 1e6
        print(f"index: {len(docs)} documents in {elapsed:.1f} s ({size:.1f} MB, procs={args.procs})")
        if args.index_dir:
            Path(directory, "done").touch()
    try:
        changes = {}
        for item in args.set:
            name, _, value = item.partition("=")
            current = getattr(RANKING, name)
            changes[name] = type(current)(value) if not isinstance(current, str) else value
        ranking = with_ranking(**changes)
        print("ranking:", asdict(ranking))
        t0 = time.perf_counter()
        results = run_all(ix, queries, ranking)
        print(f"{2 * len(queries)} queries in {time.perf_counter() - t0:.1f} s")
        report(results, args.verbose)
        print("targets met" if passes(results) else "targets NOT met")
        if args.grid:
            grid = {}
            for item in filter(None, args.grid):
                name, _, values = item.partition("=")
                cast = str if isinstance(getattr(RANKING, name), str) else float
                grid[name] = [cast(v) for v in values.split(",")]
            grid = grid or GRID
            names = list(grid)
            best = []
            for values in itertools.product(*(grid[n] for n in names)):
                r = with_ranking(**changes, **dict(zip(names, values, strict=True)))
                res = run_all(ix, queries, r)
                key = (
                    passes(res),
                    min(res[a]["piaf_question"]["r@10"] for a in res),
                    min(res[a]["spf_qr_title"]["r@1"] for a in res),
                    res["stripped"]["piaf_question"]["mrr"],
                )
                best.append((key, dict(zip(names, values, strict=True)), score_line(res)))
                print(dict(zip(names, values, strict=True)), score_line(res), flush=True)
            best.sort(key=lambda item: item[0], reverse=True)
            print("\nbest:")
            for _key, params, line in best[:10]:
                print(params, line)
    finally:
        ix.close()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
