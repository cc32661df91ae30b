"""How Whoosh ranks the forum's posts: BM25F with the BM25 idf, and its tuned parameters.

The numbers in ``RANKING`` were tuned on a French Q&A corpus with benchmarks/tune_recall.py.
"""

import math
from dataclasses import dataclass, replace

from whoosh.scoring import BM25F


@dataclass(frozen=True)
class Ranking:
    """Relevance parameters (tuned with benchmarks/tune_recall.py)."""

    K1: float = 1.2
    B: float = 0.75
    title_B: float = 0.75
    body_B: float = 0.5
    title_boost: float = 0.5  # query-time boost of title matches
    idf: str = "bm25"  # "bm25": log(1 + (N - n + 0.5) / (n + 0.5)); "whoosh": log(N / (n + 1)) + 1
    coord: float = 0.5  # score *= (matched words / query words) ** coord
    fields: str = "sum"  # "sum" of the field scores of a word, or "max" (+ tie * the others)
    tie: float = 0.1
    compounds: str = "phrase"  # a hyphenated word is a "phrase", or separate "terms"
    # A word in more than this share of the posts, and in more than common_min of them, is
    # "common": beside rarer words it only adds to the score of the posts they found.
    common_share: float = 0.02
    common_min: int = 1000


RANKING = Ranking()


class ForumBM25F(BM25F):
    """Whoosh's BM25F (one BM25 per field, summed) with a choice of idf.

    Whoosh's own idf, log(N / (n + 1)) + 1, never falls below 1: words found in
    most documents ("plus", "peut") still weigh as much as half a rare word. The
    BM25 idf goes to zero for them.
    """

    def __init__(self, B=0.75, K1=1.2, idf="bm25", **kwargs):
        super().__init__(B=B, K1=K1, **kwargs)
        self.idf_mode = idf

    def idf(self, searcher, fieldname, text):
        n = searcher.doc_frequency(fieldname, text)
        dc = searcher.doc_count_all()
        if self.idf_mode == "whoosh":
            return math.log(dc / (n + 1)) + 1
        return math.log(1 + (dc - n + 0.5) / (n + 0.5))


def weighting(ranking: Ranking | None = None) -> ForumBM25F:
    """The scoring model to open searchers with: ``index.searcher(weighting=weighting())``."""
    r = ranking or RANKING
    return ForumBM25F(B=r.B, K1=r.K1, idf=r.idf, title_B=r.title_B, body_B=r.body_B)


def with_ranking(**changes) -> Ranking:
    """A copy of RANKING with some parameters changed (for benchmarks)."""
    return replace(RANKING, **changes)
