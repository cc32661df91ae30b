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


def _begin_before_savepoint(connection, name) -> None:
    """pysqlite opens its transaction only before an INSERT/UPDATE/DELETE: a SAVEPOINT issued
    before one (transaction() nested, a service's begin_nested()) would start a transaction of
    its own, which its RELEASE commits, out of reach of the outer rollback. Begin the real
    transaction first; IMMEDIATE, because a savepoint is there to write (a deferred one could
    not upgrade once another process has written: SQLite reports a busy snapshot at once
    instead of waiting)."""
    dbapi_connection = connection.connection.dbapi_connection
    if not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN IMMEDIATE")


def init_app(app) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            from forum.extensions import db

            if not event.contains(db.engine, "connect", _sqlite_pragmas):  # an engine shared by apps
                event.listen(db.engine, "connect", _sqlite_pragmas)
                event.listen(db.engine, "savepoint", _begin_before_savepoint)

