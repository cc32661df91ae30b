"""Whoosh queries built from a ``ParsedQuery``: the ranked text part, the exclusions, tags.

``text_query()`` builds the ranked part: any of the words may match (a question typed as a
sentence finds documents that hold only some of its words), ranked by BM25 over title and
body, with a bonus for the share of the query's words that a document holds; phrases must
match. ``exclusion_query()`` is the "-word" part, to pass as ``searcher.search(..., mask=...)``.
"""

from __future__ import annotations

import math
from functools import lru_cache

from whoosh import query as wq

from ..analysis import is_stopword, spelling_analyzer
from ..parser import ParsedQuery
from .matchers import Common, CoordOr
from .ranking import RANKING, Ranking

_spelling_analyzer = lru_cache(maxsize=1)(spelling_analyzer)


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


def exclusion_parts(parsed: ParsedQuery, schema) -> tuple[list[tuple[str, str]], wq.Query | None]:
    """The exclusions of ``exclusion_query()`` split in two: the one-word ones as (field, term)
    pairs, whose threads are looked up as a whole (segments.term_threads), and a query for
    the phrases, whose matches have to be walked (positions). ([], None): nothing to exclude."""
    fields = _fields(schema, False)
    words: list[tuple[str, str]] = []
    phrases = []
    for text in parsed.excluded if fields else ():
        terms = _analyze(schema, text)
        if len(terms) == 1:
            words += [(f, terms[0]) for f in fields if (f, terms[0]) not in words]
        elif terms:
            phrases.append(_text_clause(terms, fields))
    return words, (phrases[0] if len(phrases) == 1 else wq.Or(phrases)) if phrases else None


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
