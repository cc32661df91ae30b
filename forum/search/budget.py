"""A time budget for one search, enforced inside Whoosh's matchers.

Whatever walks the postings (ranking, counting threads, finding the threads of an excluded
word) goes through a matcher; wrapped in ``BudgetQuery``, every matcher of the search stops
at the same deadline as if it had reached the end of its postings. The search then shows
what it found by then, and says the results are incomplete, instead of holding a worker.
"""

import time

from whoosh import query as wq
from whoosh.matching import WrappingMatcher


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


class _BudgetMatcher(WrappingMatcher):
    """Its child's matches until the budget's deadline, then none."""

    def __init__(self, child, budget: Budget):
        super().__init__(child)
        self.budget = budget

    def _replacement(self, newchild):
        return self.__class__(newchild, self.budget)

    def copy(self):
        return self.__class__(self.child.copy(), self.budget)

    def is_active(self):
        return self.child.is_active() and not self.budget.expired()

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()


class BudgetQuery(wq.WrappingQuery):
    """``child``, matching only until ``budget`` runs out."""

    def __init__(self, child, budget: Budget):
        super().__init__(child)
        self.budget = budget

    def __eq__(self, other):
        return isinstance(other, BudgetQuery) and self.child == other.child and self.budget is other.budget

    def __hash__(self):
        return hash(self.child) ^ id(self.budget)

    def _rewrap(self, child):
        return self.__class__(child, self.budget)

    def matcher(self, searcher, context=None):
        return _BudgetMatcher(self.child.matcher(searcher, context), self.budget)
