"""Compressed responses (Flask-Compress) for the embedded server: a phone on a slow link gets
a page a third of its size; a client that asks for nothing compressed gets it as it is."""

import gzip

import pytest


@pytest.fixture
def app_config():
    return {"PAGE_CACHE": True}


pytestmark = pytest.mark.usefixtures("empty_cache")  # every test starts with an empty page cache


def test_a_page_is_gzipped_for_a_client_that_accepts_it(app, member, make_thread):
    make_thread(member, title="Forage profond à Tata", body="Quelle profondeur viser ? " * 40)
    visitor = app.test_client(use_cookies=False)
    plain = visitor.get("/", headers={"Accept-Encoding": "identity"})
    packed = visitor.get("/", headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert int(packed.headers["Content-Length"]) < len(plain.get_data()) / 2
    assert "Forage profond à Tata" in plain.get_data(as_text=True)


def test_the_page_cache_keeps_pages_plain_and_serves_each_client_its_encoding(app, member, make_thread):
    thread = make_thread(member, title="Forage profond à Tata")
    visitor = app.test_client(use_cookies=False)
    path = visitor.get(f"/t/{thread.id}").headers["Location"]
    first = visitor.get(path, headers={"Accept-Encoding": "gzip"})
    assert first.headers["X-Page-Cache"] == "miss" and first.headers["Content-Encoding"] == "gzip"
    hit_plain = visitor.get(path, headers={"Accept-Encoding": "identity"})
    hit_packed = visitor.get(path, headers={"Accept-Encoding": "gzip"})
    assert hit_plain.headers["X-Page-Cache"] == hit_packed.headers["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in hit_plain.headers
    assert gzip.decompress(hit_packed.get_data()) == hit_plain.get_data() == gzip.decompress(first.get_data())


def test_pages_of_members_are_compressed_too(client, auth, member):
    auth.login(member)
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip" and member.username in gzip.decompress(page.get_data()).decode()


def test_a_static_file_is_sent_whole_and_its_file_closed(client):
    """Streamed responses are left alone (Flask-Compress's stream wrapper leaves the file open)."""
    css = client.get("/static/css/forum.css", headers={"Accept-Encoding": "br, zstd, gzip"})
    assert css.status_code == 200 and "Content-Encoding" not in css.headers and b"{" in css.get_data()
    css.close()
