"""Applying index jobs, and the searchers that read the index.

Index work is a "search.index" job (forum.search.outbox writes them) that the job runner
applies in batches: hundreds of changes go through one Whoosh writer commit. With
SEARCH_SYNC (tests), pending index jobs are run just before each search instead, so
results are exact and tests that never search pay nothing.
"""

import threading
import weakref
from contextlib import contextmanager

from flask import current_app

from forum.jobs import handler, on_runner_start

from .backend import get_backend
from .index import SearchIndex
from .outbox import SEARCH_JOB
from .whoosh_backend.ranking import weighting
from .whoosh_backend.segments import hold_lengths

# How long one batch waits for the index writer that another process holds (it commits
# in well under a second, unless a rebuild is running: then the jobs are retried later).
WRITER_WAIT_SECONDS = 30.0


class IndexBusy(RuntimeError):
    pass


@handler(SEARCH_JOB, batch=True)
def apply_index_jobs(payloads: list[dict]) -> None:
    pairs = {(payload["thread_id"], payload["post_id"]) for payload in payloads if "source" not in payload}
    records: dict[str, set[int]] = {}
    for payload in payloads:
        if "source" in payload:  # a record of another package (forum.search.sources)
            records.setdefault(payload["source"], set()).add(payload["id"])
    if not get_backend().apply_changes(pairs, lock_timeout=WRITER_WAIT_SECONDS, records=records):
        # The jobs stay queued and are tried again after a back-off.
        raise IndexBusy("the index writer stayed busy (or a rebuild swapped the index)")


@on_runner_start
def rebuild_a_stale_index() -> None:
    """After an upgrade that changed the analysis (searches go on with the old index meanwhile)."""
    backend = get_backend()
    if backend.name == "whoosh":
        current_app.extensions["search"].index.rebuild_if_stale()  # once, whichever process gets there first
    elif backend.is_stale():
        backend.rebuild()


def _close_all(searchers: dict) -> None:
    for searcher, _ in list(searchers.values()):
        searcher.close()
    searchers.clear()


class Indexer:
    def __init__(self, app, engine):
        self.index = SearchIndex(app.config["SEARCH_INDEX_DIR"], engine)
        self.sync = app.config["SEARCH_SYNC"]
        self.jobs = app.extensions["jobs"]
        # thread id -> (its searcher, the index generation it reads): one reader per thread,
        # closed when replaced, when its thread is gone, or with the app (its files are open).
        self._searchers: dict[int, tuple] = {}
        self._lock = threading.Lock()
        weakref.finalize(self, _close_all, self._searchers)

    def apply_all(self) -> int:
        """Run every pending index job now, in this thread; the number applied."""
        return self.jobs.run_pending(kinds=[SEARCH_JOB])

    @contextmanager
    def searcher(self):
        """A searcher on the current index, reused by this thread while the index is unchanged.

        A changed index gets a fresh searcher: Whoosh's refresh() reuses segment readers and
        was seen to keep serving documents deleted since (edited posts found twice).
        """
        if self.sync:
            self.apply_all()
        me = threading.get_ident()
        cached, path = self._searchers.get(me, (None, None))
        if cached is None or not cached.up_to_date() or path != self.index.current_path():
            ix = self.index.open()
            fresh = (ix.searcher(weighting=weighting()), ix.storage.folder)
            hold_lengths(fresh[0].reader(), ("title", "body"))
            with self._lock:
                self._searchers[me] = fresh
                living = {thread.ident for thread in threading.enumerate()}
                gone = [self._searchers.pop(ident)[0] for ident in list(self._searchers) if ident not in living]
            for old in ([cached] if cached is not None else []) + gone:
                old.close()
            cached = fresh[0]
        yield cached

    def close(self) -> None:
        """Close every thread's searcher (their files); the next search opens a new one."""
        with self._lock:
            _close_all(self._searchers)
