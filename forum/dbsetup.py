"""Per-connection database settings, and on SQLite a queue of writers.

SQLite has one writer at a time. A connection that finds the write lock taken waits in
SQLite's busy handler, which sleeps 1, 2, 5 ... then 100 ms between tries: a reply waiting
behind the other worker's reply and the job threads' short transactions kept missing the
moments the lock was free (840 ms waits at 50 replies a second, a transaction holding it for
a few). So before a transaction's first write each connection takes a lock on a file beside
the database (flock: per open file, released by the kernel when a process dies), tried every
millisecond, and keeps it until its commit or rollback: the next writer starts within a
millisecond of the last one's end, and then finds SQLite's own lock free. The file lock only
orders writers; SQLite's lock still guards the data (a writer that does not queue, such as the
sqlite3 shell, is waited for as before), and a writer that waited the whole busy timeout for
the queue goes on without it.
"""

import fcntl
import os
import sqlite3
import time

from sqlalchemy import event

BUSY_TIMEOUT_MS = 15000
QUEUE_POLL_SECONDS = 0.001
# What starts a write transaction (pysqlite issues its BEGIN just before the first of these).
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN", "CREATE", "DROP", "ALTER")


def _is_write(sql: str) -> bool:
    return sql.lstrip()[:7].upper().startswith(_WRITES)


class _WriterQueue:
    """This connection's place in the writers' queue: a file lock of its own (flock conflicts
    between open files, so between threads of one process too)."""

    def __init__(self, database_path: str):
        self.path = database_path + "-writers"
        self.pid = os.getpid()
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self.held = False

    def enter(self) -> None:
        if self.pid != os.getpid():  # a connection carried over a fork: a file of this process's own
            os.close(self.fd)
            self.pid, self.fd, self.held = os.getpid(), os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600), False
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self.held = True
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return  # SQLite's own lock and busy timeout decide from here
                time.sleep(QUEUE_POLL_SECONDS)

    def leave(self) -> None:
        if self.held:
            self.held = False
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self.fd >= 0:
            self.leave()
            os.close(self.fd)
            self.fd = -1

    __del__ = close  # a connection dropped without close(): its file (and any lock) goes with it


class QueuedCursor(sqlite3.Cursor):
    def _in_turn(self, run, sql, parameters):
        """`run(sql, parameters)` after taking the writers' turn if it starts a write."""
        connection = self.connection
        connection.before_statement(sql)
        try:
            return run(sql, parameters)
        finally:
            connection.after_statement()

    def execute(self, sql, parameters=(), /):
        return self._in_turn(super().execute, sql, parameters)

    def executemany(self, sql, seq_of_parameters, /):
        return self._in_turn(super().executemany, sql, seq_of_parameters)


class QueuedConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions queue for the writers' file lock."""

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        path = os.fspath(database)
        in_memory = path in ("", ":memory:") or path.startswith("file:") or kwargs.get("uri")
        self.queue = None if in_memory else _WriterQueue(os.path.abspath(path))

    def before_statement(self, sql: str) -> None:
        if self.queue is not None and not self.queue.held and not self.in_transaction and _is_write(sql):
            self.queue.enter()

    def after_statement(self) -> None:
        # A write outside a transaction (or a failed first write) ended at once: so did its turn.
        if self.queue is not None and not self.in_transaction:
            self.queue.leave()

    def cursor(self, factory=QueuedCursor):
        return super().cursor(factory)

    def execute(self, sql, parameters=(), /):
        return self.cursor().execute(sql, parameters)

    def commit(self):
        try:
            super().commit()
        finally:
            self.after_statement()

    def rollback(self):
        try:
            super().rollback()
        finally:
            self.after_statement()

    def close(self):
        try:
            super().close()
        finally:
            if self.queue is not None:
                self.queue.close()
                self.queue = None


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # WAL lets readers go on while one process writes; busy_timeout makes concurrent
    # writers (several gunicorn workers) wait for the lock instead of failing at once.
    # synchronous=NORMAL: in WAL mode a commit is then written to the log without waiting
    # for the disk (fsync at checkpoints only). A killed process loses nothing it committed
    # (the log is in the operating system's hands); a power cut may lose the last commits,
    # never the database's consistency.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
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


def configure(app) -> None:
    """Before the engine is made: SQLite connections of the writers' queue."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {"factory": QueuedConnection, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def init_app(app) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            from forum.extensions import db

            if not event.contains(db.engine, "connect", _sqlite_pragmas):  # an engine shared by apps
                event.listen(db.engine, "connect", _sqlite_pragmas)
                event.listen(db.engine, "savepoint", _begin_before_savepoint)
