"""Markdown rendering: useful formatting in, nothing executable out, bounded time.

The corpora are third-party test material in ../shared/testdata (see its README), read in place.
Output is checked with a real HTML parser: escaped text such as "&lt;script&gt;" is inert.
"""

import re
import time
from html.parser import HTMLParser

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


@pytest.mark.parametrize("case", jsonl_cases("markdown-pathological.jsonl"), ids=lambda c: c["id"])
def test_pathological_markdown_is_rendered_or_refused_within_the_deadline(case):
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
