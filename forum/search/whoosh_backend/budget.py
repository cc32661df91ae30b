"""A search's time budget enforced inside Whoosh's matchers.

Whatever walks the postings (ranking, counting threads, finding the threads of an excluded
word) goes through a matcher; wrapped in ``BudgetQuery``, every matcher of the search stops
at the same deadline as if it had reached the end of its postings.
"""

from whoosh import query as wq
from whoosh.matching import NullMatcher, ReadTooFar, WrappingMatcher

from ..budget import Budget
from .matchers import CheckedPhrase, RequiredDocs


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
    around the whole query never sees, so each phrase becomes a ``CheckedPhrase``, which
    checks the budget per post it looks at (and, beside other required words, looks only at
    the posts that hold them all: ``required_words``)."""
    guide = required_words(q)

    def wrap(sub):
        if isinstance(sub, wq.Phrase):
            terms = [wq.Term(sub.fieldname, word) for word in sub.words]
            checked = CheckedPhrase(terms, slop=sub.slop, ordered=True, mindist=1, budget=budget, guide=guide)
            return BudgetQuery(checked, budget, sub.boost)
        return sub

    return BudgetQuery(q.accept(wrap), budget)


def required_words(q: wq.Query) -> RequiredDocs | None:
    """Every word that a document must hold (in one of the fields its clause searches) to
    match ``q``, when ``q`` requires a phrase and something else. A phrase's positions need only be read in the documents that hold them
    all: six phrases that no post holds together cost one intersection, not six walks
    through the positions of every post holding each one. None when there is no such gain."""
    fields_of: dict[str, set[str]] = {}
    clauses, phrases = 0, 0

    def clause(sub) -> bool:  # a phrase, a word, or the same in several fields
        nonlocal phrases
        parts = sub.subqueries if isinstance(sub, wq.Or) else [sub]
        if not parts or not all(isinstance(p, wq.Phrase | wq.Term) for p in parts):
            return False
        for part in parts:
            words = part.words if isinstance(part, wq.Phrase) else [part.text]
            for word in words:
                fields_of.setdefault(word, set()).add(part.fieldname)
        phrases += any(isinstance(p, wq.Phrase) for p in parts)
        return True

    def required(sub) -> None:
        nonlocal clauses
        if isinstance(sub, wq.And):
            for part in sub.subqueries:
                required(part)
        elif isinstance(sub, wq.AndMaybe):
            required(sub.a)
        elif clause(sub):
            clauses += 1

    required(q)
    if clauses < 2 or not phrases:
        return None
    return RequiredDocs({word: tuple(sorted(fields)) for word, fields in fields_of.items()})
