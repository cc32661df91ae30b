"""Text folding: the one way the forum compares words whatever their accents, case or script variants.

Search analysis, the directory's name search, alphabetical order and slugs all use fold(), so
"energie", "Énergie" and "ÉNERGIE" are the same word everywhere.
"""

import unicodedata

# Letters that do not decompose under NFD, and other one-to-one foldings.
_FOLD_TABLE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ı": "i",
        "þ": "th",
        # Arabic: tatweel, letter variants
        "\u0640": None,  # tatweel
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0649": "\u064a",  # alef maksura ى -> yeh ي
        "\u0629": "\u0647",  # teh marbuta ة -> heh ه
        "\u06cc": "\u064a",  # Farsi yeh -> yeh
        "\u06a9": "\u0643",  # keheh -> kaf
        # Arabic-Indic and Eastern Arabic-Indic digits -> 0-9
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)


def _strip_marks(text: str) -> str:
    """Drop combining marks: accents, Arabic harakat and hamza/madda on alef (أ إ آ -> ا)."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def fold(text: str) -> str:
    """Fold text for comparison (the search index folds words this way before stopwords and stemming).

    NFKC (compatibility forms, ligatures, full-width), case folding, apostrophes
    unified to "'", accents and other combining marks dropped (é -> e, ç -> c,
    œ -> oe; NFD input gives the same result), and Arabic normalised: harakat and
    tatweel dropped, أ إ آ ٱ -> ا, ى -> ي, ة -> ه, Arabic-Indic digits -> 0-9.

    >>> fold("Développement de l’Eau")
    "developpement de l'eau"
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD_TABLE)
    if text.isascii():
        return text
    return _strip_marks(text).translate(_FOLD_TABLE)
