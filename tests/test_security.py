"""CSRF on every form, rate limits on login and posting (memory and Redis storage)."""

import re

import pytest

from forum.extensions import db
from forum.people.models import User
from forum.threads.models import Post
from tests.helpers import PASSWORD, RATE_LIMIT_STORAGES, page_text, rate_limited


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_every_post_form_carries_a_token(self, client, member, make_thread, moderator):
        thread = make_thread(member)
        client.post("/login", data={"login": "nadia", "password": PASSWORD,
                                    "csrf_token": _token(client.get("/login"))})
        for url in ["/", f"/t/{thread.slug}/{thread.id}", "/b/eau-assainissement/new", f"/t/{thread.id}/reply",
                    "/mod/tags", "/u/nadia/edit"]:
            page = page_text(client.get(url))
            forms = re.findall(r'<form[^>]*method="post".*?</form>', page, flags=re.S)
            assert forms, url
            for form in forms:
                assert re.search(r'name="([\w-]+-)?csrf_token"', form), (url, form[:200])

    def test_a_post_without_token_is_refused_and_changes_nothing(self, client, member, make_thread):
        thread = make_thread(member)
        response = client.post("/login", data={"login": "alice", "password": PASSWORD})
        assert response.status_code == 400 and "The form has expired" in page_text(response)
        client.post("/login", data={"login": "alice", "password": PASSWORD, "csrf_token": _token(client.get("/login"))})
        response = client.post(f"/t/{thread.id}/reply", data={"body": "Sans jeton", "submit": "1"})
        assert response.status_code == 400
        assert db.session.query(Post).count() == 1
        token = _token(client.get(f"/t/{thread.slug}/{thread.id}"))
        response = client.post(f"/t/{thread.id}/reply", data={"body": "Avec jeton", "submit": "1", "csrf_token": token})
        assert response.status_code == 302


def _token(response) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page_text(response)).group(1)


@pytest.fixture(params=RATE_LIMIT_STORAGES)
def app_config(request):
    return rate_limited(
        request.param,
        LOGIN_RATE_LIMIT="3 per minute",
        POST_RATE_LIMIT="2 per minute",
        REGISTER_RATE_LIMIT="2 per hour",
    )


pytestmark = pytest.mark.usefixtures("fresh_limits")


def test_login_attempts_are_limited(client, member):
    for _ in range(3):
        assert client.post("/login", data={"login": "alice", "password": "wrong-password"}).status_code == 200
    response = client.post("/login", data={"login": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "You are going too fast" in page_text(response)
    assert client.get("/login").status_code == 200  # reading the form is not limited


def test_posting_is_limited_per_user_and_the_text_is_kept(client, auth, member, make_thread):
    thread = make_thread(member)
    auth.login(member)
    client.post(f"/t/{thread.id}/reply", data={"body": "Aperçu", "preview": "1"})  # previews do not count
    for n in range(2):
        assert client.post(f"/t/{thread.id}/reply", data={"body": f"Réponse {n}", "submit": "1"}).status_code == 302
    response = client.post(f"/t/{thread.id}/reply", data={"body": "Mon long texte précieux", "submit": "1"})
    assert response.status_code == 429
    page = page_text(response)
    assert "Mon long texte précieux</textarea>" in page and f'action="/t/{thread.id}/reply"' in page
    assert db.session.query(Post).count() == 3


def test_registrations_are_limited_per_address(app):
    def register(n, address):
        with app.app_context():  # a new browser each time (a registration logs it in)
            return app.test_client().post("/register", data={
                "username": f"membre{n}", "display_name": f"Membre {n}", "email": f"membre{n}@example.org",
                "kind": "other", "password": PASSWORD, "password_confirm": PASSWORD,
            }, environ_overrides={"REMOTE_ADDR": address})

    assert [register(n, "192.0.2.1").status_code for n in range(2)] == [302, 302]
    refused = register(2, "192.0.2.1")
    assert refused.status_code == 429 and "You are going too fast" in page_text(refused)
    assert register(3, "192.0.2.2").status_code == 302  # another address
    assert db.session.query(User).count() == 3
