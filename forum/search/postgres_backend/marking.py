"""The matched words of a hit marked in its title and in a snippet of its body, as the Whoosh
backend marks them: <mark> around the words, every other character HTML-escaped.

Marked in Python on the text the request's load_texts gives (the database's, not the
index's): the words of that text that could match (same first letters, folded) are analysed
by forum_french in one statement, and a word is marked when one of its lexemes is the query's.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from forum.text import fold

from ..backend import SNIPPET_CHARS
from ..words import APOSTROPHE_SPLIT, WORD_RE
from .schema import CONFIG
from .store import prepare

SURROUND = 60  # characters shown before a fragment's first marked word
FRAGMENTS = 2
BETWEEN = " … "


def tokens(value: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of the words of `value`, split at apostrophes ("l'eau": "l", "eau")."""
    out = []
    for match in WORD_RE.finditer(value):
        start = match.start()
        for part in APOSTROPHE_SPLIT.split(match.group(0)):
            if part:
                out.append((start, start + len(part), part))
            start += len(part) + 1
    return out


@lru_cache(maxsize=100_000)
def _folded(word: str) -> str:
    return fold(prepare(word))


def matching_words(run, words: set[str], lexemes: set[str]) -> set[str]:
    """The words among `words` that forum_french turns into one of `lexemes` (only those that
    start like one of them are asked about: a stem is mostly a prefix of the folded word)."""
    sizes = sorted({min(3, len(lexeme)) for lexeme in lexemes})
    prefixes = {lexeme[:3] for lexeme in lexemes}
    candidates = sorted(w for w in words if any(_folded(w)[:size] in prefixes for size in sizes))
    if not candidates or not lexemes:
        return set()
    rows = run(f"""
        SELECT a.value FROM unnest(CAST(:words AS text[]), CAST(:prepared AS text[])) a(value, prepared)
        WHERE tsvector_to_array(to_tsvector('{CONFIG}', a.prepared)) && CAST(:lexemes AS text[])
    """, {"words": candidates, "prepared": [prepare(w) for w in candidates], "lexemes": sorted(lexemes)})
    return {value for (value,) in rows}


def _marked(value: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, at = [], start
    for s, e in spans:
        if s >= start and e <= end:
            out.append(str(escape(value[at:s])) + "<mark>" + str(escape(value[s:e])) + "</mark>")
            at = e
    out.append(str(escape(value[at:end])))
    return "".join(out)


def title_html(value: str, matched: set[str]) -> Markup:
    spans = [(s, e) for s, e, word in tokens(value) if word in matched] if matched else []
    return Markup(_marked(value, spans, 0, len(value)))


def snippet_html(value: str, matched: set[str], words: list[tuple[int, int, str]] | None = None) -> Markup:
    """Up to FRAGMENTS fragments of the body around its marked words (those with the most
    distinct words first), SNIPPET_CHARS in all; the start of the body when none matched.
    `words`: tokens(value), when already known."""
    words = (tokens(value) if words is None else words) if matched else []
    found = [(s, e, word.lower()) for s, e, word in words if word in matched]
    if not found:
        short = value if len(value) <= SNIPPET_CHARS else value[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
        return Markup(escape(short))
    if len(value) <= SNIPPET_CHARS:
        return Markup(_marked(value, [(s, e) for s, e, _ in found], 0, len(value)))
    size = SNIPPET_CHARS // FRAGMENTS
    fragments = []
    for s, _, _ in found:
        start = max(0, s - SURROUND // FRAGMENTS)
        end = min(len(value), start + size)
        inside = [(fs, fe, w) for fs, fe, w in found if fs >= start and fe <= end]
        fragments.append((len({w for _, _, w in inside}), len(inside), -start, start, end))
    chosen: list[tuple[int, int]] = []
    for *_, start, end in sorted(fragments, reverse=True):
        if all(end <= a or start >= b for a, b in chosen):
            chosen.append((start, end))
        if len(chosen) == FRAGMENTS:
            break
    parts = []
    for start, end in sorted(chosen):
        # Whole words at both ends.
        while start > 0 and not value[start - 1].isspace() and start < end:
            start += 1
        while end < len(value) and not value[end].isspace() and end > start:
            end -= 1
        parts.append(_marked(value, [(s, e) for s, e, _ in found], start, end).strip())
    return Markup(BETWEEN.join(part for part in parts if part))
