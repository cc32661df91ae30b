"""The any-word query of the search box: ``CoordOr`` and its matcher (MaxScore pruning), and
``Common``, a word that only adds to the score of the documents the rarer words found."""

from whoosh import query as wq
from whoosh.matching import Matcher, NullMatcher, ReadTooFar


def _same(these: list, those: list) -> bool:
    """The same matcher objects, in any order."""
    return len(these) == len(those) and {id(m) for m in these} == {id(m) for m in those}


class _CoordUnionMatcher(Matcher):
    """Union of sub-matchers; the summed score is multiplied by (matching / clauses) ** power.

    ``replace(minquality)`` applies MaxScore (Turtle & Flood): once the collector only wants
    documents scoring above ``minquality``, the sub-matchers whose best possible scores add up
    to no more than it cannot bring a document in on their own. They become *optional*: they
    no longer drive the iteration and are only asked, by ``skip_to``, about the documents that
    the other (*essential*) sub-matchers found, for their share of the score. With a very
    common word beside a rare one, only the rare word's postings are walked. Scores are
    unchanged: the coordination factor is at most 1, so the sums of the children's
    ``max_quality()`` stay upper bounds.
    """

    def __init__(self, matchers, clauses, power, boost=1.0, optional=()):
        # Essential: a document must match one of them. Kept to the active ones (every
        # document scored goes through id()/next(), so this is the hot path).
        self._matchers = [m for m in matchers if m.is_active()]
        self._optional = list(optional)
        self._clauses = clauses
        self._power = power
        self._boost = boost
        self._id = None

    def _current(self):
        cur = self.id()
        current = [m for m in self._matchers if m.id() == cur]
        for m in self._optional:
            if m.is_active() and m.id() < cur:
                m.skip_to(cur)
            if m.is_active() and m.id() == cur:
                current.append(m)
        return current

    def _all(self):
        return self._matchers + self._optional

    def _drop_inactive(self):
        self._id = None
        if not all(m.is_active() for m in self._matchers):
            self._matchers = [m for m in self._matchers if m.is_active()]

    def is_active(self):
        return bool(self._matchers)

    def reset(self):
        for m in self._all():
            m.reset()
        self._drop_inactive()

    def id(self):
        if self._id is None:
            matchers = self._matchers
            self._id = matchers[0].id() if len(matchers) == 1 else min(m.id() for m in matchers)
        return self._id

    def next(self):
        if not self._matchers:
            raise ReadTooFar
        cur = self.id()
        renewed = False
        for m in self._matchers:
            if m.id() == cur:
                renewed = bool(m.next()) or renewed
        self._drop_inactive()
        return renewed

    def skip_to(self, id):
        renewed = False
        for m in self._matchers:
            if m.id() < id:
                renewed = bool(m.skip_to(id)) or renewed
        self._drop_inactive()
        return renewed

    def score(self):
        current = self._current()
        factor = (len(current) / self._clauses) ** self._power
        return sum(m.score() for m in current) * self._boost * factor

    def weight(self):
        return sum(m.weight() for m in self._current())

    def children(self):
        return self._all()

    def term_matchers(self):
        for m in self._all():
            yield from m.term_matchers()

    def matching_terms(self, id=None):
        if id is None:
            id = self.id()
        for m in self._current() if id == self.id() else self._matchers:
            if m.is_active() and m.id() == id:
                yield from m.matching_terms(id)

    def spans(self):
        return sorted({span for m in self._current() for span in m.spans()})

    def supports(self, astype):
        return all(m.supports(astype) for m in self._all())

    def replace(self, minquality=0):
        essential = [m for m in self._matchers if m.is_active()]
        optional = [m for m in self._optional if m.is_active()]
        if not essential:
            return NullMatcher()
        bound = minquality / self._boost if minquality else 0
        if bound:
            # A child that could not lift a document above the bar even with every other
            # child's best score beside it may simplify itself (an Or of title and body, say).
            total = sum(m.max_quality() for m in essential + optional)
            essential = [m.replace(max(0, bound - (total - m.max_quality()))) for m in essential]
            optional = [m.replace(max(0, bound - (total - m.max_quality()))) for m in optional]
            essential = [m for m in essential if m.is_active()]
            optional = [m for m in optional if m.is_active()]
            # Optional children stay optional (the bar only rises); the essential ones with
            # the lowest bounds join them while all the optional bounds add up below the bar.
            essential.sort(key=lambda m: m.max_quality())
            low = sum(m.max_quality() for m in optional)
            while essential and low + essential[0].max_quality() < bound:
                low += essential[0].max_quality()
                optional.append(essential.pop(0))
        else:
            essential = [m.replace() for m in essential]
            optional = [m.replace() for m in optional]
        essential = [m for m in essential if m.is_active()]
        if not essential:
            return NullMatcher()
        if _same(essential, self._matchers) and _same(optional, self._optional):
            return self  # nothing to prune: keep the matcher (and its cached id)
        return self.__class__(essential, self._clauses, self._power, self._boost, optional)

    def copy(self):
        return self.__class__([m.copy() for m in self._matchers], self._clauses, self._power, self._boost,
                              [m.copy() for m in self._optional])

    def depth(self):
        return 1 + max((m.depth() for m in self._all()), default=0)

    # Block-level skipping is not offered; replace() above does the pruning.
    def supports_block_quality(self):
        return False

    def max_quality(self):
        return sum(m.max_quality() for m in self._all() if m.is_active()) * self._boost

    def block_quality(self):
        return self.max_quality()


class Common(wq.WrappingQuery):
    """A word too common to find documents by itself in a ``CoordOr`` (see ``text_query``):
    it adds its score, and counts as matched, on the documents that the other words found."""

    def __repr__(self):
        return f"{self.__class__.__name__}({self.child!r})"


class CoordOr(wq.CompoundQuery):
    """Any of the subqueries; a document's score is multiplied by (matching subqueries / subqueries) ** power.

    Not a subclass of ``Or``, so that an enclosing ``Or`` does not flatten it away.
    """

    JOINT = " COORD_OR "
    intersect_merge = False

    def __init__(self, subqueries, boost=1.0, power=1.0):
        super().__init__(subqueries, boost=boost)
        self.power = power

    def __repr__(self):
        return f"{self.__class__.__name__}({self.subqueries!r}, boost={self.boost}, power={self.power})"

    def __eq__(self, other):
        return super().__eq__(other) and self.power == other.power

    def __hash__(self):
        return super().__hash__() ^ hash(self.power)

    def apply(self, fn):
        return self.__class__([fn(q) for q in self.subqueries], boost=self.boost, power=self.power)

    def requires(self):
        return self.subqueries[0].requires() if len(self.subqueries) == 1 else set()

    def normalize(self):
        norm = super().normalize()
        if isinstance(norm, CoordOr):
            norm.power = self.power
        return norm

    def _matcher(self, subs, searcher, context):
        essential = [q.matcher(searcher, context) for q in subs if not isinstance(q, Common)]
        essential = [m for m in essential if m.is_active()]
        optional = [q.matcher(searcher, context) for q in subs if isinstance(q, Common)]
        optional = [m for m in optional if m.is_active()]
        if not essential:  # only common words: each may find documents
            essential, optional = optional, []
        if not essential:
            return NullMatcher()
        return _CoordUnionMatcher(essential, len(subs), self.power, self.boost, optional)
