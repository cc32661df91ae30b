"""HTTP hardening: security headers, no 500 on odd requests, chunked bodies, versioned static files.

The route tables walk app.url_map, so a route added later is covered without editing this file.
Run them on PostgreSQL too (TEST_DATABASE_URL): 32-bit ids and NUL characters only fail there.
"""

import http.client
import io
import re
import shutil
import threading
from urllib.parse import urlencode

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter, UnicodeConverter
from werkzeug.serving import make_server

from forum.auth.tokens import Purpose, make_token
from forum.communes import services as communes
from forum.extensions import db
from forum.notifications.models import NotificationKind
from forum.notifications.services import deliver
from forum.notifications.tokens import unsubscribe_token
from forum.people.models import User
from forum.threads.models import Post, Thread
from tests.helpers import PASSWORD, page_text

PG_INT_MAX = 2**31 - 1


def _rules(app, method, converter=None):
    """The app's rules that take `method` (and have an argument of the werkzeug `converter` class)."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or method not in rule.methods:
            continue
        if converter is None or any(isinstance(c, converter) for c in rule._converters.values()):
            yield rule


def _path(rule, number, text):
    """A path for `rule`: integer arguments take `number`, text ones `text` (or text(rule, name))."""
    path = rule.rule
    for name in rule.arguments:
        conv = rule._converters[name]
        if isinstance(conv, AnyConverter):
            value = next(iter(conv.items))
        elif isinstance(conv, IntegerConverter):
            value = number
        else:
            value = text(rule, name) if callable(text) else text
        path = re.sub(rf"<[^>]*\b{name}>", str(value), path)
    return path


# -- 1. security headers ----------------------------------------------------------------------

def _assert_security_headers(response):
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip())
    assert directives.get("default-src") == "'self'", csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, csp
    assert directives.get("frame-ancestors") == "'none'", csp
    assert directives.get("object-src") == "'none'", csp
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"


def test_pages_errors_and_static_files_carry_the_security_headers(client, member, make_thread):
    thread = make_thread(member)
    for path in ["/", "/login", f"/t/{thread.slug}/{thread.id}", "/search?q=eau", "/no-such-page",
                 "/static/css/forum.css", "/static/js/similar.js"]:
        with client.get(path) as response:
            assert response.status_code in (200, 404), path
            _assert_security_headers(response)
    response = client.post("/login", data={"login": "x" * (600 * 1024)})
    assert response.status_code == 413
    _assert_security_headers(response)


class TestRateLimited:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "1 per minute"}

    def test_a_429_carries_the_security_headers(self, client, member):
        client.post("/login", data={"login": "alice", "password": "wrong-password"})
        response = client.post("/login", data={"login": "alice", "password": "wrong-password"})
        assert response.status_code == 429
        _assert_security_headers(response)


def test_no_hsts_when_the_site_is_not_configured_for_https(client):
    assert "Strict-Transport-Security" not in client.get("/", base_url="https://localhost").headers
    assert "Strict-Transport-Security" not in client.get("/").headers


class TestHttps:
    @pytest.fixture
    def app_config(self):
        return {"PREFERRED_URL_SCHEME": "https", "SESSION_COOKIE_SECURE": True}

    def test_hsts_when_the_site_is_served_over_https(self, client, member):
        response = client.get("/", base_url="https://localhost")
        assert response.status_code == 200
        assert re.fullmatch(r"max-age=(\d+)(; includeSubDomains)?", response.headers["Strict-Transport-Security"])
        assert int(re.match(r"max-age=(\d+)", response.headers["Strict-Transport-Security"]).group(1)) >= 31536000
        # The login cookie of an HTTPS site is never sent in clear.
        login = client.post("/login", data={"login": "alice", "password": PASSWORD}, base_url="https://localhost")
        assert "Secure" in login.headers["Set-Cookie"]


def test_the_session_cookie_is_not_secure_on_a_plain_http_site(client, member):
    login = client.post("/login", data={"login": "alice", "password": PASSWORD})
    assert login.status_code == 302 and "Secure" not in login.headers["Set-Cookie"]


# -- 2. no 500s -------------------------------------------------------------------------------

def _as_files(fields: dict) -> dict:
    """Every text field sent as a file part of a multipart/form-data body."""
    return {name: (io.BytesIO(value.encode()), f"{name}.txt") for name, value in fields.items()}


def test_text_fields_sent_as_files_read_as_missing(client, auth, admin, member, make_thread, board):
    thread = make_thread(member)
    forms = [
        ("/login", {"login": "alice", "password": PASSWORD}),
        ("/register", {"username": "zed", "display_name": "Zed", "email": "zed@example.org", "kind": "other",
                       "password": "long-enough-pass-2026", "password_confirm": "long-enough-pass-2026"}),
        (f"/t/{thread.id}/reply", {"body": "Une réponse envoyée comme un fichier", "submit": "1"}),
        (f"/b/{board.slug}/new", {"title": "Un titre assez long", "body": "Un corps", "kind": "question",
                                  "submit": "1"}),
        ("/mod/tags", {"name": "nouveau-tag", "description": "Un tag", "submit": "1"}),
        ("/admin/boards/", {"name": "Nouveau tableau", "description": "Un tableau", "submit": "1"}),
    ]
    for path, fields in forms:
        if path not in ("/login", "/register"):
            auth.login(admin)
        text_fields = {k: v for k, v in fields.items() if k not in ("submit", "kind")}
        data = {**_as_files(text_fields), **{k: v for k, v in fields.items() if k not in text_fields}}
        response = client.post(path, data=data, content_type="multipart/form-data")
        assert response.status_code == 200, (path, response.status_code)
        assert "This field is required." in page_text(response), path
        auth.logout()
    assert db.session.query(Post).count() == 1 and db.session.query(Thread).count() == 1


def test_a_profile_field_sent_as_a_file_is_not_read(client, auth, admin):
    """An edit form keeps the stored value of a field that is not sent: the file is never read."""
    auth.login(admin)
    data = {**_as_files({"display_name": "Nom pirate", "email": "pirate@example.org"}), "kind": "other",
            "submit": "1"}
    response = client.post("/u/root/edit", data=data, content_type="multipart/form-data")
    assert response.status_code in (200, 302)
    page = page_text(client.get("/u/root"))
    assert "Admin" in page and "Nom pirate" not in page


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: x=1", "/\\evil.example",
                                    "/\t/evil.example", "//evil.example", "https://evil.example/"])
def test_a_next_parameter_with_control_characters_goes_home(client, member, target):
    response = client.post("/login", query_string={"next": target}, data={"login": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_next_path_on_the_site_is_followed(client, member):
    response = client.post("/login?next=/questions%3Fkind%3Dquestion", data={"login": "alice", "password": PASSWORD})
    assert response.headers["Location"] == "/questions?kind=question"


@pytest.mark.parametrize("big", [PG_INT_MAX + 1, 2**63 - 1, 2**63])
def test_ids_no_column_can_hold_are_not_found_on_every_route(app, client, auth, admin, big):
    """Every <int:...> route, GET and POST, as an admin (so no permission check hides a 500)."""
    auth.login(admin)
    rules = list(_rules(app, "GET", IntegerConverter)) + list(_rules(app, "POST", IntegerConverter))
    assert len(rules) > 20
    for rule in rules:
        path = _path(rule, big, "x")
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(path, method=method, data={"submit": "1"})
        assert response.status_code == 404, (method, path, response.status_code)


def test_a_quote_id_no_column_can_hold_is_ignored(client, auth, member, make_thread):
    thread = make_thread(member)
    auth.login(member)
    for big in (PG_INT_MAX + 1, 2**63 - 1):
        assert client.get(f"/t/{thread.id}/reply?quote={big}").status_code == 200


# The query arguments the views read. A lookup (board, commune...) may answer 404 and hide the
# others, so each is sent alone; the rest go together.
LOOKUP_NAMES = ["board", "tag", "commune", "skill"]
OTHER_NAMES = ["q", "kind", "status", "show", "order", "title", "page", "days", "quote", "next", "country",
               "language", "availability"]


def test_a_nul_in_the_path_is_not_found_on_every_route(app, client, auth, admin, member, make_thread):
    thread = make_thread(member)
    auth.login(admin)
    rules = list(_rules(app, "GET", UnicodeConverter))
    assert len(rules) >= 5
    for rule in rules:
        for nul in ("%00", "a%00b"):
            path = _path(rule, thread.id, nul)
            response = client.get(path)
            assert response.status_code == 404, (path, response.status_code)
    with client.get("/static/%00") as response:
        assert response.status_code == 404


def test_a_nul_in_a_query_value_is_ignored_or_not_found_on_every_page(app, client, auth, admin, member,
                                                                      make_thread):
    thread = make_thread(member)
    _card_of(thread, member)  # /cards/1/..., /bibliotheque/1: a real card (forum/impact/cards)
    commune = communes.create_commune(admin, "Tafraout", "Tiznit", "Souss-Massa")
    deliver({admin.id: NotificationKind.REPLIED}, thread_id=thread.id)  # /notifications/1 is admin's
    from datetime import date  # links: /links/1/edit is a real page

    from forum.impact.links.services import create_record
    from forum.people.services import create_user
    expert = create_user("karim", "karim@example.org", PASSWORD, kind="expert")
    create_record(admin, thread, {"kind": "call", "status": "planned", "occurred_on": date.today(),
                                  "expert_id": expert.id, "partner_id": None, "commune_id": None})
    db.session.commit()
    auth.login(admin)
    # /u/: the admin's own pages (some, like notification preferences, are for the member only).
    by_prefix = {"/b/": thread.board.slug, "/t/": thread.slug, "/tags/": "forage", "/c/": commune.slug,
                 "/u/": "root", "/unsubscribe/": unsubscribe_token(member.id, "replied"),
                 # Account mails' links: live tokens, so that the page itself is shown.
                 "/password/reset/": make_token(Purpose.RESET, admin),
                 "/login/link/": make_token(Purpose.LOGIN, admin),
                 "/email/verify/": make_token(Purpose.VERIFY, admin, admin.email)}

    def text(rule, name):
        return next(value for prefix, value in by_prefix.items() if rule.rule.startswith(prefix))

    queries = [f"{name}=%00" for name in LOOKUP_NAMES] + ["&".join(f"{name}=a%00b" for name in OTHER_NAMES)]
    for rule in _rules(app, "GET"):
        base = _path(rule, thread.id, text)
        assert client.get(base).status_code in (200, 301, 302), base  # a real page, so the query is read
        for query in queries:
            response = client.get(f"{base}?{query}")
            assert response.status_code in (200, 301, 302, 404), (base, query, response.status_code)
    for path in ["/needs?commune=%00", "/needs?board=%00", "/b/eau-assainissement?tag=%00", "/search?board=%00"]:
        assert client.get(path).status_code in (200, 404), path


def _card_of(thread, author):
    """The thread solved, and its capitalisation card (a draft: its writer and moderators see it)."""
    from forum.impact.cards.services import CardFields, create_card
    from forum.threads.services import reply
    from forum.threads.solutions import mark_solution

    mark_solution(author, reply(thread, author, "La solution"))
    return create_card(author, thread, CardFields(title="Une fiche", problem="p", solution="s"), board=thread.board)


# -- 3. chunked bodies ------------------------------------------------------------------------

def _chunked(client, path, body: bytes):
    """A body with no Content-Length, as a server hands a chunked request to the app."""
    return client.post(path, input_stream=io.BytesIO(body), content_type="application/x-www-form-urlencoded",
                       headers={"Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True})


def test_a_chunked_body_over_the_limit_is_refused_and_writes_nothing(app, client, auth, member, make_thread):
    thread = make_thread(member)
    auth.login(member)
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = b"submit=1&body=" + b"x" * limit
    response = _chunked(client, f"/t/{thread.id}/reply", body)
    assert response.status_code == 413
    assert "What you sent is too large." in page_text(response)
    assert db.session.query(Post).count() == 1


def test_a_chunked_body_within_the_limit_is_read_whole(client, auth, member, make_thread):
    thread = make_thread(member)
    auth.login(member)
    response = _chunked(client, f"/t/{thread.id}/reply", "submit=1&body=Réponse+en+morceaux".encode())
    assert response.status_code == 302
    assert db.session.query(Post).order_by(Post.id.desc()).first().body == "Réponse en morceaux"


# -- 4. static files --------------------------------------------------------------------------

def _stylesheet_url(client) -> str:
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', page_text(client.get("/"))).group(1)


def test_the_stylesheet_has_a_versioned_url_with_a_long_cache_lifetime(client):
    url = _stylesheet_url(client)
    assert re.fullmatch(r"/static/css/forum\.css\?v=[0-9a-f]{8,}", url), url
    with client.get(url) as response:
        assert response.status_code == 200 and response.mimetype == "text/css"
        assert response.cache_control.max_age >= 365 * 24 * 3600
        assert response.cache_control.public and response.cache_control.immutable
    # Without the version (or with a stale one) it is revalidated as before, never cached for a year.
    for stale in ("/static/css/forum.css", "/static/css/forum.css?v=0123456789ab"):
        with client.get(stale) as response:
            assert not response.cache_control.immutable and (response.cache_control.max_age or 0) < 3600, stale


def _cached_for_good(client, url) -> bool:
    with client.get(url) as response:
        return bool(response.cache_control.immutable)


def test_the_version_changes_when_the_file_changes(app, client, tmp_path):
    static = tmp_path / "static"
    shutil.copytree(app.static_folder, static)
    app.static_folder = str(static)
    first = _stylesheet_url(client)
    assert _cached_for_good(client, first)
    (static / "css" / "forum.css").write_text("body { color: black; }\n")
    second = _stylesheet_url(client)
    assert second != first
    with client.get(second) as response:
        assert response.get_data() == b"body { color: black; }\n"
    assert _cached_for_good(client, second) and not _cached_for_good(client, first)


@pytest.fixture
def server(app):
    """The app behind Werkzeug's own HTTP server, which decodes chunked bodies as gunicorn does."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _register_chunked(port: int, padding: int) -> int:
    fields = {"username": "chunky", "display_name": "Chunky", "email": "chunky@example.org", "kind": "other",
              "password": "long-enough-pass-2026", "password_confirm": "long-enough-pass-2026", "submit": "1",
              "bio": "x" * padding}
    body = urlencode(fields).encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", "/register", body=(body[i:i + 8192] for i in range(0, len(body), 8192)),
                           headers={"Content-Type": "application/x-www-form-urlencoded"}, encode_chunked=True)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_a_real_server_answers_413_to_a_chunked_body_over_the_limit(app, server):
    assert _register_chunked(server, app.config["MAX_CONTENT_LENGTH"]) == 413
    assert db.session.query(User).count() == 0
    assert _register_chunked(server, 100) == 302
    assert db.session.query(User).filter_by(username="chunky").count() == 1
