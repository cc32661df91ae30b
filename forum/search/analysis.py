"""Language analysis for full-text search: French first, Arabic normalised.

Two Whoosh analyzers and one plain function:

- ``text_analyzer()`` for the "title" and "body" fields: words (with positions, so
  phrase queries work), Unicode normalisation, French elisions (l' d' qu'... with
  ' or ’), accent folding, French stopwords, a French stemmer applied *after*
  folding (so a query typed without accents meets the accented text), Arabic
  normalisation and prefix stripping.
- ``spelling_analyzer()`` for the "spell" field ("did you mean"): the words as
  users should see them (lower case, NFC, accents kept, no stemming, no stopwords).
- ``fold(text)``: the character normalisation of ``text_analyzer()`` (forum.text.fold,
  the forum's one folding function).

Whoosh pickles the analyzers into the index schema, so everything here is built
from module-level classes whose pickled state is a few strings; the word lists
and stemmers are looked up in this module when the analyzer runs. Changing them
changes the terms: bump ``ANALYSIS_VERSION`` and rebuild the index.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from whoosh.analysis import Composable, Filter, Token, Tokenizer
from whoosh.lang.snowball.french import FrenchStemmer

from forum.text import fold

from .words import APOSTROPHE_SPLIT, ELISIONS, STOPWORDS, WORD_RE, is_stopword

__all__ = [
    "ANALYSIS_VERSION",
    "ELISIONS",
    "STOPWORDS",
    "WORD_RE",
    "fold",
    "is_stopword",
    "spelling_analyzer",
    "stem",
    "text_analyzer",
]

# Store this with the index; rebuild the index when it changes.
ANALYSIS_VERSION = 1

# The words themselves (what a word is, elisions, stopwords): forum.search.words.
_fold_word = lru_cache(maxsize=200_000)(fold)

# ---------------------------------------------------------------------------
# Arabic


def _is_arabic(word: str) -> bool:
    return "\u0600" <= word[0] <= "\u06ff"


# Longest first. "لل" is ل + ال with the alef dropped ("للتنمية").
_AR_ARTICLE_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال")
_AR_ONE_LETTER_PREFIXES = ("و", "ف", "ب", "ك", "ل")


@lru_cache(maxsize=50_000)
def strip_arabic_prefixes(word: str) -> str:
    """Strip the article and a one-letter prefix from a folded Arabic word.

    "التنمية" -> "تنميه" (after folding), "والتنمية" / "بالتنمية" / "للتنمية" ->
    "تنميه", "وتنمية" -> "تنميه". A prefix is only stripped when at least two
    (article) or three (one letter) letters remain, so short words keep their
    first letter.
    """
    for prefix in _AR_ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    if word[0] in _AR_ONE_LETTER_PREFIXES and len(word) >= 4:
        return word[1:]
    return word


# ---------------------------------------------------------------------------
# French stemmers (on folded words)

_snowball = FrenchStemmer()


def _snowball_stem(word: str) -> str:
    """Snowball French, after dropping a plural "s" and the "e" of a feminine "-ère".

    Snowball alone stems "etranger" to "etrang" but "etrangers" and "etrangere"
    to "etranger" (also "loyer"/"loyers", "premier"/"premiere"): without the
    "s" and the "e" first, singular, plural and feminine meet.
    """
    if len(word) > 4 and word[-1] == "s" and word[-2] not in "siu":
        word = word[:-1]
    if len(word) > 5 and word.endswith("ere"):
        word = word[:-1]
    return _snowball.stem(word)


def _snowball_plain_stem(word: str) -> str:
    return _snowball.stem(word)


def _minimal_stem(word: str) -> str:
    """Plural and feminine endings only (after Savoy's minimal French stemmer)."""
    n = len(word)
    if n < 5:
        if n > 3 and word[-1] in "sx":
            return word[:-1]
        return word
    if word.endswith("aux") and word[-4] != "e":
        return word[:-2] + "l"
    if word[-1] in "sx":
        word = word[:-1]
    if word.endswith(("er", "ee")):
        word = word[:-2] if len(word) > 5 else word[:-1]
    elif word[-1] in "re" and len(word) > 4:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2]:
        word = word[:-1]
    return word


STEMMERS = {
    "snowball": _snowball_stem,
    "snowball-plain": _snowball_plain_stem,
    "minimal": _minimal_stem,
    "none": None,
}
DEFAULT_STEMMER = "snowball"


@lru_cache(maxsize=200_000)
def _stem_cached(name: str, word: str) -> str:
    fn = STEMMERS[name]
    return fn(word) if fn else word


def stem(word: str, stemmer: str = DEFAULT_STEMMER) -> str:
    """Stem a folded French word ("financements" -> "financ"); other words unchanged."""
    if not word or not word.isalpha() or not word.isascii():
        return word
    return _stem_cached(stemmer, word)


# ---------------------------------------------------------------------------
# Tokenizer and filters


def split_word(word: str, start: int = 0, split_apostrophes: bool = True) -> list[tuple[str, int]]:
    """A word matched by WORD_RE -> [(part, offset)], French elisions dropped.

    "l’eau" -> [("eau", 2)]; "qu'aujourd'hui" -> [("aujourd", 3), ("hui", 11)], or
    [("aujourd'hui", 3)] with split_apostrophes=False.
    """
    if not APOSTROPHE_SPLIT.search(word):
        return [(word, start)]
    pieces = APOSTROPHE_SPLIT.split(word)
    offset = start
    # Elided articles and pronouns before the first apostrophe(s): "l'", "qu'", "jusqu'à l'"...
    while len(pieces) > 1 and _fold_word(pieces[0]) in ELISIONS:
        offset += len(pieces[0]) + 1
        pieces = pieces[1:]
    if not split_apostrophes:
        return [(word[offset - start :], offset)]
    parts = []
    for piece in pieces:
        parts.append((piece, offset))
        offset += len(piece) + 1
    return parts


class ForumTokenizer(Tokenizer):
    """Words of letters, digits and combining marks; French elisions removed.

    Hyphens and other punctuation separate words ("crédit-bail" -> "crédit",
    "bail"). Inside a word, an apostrophe (' ’ ʼ) after an elided article or
    pronoun (l' d' qu' jusqu' ...) drops that part ("l’eau" -> "eau",
    "qu'est-ce" -> "est", "ce"); other apostrophes split the word
    ("aujourd'hui" -> "aujourd", "hui"), unless ``split_apostrophes`` is False
    ("aujourd'hui" stays whole, for spelling suggestions). Character offsets
    refer to the original text.
    """

    def __init__(self, split_apostrophes=True):
        self.split_apostrophes = split_apostrophes

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.split_apostrophes == self.split_apostrophes

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        pos = start_pos
        split = getattr(self, "split_apostrophes", True)
        for match in WORD_RE.finditer(value):
            for text, offset in split_word(match.group(0), match.start(), split):
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char + offset
                    t.endchar = start_char + offset + len(text)
                pos += 1
                yield t


class FoldFilter(Filter):
    """Apply ``fold()``: NFKC, case folding, accents and Arabic marks dropped."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        for t in tokens:
            t.text = _fold_word(t.text)
            yield t


class ArabicPrefixFilter(Filter):
    """Strip the Arabic article and one-letter prefixes (on folded words)."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if text and _is_arabic(text):
                t.text = strip_arabic_prefixes(text)
            yield t


class ForumStopFilter(Filter):
    """Drop empty tokens and stopwords (``STOPWORDS``), renumbering positions.

    Like Whoosh's StopFilter, when the analyzer is called with removestops=False
    the stopwords are kept with ``stopped = True``.
    """

    def __init__(self, stopwords=True):
        self.stopwords = stopwords

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.stopwords == self.stopwords

    def __call__(self, tokens):
        stops = STOPWORDS if self.stopwords else frozenset()
        pos = None
        for t in tokens:
            text = t.text
            if not text:
                continue
            if text in stops:
                if t.removestops:
                    continue
                t.stopped = True
            else:
                t.stopped = False
            if t.positions:
                if pos is None:
                    pos = t.pos
                t.pos = pos
                pos += 1
            yield t


class FrenchStemFilter(Filter):
    """Stem folded French words with the stemmer named ``stemmer`` (see ``STEMMERS``)."""

    is_morph = True

    def __init__(self, stemmer=DEFAULT_STEMMER):
        if stemmer not in STEMMERS:
            raise ValueError(f"unknown stemmer {stemmer!r}")
        self.stemmer = stemmer

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.stemmer == self.stemmer

    def __call__(self, tokens):
        name = self.stemmer
        for t in tokens:
            if not t.stopped:
                t.text = stem(t.text, name)
            yield t


class SpellingFilter(Filter):
    """Lower case and NFC, accents kept, apostrophes as "'"; words of 3 letters or more, no numbers."""

    def __init__(self, minsize=3):
        self.minsize = minsize

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.minsize == self.minsize

    def __call__(self, tokens):
        minsize = self.minsize
        for t in tokens:
            text = _spelling_form(t.text)
            if len(text) < minsize or not text:
                continue
            t.text = text
            yield t


@lru_cache(maxsize=200_000)
def _spelling_form(word: str) -> str:
    """The word in lower case, NFC, apostrophes as "'"; "" for numbers."""
    text = APOSTROPHE_SPLIT.sub("'", unicodedata.normalize("NFC", word).lower())
    return text if any(c.isalpha() for c in text) else ""


def text_analyzer(stemmer: str = DEFAULT_STEMMER, stopwords: bool = True) -> Composable:
    """Analyzer of the "title" and "body" fields (and of the words of queries).

    ``stemmer`` ("snowball", "snowball-plain", "minimal", "none") and ``stopwords`` exist for
    benchmarks/tune_recall.py; the application uses the defaults.
    """
    return (
        ForumTokenizer()
        | FoldFilter()
        | ForumStopFilter(stopwords=stopwords)
        | ArabicPrefixFilter()
        | FrenchStemFilter(stemmer)
    )


def spelling_analyzer() -> Composable:
    """Analyzer of the "spell" field: words as shown in "did you mean" suggestions."""
    return ForumTokenizer(split_apostrophes=False) | SpellingFilter(minsize=3)
