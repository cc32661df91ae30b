"""Anonymous visitors get pages without any cookie (so that a cache can keep them), and choose
their language without a session."""

import pytest
from flask_babel import refresh

from tests.helpers import page_text


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


PAGES = ["/", "/questions", "/needs", "/experts", "/communes", "/tags", "/b/eau-assainissement",
         "/search?q=eau", "/bibliotheque"]


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_page_sets_no_cookie(app, path):
    response = app.test_client(use_cookies=False).get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "csrf_token" not in response.get_data(as_text=True)


def test_a_thread_page_sets_no_cookie(app, member, make_thread):
    thread = make_thread(member)
    visitor = app.test_client(use_cookies=False)
    response = visitor.get(visitor.get(f"/t/{thread.id}").headers["Location"])
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_the_login_form_still_carries_its_token(app):
    response = app.test_client(use_cookies=False).get("/login")
    assert "csrf_token" in response.get_data(as_text=True) and "Set-Cookie" in response.headers


def test_an_anonymous_visitor_switches_language_from_the_footer(client):
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    switched = client.get("/lang?lang=fr&next=/questions")
    assert switched.status_code == 302 and switched.headers["Location"] == "/questions"
    assert "lang=fr" in switched.headers["Set-Cookie"] and "session=" not in switched.headers["Set-Cookie"]
    refresh()  # the test's requests share the fixture's app context, where Babel keeps the locale
    page = client.get("/questions")
    assert '<html lang="fr">' in page.get_data(as_text=True) and "Questions" in page_text(page)


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_the_language_switch_never_leads_off_the_site(client, target):
    response = client.get("/lang", query_string={"lang": "fr", "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_an_unknown_language_changes_nothing(client):
    response = client.get("/lang?lang=xx&next=/")
    assert response.status_code == 302 and "Set-Cookie" not in response.headers
