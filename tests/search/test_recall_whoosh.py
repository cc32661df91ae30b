"""Recall of the analysis + query layer on a real French corpus, at the Whoosh level.

The 4,677 documents of ../shared/testdata/fr-qa.jsonl are indexed (title + body)
with the application's analyzers, and the 208 queries of fr-qa-queries.jsonl go
through parse() + text_query() + weighting(). Targets: recall@10 >= 0.90 on the
crowd-written questions, recall@1 >= 0.98 on the known-item titles, with the
queries as written and with their accents stripped. benchmarks/tune_recall.py
prints the details; building the index takes about 6 s on a 2-core machine and
the 416 searches about 7 s.
"""

import importlib.util
from pathlib import Path

import pytest

from tests import testdata

ROOT = Path(__file__).resolve().parents[2]
TUNE = ROOT / "benchmarks" / "tune_recall.py"


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("tune_recall", TUNE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()

pytestmark = pytest.mark.quality  # with the other recall tests: make test-search-quality

testdata.path(bench.CORPUS.name, module=True)
testdata.path(bench.QUERIES.name, module=True)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    docs = bench.load_jsonl(bench.CORPUS)
    queries = bench.load_jsonl(bench.QUERIES)
    assert (len(docs), len(queries)) == (4677, 208)
    ix = bench.build_index(str(tmp_path_factory.mktemp("fr-qa")), docs, bench.make_schema(), spell=False)
    try:
        return bench.run_all(ix, queries)
    finally:
        ix.close()


@pytest.mark.parametrize("accents", ["accents", "stripped"])
@pytest.mark.parametrize(("kind", "k", "target"), [("piaf_question", 10, 0.90), ("spf_qr_title", 1, 0.98)])
def test_recall(results, accents, kind, k, target):
    stats = results[accents][kind]
    assert stats["n"] == (100 if kind == "piaf_question" else 108)
    assert stats[f"r@{k}"] >= target, f"recall@{k} {stats[f'r@{k}']:.3f}; missed (qid, rank): {stats['misses']}"


def test_accents_make_no_difference(results):
    for kind in bench.KINDS:
        assert results["accents"][kind] == results["stripped"][kind]
