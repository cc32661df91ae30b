"""The search box: Discourse-like query syntax, and the Whoosh queries built from it.

``parse(text)`` never raises. It understands::

    #board-slug  tags:eau,irrigation  @username  kind:need  status:solved  need:open
    in:title  after:2025-01-01  before:2025-12-31  order:latest
    "exact phrase"  -word  -"excluded phrase"

Everything else is words: French punctuation, wildcards and boolean operators
(AND OR NOT * ? ~ ^ : parentheses) are plain text, "crédit-bail" is one word
and only a "-" at the start of a token excludes. Problems (bad date, unknown
status...) become ``warnings`` and the filter is ignored.

``text_query()`` builds the ranked part: any of the words may match (a question
typed as a sentence finds documents that hold only some of its words), ranked by
BM25 over title and body, with a bonus for the share of the query's words that
a document holds; phrases must match. ``exclusion_query()`` is the "-word" part,
to pass as ``searcher.search(..., mask=...)``. ``weighting()`` is the scoring
model to open the searcher with. The numbers in ``RANKING`` were tuned on a
French Q&A corpus with benchmarks/tune_recall.py.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from whoosh import query as wq
from whoosh.matching import Matcher, NullMatcher, ReadTooFar
from whoosh.scoring import BM25F

from forum.slugs import slug_of

from .analysis import WORD_RE, is_stopword, spelling_analyzer

_spelling_analyzer = lru_cache(maxsize=1)(spelling_analyzer)

__all__ = [
    "KINDS",
    "RANKING",
    "STATUSES",
    "ParsedQuery",
    "Ranking",
    "exclusion_query",
    "parse",
    "spell_words",
    "tag_query",
    "text_query",
    "weighting",
]

KINDS = ("question", "need", "practice", "funding", "discussion")
STATUSES = ("solved", "unsolved", "open", "closed")
NEED_STATUSES = ("open", "in_discussion", "matched", "done")
ORDERS = ("relevance", "latest")

# Quotation marks that open or close a phrase (French « » included).
_QUOTES = '"“”«»„‟'
_USERNAME_RE = re.compile(r"[A-Za-z0-9_.-]+")
# Punctuation that may follow a @username in a sentence ("@nadia, ...").
_TRAILING_PUNCTUATION = ",.;:!?)]}»”\"'’…"
_FILTER_RE = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_FILTER_KEYS = {
    "tags": "tags",
    "tag": "tags",
    "kind": "kind",
    "status": "status",
    "need": "need",
    "in": "in",
    "after": "after",
    "before": "before",
    "order": "order",
}
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FR_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# Surrounding characters stripped from a word: anything that cannot start or end one.
_EDGE_RE = re.compile(r"^[^\w]+|[^\w\u0300-\u036f\u064b-\u065f\u0670]+$")
# Any text longer than this many times max_length is cut before it is even looked at.
_PRECUT_FACTOR = 4
# "kind:a,b,c,d,e,f..." gives no more than this many warnings.
_MAX_WARNINGS = 5
# Words searched, not counting stopwords: a real question has up to 13 (fr-qa-queries.jsonl);
# each more word is more postings to walk and more spelling to check.
MAX_WORDS = 16


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    boards: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    status: str | None = None
    need_statuses: list[str] = field(default_factory=list)
    in_title: bool = False
    # The words and phrases as typed, in order (a question's title when nothing is found).
    typed: list[str] = field(default_factory=list, compare=False)
    after: datetime.date | None = None
    before: datetime.date | None = None
    order: str = "relevance"
    warnings: list = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        """Words or phrases to match (they may still all be stopwords: text_query() can return None)."""
        return bool(self.words or self.phrases)

    @property
    def has_filters(self) -> bool:
        return bool(self.boards or self.tags or self.authors or self.kinds or self.status or self.need_statuses
                    or self.after or self.before)

    @property
    def is_empty(self) -> bool:
        """Nothing to match and no filter. Exclusions, in:title and order:latest alone count as empty."""
        return not (self.has_text or self.has_filters)


# ---------------------------------------------------------------------------
# Parsing


def _clean_control(text: str) -> str:
    """Control characters and line breaks become spaces; invisible format characters (soft
    hyphen, zero-width space, bidi marks) and lone surrogates are dropped."""
    out = []
    for c in text:
        if c.isspace():
            out.append(" ")
            continue
        cat = unicodedata.category(c)
        if cat == "Cc":
            out.append(" ")
        elif cat not in ("Cf", "Cs"):
            out.append(c)
    return "".join(out)


def _has_word(text: str) -> bool:
    return WORD_RE.search(text) is not None


def _clean_word(token: str) -> str:
    """Punctuation around a word dropped ("(eau)" -> "eau", "*eau" -> "eau", "d’eau?" -> "d’eau")."""
    return _EDGE_RE.sub("", token)


def _parse_date(value: str) -> datetime.date | None:
    m = _ISO_DATE_RE.fullmatch(value)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _FR_DATE_RE.fullmatch(value)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    try:
        return datetime.date(y, mo, d)
    except (ValueError, OverflowError):
        return None


def _cut(text: str, max_length: int) -> str:
    """The first max_length characters, at a word boundary when there is one in the second half."""
    head = text[:max_length]
    if len(text) > max_length and not text[max_length].isspace():
        space = head.rfind(" ")
        if space > max_length // 2:
            head = head[:space]
    return head.strip()


def parse(text: str, max_length: int = 200) -> ParsedQuery:
    """Parse the search box. Never raises; problems become ``warnings``."""
    q = ParsedQuery()
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    max_length = max(int(max_length), 1)
    text = text[: max_length * _PRECUT_FACTOR]
    text = unicodedata.normalize("NFC", _clean_control(text))
    text = " ".join(text.split())
    if len(text) > max_length:
        text = _cut(text, max_length)
        q.warnings.append(_l("The search was too long: only its first %(max)d characters were used.", max=max_length))

    i, n = 0, len(text)
    unbalanced = False
    while i < n:
        c = text[i]
        if c == " ":
            i += 1
            continue
        negate = c == "-" and i + 1 < n and text[i + 1] in _QUOTES
        if negate:
            i += 1
            c = text[i]
        if c in _QUOTES:
            end = next((j for j in range(i + 1, n) if text[j] in _QUOTES), -1)
            if end == -1:
                # No closing quote: the rest is searched as words.
                unbalanced = True
                i += 1
                continue
            phrase = " ".join(text[i + 1 : end].split())
            if _has_word(phrase):
                (q.excluded if negate else q.phrases).append(phrase)
                if not negate:
                    q.typed.append(phrase)
            i = end + 1
            continue
        end = text.find(" ", i)
        if end == -1:
            end = n
        _classify(text[i:end], q)
        i = end

    if unbalanced:
        q.warnings.append(_l("A quotation mark was not closed: the words after it were searched separately."))
    _keep_first_words(q)
    if q.after and q.before and q.after > q.before:
        q.warnings.append(_l("The after: date is later than the before: date, so nothing can match."))
    q.warnings = _unique(q.warnings)[:_MAX_WARNINGS]
    return q


def _keep_first_words(q: ParsedQuery) -> None:
    """Drop the words after the MAX_WORDS-th distinct one that is not a stopword, and say so."""
    counted = set()
    for i, word in enumerate(q.words):
        if not is_stopword(word.lower()):
            counted.add(word.lower())
            if len(counted) > MAX_WORDS:
                del q.words[i:]
                q.warnings.append(_l("Only the first %(max)d words were searched.", max=MAX_WORDS))
                return


def _unique(warnings: list) -> list:
    seen, out = set(), []
    for w in warnings:
        if str(w) not in seen:
            seen.add(str(w))
            out.append(w)
    return out


def _add_unique(items: list, value) -> None:
    if value not in items:
        items.append(value)


def _classify(token: str, q: ParsedQuery) -> None:
    first = token[0]
    if first == "-":
        rest = token.lstrip("-")
        if _has_word(rest):
            _add_unique(q.excluded, _clean_word(rest))
        return  # a lone "-" is nothing
    if first == "#":
        slug = slug_of(token[1:])
        if slug:
            _add_unique(q.boards, slug)
        return
    if first == "@":
        name = token[1:].rstrip(_TRAILING_PUNCTUATION)
        if _USERNAME_RE.fullmatch(name):
            _add_unique(q.authors, name.lower())
        else:
            _add_word(token[1:], q)
        return
    m = _FILTER_RE.fullmatch(token)
    if m and m.group(1).lower() in _FILTER_KEYS:
        _apply_filter(_FILTER_KEYS[m.group(1).lower()], m.group(1).lower(), m.group(2), q)
        return
    _add_word(token, q)


def _add_word(token: str, q: ParsedQuery) -> None:
    word = _clean_word(token)
    if _has_word(word):
        q.words.append(word)
        q.typed.append(word)


def _apply_filter(key: str, name: str, value: str, q: ParsedQuery) -> None:
    value = value.strip()
    if not value:
        q.warnings.append(_l("The %(filter)s: filter needs a value; it was ignored.", filter=name))
        return
    if key == "tags":
        for item in value.split(","):
            slug = slug_of(item)
            if slug:
                _add_unique(q.tags, slug)
    elif key == "kind":
        for item in value.split(","):
            kind = item.strip().lower()
            if kind in KINDS:
                _add_unique(q.kinds, kind)
            elif kind:
                q.warnings.append(
                    _l(
                        "Unknown kind “%(value)s” (use question, need, practice, funding or discussion); it was ignored.",
                        value=item.strip()[:30],
                    )
                )
    elif key == "status":
        status = value.lower()
        if status in STATUSES:
            q.status = status
        else:
            q.warnings.append(
                _l(
                    "Unknown status “%(value)s” (use solved, unsolved, open or closed); it was ignored.",
                    value=value[:30],
                )
            )
    elif key == "need":
        for item in value.split(","):
            status = item.strip().lower().replace("-", "_")
            if status in NEED_STATUSES:
                _add_unique(q.need_statuses, status)
            elif status:
                q.warnings.append(
                    _l(
                        "Unknown need status “%(value)s” (use open, in-discussion, matched or done); it was ignored.",
                        value=item.strip()[:30],
                    )
                )
    elif key == "in":
        if value.lower() == "title":
            q.in_title = True
        else:
            q.warnings.append(_l("Only in:title is supported; “in:%(value)s” was ignored.", value=value[:30]))
    elif key in ("after", "before"):
        date = _parse_date(value)
        if date is None:
            q.warnings.append(
                _l(
                    "“%(value)s” is not a date (use YYYY-MM-DD); the %(filter)s: filter was ignored.",
                    value=value[:30],
                    filter=key,
                )
            )
        elif key == "after":
            q.after = date
        else:
            q.before = date
    elif key == "order":
        order = value.lower()
        if order in ORDERS:
            q.order = order
        else:
            q.warnings.append(_l("Unknown order “%(value)s” (use order:latest); it was ignored.", value=value[:30]))


# ---------------------------------------------------------------------------
# Ranking


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


def _same(these: list, those: list) -> bool:
    """The same matcher objects, in any order."""
    return len(these) == len(those) and {id(m) for m in these} == {id(m) for m in those}


class _CoordUnionMatcher(Matcher):
    """Union of sub-matchers; the summed score is multiplied by (matching / clauses) ** power.

    ``replace(minquality)`` applies MaxScore (Turtle & Flood): once the collector only wants
    documents scoring above ``minquality``, the sub-matchers whose best possible scores add up
    to no more than it cannot bring a document in on their own. They become *optional*: they
    no longer drive the iteration and are only asked, by ``skip_to``, about the documents that
    the other (*essential*) sub-matchers found, for their share of the score. With a very
    common word beside a rare one, only the rare word's postings are walked. Scores are
    unchanged: the coordination factor is at most 1, so the sums of the children's
    ``max_quality()`` stay upper bounds.
    """

    def __init__(self, matchers, clauses, power, boost=1.0, optional=()):
        # Essential: a document must match one of them. Kept to the active ones (every
        # document scored goes through id()/next(), so this is the hot path).
        self._matchers = [m for m in matchers if m.is_active()]
        self._optional = list(optional)
        self._clauses = clauses
        self._power = power
        self._boost = boost
        self._id = None

    def _current(self):
        cur = self.id()
        current = [m for m in self._matchers if m.id() == cur]
        for m in self._optional:
            if m.is_active() and m.id() < cur:
                m.skip_to(cur)
            if m.is_active() and m.id() == cur:
                current.append(m)
        return current

    def _all(self):
        return self._matchers + self._optional

    def _drop_inactive(self):
        self._id = None
        if not all(m.is_active() for m in self._matchers):
            self._matchers = [m for m in self._matchers if m.is_active()]

    def is_active(self):
        return bool(self._matchers)

    def reset(self):
        for m in self._all():
            m.reset()
        self._drop_inactive()

    def id(self):
        if self._id is None:
            matchers = self._matchers
            self._id = matchers[0].id() if len(matchers) == 1 else min(m.id() for m in matchers)
        return self._id

    def next(self):
        if not self._matchers:
            raise ReadTooFar
        cur = self.id()
        renewed = False
        for m in self._matchers:
            if m.id() == cur:
                renewed = bool(m.next()) or renewed
        self._drop_inactive()
        return renewed

    def skip_to(self, id):
        renewed = False
        for m in self._matchers:
            if m.id() < id:
                renewed = bool(m.skip_to(id)) or renewed
        self._drop_inactive()
        return renewed

    def score(self):
        current = self._current()
        factor = (len(current) / self._clauses) ** self._power
        return sum(m.score() for m in current) * self._boost * factor

    def weight(self):
        return sum(m.weight() for m in self._current())

    def children(self):
        return self._all()

    def term_matchers(self):
        for m in self._all():
            yield from m.term_matchers()

    def matching_terms(self, id=None):
        if id is None:
            id = self.id()
        for m in self._current() if id == self.id() else self._matchers:
            if m.is_active() and m.id() == id:
                yield from m.matching_terms(id)

    def spans(self):
        return sorted({span for m in self._current() for span in m.spans()})

    def supports(self, astype):
        return all(m.supports(astype) for m in self._all())

    def replace(self, minquality=0):
        essential = [m for m in self._matchers if m.is_active()]
        optional = [m for m in self._optional if m.is_active()]
        if not essential:
            return NullMatcher()
        bound = minquality / self._boost if minquality else 0
        if bound:
            # A child that could not lift a document above the bar even with every other
            # child's best score beside it may simplify itself (an Or of title and body, say).
            total = sum(m.max_quality() for m in essential + optional)
            essential = [m.replace(max(0, bound - (total - m.max_quality()))) for m in essential]
            optional = [m.replace(max(0, bound - (total - m.max_quality()))) for m in optional]
            essential = [m for m in essential if m.is_active()]
            optional = [m for m in optional if m.is_active()]
            # Optional children stay optional (the bar only rises); the essential ones with
            # the lowest bounds join them while all the optional bounds add up below the bar.
            essential.sort(key=lambda m: m.max_quality())
            low = sum(m.max_quality() for m in optional)
            while essential and low + essential[0].max_quality() < bound:
                low += essential[0].max_quality()
                optional.append(essential.pop(0))
        else:
            essential = [m.replace() for m in essential]
            optional = [m.replace() for m in optional]
        essential = [m for m in essential if m.is_active()]
        if not essential:
            return NullMatcher()
        if _same(essential, self._matchers) and _same(optional, self._optional):
            return self  # nothing to prune: keep the matcher (and its cached id)
        return self.__class__(essential, self._clauses, self._power, self._boost, optional)

    def copy(self):
        return self.__class__([m.copy() for m in self._matchers], self._clauses, self._power, self._boost,
                              [m.copy() for m in self._optional])

    def depth(self):
        return 1 + max((m.depth() for m in self._all()), default=0)

    # Block-level skipping is not offered; replace() above does the pruning.
    def supports_block_quality(self):
        return False

    def max_quality(self):
        return sum(m.max_quality() for m in self._all() if m.is_active()) * self._boost

    def block_quality(self):
        return self.max_quality()


class Common(wq.WrappingQuery):
    """A word too common to find documents by itself in a ``CoordOr`` (see ``text_query``):
    it adds its score, and counts as matched, on the documents that the other words found."""

    def __repr__(self):
        return f"{self.__class__.__name__}({self.child!r})"


class CoordOr(wq.CompoundQuery):
    """Any of the subqueries; a document's score is multiplied by (matching subqueries / subqueries) ** power.

    Not a subclass of ``Or``, so that an enclosing ``Or`` does not flatten it away.
    """

    JOINT = " COORD_OR "
    intersect_merge = False

    def __init__(self, subqueries, boost=1.0, power=1.0):
        super().__init__(subqueries, boost=boost)
        self.power = power

    def __repr__(self):
        return f"{self.__class__.__name__}({self.subqueries!r}, boost={self.boost}, power={self.power})"

    def __eq__(self, other):
        return super().__eq__(other) and self.power == other.power

    def __hash__(self):
        return super().__hash__() ^ hash(self.power)

    def apply(self, fn):
        return self.__class__([fn(q) for q in self.subqueries], boost=self.boost, power=self.power)

    def requires(self):
        return self.subqueries[0].requires() if len(self.subqueries) == 1 else set()

    def normalize(self):
        norm = super().normalize()
        if isinstance(norm, CoordOr):
            norm.power = self.power
        return norm

    def _matcher(self, subs, searcher, context):
        essential = [q.matcher(searcher, context) for q in subs if not isinstance(q, Common)]
        essential = [m for m in essential if m.is_active()]
        optional = [q.matcher(searcher, context) for q in subs if isinstance(q, Common)]
        optional = [m for m in optional if m.is_active()]
        if not essential:  # only common words: each may find documents
            essential, optional = optional, []
        if not essential:
            return NullMatcher()
        return _CoordUnionMatcher(essential, len(subs), self.power, self.boost, optional)


def _analyze(schema, text: str, fieldname: str = "body") -> list[str]:
    return [t for t in schema[fieldname].process_text(text, mode="query") if t]


def _fields(schema, in_title: bool) -> list[str]:
    names = ("title",) if in_title else ("title", "body")
    return [name for name in names if name in schema]


def _word_clause(term: str, fields: list[str], r: Ranking) -> wq.Query:
    subs = [wq.Term(f, term, boost=r.title_boost if f == "title" else 1.0) for f in fields]
    if len(subs) == 1:
        return subs[0]
    if r.fields == "max":
        return wq.DisjunctionMax(subs, tiebreak=r.tie)
    return wq.Or(subs)


def _text_clause(terms: list[str], fields: list[str], title_boost: float = 1.0) -> wq.Query:
    """All of ``terms``, next to each other and in this order (a phrase), in one of ``fields``."""
    if len(terms) == 1:
        subs = [wq.Term(f, terms[0], boost=title_boost if f == "title" else 1.0) for f in fields]
    else:
        subs = [wq.Phrase(f, terms, slop=1, boost=title_boost if f == "title" else 1.0) for f in fields]
    return subs[0] if len(subs) == 1 else wq.Or(subs)


def _word_units(schema, words: list[str], compounds: str) -> list[tuple[str, ...]]:
    """The analysed words, without repeats: a word that gives several terms ("mi-parcours",
    "crédit-bail", "aujourd'hui") is one unit, matched as a phrase, when ``compounds`` is "phrase"."""
    units: list[tuple[str, ...]] = []
    for word in words:
        terms = _analyze(schema, word)
        if len(terms) > 1 and compounds == "phrase":
            candidates = [tuple(terms)]
        else:
            candidates = [(t,) for t in terms]
        for unit in candidates:
            if unit not in units:
                units.append(unit)
    return units


def tag_query(tag_ids: list[str], reader, r: Ranking) -> wq.Query:
    """The first posts of the threads carrying one of ``tag_ids``, scored as a title match of
    the same rarity would be (a constant: a tag is there or not)."""
    tags = wq.Or([wq.Term("tag_ids", tag_id) for tag_id in tag_ids])
    score = r.title_boost
    if reader is not None:
        n, total = max(reader.doc_frequency("tag_ids", tag_id) for tag_id in tag_ids), reader.doc_count_all()
        score *= math.log(1 + (total - n + 0.5) / (n + 0.5))
    return wq.ConstantScoreQuery(wq.And([tags, wq.Term("is_first", True)]), score)


def _tag_ids_for(unit: tuple[str, ...], units: list[tuple[str, ...]], tags: dict) -> list[str]:
    """The tags a query word stands for: those whose name is that word ("irrigation",
    "crédit-bail"), and those of several words that the query holds all of ("eau potable")."""
    words = {u[0] for u in units if len(u) == 1}
    found = list(tags.get(unit, []))
    for terms, ids in tags.items():
        if len(terms) > 1 and terms != unit and unit[0] in terms and set(terms) <= words:
            found.extend(ids)
    return found


def text_query(parsed: ParsedQuery, schema, ranking: Ranking | None = None, reader=None,
               tags: dict[tuple[str, ...], list[str]] | None = None) -> wq.Query | None:
    """The ranked text part of the query, or None when there is nothing textual to match.

    Words: any may match, ranked by BM25 (``weighting()``) with the coordination
    bonus of ``Ranking.coord``; a hyphenated word ("mi-parcours") is matched as a
    phrase. Phrases: each must match, in the title or the body. ``in:title``: the
    title field only. Exclusions are not here: see ``exclusion_query()``.

    Given the index ``reader``, a word found in a large share of the posts ("commune" in
    this forum) stops finding documents on its own when the query has rarer words: it adds
    to the score of the posts they found (Elasticsearch's "common terms" rule). Scoring every
    post that holds "commune" costs most of a search; the posts holding only that word rank
    last anyway. When all the words are common, the rarest one finds the documents. Below
    ``Ranking.common_min`` posts the rule does not apply (cheap to score).

    ``tags`` maps analysed tag names to tag ids (as indexed in "tag_ids"): a word that names a
    tag also finds the threads that carry the tag (their first post), even if no post holds it.

    The result can be None even when ``parsed.has_text`` (only stopwords, "?").
    Terms go through the analyzer of the schema's "body" field, as the indexed text.
    """
    r = ranking or RANKING
    fields = _fields(schema, parsed.in_title)
    if not fields:
        return None
    required = []
    for phrase in parsed.phrases:
        terms = _analyze(schema, phrase)
        if terms:
            required.append(_text_clause(terms, fields, r.title_boost))
    units = _word_units(schema, parsed.words, r.compounds)
    optional = None
    if units:
        common = _common_words(reader, units, r)
        clauses = []
        for unit in units:
            if len(unit) > 1:
                clause = _text_clause(list(unit), fields, r.title_boost)
            else:
                clause = _word_clause(unit[0], fields, r)
            tag_ids = _tag_ids_for(unit, units, tags or {}) if not parsed.in_title else []
            if tag_ids:
                clause = wq.Or([clause, tag_query(tag_ids, reader, r)])
            clauses.append(Common(clause) if len(unit) == 1 and unit[0] in common else clause)
        if len(clauses) == 1:
            optional = clauses[0]
        elif r.coord or common:
            optional = CoordOr(clauses, power=r.coord)
        else:
            optional = wq.Or(clauses)
    if required:
        must = required[0] if len(required) == 1 else wq.And(required)
        return wq.AndMaybe(must, optional) if optional is not None else must
    return optional


def _common_words(reader, units: list[tuple[str, ...]], r: Ranking) -> set[str]:
    """The one-term words too common to find documents on their own (none without a reader).
    When every word of the query is common, the rarest one still finds documents."""
    if reader is None or len(units) < 2:
        return set()
    cutoff = max(r.common_share * reader.doc_count_all(), r.common_min)
    counts = {u[0]: reader.doc_frequency("body", u[0]) for u in units if len(u) == 1}
    common = {term for term, count in counts.items() if count > cutoff}
    if len(common) == len(units):
        common.discard(min(common, key=lambda term: (counts[term], term)))
    return common


def exclusion_query(parsed: ParsedQuery, schema) -> wq.Query | None:
    """Documents to leave out ("-word", "-\"a phrase\""), for ``searcher.search(q, mask=...)``.

    Each exclusion matches in the title or the body; a hyphenated exclusion
    ("-crédit-bail") is a phrase. None when there is nothing to exclude.
    """
    fields = _fields(schema, False)
    if not fields:
        return None
    clauses = []
    for text in parsed.excluded:
        terms = _analyze(schema, text)
        if terms:
            clauses.append(_text_clause(terms, fields))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else wq.Or(clauses)


def spell_words(parsed: ParsedQuery) -> list[str]:
    """The user's words worth spell-checking: lower case, elisions stripped, 3+ letters, no stopwords.

    They come out of ``spelling_analyzer()``, like the terms of the "spell" field.
    """
    out: list[str] = []
    analyzer = _spelling_analyzer()
    for text in [*parsed.words, *parsed.phrases]:
        for token in analyzer(text):
            word = token.text
            if not is_stopword(word) and word not in out:
                out.append(word)
    return out


def with_ranking(**changes) -> Ranking:
    """A copy of RANKING with some parameters changed (for benchmarks)."""
    return replace(RANKING, **changes)
