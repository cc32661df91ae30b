"""A time budget for one search. A backend checks it while it walks its postings and stops at
the deadline; the search then shows what it found by then, and says the results are
incomplete, instead of holding a worker (the Whoosh backend: whoosh_backend/budget.py).
"""

import time


class Budget:
    """Seconds of this thread's CPU time (time.thread_time): the work of the search itself,
    not the time spent waiting for the processor or the GIL on a busy machine."""

    CHECK_EVERY = 32  # reading the thread's clock costs ~1 µs: not at every document

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.started = time.thread_time()
        self.exhausted = False
        self._calls = 0

    def spent(self) -> float:
        return time.thread_time() - self.started

    def expired(self) -> bool:
        if not self.exhausted:
            self._calls += 1
            if self._calls % self.CHECK_EVERY == 1 and self.spent() > self.seconds:
                self.exhausted = True
        return self.exhausted
