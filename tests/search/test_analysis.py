"""The search analyzers: what terms French and Arabic text turn into."""

import pickle
import unicodedata

import pytest
from whoosh.fields import TEXT, Schema
from whoosh.qparser import QueryParser

from forum.search.analysis import (
    STOPWORDS,
    fold,
    is_stopword,
    spelling_analyzer,
    stem,
    strip_arabic_prefixes,
    text_analyzer,
)
from tests.helpers import ram_index

ANALYZER = text_analyzer()
SPELLING = spelling_analyzer()


def terms(text, analyzer=ANALYZER, **kwargs):
    return [t.text for t in analyzer(text, **kwargs)]


def nfd(text):
    return unicodedata.normalize("NFD", text)


# -- fold() ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Développement", "developpement"),
        ("ÉCOLES", "ecoles"),
        ("l’eau", "l'eau"),
        ("Œuvre, cœur, Lætitia", "oeuvre, coeur, laetitia"),
        ("Straße", "strasse"),
        ("ﬁnancement", "financement"),  # ligature
        ("２０２４", "2024"),  # full width
        ("٢٠٢٤ ۲۰۲۴", "2024 2024"),  # Arabic-Indic digits
        ("Ça coûte très cher à Fès", "ca coute tres cher a fes"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_treats_decomposed_accents_like_composed_ones():
    for word in ("développement", "école", "Électricité", "maïs", "août", "çà"):
        assert fold(nfd(word)) == fold(word)
        assert fold(word).isascii()


@pytest.mark.parametrize(
    "text, folded",
    [
        ("مَدْرَسَةٌ", "مدرسه"),  # harakat dropped, ة -> ه
        ("أحمد", "احمد"),  # أ -> ا
        ("إبراهيم", "ابراهيم"),  # إ -> ا
        ("آمال", "امال"),  # آ -> ا
        ("ٱلله", "الله"),  # alef wasla -> ا
        ("مستشفى", "مستشفي"),  # ى -> ي
        ("التـــنمية", "التنميه"),  # tatweel dropped
    ],
)
def test_fold_normalises_arabic(text, folded):
    assert fold(text) == folded


# -- text_analyzer(): French -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, written",
    [
        ("developpement", "développement"),
        ("DEVELOPPEMENT", "Développement"),
        ("financements", "financement"),
        ("financer", "financement"),
        ("ecoles", "écoles"),
        ("écoles", "école"),
        ("ecole", "École"),
        ("electricite", "électricité"),
        ("etrangers", "étrangère"),
        ("étranger", "étrangères"),
        ("premiere", "premiers"),
        ("loyers", "loyer"),
        ("projets", "projet"),
        ("communaux", "communal"),
        ("chevaux", "cheval"),
        ("irrigations", "irrigation"),
        ("associations", "association"),
        ("coeur", "cœur"),
        ("l'eau", "eau"),
        ("l’eau", "eau"),
        ("lʼeau", "eau"),
        ("d'eau", "L'EAU"),
        ("eau", "qu’eau"),
        (nfd("développement des écoles"), "développement écoles"),
    ],
)
def test_french_forms_meet(typed, written):
    assert terms(typed) == terms(written) != []


def test_terms_of_a_sentence():
    assert terms("Comment financer un forage d’eau potable ?") == ["financ", "forag", "eau", "potabl"]
    assert terms("Qu'est-ce que la médiation familiale ?") == ["mediat", "familial"]


def test_stemming_is_applied_after_folding():
    # Snowball on the accented word would give "étranger" for "étrangers" but
    # "etrang" for "etrangers": folding first makes accents irrelevant.
    assert stem("etrangers") == stem(fold("étrangères")) == stem("etranger")
    assert stem("financements") == stem("financement") == "financ"
    assert stem("ecoles") == stem("ecole") == "ecol"


def test_stemmer_leaves_numbers_and_arabic_alone():
    assert stem("2024") == "2024"
    assert stem("تنميه") == "تنميه"
    assert terms("F34355 article L123-4") == ["f34355", "articl", "l123", "4"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("l'eau", ["eau"]),
        ("l’eau", ["eau"]),
        ("L’EAU", ["eau"]),
        ("d'irrigation", ["irrig"]),
        ("j'ai", []),
        ("n'est", []),
        ("s'applique", ["appliqu"]),
        ("c'est", []),
        ("m'inscrire", ["inscrir"]),
        ("t'appelle", ["appel"]),
        ("qu'une", []),
        ("jusqu'à l'école", ["ecol"]),
        ("lorsqu'il", []),
        ("aujourd'hui", ["aujourd", "hui"]),  # not an elision: both parts kept
    ],
)
def test_elisions(text, expected):
    assert terms(text) == expected


def test_hyphenated_words_are_words():
    assert terms("crédit-bail") == ["cred", "bail"]
    assert terms("peuvent-ils") == ["peuvent"]
    assert terms("est-ce") == []
    assert terms("Cherbourg-en-Cotentin") == ["cherbourg", "cotentin"]


def test_stopwords_are_dropped():
    assert terms("comment les que est-ce quel quelle pourquoi où à la le des du de un une") == []
    for word in ("comment", "les", "que", "est", "où", "à", "été", "Quelles"):
        assert is_stopword(word)
    for word in ("eau", "forage", "plus", "peut", "faut", "commune"):
        assert not is_stopword(word)
    assert all(w == fold(w) for w in STOPWORDS)


def test_stopwords_are_kept_as_stopped_tokens_when_asked():
    tokens = [(t.text, t.stopped) for t in ANALYZER("le forage", removestops=False)]
    assert tokens == [("le", True), ("forag", False)]


def test_positions_skip_stopwords_and_chars_point_into_the_original_text():
    text = "L’eau de la source d’Ifrane"
    tokens = [(t.text, t.pos, text[t.startchar : t.endchar]) for t in ANALYZER(text, positions=True, chars=True)]
    assert tokens == [("eau", 0, "eau"), ("sourc", 1, "source"), ("ifran", 2, "Ifrane")]


def test_chars_of_decomposed_text_point_into_the_original_text():
    text = nfd("Électricité à Fès")
    tokens = [(t.text, text[t.startchar : t.endchar]) for t in ANALYZER(text, chars=True)]
    assert tokens == [("electricit", nfd("Électricité")), ("fe", nfd("Fès"))]


def test_punctuation_is_not_a_word():
    assert terms("?! … « » — (eau) [forage] *potable* 'puits' \"source\" _x_") == [
        "eau",
        "forag",
        "potabl",
        "puit",
        "sourc",
        "x",
    ]
    assert terms("") == []
    assert terms("   \n\t ") == []


# -- text_analyzer(): Arabic -----------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    ["التنمية", "تنمية", "والتنمية", "بالتنمية", "للتنمية", "فالتنمية", "كالتنمية", "وتنمية", "لتنمية", "التـنمية"],
)
def test_arabic_article_and_prefixes_are_stripped(form):
    assert terms(form) == terms("تنمية") == ["تنميه"]


def test_arabic_normalisation_makes_variants_meet():
    assert terms("المَاءُ الصَّالِحُ لِلشُّرْبِ") == terms("الماء الصالح للشرب")
    assert terms("أحمد") == terms("احمد")
    assert terms("مستشفى") == terms("مستشفي")
    assert terms("مدرسة") == terms("مدرسه")


def test_short_arabic_words_keep_their_first_letter():
    assert strip_arabic_prefixes("بيت") == "بيت"  # "house", not ب + يت
    assert strip_arabic_prefixes("ولد") == "ولد"
    assert strip_arabic_prefixes("الى") == "الى"  # too short for the article to go


def test_arabic_stopwords():
    assert terms("في من على") == []


def test_mixed_french_and_arabic():
    assert terms("Coopérative التعاونية 2024") == ["cooper", "تعاونيه", "2024"]


# -- spelling_analyzer() --------------------------------------------------------------------


def test_spelling_keeps_accents_and_drops_stems_stops_and_short_words():
    text = "Le Développement de l’eau à l'École, les écoles ; 2024 ok"
    assert terms(text, SPELLING) == ["développement", "eau", "école", "les", "écoles"]


def test_spelling_normalises_decomposed_text_to_nfc():
    [word] = terms(nfd("Électrification"), SPELLING)
    assert word == "électrification"
    assert unicodedata.is_normalized("NFC", word)


def test_spelling_keeps_words_with_inner_apostrophes_whole():
    assert terms("qu’aujourd’hui jusqu'à prud'hommes", SPELLING) == ["aujourd'hui", "prud'hommes"]


def test_spelling_of_arabic():
    assert terms("التنمية في", SPELLING) == ["التنمية"]


# -- in a Whoosh index -----------------------------------------------------------------------


def test_analyzers_pickle_as_the_index_schema_does():
    for analyzer in (ANALYZER, SPELLING, text_analyzer(stemmer="minimal"), text_analyzer(stopwords=False)):
        copy = pickle.loads(pickle.dumps(analyzer))
        assert copy == analyzer
        assert terms("Les financements de l’école", copy) == terms("Les financements de l’école", analyzer)


def test_unknown_stemmer_is_refused():
    with pytest.raises(ValueError):
        text_analyzer(stemmer="porter")


@pytest.fixture(scope="module")
def index():
    schema = Schema(
        key=TEXT(stored=True),
        body=TEXT(analyzer=text_analyzer(), phrase=True, stored=True),
        spell=TEXT(analyzer=spelling_analyzer(), phrase=False, spelling=True),
    )
    ix = ram_index(schema)
    with ix.writer() as w:
        for key, body in [
            ("dev", "Plan communal de développement et financement des écoles rurales"),
            ("eau", "L’eau potable arrive au douar grâce au forage"),
            ("nfd", nfd("Électrification des douars isolés")),
            ("ar", "برنامج التنمية المحلية للجماعة"),
            ("bail", "Le crédit-bail pour les tracteurs"),
        ]:
            w.add_document(key=key, body=body, spell=body)
    return ix


@pytest.mark.parametrize(
    "typed, key",
    [
        ("developpement", "dev"),
        ("financements", "dev"),
        ("ecoles", "dev"),
        ("l'eau", "eau"),
        ("l’eau", "eau"),
        ("EAU", "eau"),
        ("électrification", "nfd"),
        ("electrification isoles", "nfd"),
        (nfd("électrification"), "nfd"),
        ("تنمية", "ar"),
        ("والتنمية", "ar"),
        ('"crédit-bail"', "bail"),
        ('"credit bail"', "bail"),
    ],
)
def test_typed_words_find_the_written_text(index, typed, key):
    with index.searcher() as s:
        q = QueryParser("body", index.schema).parse(typed)
        assert [hit["key"] for hit in s.search(q)] == [key]


def test_spell_field_holds_words_as_written(index):
    with index.searcher() as s:
        words = {w.decode() if isinstance(w, bytes) else w for w in s.lexicon("spell")}
        assert {"développement", "écoles", "électrification", "isolés", "eau", "crédit", "التنمية"} <= words
        assert not any(len(w) < 3 for w in words)
        assert s.corrector("spell").suggest("developement", limit=1) == ["développement"]
