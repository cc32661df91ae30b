"""Running jobs: a daemon thread in each web process (the embedded default) or a worker.

JOBS_RUNNER decides who runs them:
    "thread"    each process has one daemon thread (started again after a fork) that runs
                jobs right after a commit that enqueued some, and otherwise polls every
                JOBS_POLL_SECONDS for work left by a process that died. Nothing extra to start.
    "external"  web processes run nothing; `flask jobs worker` processes do (any number,
                on any machine sharing the PostgreSQL database).
    "sync"      no thread (the default under TESTING): jobs run only when `run_pending()` is
                called: search calls it just before each search (SEARCH_SYNC), tests call
                it for the other kinds, so results are exact and no thread outlives a test.
"""

import atexit
import logging
import os
import threading
import time

from flask import Flask

from forum.db import transaction
from forum.extensions import db

from . import queue
from .registry import HANDLERS, STARTUP

log = logging.getLogger(__name__)

MODES = ("thread", "external", "sync")


class Runner:
    def __init__(self, app: Flask):
        self.app = app
        self.mode = app.config["JOBS_RUNNER"]
        if self.mode not in MODES:
            raise ValueError(f"JOBS_RUNNER must be one of {MODES}, not {self.mode!r}")
        self.batch_size = app.config["JOBS_BATCH_SIZE"]
        self.poll_seconds = app.config["JOBS_POLL_SECONDS"]
        self.lease_seconds = app.config["JOBS_LEASE_SECONDS"]
        self._wakeup = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._start_lock = threading.Lock()

    # -- running --------------------------------------------------------------------------

    def run_pending(self, kinds=None) -> int:
        """Run available jobs (of these kinds, or all) until none is left, or stop() is
        called; the number done. A job that fails is retried later (its back-off), so this
        always ends.
        """
        done = 0
        while not self._stopping.is_set():
            with self.app.app_context():
                claimed = queue.claim(db.engine, self.batch_size, self.lease_seconds, kinds,
                                      max_attempts=self.app.config["JOBS_MAX_ATTEMPTS"])
            if not claimed:
                return done
            by_kind: dict[str, list] = {}
            for job in claimed:
                by_kind.setdefault(job.kind, []).append(job)
            for kind, jobs in by_kind.items():
                done += self._run(kind, jobs)
        return done

    def _run(self, kind: str, jobs: list) -> int:
        handler = HANDLERS.get(kind)
        groups = [jobs] if handler is None or handler.batch else [[job] for job in jobs]
        done = 0
        for group in groups:
            with self.app.app_context():
                try:
                    # The handler is the outermost transaction: its database writes and the
                    # deletion of its jobs commit together.
                    with transaction():
                        if handler is None:
                            raise LookupError(f"no handler for jobs of kind {kind!r}")
                        if handler.batch:
                            handler.function([job.payload for job in group])
                        else:
                            handler.function(**group[0].payload)
                        queue.finish(db.session, [job.id for job in group])
                    done += len(group)
                except Exception as error:
                    log.exception("job %s %s failed; it will be retried", kind, [job.id for job in group])
                    queue.fail(db.engine, group, error, max_attempts=self.app.config["JOBS_MAX_ATTEMPTS"],
                               retry_seconds=self.app.config["JOBS_RETRY_SECONDS"],
                               max_backoff_seconds=self.app.config["JOBS_MAX_BACKOFF_SECONDS"])
        return done

    # -- the loop ---------------------------------------------------------------------------

    def wake(self) -> None:
        """A commit enqueued work: run it now (thread mode; the others wait for their runner)."""
        if self.mode == "thread":
            self.ensure_running()
            self._wakeup.set()

    def ensure_running(self) -> None:
        """Start this process's runner thread (again after a fork: threads do not survive it)."""
        if self.mode != "thread":
            return
        with self._start_lock:
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._stopping.clear()
            self._thread = threading.Thread(target=self.run_forever, name="jobs-runner", daemon=True)
            self._thread.start()
            # A daemon thread dies mid-job when the interpreter exits, and its claimed jobs
            # would then wait for their lease to expire: let it finish the batch in hand.
            atexit.unregister(self.stop)
            atexit.register(self.stop)

    def run_forever(self) -> None:
        """The runner loop; `flask jobs worker` runs it in the foreground."""
        for startup in STARTUP:
            try:
                with self.app.app_context():
                    startup()
            except Exception:
                log.exception("job runner start-up task %s failed", startup.__name__)
        failures = 0
        while not self._stopping.is_set():
            try:
                self.run_pending()
                failures = 0
            except Exception:  # the database is unreachable, say: the jobs wait in it
                failures += 1
                log.exception("job runner pass failed; retrying")
                time.sleep(min(30, 2 ** failures))
            self._wakeup.wait(self.poll_seconds)
            self._wakeup.clear()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop this process's runner thread (tests; a clean shutdown)."""
        self._stopping.set()
        self._wakeup.set()
        if self._thread is not None:
            self._thread.join(timeout)
