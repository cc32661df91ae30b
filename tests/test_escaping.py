"""Messages built from what someone typed are shown as text, never as HTML."""

import pytest

from tests.helpers import page_text

HOSTILE = "<img/src=x/onerror=alert('x')>"  # one word: the query parser splits on spaces


@pytest.mark.parametrize("query", [f"in:{HOSTILE}", f"order:{HOSTILE}"])
def test_search_warnings_quote_the_query_as_text(client, query):
    page = page_text(client.get("/search", query_string={"q": query}))
    assert HOSTILE not in page
    assert "&lt;img/src=x/onerror=alert(&#39;x&#39;)&gt;" in page


def test_form_messages_and_labels_stay_escaped(client, auth, member, make_thread):
    """Lazy (translated) field messages and labels still render once, escaped, not doubly."""
    auth.login(member)
    thread = make_thread(member)
    page = page_text(client.post(f"/t/{thread.id}/reply", data={"body": "x" * 30_000, "submit": "1"}))
    assert "Too long: 30000 characters for at most 20000." in page
    assert '<label for="body">Message</label>' in page
    assert "&amp;#" not in page and "&amp;lt;" not in page  # nothing escaped twice
