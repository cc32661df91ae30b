"""Keeping the index up to date from inside the web process, with no extra process to run.

Each process has one daemon thread that applies the outbox right after a commit that wrote
to it and otherwise every SEARCH_POLL_SECONDS, so work left by a process that died is picked
up by the others. Requests never wait: they only wake the thread. With SEARCH_SYNC (tests),
there is no thread: pending work is applied just before each search, so results are exact
and tests that never search pay nothing.
"""

import logging
import os
import threading
import time
from contextlib import contextmanager

from .index import SearchIndex
from .whoosh_backend.ranking import weighting

log = logging.getLogger(__name__)


class Indexer:
    def __init__(self, app, engine):
        self.index = SearchIndex(app.config["SEARCH_INDEX_DIR"], engine)
        self.sync = app.config["SEARCH_SYNC"]
        self.poll_seconds = app.config["SEARCH_POLL_SECONDS"]
        self._wakeup = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._start_lock = threading.Lock()
        self._local = threading.local()

    # -- writing --------------------------------------------------------------------------

    def wake(self) -> None:
        if not self.sync:
            self.ensure_running()
            self._wakeup.set()

    def apply_all(self, lock_timeout: float = 30.0) -> int:
        """Apply every pending outbox row now, waiting for the writer lock if need be."""
        applied = 0
        while True:
            done = self.index.apply_outbox(lock_timeout=lock_timeout)
            if not done:
                return applied
            applied += done

    def ensure_running(self) -> None:
        """Start this process's indexer thread (again after a fork: threads do not survive it)."""
        if self.sync:
            return
        with self._start_lock:
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="search-indexer", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        failures = 0
        try:
            self.index.rebuild_if_stale()  # after an upgrade that changed the analysis
        except Exception:
            log.exception("search index rebuild failed; searching the old index meanwhile")
        while not self._stopping.is_set():
            self._wakeup.wait(self.poll_seconds)
            self._wakeup.clear()
            if self._stopping.is_set():
                return
            try:
                while self.index.apply_outbox():
                    pass
                failures = 0
            except Exception:
                failures += 1
                log.exception("search indexing failed; the outbox keeps the work and it will be retried")
                time.sleep(min(30, 2 ** failures))

    def stop(self, timeout: float = 10.0) -> None:
        """Stop this process's indexer thread (tests; a clean shutdown)."""
        self._stopping.set()
        self._wakeup.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run_forever(self) -> None:
        """`flask search indexer`: the same loop in the foreground, for a dedicated process."""
        self._run()

    # -- reading --------------------------------------------------------------------------

    @contextmanager
    def searcher(self):
        """A searcher on the current index, reused by this thread while the index is unchanged.

        A changed index gets a fresh searcher: Whoosh's refresh() reuses segment readers and
        was seen to keep serving documents deleted since (edited posts found twice).
        """
        if self.sync:
            self.apply_all()
        cached = getattr(self._local, "searcher", None)
        if cached is None or not cached.up_to_date() or self._local.path != self.index.current_path():
            if cached is not None:
                cached.close()
            ix = self.index.open()
            cached = ix.searcher(weighting=weighting())
            self._local.searcher, self._local.path = cached, ix.storage.folder
        yield cached
