"""The French catalog keeps up with the English source strings.

These tests fail when a string is added or changed in forum/ (Python or
templates) without its French translation, when the committed .mo was not
recompiled after the .po changed, or when pages stop coming out in French.
To fix a failure, follow the commands at the top of babel.cfg
(extract, update, translate the new entries, compile).
"""

import gettext
import io
import os
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import escape

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "forum"
BABEL_CFG = ROOT / "babel.cfg"
TRANSLATIONS = PACKAGE / "translations"
PO_FILE = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po"
MO_FILE = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.mo"

# As on the pybabel command line in babel.cfg: -k _l -k lazy_gettext on top of the defaults.
KEYWORDS = {**DEFAULT_KEYWORDS, **parse_keywords(["_l", "lazy_gettext"])}
# As --ignore-dirs ".* __pycache__": unlike pybabel's default, do not skip "_macros".
IGNORED_DIRS = re.compile(r"^\.|^__pycache__$")

FRENCH_PLURAL_FORMS = "nplurals=2; plural=(n > 1);"
PLACEHOLDER = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def extracted_messages() -> dict:
    """{(msgid, context): [locations]} for the current sources, extracted like pybabel does."""
    with open(BABEL_CFG, encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(BABEL_CFG))
    messages: dict = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(PACKAGE),
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=lambda path: not IGNORED_DIRS.search(os.path.basename(path)),
    ):
        if isinstance(message, (list, tuple)):
            message = tuple(message)
            if not message[0]:
                continue
        elif not message:
            continue
        messages.setdefault((message, context), []).append(f"forum/{filename}:{lineno}")
    return messages


@pytest.fixture(scope="module")
def catalog():
    with open(PO_FILE, "rb") as f:
        return read_po(f, locale="fr")


@pytest.fixture(scope="module")
def sources():
    messages = extracted_messages()
    assert len(messages) > 100, f"extraction found only {len(messages)} messages: is babel.cfg right?"
    return messages


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _has_stray_percent(text: str) -> bool:
    """A '%' that is neither a placeholder nor '%%' (Jinja formats every template string)."""
    return "%" in PLACEHOLDER.sub("", text).replace("%%", "")


def test_extraction_reaches_every_template():
    """Every template (including forum/templates/_macros/) is scanned by babel.cfg's patterns."""
    with open(BABEL_CFG, encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(BABEL_CFG))
    seen = []
    list(extract_from_dir(
        str(PACKAGE), method_map, options_map, keywords=KEYWORDS,
        callback=lambda filename, method, options: seen.append(filename.replace(os.sep, "/")),
        directory_filter=lambda path: not IGNORED_DIRS.search(os.path.basename(path)),
    ))
    templates = {p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "templates").rglob("*.html")}
    assert templates, "no template found"
    assert not templates - set(seen), f"templates not extracted: {sorted(templates - set(seen))}"
    assert "errors.py" in seen


def test_catalog_header(catalog):
    assert catalog.locale is not None and str(catalog.locale) == "fr"
    assert not catalog.fuzzy, "the .po header is still marked fuzzy"
    assert catalog.plural_forms == FRENCH_PLURAL_FORMS
    assert catalog.num_plurals == 2


def test_every_source_string_is_translated(catalog, sources):
    problems = []
    for (msgid, context), locations in sorted(sources.items(), key=lambda item: item[1][0]):
        where = ", ".join(locations[:3])
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = catalog.get(key, context)
        if entry is None:
            problems.append(f"missing: {msgid!r} ({where})")
            continue
        if entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r} ({where})")
        if isinstance(msgid, tuple):
            if not entry.pluralizable or tuple(entry.id) != msgid:
                problems.append(f"plural forms changed in the source: {msgid!r}, catalog has {entry.id!r} ({where})")
                continue
            forms = entry.string if isinstance(entry.string, (list, tuple)) else (entry.string,)
            if len(forms) != catalog.num_plurals or not all(forms):
                problems.append(f"untranslated plural form: {msgid!r} -> {forms!r} ({where})")
                continue
            source_texts = msgid
        else:
            if entry.pluralizable:
                problems.append(f"now singular in the source, plural in the catalog: {msgid!r} ({where})")
                continue
            if not entry.string:
                problems.append(f"empty translation: {msgid!r} ({where})")
                continue
            forms = (entry.string,)
            source_texts = (msgid,)
        # Each French form must carry every placeholder of the English ones (form 0 also
        # serves n = 0 in French) and no placeholder the code does not pass.
        expected = set().union(*map(_placeholders, source_texts))
        for form in forms:
            if _placeholders(form) != expected:
                problems.append(
                    f"placeholders differ: {msgid!r} has {sorted(expected)}, "
                    f"translation {form!r} has {sorted(_placeholders(form))}"
                )
            if _has_stray_percent(form) and not any(map(_has_stray_percent, source_texts)):
                problems.append(f"lone '%' in the translation (write '%%'): {form!r}")
    assert not problems, (
        f"{len(problems)} problem(s) in {PO_FILE.relative_to(ROOT)} "
        "(see babel.cfg for the update commands):\n  " + "\n  ".join(problems)
    )


def test_no_obsolete_or_stray_entries(catalog, sources):
    """The catalog holds only strings the code still uses (pybabel update --ignore-obsolete)."""
    used = {(m[0] if isinstance(m, tuple) else m, c) for m, c in sources}
    stale = sorted(
        (message.id if isinstance(message.id, str) else message.id[0])
        for message in catalog
        if message.id and (message.id if isinstance(message.id, str) else message.id[0], message.context) not in used
    )
    assert not stale, "entries no longer in the sources (run pybabel update):\n  " + "\n  ".join(map(repr, stale))
    assert not catalog.obsolete, f"obsolete #~ entries left: {list(catalog.obsolete)}"


def _gnu(data: bytes) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(data))


def test_compiled_mo_is_up_to_date(catalog):
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    expected = _gnu(buffer.getvalue())
    committed = _gnu(MO_FILE.read_bytes())
    expected_entries = {k: v for k, v in expected._catalog.items() if k != ""}
    committed_entries = {k: v for k, v in committed._catalog.items() if k != ""}
    differ = sorted(
        repr(k) for k in expected_entries.keys() | committed_entries.keys()
        if expected_entries.get(k) != committed_entries.get(k)
    )
    assert not differ, (
        f"{MO_FILE.relative_to(ROOT)} is out of date with the .po; run "
        f"`pybabel compile -d forum/translations`. Differing entries:\n  " + "\n  ".join(differ[:40])
    )
    assert committed.info().get("plural-forms") == FRENCH_PLURAL_FORMS
    assert [committed.plural(n) for n in (0, 1, 2, 10)] == [0, 0, 1, 1]


# --- the running app ---------------------------------------------------------------


@pytest.fixture()
def app():
    from forum import create_app
    from forum.extensions import db

    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "SECRET_KEY": "t",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    })
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


def test_pages_are_french_by_default(app):
    client = app.test_client()
    response = client.get("/login")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Se connecter" in page
    assert "Créer un compte" in page
    assert "Identifiant ou adresse e-mail" in page  # a lazy_gettext form label
    assert "Log in" not in page


def test_english_with_the_lang_cookie(app):
    client = app.test_client()
    client.set_cookie("lang", "en")
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Log in" in page
    assert "Username or email" in page
    assert "Se connecter" not in page


def test_unknown_language_falls_back_to_french(app):
    client = app.test_client()
    client.set_cookie("lang", "xx")
    assert "Se connecter" in client.get("/login").get_data(as_text=True)


def test_error_page_is_french(app):
    response = app.test_client().get("/no-such-page/at-all")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page introuvable" in page
    assert "Retour à la page d'accueil" in page or "Retour à la page d&#39;accueil" in page


def test_plurals_in_french(app):
    from flask_babel import force_locale, ngettext

    with app.test_request_context("/"), force_locale("fr"):
        assert ngettext("%(num)d reply", "%(num)d replies", 0) == "0 réponse"
        assert ngettext("%(num)d reply", "%(num)d replies", 1) == "1 réponse"
        assert ngettext("%(num)d reply", "%(num)d replies", 2) == "2 réponses"


# --- one language look-up per render (forum.templating, issue 12) ---------------------

PAGE_BITS = ('{{ _("Log in") }}|{{ ngettext("%(num)d reply", "%(num)d replies", 2) }}|{{ when|full_date }}|'
             '{{ when|ago }}|{% trans %}Log in{% endtrans %}')


def test_each_render_keeps_its_own_language_within_one_request(app):
    """A page in English, then a mail in French in the same request (force_locale, as
    forum.mail does), then the page again: what a render found is never reused by another."""
    from datetime import UTC, datetime

    from flask import render_template_string
    from flask_babel import force_locale

    when = datetime(2026, 7, 14, 9, 5, tzinfo=UTC)
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        english = render_template_string(PAGE_BITS, when=when)
        with force_locale("fr"):
            french = render_template_string(PAGE_BITS, when=when)
        again = render_template_string(PAGE_BITS, when=when)
    assert english.startswith("Log in|2 replies|14 July 2026 11:05|") and english.endswith("|Log in")
    assert french.startswith("Se connecter|2 réponses|14 juillet 2026 11:05|il y a ") and french.endswith(
        "|Se connecter")
    assert again == english


def test_requests_in_turn_in_english_and_french_each_get_their_language():
    """As served: each request its own app context (the `app` fixture keeps one pushed, and
    Flask-Babel keeps a request's language in it)."""
    from forum import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "t"})
    english, french = app.test_client(), app.test_client()
    english.set_cookie("lang", "en")
    for _ in range(2):
        assert "Log in" in english.get("/login").get_data(as_text=True)
        assert "Se connecter" in french.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_dates_read_as_flask_babel_writes_them(app, locale):
    """The page's date filters give what flask_babel gives, across the changes of time
    (Europe/Paris), naive (UTC) datetimes included."""
    from datetime import UTC, datetime, timedelta

    from flask import render_template_string
    from flask_babel import force_locale, format_datetime

    moments = [datetime(2026, 3, 29, 0, 59, tzinfo=UTC) + timedelta(minutes=m) for m in (0, 1, 2, 61)]
    moments += [datetime(2026, 10, 25, 0, 30, tzinfo=UTC) + timedelta(minutes=m) for m in (0, 29, 30, 31, 90)]
    moments += [datetime(2025, 12, 31, 23, 30), datetime(2026, 1, 1, 0, 0, tzinfo=UTC)]
    moments += [datetime(2026, month, 2 * month, 2 * month % 24, 7 * month % 60, tzinfo=UTC) for month in range(1, 13)]
    with app.test_request_context("/"), force_locale(locale):
        shown = render_template_string("{% for w in moments %}{{ w|full_date }}\n{% endfor %}", moments=moments)
        assert shown.splitlines() == [format_datetime(w, "d MMMM yyyy HH:mm") for w in moments]


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_relative_dates_read_as_babel_writes_them(app, monkeypatch, locale):
    """"il y a 3 heures", "dans 2 jours": what Babel writes, for deltas across every unit,
    both directions, at and around each rounding edge (the page keeps Babel's wording)."""
    from datetime import UTC, datetime, timedelta

    from flask import render_template_string
    from flask_babel import force_locale, format_timedelta

    from forum import templating

    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    monkeypatch.setattr(templating, "utcnow", lambda: now)
    edges = [60, 89, 90, 91, 149, 150, 3239, 3240, 3300, 5399, 5400, 77759, 77760, 86400, 129599, 129600,
             544319, 544320, 604800, 2332799, 2332800, 2592000, 28382399, 28382400, 31536000, 47304000,
             47303999, 10 * 31536000, 99 * 31536000 + 17]
    deltas = [timedelta(seconds=sign * s) for s in edges for sign in (1, -1)]
    deltas += [timedelta(seconds=sign * 1.37 ** n) for n in range(14, 60) for sign in (1, -1)]
    with app.test_request_context("/"), force_locale(locale):
        shown = render_template_string("{% for w in moments %}{{ w|ago }}\n{% endfor %}",
                                       moments=[now + d for d in deltas] * 2)  # twice: from Babel, then kept
        expected = [format_timedelta(d, add_direction=True, granularity="minute", threshold=0.9) for d in deltas]
        assert shown.splitlines() == [escape(text) for text in expected] * 2
