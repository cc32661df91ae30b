"""The search box: Discourse-like query syntax, independent of any search engine.

``parse(text)`` never raises. It understands::

    #board-slug  tags:eau,irrigation  @username  kind:need  status:solved  need:open
    in:title  after:2025-01-01  before:2025-12-31  order:latest
    "exact phrase"  -word  -"excluded phrase"

Everything else is words: French punctuation, wildcards and boolean operators
(AND OR NOT * ? ~ ^ : parentheses) are plain text, "crédit-bail" is one word
and only a "-" at the start of a token excludes. Problems (bad date, unknown
status...) become ``warnings`` and the filter is ignored. A backend turns the
``ParsedQuery`` into its own queries (forum.search.backend).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from forum.slugs import slug_of
from forum.threads.models import NeedStatus, ThreadKind

from . import sources
from .words import WORD_RE, is_stopword

__all__ = ["KINDS", "MAX_WORDS", "NEED_STATUSES", "STATUSES", "ParsedQuery", "parse", "replace_word"]

# The thread kinds and need statuses are those of the models: a new one is searchable at once.
KINDS = tuple(kind.value for kind in ThreadKind)
NEED_STATUSES = tuple(status.value for status in NeedStatus)
STATUSES = ("solved", "unsolved", "open", "closed")
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


def _add_keywords(value: str, allowed: tuple[str, ...], target: list, q: ParsedQuery, unknown) -> None:
    """Each comma-separated keyword of `value` that is one of `allowed` (typed with - or _) goes
    to `target`; another one is ignored with the `unknown(typed, choices)` warning."""
    for item in value.split(","):
        keyword = item.strip().lower().replace("-", "_")
        if keyword in allowed:
            _add_unique(target, keyword)
        elif keyword:
            q.warnings.append(unknown(item.strip()[:30], ", ".join(a.replace("_", "-") for a in allowed)))


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
        _add_keywords(value, (*KINDS, *sources.registered()), q.kinds, q, lambda typed, choices: _l(
            "Unknown kind “%(value)s” (use %(choices)s); it was ignored.", value=typed, choices=choices))
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
        _add_keywords(value, NEED_STATUSES, q.need_statuses, q, lambda typed, choices: _l(
            "Unknown need status “%(value)s” (use %(choices)s); it was ignored.", value=typed, choices=choices))
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


def replace_word(text: str, word: str, replacement: str) -> str:
    """`word` replaced in the first token that holds it, filters (#board, tags:, @name,
    -word) left as they were."""
    tokens = text.split(" ")
    for i, token in enumerate(tokens):
        if token[:1] in ("#", "@", "-") or re.match(r"[A-Za-z]+:", token):
            continue
        changed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, token, count=1, flags=re.IGNORECASE)
        if changed != token:
            tokens[i] = changed
            return " ".join(tokens)
    return text
