"""Markdown rendering: useful formatting in, nothing executable out, bounded time.

The corpora are third-party test material in ../shared/testdata (see its README), read in place.
Output is checked with a real HTML parser: escaped text such as "&lt;script&gt;" is inert.
"""

import re
import threading
import time
from html.parser import HTMLParser

import psutil
import pytest

from forum import markup
from tests.testdata import jsonl, jsonl_cases, xss_payloads

ALLOWED_URL_SCHEMES = ("http:", "https:", "mailto:")


def _browser_safe_url(url: str) -> bool:
    """How a browser finds a URL's scheme (WHATWG URL parsing): strip leading and trailing C0
    controls and spaces, drop tabs and newlines, then letters/digits/+-. up to the first ":".
    Anything else (a backslash, an entity left as text) makes it a relative URL."""
    url = url.strip("".join(chr(c) for c in range(0x21)))
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return match is None or f"{match.group(1).lower()}:" in ALLOWED_URL_SCHEMES


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in markup.ALLOWED_TAGS:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcdoc", "formaction", "xlink:href"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href" and value is not None and not _browser_safe_url(value):
                self.problems.append(f"href {value!r}")
            if tag == "a" and name == "rel":
                assert value == "nofollow ugc noopener"

    handle_startendtag = handle_starttag


def unsafe_parts(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_the_checker_itself_catches_unsafe_html():
    assert unsafe_parts('<a href="javascript:alert(1)">x</a>')
    assert unsafe_parts('<a href=" JaVa\tScRiPt:alert(1)">x</a>')
    assert unsafe_parts('<a href="javascript:123">x</a>')
    assert not unsafe_parts('<a href="javas\\x07cript:alert(1)">relative, because of the backslash</a>')
    assert unsafe_parts("<img src=x onerror=alert(1)>")
    assert unsafe_parts("<svg><script>alert(1)</script></svg>")
    assert not unsafe_parts("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")


def test_formatting_members_need_is_kept():
    html = markup.render_unbounded(
        "# Étapes\n\n1. **Étude** de *faisabilité*\n2. `budget`\n\n> citation\n\n"
        "| Poste | Coût |\n|:--|--:|\n| Forage | 300 000 MAD |\n\n```\ncode\n```\n\n"
        "Voir https://www.indh.ma et [le guide](https://example.org/guide).\nLigne 2"
    )
    for fragment in ("<h2", "<ol>", "<strong>Étude</strong>", "<em>faisabilité</em>", "<code>budget</code>",
                     "<blockquote>", "<table>", '<td align="right">300 000 MAD</td>', "<pre><code>code",
                     '<a href="https://www.indh.ma" rel="nofollow ugc noopener">',
                     '<a href="https://example.org/guide" rel="nofollow ugc noopener">le guide</a>', "<br"):
        assert fragment in html, fragment
    assert "<h1" not in markup.render_unbounded("# Titre")  # the page keeps its single <h1>


def test_every_xss_payload_comes_out_inert():
    failures = {}
    for payload in xss_payloads():
        problems = unsafe_parts(markup.render_unbounded(payload))
        if problems:
            failures[payload] = problems
    assert len(xss_payloads()) == 1445
    assert not failures, list(failures.items())[:5]


def test_dompurify_vectors_come_out_inert():
    vectors = jsonl("xss-dompurify-vectors.jsonl")
    failures = [(v["title"], unsafe_parts(markup.render_unbounded(v["payload"]))) for v in vectors]
    failures = [f for f in failures if f[1]]
    assert len(vectors) == 223 and not failures, failures[:5]


def test_real_markdown_inputs_render_safely():
    inputs = jsonl("markdown-inputs.jsonl")
    failures = [(i["id"], unsafe_parts(markup.render_unbounded(i["markdown"]))) for i in inputs]
    failures = [f for f in failures if f[1]]
    assert len(inputs) == 1040 and not failures, failures[:5]


@pytest.fixture(scope="module")
def warm_helpers():
    """The helpers' fork server starts with the first text (seconds, once): not a post's cost."""
    markup.render("*chaud*")


@pytest.mark.parametrize("case", jsonl_cases("markdown-pathological.jsonl"), ids=lambda c: c["id"])
def test_pathological_markdown_is_rendered_or_refused_within_the_deadline(case, warm_helpers):
    text = case["markdown"][:20_000]  # the forum's body limit
    started = time.monotonic()
    try:
        html = markup.render(text, timeout=1.0)
    except markup.MarkupTooComplex:
        html = None
    elapsed = time.monotonic() - started
    assert elapsed < 2.5, f"{case['id']} held the worker {elapsed:.1f}s"
    if html is not None:
        assert not unsafe_parts(html)


def test_rendering_recovers_after_a_killed_worker():
    with pytest.raises(markup.MarkupTooComplex):
        markup.render("[a](<b" * 5000, timeout=0.5)
    assert markup.render("*ok*") == "<p><em>ok</em></p>"


def test_hostile_posts_through_the_forum_are_inert_on_the_thread_page(client, auth, member, make_thread):
    """The whole path: form -> service -> stored HTML -> page. Every 25th payload of the corpus."""
    auth.login(member)
    thread = make_thread(member)
    sample = xss_payloads()[::25]
    for payload in sample:
        response = client.post(f"/t/{thread.id}/reply", data={"body": payload, "submit": "1"})
        assert response.status_code in (302, 200)
    page = client.get(f"/t/{thread.slug}/{thread.id}?page=1").get_data(as_text=True)
    pages = [page] + [
        client.get(f"/t/{thread.slug}/{thread.id}?page={n}").get_data(as_text=True) for n in range(2, 5)
    ]
    for html in pages:
        bodies = "".join(part.split("</div>", 1)[0] for part in html.split('<div class="body">')[1:])
        assert not unsafe_parts(bodies)


def test_a_list_on_the_line_after_a_sentence_is_a_list():
    html = markup.render_unbounded("Nous cherchons :\n- un avis sur la certification ;\n- des idées pour vendre")
    assert html == ("<p>Nous cherchons :</p>\n<ul>\n<li>un avis sur la certification ;</li>\n"
                    "<li>des idées pour vendre</li>\n</ul>")
    assert "<ol>\n<li>étude</li>\n<li>devis</li>" in markup.render_unbounded("Étapes :\n1. étude\n2. devis")
    assert "<li>" in markup.render_unbounded("> Il faut :\n> * un forage")
    # As in CommonMark, only a list numbered from 1 interrupts a sentence.
    assert "<ol>" not in markup.render_unbounded("Le plan court jusqu'en\n2026. Nous verrons ensuite.")
    # Code is shown as typed, list-looking lines included.
    assert markup.render_unbounded("```\nétapes :\n- un\n```") == "<pre><code>étapes :\n- un\n</code></pre>"
    assert markup.render_unbounded("    étapes :\n    - un") == "<pre><code>étapes :\n- un\n</code></pre>"


def test_the_demo_need_shows_its_list():
    from forum.seed.demo_content import THREADS

    body = next(t["body"] for t in THREADS if t["key"] == "aop-safran")
    for text in (body, body.replace("Nous cherchons :\n\n", "Nous cherchons :\n")):
        html = markup.render_unbounded(text)
        assert "<p>Nous cherchons :</p>\n<ul>\n<li>un avis sur la <strong>certification de groupe</strong>" in html
        assert html.count("<li>") == 3


def test_an_image_is_shown_as_a_link_with_its_alt_text():
    assert markup.render_unbounded('Voir ![la carte du réseau](https://example.org/carte.png "Réseau")') == (
        '<p>Voir <a href="https://example.org/carte.png" title="Réseau" rel="nofollow ugc noopener">'
        "la carte du réseau</a></p>")
    assert markup.render_unbounded("![](https://example.org/plan.pdf)") == (
        '<p><a href="https://example.org/plan.pdf" rel="nofollow ugc noopener">https://example.org/plan.pdf</a></p>')
    # An unsafe URL leaves the alt text only; an image inside a link leaves the link.
    assert markup.render_unbounded("avant ![le schéma](javascript:alert(1)) après") == "<p>avant le schéma après</p>"
    assert markup.render_unbounded("![a](data:image/png;base64,AAAA)![b](vbscript:x) fin") == "<p>ab fin</p>"
    assert markup.render_unbounded("[![logo](https://example.org/l.png)](https://example.org/)") == (
        '<p><a href="https://example.org/" rel="nofollow ugc noopener">logo</a></p>')


def test_a_reply_with_a_list_and_an_image_shows_them_on_the_thread_page(client, auth, member, make_thread):
    auth.login(member)
    thread = make_thread(member)
    body = "Nous cherchons :\n- un avis\n- un devis\n\n![photo du forage](https://example.org/forage.jpg)"
    assert client.post(f"/t/{thread.id}/reply", data={"body": body, "submit": "1"}).status_code == 302
    page = client.get(f"/t/{thread.slug}/{thread.id}").get_data(as_text=True)
    assert "<p>Nous cherchons :</p>\n<ul>\n<li>un avis</li>\n<li>un devis</li>\n</ul>" in page
    assert '<a href="https://example.org/forage.jpg" rel="nofollow ugc noopener">photo du forage</a>' in page

def test_an_ordinary_post_is_rendered_at_once_while_hostile_ones_hold_helpers(warm_helpers):
    """Parallel hostile previews must not make everybody else wait (the helpers they hold are
    killed at their deadline; a new one must be ready in a blink, not after Python starts)."""
    outcomes = []

    def hostile():
        try:
            markup.render("[" * 20_000, timeout=1.0)
            outcomes.append("rendered")
        except markup.MarkupTooComplex:
            outcomes.append("refused")

    threads = [threading.Thread(target=hostile) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.4)
    started = time.monotonic()
    assert markup.render("Bonjour, **merci** pour le lien.") == "<p>Bonjour, <strong>merci</strong> pour le lien.</p>"
    elapsed = time.monotonic() - started
    for thread in threads:
        thread.join()
    assert outcomes == ["refused"] * 3
    assert elapsed < 0.5, f"an ordinary post waited {elapsed:.2f}s"


def test_a_warmed_up_server_renders_its_first_post_with_the_helper_already_started():
    markup.shutdown()
    markup.warm_up()
    assert len(markup._idle) == 1
    helper = markup._idle[0]
    assert helper.process.is_alive()
    markup.warm_up()  # a second call starts nothing more
    assert markup._idle == [helper]
    assert markup.render("*premier message*") == "<p><em>premier message</em></p>"
    assert markup._idle == [helper]  # the post went to that helper, none was started


def test_an_ordinary_post_on_a_starved_helper_is_not_refused_at_the_first_deadline(warm_helpers):
    """A helper that waits for a processor has used no CPU time: past `timeout` it is still
    given STARVED_FACTOR times as long (a heavy text is cut at `timeout`, tested above)."""
    helper = markup._Worker()
    try:
        process = psutil.Process(helper.process.pid)
        process.suspend()  # no processor at all, as on an overloaded machine
        timer = threading.Timer(0.5, process.resume)
        timer.start()
        started = time.monotonic()
        assert helper.render("Bonjour **à tous**", timeout=0.3) == "<p>Bonjour <strong>à tous</strong></p>"
        assert 0.45 < time.monotonic() - started < 0.9
        timer.join()
        process.suspend()
        started = time.monotonic()
        with pytest.raises(markup.MarkupTooComplex):  # never resumed: refused at the last deadline
            helper.render("Bonjour", timeout=0.2)
        assert 0.55 < time.monotonic() - started < 1.0
    finally:
        helper.kill()
