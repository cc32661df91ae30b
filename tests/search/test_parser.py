"""The search box: parse() on every piece of syntax and on hostile input (no engine involved)."""

import datetime
import random
import unicodedata

import pytest

from forum.search.parser import KINDS, NEED_STATUSES, ParsedQuery, parse
from forum.threads.models import NeedStatus, ThreadKind
from tests import testdata


def warnings_of(parsed):
    return [str(w) for w in parsed.warnings]


# -- parse(): words -------------------------------------------------------------------------


def test_a_question_is_words_and_punctuation_is_not_syntax():
    q = parse("comment financer un forage d'eau potable ?")
    assert q.words == ["comment", "financer", "un", "forage", "d'eau", "potable"]
    assert (q.phrases, q.excluded, q.warnings) == ([], [], [])
    assert q.has_text and not q.is_empty and not q.has_filters
    assert q.order == "relevance"


def test_french_punctuation_and_operators_are_plain_text():
    q = parse("Peut-on financer ? Oui ! (crédit-bail) AND OR NOT * ? ~ ^ : eau* *eau ?eau ~eau ^2 eau:")
    assert q.words == ["Peut-on", "financer", "Oui", "crédit-bail", "AND", "OR", "NOT"] + ["eau"] * 4 + ["2", "eau"]
    assert q.excluded == []


def test_hyphens_inside_words_do_not_exclude():
    q = parse("crédit-bail peuvent-ils sud-ouest")
    assert q.words == ["crédit-bail", "peuvent-ils", "sud-ouest"]
    assert q.excluded == []


# -- parse(): syntax ------------------------------------------------------------------------


def test_every_filter_at_once():
    q = parse(
        "#eau-potable tags:eau,irrigation @Nadia kind:need status:solved in:title "
        'after:2025-01-01 before:2025-12-31 order:latest "eau potable" -forage puits'
    )
    assert q == ParsedQuery(
        words=["puits"],
        phrases=["eau potable"],
        excluded=["forage"],
        boards=["eau-potable"],
        tags=["eau", "irrigation"],
        authors=["nadia"],
        kinds=["need"],
        status="solved",
        in_title=True,
        after=datetime.date(2025, 1, 1),
        before=datetime.date(2025, 12, 31),
        order="latest",
        warnings=[],
    )


@pytest.mark.parametrize(
    "text, boards",
    [
        ("#eau", ["eau"]),
        ("#Eau-Potable", ["eau-potable"]),
        ("#école", ["ecole"]),
        ("#eau #sante #eau", ["eau", "sante"]),
        ("#eau,", ["eau"]),
        ("#", []),
        ("# eau", []),
        ("#!!!", []),
    ],
)
def test_boards(text, boards):
    assert parse(text).boards == boards


def test_a_lone_hash_is_nothing():
    assert parse("# eau").words == ["eau"]


@pytest.mark.parametrize(
    "text, tags",
    [
        ("tags:eau,irrigation", ["eau", "irrigation"]),
        ("tag:eau", ["eau"]),
        ("TAGS:Eau,,Énergie-Solaire,", ["eau", "energie-solaire"]),
        ("tags:eau tags:eau,forage", ["eau", "forage"]),
    ],
)
def test_tags(text, tags):
    q = parse(text)
    assert q.tags == tags
    assert q.warnings == [] and q.words == []


@pytest.mark.parametrize(
    "text, authors, words",
    [
        ("@nadia", ["nadia"], []),
        ("@Karim_Hydro", ["karim_hydro"], []),
        ("merci @nadia, et @cm.salma.", ["nadia", "cm.salma"], ["merci", "et"]),
        ("@", [], []),
        ("@ eau", [], ["eau"]),
        ("@<script>", [], ["script"]),
        ("nadia@example.org", [], ["nadia@example.org"]),
    ],
)
def test_authors(text, authors, words):
    q = parse(text)
    assert (q.authors, q.words) == (authors, words)


def test_kinds():
    assert parse("kind:need").kinds == ["need"]
    assert parse("kind:Question,funding kind:need").kinds == ["question", "funding", "need"]
    for kind in ("question", "need", "practice", "funding", "discussion"):
        assert parse(f"kind:{kind}").kinds == [kind]
    q = parse("kind:besoin,need")
    assert q.kinds == ["need"]
    assert warnings_of(q) == [
        "Unknown kind “besoin” (use question, need, practice, funding, discussion); it was ignored."
    ]


@pytest.mark.parametrize("status", ["solved", "unsolved", "open", "closed"])
def test_statuses(status):
    assert parse(f"status:{status}").status == status
    assert parse(f"STATUS:{status.upper()}").status == status


def test_unknown_status_is_a_warning():
    q = parse("status:resolu eau")
    assert q.status is None
    assert q.words == ["eau"]
    assert warnings_of(q) == ["Unknown status “resolu” (use solved, unsolved, open or closed); it was ignored."]


def test_parse_in_title():
    assert parse("in:title eau").in_title
    q = parse("in:first eau")
    assert not q.in_title
    assert warnings_of(q) == ["Only in:title is supported; “in:first” was ignored."]


@pytest.mark.parametrize(
    "text, after, before",
    [
        ("after:2025-01-01", datetime.date(2025, 1, 1), None),
        ("before:2025-12-31", None, datetime.date(2025, 12, 31)),
        ("after:2025-1-5", datetime.date(2025, 1, 5), None),
        ("after:05/01/2025 before:31/12/2025", datetime.date(2025, 1, 5), datetime.date(2025, 12, 31)),
    ],
)
def test_dates(text, after, before):
    q = parse(text)
    assert (q.after, q.before, q.warnings) == (after, before, [])
    assert q.has_filters and not q.is_empty and not q.has_text


@pytest.mark.parametrize(
    "value", ["2025-02-30", "2025-13-01", "demain", "2025", "0000-01-01", "2025-01-01T10:00", "99999999999-1-1"]
)
def test_bad_dates_are_warnings_and_ignored(value):
    q = parse(f"after:{value} before:{value} eau")
    assert (q.after, q.before) == (None, None)
    assert q.words == ["eau"]
    assert len(q.warnings) == 2
    assert warnings_of(q)[0].startswith(f"“{value[:30]}” is not a date (use YYYY-MM-DD); the after: filter")


def test_dates_in_the_wrong_order_warn():
    q = parse("after:2025-12-31 before:2025-01-01")
    assert (q.after, q.before) == (datetime.date(2025, 12, 31), datetime.date(2025, 1, 1))
    assert warnings_of(q) == ["The after: date is later than the before: date, so nothing can match."]


def test_order():
    assert parse("order:latest").order == "latest"
    assert parse("order:latest order:relevance").order == "relevance"
    q = parse("order:votes")
    assert q.order == "relevance"
    assert warnings_of(q) == ["Unknown order “votes” (use order:latest); it was ignored."]


def test_warnings_are_not_repeated_and_capped():
    assert len(parse("tags: tags: tags:").warnings) == 1
    assert len(parse("kind:" + ",".join(f"x{i}" for i in range(50))).warnings) == 5


def test_filters_without_a_value_warn():
    q = parse("tags: kind: status: after: order:")
    assert q.is_empty
    assert len(q.warnings) == 5
    assert warnings_of(q)[0] == "The tags: filter needs a value; it was ignored."


def test_unknown_prefixes_are_words():
    q = parse("note:importante http://example.org/eau 12:30")
    assert q.words == ["note:importante", "http://example.org/eau", "12:30"]
    assert q.warnings == []


@pytest.mark.parametrize(
    "text, phrases, words",
    [
        ('"eau potable"', ["eau potable"], []),
        ('forage "eau   potable" puits', ["eau potable"], ["forage", "puits"]),
        ("«eau potable»", ["eau potable"], []),
        ("« eau potable »", ["eau potable"], []),
        ("“eau potable” “forage profond”", ["eau potable", "forage profond"], []),
        ('""', [], []),
        ('" ? "', [], []),
        ('a"b c"d', [], ['a"b', 'c"d']),
    ],
)
def test_phrases(text, phrases, words):
    q = parse(text)
    assert (q.phrases, q.words, q.warnings) == (phrases, words, [])


def test_an_unbalanced_quote_leaves_words_and_a_warning():
    q = parse('forage "eau potable')
    assert q.words == ["forage", "eau", "potable"]
    assert q.phrases == []
    assert warnings_of(q) == ["A quotation mark was not closed: the words after it were searched separately."]
    q = parse('"eau potable" "forage')
    assert (q.phrases, q.words, len(q.warnings)) == (["eau potable"], ["forage"], 1)


@pytest.mark.parametrize(
    "text, excluded, words",
    [
        ("eau -forage", ["forage"], ["eau"]),
        ("eau -forage -puits -forage", ["forage", "puits"], ["eau"]),
        ("eau -crédit-bail", ["crédit-bail"], ["eau"]),
        ('eau -"eau usée"', ["eau usée"], ["eau"]),
        ("eau --forage", ["forage"], ["eau"]),
        ("eau - forage", [], ["eau", "forage"]),
        ("eau -", [], ["eau"]),
        ("-", [], []),
        ("---", [], []),
        ("-?", [], []),
        ("-(forage)", ["forage"], []),
        ("eau-forage", [], ["eau-forage"]),
    ],
)
def test_exclusions(text, excluded, words):
    q = parse(text)
    assert (q.excluded, q.words) == (excluded, words)


def test_exclusions_alone_are_an_empty_search():
    q = parse("-forage")
    assert q.is_empty and not q.has_text
    assert parse("-forage #eau").has_filters


def test_empty_inputs():
    for text in ("", "   ", "\n\t", "?", "!!!", "- # @", '"', "« »", "*", "**", "?*~^()"):
        q = parse(text)
        assert q.is_empty, text
        assert not q.has_text


# -- parse(): hostile input -----------------------------------------------------------------


def test_control_characters_are_stripped():
    q = parse("eau\x00potable\x07 puits\x1b[31m soft\u00adhyphen zero\u200bwidth \u202eevil \ud800lone")
    assert q.words == ["eau", "potable", "puits", "31m", "softhyphen", "zerowidth", "evil", "lone"]
    assert all(unicodedata.category(c)[0] != "C" for w in q.words for c in w)


def test_line_breaks_and_odd_spaces_separate_words():
    assert parse("eau\npotable\r\nforage\u2028puits\u00a0source\u3000oued").words == [
        "eau",
        "potable",
        "forage",
        "puits",
        "source",
        "oued",
    ]


def test_huge_queries_are_cut_with_a_warning():
    text = " ".join(["irrigation"] * 2000)
    q = parse(text)
    assert len(" ".join(q.words)) <= 200
    assert len(q.words) == 18  # cut at a word boundary
    assert warnings_of(q) == ["The search was too long: only its first 200 characters were used."]
    q = parse("x" * 1_000_000)
    assert q.words == ["x" * 200] and len(q.warnings) == 1
    q = parse("eau " * 30, max_length=20)
    assert q.words == ["eau"] * 5
    assert warnings_of(q) == ["The search was too long: only its first 20 characters were used."]
    assert parse("eau " * 50).warnings == []  # 200 characters once the spaces are collapsed


def test_the_cap_applies_after_control_characters_are_removed():
    q = parse("\u200b" * 500 + "eau")
    assert q.words == ["eau"]


def test_normalises_decomposed_input_to_nfc():
    q = parse(unicodedata.normalize("NFD", "développement «école»"))
    assert q.words == ["développement"]
    assert q.phrases == ["école"]


def test_non_strings_do_not_raise():
    assert parse(None).is_empty
    assert parse(12).words == ["12"]


def test_need_status_filter():
    q = parse("forage need:open,In-Discussion need:done need:later")
    assert q.need_statuses == ["open", "in_discussion", "done"] and q.has_filters
    assert warnings_of(q) == ["Unknown need status “later” (use open, in-discussion, matched, done); it was ignored."]


def test_kind_and_need_keywords_are_the_enums_values():
    """A kind or need status added to the models is a search keyword with no change here."""
    assert tuple(kind.value for kind in ThreadKind) == KINDS
    assert tuple(status.value for status in NeedStatus) == NEED_STATUSES
    for kind in ThreadKind:
        assert parse(f"kind:{kind.value}").kinds == [kind.value]
    for status in NeedStatus:
        assert parse(f"need:{status.value.replace('_', '-')}").need_statuses == [status.value]


# -- nothing raises -------------------------------------------------------------------------


def _junk(rng, n):
    alphabet = (
        "abcdeéèàçùœ'’\"«»“”-#@:,;.!?*~^()[]{}<>/\\|&%$+=_ \t\n\r\x00\x07\x1b\u00ad\u200b\u202e\u2028\ufeff"
        "التنميةأإآىةـًٌٍَُِّْ٠١٢"
        "\U0001f600\U0001f4a7"
    )
    pieces = [
        "tags:",
        "kind:",
        "status:",
        "after:",
        "before:",
        "in:",
        "order:",
        "#",
        "@",
        "-",
        '"',
        "«",
        "AND",
        "NOT",
        " OR ",
        "2025-02-30",
        "l'",
        "qu’",
    ]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(0, 40)):
            if rng.random() < 0.3:
                parts.append(rng.choice(pieces))
            else:
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))))
        if rng.random() < 0.1:
            parts.append(chr(rng.randint(0xD800, 0xDFFF)))  # a lone surrogate
        out.append("".join(parts))
    return out


def hostile_inputs():
    yield from ['"', '""', '"""', "«", "»", "-", "#", "@", "*", "?", "~", "^", ":", "(", ")", "*eau", "-*", "\\"]
    yield from ["AND", "OR", "NOT", "eau AND NOT forage", "(eau OR puits) AND NOT", "title:eau body:*", "eau^999"]
    yield from ["eau~", "[eau TO puits]", "{a TO b}", "eau" * 10_000, "é" * 5000, " " * 10_000, "\x00" * 100]
    yield from ["after:9999-12-31 before:0001-01-01", "after:-1-1-1", "kind:" + "x" * 500, "tags:" + "," * 300]
    yield from ["\u0301\u0301 \u064b", '-"eau', '-"', "#-", "@-", "--", "-#eau", "-@nadia", "-tags:eau"]
    yield from _junk(random.Random(20261129), 400)
    if (testdata.TESTDATA / "xss-payloads.txt").exists():
        yield from testdata.xss_payloads()


def test_hostile_input_never_raises():
    count = 0
    for text in hostile_inputs():
        parsed = parse(text)
        assert len(" ".join(parsed.words + parsed.phrases + parsed.excluded)) <= 200 * 3
        str(parsed.warnings)
        count += 1
    assert count > 400


def test_the_xss_payloads_are_there():
    testdata.path("xss-payloads.txt")
    assert sum(1 for _ in hostile_inputs()) > 1800
