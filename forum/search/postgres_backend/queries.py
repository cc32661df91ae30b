"""From a ParsedQuery to SQL over search_pg_documents: the words analysed by PostgreSQL, the
conditions that find documents, the score that ranks them, the filters.

Ranking (the Whoosh backend's, in SQL): any word may find a document, so a question typed as
a sentence ("comment faire une demande de ...") is not emptied by its stop words and extra
words; a plain AND of all the words would find nothing. Each word scores
idf(word) * ts_rank(weights, tsv, word) (ts_rank of one lexeme saturates with its
occurrences; title weight A above body weight B), the BM25 idf from search_pg_terms, and the
sum is multiplied by (matched words / words) ** COORD. "Phrases" must match
(phraseto_tsquery: <->, stop words as gaps) and add their score. A word found in more than
COMMON_SHARE of the documents (and COMMON_MIN of them) finds nothing on its own beside rarer
words: it only adds to the score of what they found (walking and ranking every post that
holds "commune" costs most of a search). A word that names a tag also finds the first posts
of the threads carrying it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..parser import ParsedQuery
from ..words import APOSTROPHE_SPLIT, ELISIONS, WORD_RE, is_stopword
from .schema import CONFIG, DOCUMENTS, META, TERMS
from .store import prepare

# A word's rank: TITLE_WEIGHT * its ts_rank in the title (weight A) + BODY_WEIGHT * its ts_rank
# in the body (weight B), with ts_rank's normalization flags (0: none; 1, dividing by 1 + log(the
# length), lost 0.04 of recall@10), times its idf ** IDF_POWER. Tuned on tests/search's fr-qa
# corpus (test_recall_corpus.py): recall@10 0.92 on the crowd questions, recall@1 1.00 on titles.
TITLE_WEIGHT, BODY_WEIGHT = 1.0, 1.0
TITLE_NORM, BODY_NORM = 0, 0
COORD = 0.5
IDF_POWER = 2.0
COMMON_SHARE, COMMON_MIN = 0.02, 1000
# A tag counts as half the word once in the title (ts_rank of one occurrence: 1 / (pi^2 / 6)):
# a thread that says the word comes before one that is only tagged with it.
TAG_RANK = 0.5 * TITLE_WEIGHT / 1.64493406685

_LEXEME_RE = re.compile(r"'((?:[^']|'')*)'")


def quote(lexeme: str) -> str:
    """A lexeme as tsquery text accepts it."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def lexemes_of(tsquery_text: str) -> list[str]:
    return [m.replace("''", "'") for m in _LEXEME_RE.findall(tsquery_text)]


def in_title(tsquery_text: str) -> str:
    """Every lexeme of a tsquery restricted to the title (weight A)."""
    return _LEXEME_RE.sub(lambda m: m.group(0) + ":A", tsquery_text)


def idf(n: int, total: int) -> float:
    return math.log(1 + (total - n + 0.5) / (n + 0.5))


@dataclass
class Unit:
    """A word of the query: one lexeme, or several side by side ("crédit-bail", "aujourd'hui")."""

    lexemes: tuple[str, ...]
    ndoc: int  # documents holding its rarest lexeme
    tag_ids: list[int] = field(default_factory=list)

    def tsquery(self, title_only: bool) -> str:
        text = " <-> ".join(quote(lexeme) for lexeme in self.lexemes)
        return in_title(text) if title_only else text


@dataclass
class TextQuery:
    units: list[Unit]
    phrases: list[str]  # tsquery texts, each required
    excluded: str | None  # tsquery text: a thread holding it anywhere is left out
    total: int  # documents in all

    @property
    def is_empty(self) -> bool:
        return not (self.units or self.phrases)

    def lexemes(self) -> set[str]:
        found = {lexeme for unit in self.units for lexeme in unit.lexemes}
        for phrase in self.phrases:
            found.update(lexemes_of(phrase))
        return found


def query_words(parsed: ParsedQuery) -> list[str]:
    """The words to search, stopwords (forum.search.words: question words included) dropped."""
    return [word for word in parsed.words if not is_stopword(word)]


def analyse(run, parsed: ParsedQuery, tags: dict[int, str]) -> TextQuery:
    """The query's words and phrases and the tags' names as forum_french has them (one statement,
    two more with phrases or exclusions). `run(sql, params)` runs a statement in the budget."""
    words = [prepare(word) for word in query_words(parsed)]
    tag_items = sorted(tags.items())
    rows = run(f"""
        SELECT 'w' AS what, a.n AS n, u.lexeme, u.positions[1] AS position, coalesce(t.ndoc, 0) AS ndoc
        FROM unnest(CAST(:words AS text[])) WITH ORDINALITY a(value, n)
        CROSS JOIN LATERAL unnest(to_tsvector('{CONFIG}', a.value)) u
        LEFT JOIN {TERMS} t ON t.lexeme = u.lexeme
        UNION ALL
        SELECT 't', a.n, u.lexeme, u.positions[1], 0
        FROM unnest(CAST(:tags AS text[])) WITH ORDINALITY a(value, n)
        CROSS JOIN LATERAL unnest(to_tsvector('{CONFIG}', a.value)) u
        UNION ALL
        SELECT 'n', 0, value, 0, 0 FROM {META} WHERE key = 'documents'
        UNION ALL
        SELECT 's', 0, {run.setting()}, 0, 0
    """, {"words": words, "tags": [prepare(name) for _, name in tag_items]})
    total = 0
    by_word: dict[int, list] = {}
    by_tag: dict[int, list] = {}
    for what, n, lexeme, position, ndoc in rows:
        if what == "n":
            total = int(lexeme)
        elif what in ("w", "t"):
            (by_word if what == "w" else by_tag).setdefault(n, []).append((position, lexeme, ndoc))
    units: list[Unit] = []
    for n in sorted(by_word):
        lexemes, ndoc = _unit(by_word[n])
        if lexemes and all(u.lexemes != lexemes for u in units):
            units.append(Unit(lexemes=lexemes, ndoc=ndoc))
    tag_units: dict[tuple[str, ...], list[int]] = {}
    for n, found in by_tag.items():
        lexemes, _ = _unit(found)
        if lexemes:
            tag_units.setdefault(lexemes, []).append(tag_items[n - 1][0])
    if not parsed.in_title:
        singles = {u.lexemes[0] for u in units if len(u.lexemes) == 1}
        for unit in units:
            unit.tag_ids = list(tag_units.get(unit.lexemes, []))
            for lexemes, ids in tag_units.items():  # "eau potable": the query holds all its words
                if len(lexemes) > 1 and lexemes != unit.lexemes and unit.lexemes[0] in lexemes \
                        and set(lexemes) <= singles:
                    unit.tag_ids += ids
    phrases, excluded = [], None
    texts = [prepare(p) for p in parsed.phrases] + [prepare(e) for e in parsed.excluded]
    if texts:
        queries = [q for (q,) in run(f"""
            SELECT phraseto_tsquery('{CONFIG}', a.value)::text FROM unnest(CAST(:texts AS text[]))
            WITH ORDINALITY a(value, n) ORDER BY a.n
        """, {"texts": texts})]
        phrases = [q for q in queries[:len(parsed.phrases)] if q]
        phrases = [in_title(q) for q in phrases] if parsed.in_title else phrases
        excluded = " | ".join(f"({q})" for q in queries[len(parsed.phrases):] if q) or None
    return TextQuery(units=units, phrases=phrases, excluded=excluded, total=max(total, 1))


def _unit(found: list) -> tuple[tuple[str, ...], int]:
    """A word's lexemes in order; a hyphenated word's parts rather than the whole ("crédit-bail"
    is 'cred' <-> 'bail', which "crédit bail" matches too)."""
    found = sorted(found)
    if len(found) > 1 and "-" in found[0][1]:
        found = found[1:]
    lexemes = tuple(lexeme for _, lexeme, _ in found)
    return lexemes, min((ndoc for _, _, ndoc in found), default=0)


@dataclass
class Sql:
    """Pieces of a statement over the documents `d`, with their parameters."""

    where: list[str] = field(default_factory=list)
    params: dict = field(default_factory=dict)
    lateral: str = ""  # the per-unit ranks, r0, r1...
    score: str = "1.0"

    def param(self, value) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"


def text_sql(q: TextQuery, sql: Sql, title_only: bool) -> None:
    """The conditions that find documents and the score that ranks them (q not empty)."""
    def rank(tsquery: str) -> str:
        found = f"CAST({tsquery} AS tsquery)"
        return (f"({TITLE_WEIGHT} * ts_rank('{{0, 0, 0, 1}}', v.tsv, {found}, {TITLE_NORM})"
                f" + {BODY_WEIGHT} * ts_rank('{{0, 0, 1, 0}}', v.tsv, {found}, {BODY_NORM}))")

    common = _common(q)
    finders, ranks, terms = [], [], []
    for i, unit in enumerate(q.units):
        tsquery = sql.param(unit.tsquery(title_only))
        r = rank(tsquery)
        if unit.tag_ids:
            tags = sql.param(unit.tag_ids)
            tagged = f"(d.is_first AND d.tag_ids && CAST({tags} AS integer[]))"
            r = f"GREATEST({r}, CASE WHEN {tagged} THEN {TAG_RANK} ELSE 0 END)"
            if i not in common:
                finders.append(tagged)
        if i not in common:
            finders.append(f"d.tsv @@ CAST({tsquery} AS tsquery)")
        ranks.append(f"{r} AS r{i}")
        terms.append((i, idf(unit.ndoc, q.total) ** IDF_POWER))
    for phrase in q.phrases:
        tsquery = sql.param(phrase)
        sql.where.append(f"d.tsv @@ CAST({tsquery} AS tsquery)")
        ranks.append(f"{rank(tsquery)} AS r{len(ranks)}")
        terms.append((len(ranks) - 1, max(idf(0, q.total) / 2, 0.1)))
    if finders:
        sql.where.append("(" + " OR ".join(finders) + ")")
    # The tsvector read (detoasted) once per document, not once per ts_rank: OFFSET 0 keeps
    # the planner from folding it back into each reference (half the time of a long question).
    sql.lateral = ("CROSS JOIN LATERAL (SELECT d.tsv || ''::tsvector AS tsv OFFSET 0) v "
                   "CROSS JOIN LATERAL (SELECT " + ", ".join(ranks) + ") r")
    words = "+".join(f"{weight:.6f} * r.r{i}" for i, weight in terms[:len(q.units)]) or "0"
    phrases = "+".join(f"{weight:.6f} * r.r{i}" for i, weight in terms[len(q.units):]) or "0"
    if q.units:
        matched = "+".join(f"(r.r{i} > 0)::int" for i in range(len(q.units)))
        words = f"({words}) * power(({matched})::float / {len(q.units)}, {COORD})"
    sql.score = f"({words}) + ({phrases})"


def _common(q: TextQuery) -> set[int]:
    """The units too common to find documents by themselves (the rarest one still does)."""
    if len(q.units) < 2:
        return set()
    cutoff = max(COMMON_SHARE * q.total, COMMON_MIN)
    common = {i for i, unit in enumerate(q.units) if len(unit.lexemes) == 1 and unit.ndoc > cutoff}
    if len(common) == len(q.units):
        common.discard(min(common, key=lambda i: (q.units[i].ndoc, i)))
    return common


def excluded_sql(q: TextQuery | None, sql: Sql) -> None:
    """Every post of a thread in which an excluded word or phrase appears is left out."""
    if q is not None and q.excluded:
        sql.where.append(f"d.thread_id NOT IN (SELECT e.thread_id FROM {DOCUMENTS} e "
                         f"WHERE e.tsv @@ CAST({sql.param(q.excluded)} AS tsquery))")


def filters_sql(filters, sql: Sql, records: bool = False) -> None:
    """The structured part of the query (records: boards, tags and dates only)."""
    if filters.board_ids:
        sql.where.append(f"d.board_id = ANY({sql.param(list(filters.board_ids))})")
    if filters.tag_ids:
        sql.where.append(f"d.tag_ids && CAST({sql.param(list(filters.tag_ids))} AS integer[])")
    if filters.after:
        sql.where.append(f"d.created >= {sql.param(filters.after)}")
    if filters.before:
        sql.where.append(f"d.created < {sql.param(filters.before)}")
    if records:
        return
    if filters.author_ids:
        sql.where.append(f"d.author_id = ANY({sql.param(list(filters.author_ids))})")
    if filters.kinds:
        sql.where.append(f"d.kind = ANY({sql.param(list(filters.kinds))})")
    if filters.need_statuses:
        sql.where.append(f"d.need_status = ANY({sql.param(list(filters.need_statuses))})")
    status = {"solved": "d.solved", "unsolved": "NOT d.solved", "open": "NOT d.locked",
              "closed": "d.locked"}.get(filters.status or "")
    if status:
        sql.where.append(status)


def has_filters(filters) -> bool:
    return bool(filters.board_ids or filters.tag_ids or filters.author_ids or filters.kinds or filters.status
                or filters.need_statuses or filters.after or filters.before)


def spell_words(parsed: ParsedQuery) -> list[str]:
    """The typed words worth spell-checking: lower case, elisions dropped, 3+ letters, no stopwords."""
    out: list[str] = []
    for text in [*parsed.words, *parsed.phrases]:
        for match in WORD_RE.finditer(text):
            for part in APOSTROPHE_SPLIT.split(match.group(0).lower()):
                if (len(part) >= 3 and part not in ELISIONS and any(c.isalpha() for c in part)
                        and not is_stopword(part) and part not in out):
                    out.append(part)
    return out
