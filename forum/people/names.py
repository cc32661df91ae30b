"""What a name looks like: confusable skeletons, and the characters a display name may not hold."""

import unicodedata

from confusable_homoglyphs.confusables import confusables_data, is_mixed_script

# Direction marks the data wraps right-to-left glyphs in; they are not part of the glyph.
_MARKS = str.maketrans("", "", "\u200e\u200f")


def _prototypes() -> dict[str, str]:
    """Each confusable character -> the prototype it is drawn like (UTS #39 direction).

    confusable-homoglyphs lists Unicode's confusables in both directions: a character that is
    confused with exactly one other (its prototype, or a longer string such as m -> rn) maps to
    it; a prototype lists every character drawn like it. Of two characters that only list each
    other, the higher code point maps to the lower.
    """
    prototypes = {}
    for char, glyphs in confusables_data.items():
        char = char.translate(_MARKS)
        if len(char) != 1 or len(glyphs) != 1:
            continue
        target = glyphs[0]["c"].translate(_MARKS)
        if len(target) > 1 or len(confusables_data.get(target, ())) > 1 or ord(char) > ord(target):
            prototypes[char] = target
    return prototypes


_PROTOTYPE = _prototypes()
SEPARATORS = frozenset("._- ")
# Zero-width (non-)joiners are needed by some scripts and emoji; every other format character
# (bidirectional overrides and isolates, zero-width spaces...) only hides or reorders text.
_ALLOWED_FORMAT = frozenset("\u200c\u200d")


def skeleton(name: str) -> str:
    """What `name` looks like, case-folded, with confusables mapped and separators removed.

    cm_nadia, cm.nadia, CM-NADIA and crn_nadia share one skeleton; so do 0mar and omar, and
    a Latin “a” and a Cyrillic “а”. Accents are kept: Leïla is not Leila.
    """
    # Look-alikes from other scripts first, in their own case (a Cyrillic М is a Latin M),
    # then the case-folded text: ASCII names stay case-insensitive (NADIA is nadia).
    text = "".join(char if char.isascii() else _PROTOTYPE.get(char, char) for char in unicodedata.normalize("NFD", name))
    text = unicodedata.normalize("NFD", text.casefold())
    text = "".join(_PROTOTYPE.get(char, char) for char in text)
    text = unicodedata.normalize("NFD", text).casefold()
    return "".join(char for char in text if char not in SEPARATORS and not _invisible(char))


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp") or char.isspace()


def hidden_characters(text: str) -> bool:
    """Whether `text` holds control, bidirectional or other invisible formatting characters."""
    return any(_invisible(char) and char != " " and char not in _ALLOWED_FORMAT for char in text)


def is_plain(name: str) -> bool:
    """A name written in one script with letters and spaces only (“Mohamed”, “Fatima Aït”),
    as opposed to a handle (“cm.nadia”, “m0hamed”) or a mix of look-alike scripts (“Моhamed”)."""
    letters = unicodedata.normalize("NFD", name)
    if not all(char == " " or char.isalpha() or unicodedata.category(char).startswith("M") for char in letters):
        return False
    return not is_mixed_script(name)
