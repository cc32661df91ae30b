"""Per-connection database settings."""

from sqlalchemy import event


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # WAL lets readers go on while one process writes; busy_timeout makes concurrent
    # writers (several gunicorn workers) wait for the lock instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def init_app(app) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            from forum.extensions import db

            event.listen(db.engine, "connect", _sqlite_pragmas)

