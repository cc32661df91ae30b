"""A search's time budget enforced inside Whoosh's matchers.

Whatever walks the postings (ranking, counting threads, finding the threads of an excluded
word) goes through a matcher; wrapped in ``BudgetQuery``, every matcher of the search stops
at the same deadline as if it had reached the end of its postings.
"""

from whoosh import query as wq
from whoosh.matching import NullMatcher, ReadTooFar, WrappingMatcher

from ..budget import Budget


class _BudgetMatcher(WrappingMatcher):
    """Its child's matches until the budget's deadline, then none."""

    def __init__(self, child, budget: Budget, boost: float = 1.0):
        super().__init__(child, boost=boost)
        self.budget = budget

    def _replacement(self, newchild):
        return self.__class__(newchild, self.budget, self.boost)

    def copy(self):
        return self.__class__(self.child.copy(), self.budget, self.boost)

    def is_active(self):
        return self.child.is_active() and not self.budget.expired()

    # A matcher above budgeted words (a phrase's intersection) may find them inactive between
    # its own checks and raise ReadTooFar: past the deadline that is the end, not an error.
    def next(self):
        try:
            return self.child.next()
        except ReadTooFar:
            if self.budget.exhausted:
                return False
            raise

    def skip_to(self, id):
        try:
            return self.child.skip_to(id)
        except ReadTooFar:
            if self.budget.exhausted:
                return False
            raise

    def skip_to_quality(self, minquality):
        try:
            return self.child.skip_to_quality(minquality / self.boost)
        except ReadTooFar:
            if self.budget.exhausted:
                return 0
            raise

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()


class BudgetQuery(wq.WrappingQuery):
    """``child``, matching only until ``budget`` runs out."""

    def __init__(self, child, budget: Budget, boost: float = 1.0):
        super().__init__(child)
        self.budget = budget
        self.boost = boost

    def __eq__(self, other):
        return (isinstance(other, BudgetQuery) and self.child == other.child and self.budget is other.budget
                and self.boost == other.boost)

    def __hash__(self):
        return hash(self.child) ^ id(self.budget)

    def _rewrap(self, child):
        return self.__class__(child, self.budget, self.boost)

    def matcher(self, searcher, context=None):
        try:
            child = self.child.matcher(searcher, context)
        except ReadTooFar:  # a span matcher looks for its first match when it is built
            if self.budget.exhausted:
                return NullMatcher()
            raise
        return _BudgetMatcher(child, self.budget, self.boost)


def within(q: wq.Query, budget: Budget) -> wq.Query:
    """``q`` under ``budget``, phrases included: a phrase's matcher looks through every post
    holding all its words for one where they are adjacent, in a single step that a wrapper
    around the whole query never sees, so its words' postings are wrapped too (the phrase
    becomes the SpanNear2 that Whoosh's Phrase builds, on budgeted terms)."""

    def wrap(sub):
        if isinstance(sub, wq.Phrase):
            terms = [BudgetQuery(wq.Term(sub.fieldname, word), budget) for word in sub.words]
            return BudgetQuery(wq.SpanNear2(terms, slop=sub.slop, ordered=True, mindist=1), budget, sub.boost)
        return sub

    return BudgetQuery(q.accept(wrap), budget)
