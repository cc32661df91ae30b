"""Login sessions end on the server: logging out, a password change or reset, expiry."""

import time
from datetime import timedelta

import pytest

from forum.db import transaction
from forum.people import services as people
from tests.helpers import PASSWORD, page_text

NEW_PASSWORD = "nouveau-mot-de-passe-2026"


class Browser:
    """A test client whose every request runs in its own app context, as in production: the
    tests' shared app context would otherwise hand Flask-Login's cached user to every client."""

    def __init__(self, app, **cookies):
        self.app, self.client = app, app.test_client()
        for name, value in cookies.items():
            self.client.set_cookie(name, value)

    def get(self, url, **kwargs):
        with self.app.app_context():
            return self.client.get(url, **kwargs)

    def post(self, url, **kwargs):
        with self.app.app_context():
            return self.client.post(url, **kwargs)

    def cookie(self, name):
        return self.client.get_cookie(name)


def log_in(browser, remember=False, password=PASSWORD):
    data = {"login": "alice", "password": password}
    if remember:
        data["remember"] = "y"
    response = browser.post("/login", data=data)
    assert response.status_code == 302, page_text(response)


def logged_in(browser) -> bool:
    return "Log out" in page_text(browser.get("/"))


def replay(app, name, value):
    """A new browser that only has this one saved cookie."""
    return Browser(app, **{name: value})


def test_a_saved_session_cookie_no_longer_works_after_logout(app, member):
    client = Browser(app)
    log_in(client)
    saved = client.cookie("session").value
    assert logged_in(replay(app, "session", saved))
    client.post("/logout")
    stolen = replay(app, "session", saved)
    assert not logged_in(stolen)
    assert stolen.get("/u/alice/edit").status_code == 302  # to the login page


def test_remember_me_cookie_is_new_at_each_login_and_ends_with_logout(app, member):
    phone, laptop = Browser(app), Browser(app)
    log_in(phone, remember=True)
    log_in(laptop, remember=True)
    phone_cookie = phone.cookie("remember_token").value
    laptop_cookie = laptop.cookie("remember_token").value
    assert phone_cookie != laptop_cookie
    assert logged_in(replay(app, "remember_token", phone_cookie))
    phone.post("/logout")
    assert not logged_in(replay(app, "remember_token", phone_cookie))
    assert logged_in(laptop) and logged_in(replay(app, "remember_token", laptop_cookie))


def test_changing_the_password_logs_out_every_other_session_and_keeps_this_one(app, member):
    phone, laptop = Browser(app), Browser(app)
    log_in(phone, remember=True)
    log_in(laptop)
    phone_cookie = phone.cookie("remember_token").value
    laptop_session = laptop.cookie("session").value
    response = laptop.post("/u/alice/edit", data={
        "pw-current_password": PASSWORD, "pw-password": NEW_PASSWORD, "pw-password_confirm": NEW_PASSWORD,
        "pw-submit": "1"})
    assert response.status_code == 302
    assert logged_in(laptop)
    assert not logged_in(phone)
    assert not logged_in(replay(app, "remember_token", phone_cookie))
    assert not logged_in(replay(app, "session", laptop_session))  # the session before the change
    log_in(phone, password=NEW_PASSWORD)


def test_a_password_reset_ends_every_session(app, member):
    """There is no reset page yet: people.services.reset_password is what it will call."""
    client = Browser(app)
    log_in(client, remember=True)
    remembered = client.cookie("remember_token").value
    with transaction():
        people.reset_password(member, NEW_PASSWORD)
    assert not logged_in(client)
    assert not logged_in(replay(app, "remember_token", remembered))
    log_in(Browser(app), password=NEW_PASSWORD)


def test_a_reset_refuses_a_weak_password_and_ends_nothing(app, member):
    client = Browser(app)
    log_in(client)
    with pytest.raises(people.InvalidInput):
        people.reset_password(member, "azerty1234")
    assert logged_in(client)


class TestExpiry:
    @pytest.fixture
    def app_config(self):
        return {"REMEMBER_COOKIE_DURATION": timedelta(seconds=1), "LOGIN_SESSION_DURATION": timedelta(seconds=1)}

    def test_a_login_and_its_remember_me_cookie_expire_on_the_server(self, app, member):
        client = Browser(app)
        log_in(client, remember=True)
        assert client.cookie("remember_token").expires is not None
        remembered = client.cookie("remember_token").value
        session = client.cookie("session").value
        assert logged_in(replay(app, "remember_token", remembered))
        time.sleep(1.2)
        assert not logged_in(replay(app, "remember_token", remembered))
        assert not logged_in(replay(app, "session", session))
        assert not logged_in(client)
