"""transaction(): services flush, the outermost block commits, a nested block is a savepoint."""

import ast
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from forum import create_app
from forum.db import transaction
from forum.errors import InvalidInput
from forum.extensions import db
from forum.people import services as people
from forum.people.models import User
from tests.helpers import ON_POSTGRES, PASSWORD, TEST_DATABASE_URL, empty_tables, make_config


def usernames() -> set[str]:
    return set(db.session.scalars(db.select(User.username)))


def test_services_flush_and_the_outermost_transaction_commits(app):
    with transaction():
        people.create_user("amina", "amina@example.org", PASSWORD)
        people.create_user("yassine", "yassine@example.org", PASSWORD)
    db.session.rollback()  # nothing uncommitted left to lose
    assert {"amina", "yassine"} <= usernames()


def test_an_exception_leaving_the_outermost_transaction_keeps_nothing(app):
    with pytest.raises(RuntimeError), transaction():
        people.create_user("amina", "amina@example.org", PASSWORD)
        raise RuntimeError("the second step fails")
    assert "amina" not in usernames()


def test_a_failing_nested_block_undoes_only_its_own_writes(app):
    with transaction():
        people.create_user("amina", "amina@example.org", PASSWORD)
        with pytest.raises(InvalidInput), transaction():
            people.create_user("yassine", "yassine@example.org", PASSWORD)
            people.create_user("Amina", "other@example.org", PASSWORD)  # taken: refused
        people.create_user("salma", "salma@example.org", PASSWORD)
    db.session.rollback()
    assert usernames() >= {"amina", "salma"} and "yassine" not in usernames()


@pytest.fixture
def shared_app(tmp_path, _postgres_schema):
    """An app on a database a second connection can read: a SQLite file, or PostgreSQL."""
    url = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'forum.sqlite'}"
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        if ON_POSTGRES:
            empty_tables()
        db.engine.dispose()


def committed_count(username: str) -> int:
    """What another connection sees (what is committed)."""
    other = create_engine(db.engine.url)
    try:
        with other.connect() as connection:
            return connection.execute(text("select count(*) from users where username = :u"), {"u": username}).scalar()
    finally:
        other.dispose()


def test_a_released_savepoint_is_committed_only_with_the_outermost_transaction(shared_app):
    """On SQLite, a SAVEPOINT issued before any write would be a transaction of its own, and
    its RELEASE would commit: neither another connection nor the outer rollback may see that."""
    with pytest.raises(RuntimeError), transaction():
        with transaction():
            people.create_user("amina", "amina@example.org", PASSWORD)
        assert committed_count("amina") == 0
        raise RuntimeError("after the nested block")
    assert committed_count("amina") == 0 and "amina" not in usernames()
    with transaction():
        with transaction():
            people.create_user("amina", "amina@example.org", PASSWORD)
        assert committed_count("amina") == 0
    assert committed_count("amina") == 1


def test_only_transaction_commits():
    """Services flush; the one commit (and rollback) of the forum is forum/db.py's transaction()."""
    forum = Path(__file__).resolve().parent.parent / "forum"
    found = []
    for path in forum.rglob("*.py"):
        if path == forum / "db.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("commit", "rollback") and ast.unparse(node.func.value).endswith("session"):
                found.append(f"{path.relative_to(forum)}:{node.lineno} {ast.unparse(node)}")
    assert found == []
