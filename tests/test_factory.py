"""Configuration: defaults, instance file, environment, secrets, cookies."""

import os

from forum import create_app, normalize_database_url


def test_french_is_the_default_locale(tmp_path, monkeypatch):
    for name in ("FORUM_BABEL_DEFAULT_LOCALE", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert create_app(instance_path=str(tmp_path)).config["BABEL_DEFAULT_LOCALE"] == "fr"


def test_instance_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("THREADS_PER_PAGE = 7\nPOSTS_PER_PAGE = 9\n")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/forum")
    monkeypatch.setenv("FORUM_POSTS_PER_PAGE", "11")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["THREADS_PER_PAGE"] == 7  # instance/config.py
    assert app.config["POSTS_PER_PAGE"] == 11  # the environment wins over the instance file
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/forum"
    assert app.config["SECRET_KEY"] == "from-env"


def test_secret_key_is_generated_once_into_instance(tmp_path, monkeypatch):
    for name in ("SECRET_KEY", "FORUM_SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    first = create_app(instance_path=str(tmp_path)).config["SECRET_KEY"]
    second = create_app(instance_path=str(tmp_path)).config["SECRET_KEY"]
    assert len(first) >= 32 and first == second
    assert os.stat(tmp_path / "secret_key").st_mode & 0o777 == 0o600


def test_database_url_normalisation():
    assert normalize_database_url("postgresql://x@h/db") == "postgresql+psycopg://x@h/db"
    assert normalize_database_url("postgres://x@h/db") == "postgresql+psycopg://x@h/db"
    assert normalize_database_url("sqlite:///forum.sqlite") == "sqlite:///forum.sqlite"


def test_session_and_remember_cookies_are_httponly_and_lax(client, member):
    response = client.post("/login", data={"login": "alice", "password": "correct-horse-battery", "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session, remember):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
