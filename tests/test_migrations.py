"""The migrations build the schema the models describe, on a fresh database of the run's kind."""

import pathlib

import flask_migrate
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from forum import create_app
from forum.extensions import db
from tests.helpers import ON_POSTGRES, TEST_DATABASE_URL

MIGRATIONS = str(pathlib.Path(__file__).resolve().parent.parent / "migrations")


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new empty database: a SQLite file, or a scratch PostgreSQL database."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    url = make_url(TEST_DATABASE_URL)
    scratch = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    yield url.set(database=scratch).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_builds_the_models_schema_and_downgrade_removes_it(empty_database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "boards", "threads", "posts", "tags", "thread_tags", "mod_actions"} <= tables
        # check() raises SystemExit when autogenerate finds any difference between models and migrations.
        flask_migrate.check(directory=MIGRATIONS)
        flask_migrate.downgrade(directory=MIGRATIONS, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
