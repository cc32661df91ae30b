"""The any-word query of the search box: ``CoordOr`` and its matcher (MaxScore pruning),
``Common``, a word that only adds to the score of the documents the rarer words found, and
``CheckedPhrase``, a phrase checked within the search's budget on fewer documents."""

from array import array
from bisect import bisect_left

from whoosh import query as wq
from whoosh.matching import IntersectionMatcher, ListMatcher, Matcher, NullMatcher, ReadTooFar
from whoosh.query.spans import Span, SpanWrappingMatcher
from whoosh.util import make_binary_tree


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


class CheckedPhrase(wq.SpanNear2):
    """A phrase (Whoosh's ``Phrase`` as the ``SpanNear2`` it builds) checked within a budget,
    and on fewer documents.

    Whoosh reads the positions of every document that holds all the words, through a wrapper
    per word when each must stop at the deadline. Here the words' postings are intersected
    bare and the deadline checked once per candidate document; with a ``guide`` (the words
    of every phrase and word the query requires: see budget.within), a document lacking
    another required word is skipped before any position is read. Adjacent words (slop 1,
    in order: every phrase of the search box) are checked on the positions themselves rather
    than through span objects. The same documents match, with the same scores."""

    def __init__(self, qs, slop=1, ordered=True, mindist=1, budget=None, guide=None):
        super().__init__(qs, slop=slop, ordered=ordered, mindist=mindist)
        self.budget, self.guide = budget, guide

    def __eq__(self, other):
        return super().__eq__(other) and self.budget is other.budget and self.guide == other.guide

    def __hash__(self):
        return super().__hash__() ^ id(self.budget) ^ hash(self.guide)

    def apply(self, fn):
        return self.__class__([fn(q) for q in self.qs], slop=self.slop, ordered=self.ordered,
                              mindist=self.mindist, budget=self.budget, guide=self.guide)

    def matcher(self, searcher, context=None):
        ms = [q.matcher(searcher, context) for q in self.qs]
        if not all(m.is_active() for m in ms):
            return NullMatcher()
        guide = None
        if self.guide is not None:
            guide = self.guide.matcher(searcher)
            if not guide.is_active():
                return NullMatcher()
        return _CheckedPhraseMatcher(ms, self.slop, self.ordered, self.mindist, self.budget, guide)


class RequiredDocs:
    """The documents that hold every word of ``words`` ({word: fields}: in one of its fields),
    found once per searcher however many phrases ask: by the words' postings intersected,
    the rarest word first."""

    def __init__(self, words: dict[str, tuple[str, ...]]):
        self.words = words
        self._reader, self._docs = None, None

    def __eq__(self, other):
        return isinstance(other, RequiredDocs) and self.words == other.words

    def __hash__(self):
        return hash(tuple(sorted(self.words.items())))

    def __repr__(self):
        return f"{self.__class__.__name__}({self.words!r})"

    def docs(self, searcher) -> array:
        reader = searcher.reader()
        if self._reader is not reader:
            def frequency(item):
                word, fields = item
                return sum(searcher.doc_frequency(f, word) for f in fields)

            clauses = [wq.Or([wq.Term(f, word) for f in fields]) if len(fields) > 1 else wq.Term(fields[0], word)
                       for word, fields in sorted(self.words.items(), key=frequency)]
            docs = None
            for clause in clauses:  # narrowed word by word, each checked on the documents left
                found = clause.matcher(searcher)
                if docs is None:
                    docs = array("I", found.all_ids())
                else:
                    kept = array("I")
                    for docnum in docs:
                        if not found.is_active():
                            break
                        found.skip_to(docnum)
                        if found.is_active() and found.id() == docnum:
                            kept.append(docnum)
                    docs = kept
                if not docs:
                    break
            self._reader, self._docs = reader, docs
        return self._docs

    def matcher(self, searcher):
        docs = self.docs(searcher)
        return _DocsMatcher(docs) if docs else NullMatcher()


class _DocsMatcher(ListMatcher):
    """Listed documents, adding nothing to the score."""

    def __init__(self, ids):
        super().__init__(ids, all_weights=0.0)

    def copy(self):
        return self.__class__(self._ids)

    def skip_to(self, id):
        if not self.is_active():
            raise ReadTooFar
        if id > self._ids[self._i]:
            self._i = bisect_left(self._ids, id, self._i)

    def score(self):
        return 0.0

    def max_quality(self):
        return 0.0

    def block_quality(self):
        return 0.0

    def supports_block_quality(self):
        return False


class _CheckedPhraseMatcher(wq.SpanNear2.SpanNear2Matcher):
    def __init__(self, ms, slop, ordered, mindist, budget, guide=None):
        self.ms, self.slop, self.ordered, self.mindist = ms, slop, ordered, mindist
        self.budget, self.guide = budget, guide
        self._stopped = False
        self._adjacent = ordered and slop == 1 and mindist == 1
        isect = make_binary_tree(IntersectionMatcher, ms)
        if guide is not None:
            isect = IntersectionMatcher(guide, isect)
        SpanWrappingMatcher.__init__(self, isect)

    def copy(self):
        return self.__class__([m.copy() for m in self.ms], self.slop, self.ordered, self.mindist, self.budget,
                              self.guide.copy() if self.guide is not None else None)

    def is_active(self):
        return not self._stopped and self.child.is_active()

    def _find_next(self):
        if not self.is_active():
            return
        child, renewed = self.child, False
        spans = self._get_spans()
        while not spans:
            if self.budget is not None and self.budget.expired():
                self._stopped = True  # past the deadline: the end of the matches
                return True
            renewed = child.next() or renewed
            if not child.is_active():
                return True
            spans = self._get_spans()
        self._spans = spans
        return renewed

    def _get_spans(self):
        if not self._adjacent:
            return super()._get_spans()
        # The n words at positions p, p+1, ..., p+n-1 (what SpanNear2 finds with slop 1).
        starts = set(self.ms[0].value_as("positions"))
        for offset, m in enumerate(self.ms[1:], 1):
            starts.intersection_update([position - offset for position in m.value_as("positions")])
            if not starts:
                return []
        last = len(self.ms) - 1
        return [Span(start, start + last) for start in sorted(starts)]
