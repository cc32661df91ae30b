"""Did you mean: words no post or tag holds, replaced by close words that the forum uses."""

from bisect import bisect_left

from whoosh import spelling
from whoosh.codec.base import Automata

from ..backend import SPELL_MAX_WORDS
from ..budget import Budget
from ..parser import ParsedQuery, replace_word
from .queries import spell_words
from .segments import segment_words


class _WordsCursor:
    """The two calls of a Whoosh term cursor that Automata.find_matches makes, over a list."""

    def __init__(self, words: list[str]):
        self.words, self.at = words, 0

    def text(self) -> str | None:
        return self.words[self.at] if self.at < len(self.words) else None

    def find(self, word: str) -> None:  # to the first word >= `word`
        self.at = bisect_left(self.words, word, self.at)


def words_within(words: list[str], text: str, maxdist: int, prefix: int = 0):
    """The words of the sorted list `words` within `maxdist` edits of `text` (Whoosh's
    Damerau-Levenshtein automaton, as SegmentReader.terms_within uses it)."""
    return Automata.find_matches(Automata.levenshtein_dfa(text, maxdist, prefix), _WordsCursor(words))


class SegmentsCorrector(spelling.ReaderCorrector):
    """Whoosh's spelling corrector, asking each index segment for its close words.

    A live index has several segments (the big one of the last rebuild, small ones for the
    posts since), and Whoosh's MultiReader has no terms_within() of its own: its fallback
    computes an edit distance against every word of the field (0.3-0.8 s at 100,000 posts).
    Each segment's word list, held in memory (segments.segment_words: walked on disk, one
    seek and read per step of the automaton, a misspelt word cost 0.1-0.4 s at 50,000 posts),
    answers through the automaton in milliseconds.
    Ranked as Whoosh ranks: edit distance, then the most used word.
    """

    def _suggestions(self, text, maxdist, prefix):
        frequency = self.reader.frequency
        words_field = self.fieldobj.spelling_fieldname(self.fieldname)
        seen = set()
        for leaf, _offset in self.reader.leaf_readers():
            for word in words_within(segment_words(leaf, words_field), text, maxdist, prefix):
                if word not in seen:
                    seen.add(word)
                    yield 0 - (maxdist + 0.5 / (frequency(self.fieldname, word) or 1)), word


def suggest(searcher, parsed: ParsedQuery, text: str, tags: dict, budget: Budget) -> str | None:
    """The query with misspelt words replaced by close words that the forum actually uses.

    A word is misspelt when no title, post or tag holds it. At most SPELL_MAX_WORDS of them
    are looked up, and none once `budget` (SPELL_SHARE of the search's, on top of it) is
    spent: a lookup at distance 2 costs tens of milliseconds on a large index."""
    corrector = SegmentsCorrector(searcher.reader(), "spell", searcher.schema["spell"])
    analyzer = searcher.schema["body"].analyzer
    tag_words = {term for terms in tags for term in terms}
    corrected, looked_up = text, 0
    for word in spell_words(parsed):
        # Known once analysed (accents folded, stemmed): "electrification" is no typo.
        if any(token.text in tag_words or searcher.doc_frequency("body", token.text)
               or searcher.doc_frequency("title", token.text) for token in analyzer(word)):
            continue
        if looked_up >= SPELL_MAX_WORDS or budget.spent() > budget.seconds:
            break
        looked_up += 1
        # The closest words first; among equally close ones the corrector picks the most used.
        suggestions = corrector.suggest(word, limit=1, maxdist=1)
        if not suggestions and budget.spent() <= budget.seconds:
            suggestions = corrector.suggest(word, limit=1, maxdist=2)
        if suggestions and suggestions[0] != word:
            corrected = replace_word(corrected, word, suggestions[0])
    return corrected if corrected != text else None
