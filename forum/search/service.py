"""Running a search: filters resolved to ids, misspelt words corrected, Whoosh results grouped
by thread, rows reloaded from the database (the source of truth), snippets and facets.

The work of one search is bounded: at most MAX_WORDS words (query.parse), at most
SPELL_MAX_WORDS spelling lookups within a share of the time, and SEARCH_TIME_BUDGET seconds of
index work in all (budget.within), past which the page shows what was found by then."""

import math
import re
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from whoosh import highlight, query, sorting, spelling
from whoosh.idsets import DocIdSet

from forum import permissions
from forum.boards.models import Board, Tag
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.people.models import User
from forum.threads.models import KIND_LABELS, SOLVABLE_KINDS, Post, Thread, ThreadKind, thread_tags

from .budget import Budget, within
from .documents import day_number, plain_text
from .models import SearchLog
from .query import ParsedQuery, exclusion_query, parse, spell_words, text_query

SOLVED_BONUS = 1.15  # solved threads answer the question: a little ahead at equal relevance
SNIPPET_CHARS = 240
COUNT_LIMIT = 1000
# Unknown words looked up for a correction, and the time they may take (a share of
# SEARCH_TIME_BUDGET, before the budget of the search itself starts).
SPELL_MAX_WORDS = 3
SPELL_SHARE = 0.5
TOO_LONG = _l("This search took too long: here is what was found in the time allowed. "
              "Fewer or more precise words will give complete results.")


class MarkFormatter(highlight.HtmlFormatter):
    """Matched words in <mark>; all the text around them HTML-escaped (by HtmlFormatter)."""

    template = "<mark>%(t)s</mark>"


@dataclass
class Hit:
    thread: Thread
    post: Post
    title_html: Markup
    snippet_html: Markup


@dataclass
class SearchResults:
    text: str
    parsed: ParsedQuery
    page: int
    per_page: int
    total: int = 0
    total_capped: bool = False  # more threads match than were counted (total is a lower bound)
    hits: list[Hit] = field(default_factory=list)
    board_counts: list[tuple[Board, int]] = field(default_factory=list)
    tag_counts: list[tuple[Tag, int]] = field(default_factory=list)
    kind_counts: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, label, threads)
    status_counts: list[tuple[str, int]] = field(default_factory=list)  # ("solved"/"unsolved", threads)
    suggestion: str | None = None  # the query with its misspelt words corrected
    typed: str | None = None  # what was typed, when the search ran on the suggestion instead
    warnings: list = field(default_factory=list)
    question_title: str = ""  # the typed words, to ask them as a new thread's title

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _indexer():
    return current_app.extensions["search"]


# -- filters --------------------------------------------------------------------------------

def _resolve(model, column, values) -> tuple[list | None, list[str]]:
    """(rows whose `column` is among `values`, the values that matched nothing); rows is None
    when nothing was asked."""
    if not values:
        return None, []
    rows = list(db.session.scalars(select(model).where(column.in_(values))))
    return rows, sorted(set(values) - {getattr(row, column.key) for row in rows})


def _filters(viewer, parsed: ParsedQuery, results: SearchResults):
    """The Whoosh filter for the structured part of the query; False when it can match nothing."""
    parts = []
    boards, unknown = _resolve(Board, Board.slug, parsed.boards)
    results.warnings += [_l("Unknown board: %(value)s", value=value) for value in unknown]
    if boards is not None:
        boards = [b for b in boards if permissions.can_view_board(viewer, b)]
        if not boards:
            return False
        parts.append(query.Or([query.Term("board_id", b.id) for b in boards]))
    tags, unknown = _resolve(Tag, Tag.slug, parsed.tags)
    results.warnings += [_l("Unknown tag: %(value)s", value=value) for value in unknown]
    if tags is not None:
        if not tags:
            return False
        parts.append(query.Or([query.Term("tag_ids", str(t.id)) for t in tags]))
    authors, unknown = _resolve(User, User.username_key, [name.lower() for name in parsed.authors])
    results.warnings += [_l("Unknown member: @%(value)s", value=value) for value in unknown]
    if authors is not None:
        if not authors:
            return False
        parts.append(query.Or([query.Term("author_id", u.id) for u in authors]))
    if parsed.kinds:
        parts.append(query.Or([query.Term("kind", k) for k in parsed.kinds]))
    status = {"solved": ("solved", True), "unsolved": ("solved", False),
              "open": ("locked", False), "closed": ("locked", True)}.get(parsed.status or "")
    if status:
        parts.append(query.Term(*status))
    if parsed.need_statuses:
        parts.append(query.Or([query.Term("need_status", s) for s in parsed.need_statuses]))
    return query.And(parts) if parts else None


class DayRange(DocIdSet):
    """The posts written between two days, tested one document at a time against the "day"
    column, so that after:/before: costs nothing for the posts the words already ruled out."""

    def __init__(self, searcher, parsed: ParsedQuery):
        self.days = searcher.reader().column_reader("day")
        self.first = day_number(parsed.after) if parsed.after else -(10**9)
        self.last = day_number(parsed.before) - 1 if parsed.before else 10**9  # before: excludes that day

    def __contains__(self, docnum) -> bool:
        return self.first <= self.days[docnum] <= self.last

    def __bool__(self) -> bool:  # Whoosh tests "if filter"; counting would walk every document
        return True

    def __iter__(self):
        return (docnum for docnum in range(len(self.days)) if docnum in self)


class HiddenDocs(DocIdSet):
    """Posts never to show, tested one document at a time against the "thread_id" and
    "board_id" columns: every post of a thread in which an excluded word appears, and the
    posts of the boards the viewer may not see."""

    def __init__(self, searcher, threads: set[int], boards: set[int]):
        reader = searcher.reader()
        self.threads, self.boards = threads, boards
        self.thread_of = reader.column_reader("thread_id")
        self.board_of = reader.column_reader("board_id")
        self.count = reader.doc_count_all()

    def __contains__(self, docnum) -> bool:
        return ((bool(self.threads) and self.thread_of[docnum] in self.threads)
                or (bool(self.boards) and self.board_of[docnum] in self.boards))

    def __bool__(self) -> bool:
        return True

    def __iter__(self):
        return (docnum for docnum in range(self.count) if docnum in self)


def _mask(viewer, parsed: ParsedQuery, searcher, budget: Budget | None = None) -> HiddenDocs | None:
    """The documents never to show (see HiddenDocs), None when there are none. Excluded
    threads are found by walking the excluded words' postings (no scoring), within `budget`:
    when it runs out the caller must show nothing (the threads found so far are not all)."""
    threads: set[int] = set()
    excluded = exclusion_query(parsed, searcher.schema)
    if excluded is not None:
        if budget is not None:
            excluded = within(excluded, budget)
        thread_of = searcher.reader().column_reader("thread_id")
        threads = {thread_of[docnum] for docnum in searcher.docs_for_query(excluded)}
    boards: set[int] = set()
    if not permissions.can_see_archived_boards(viewer):
        boards = set(db.session.scalars(select(Board.id).where(Board.is_archived.is_(True))))
    return HiddenDocs(searcher, threads, boards) if threads or boards else None


# -- searching -------------------------------------------------------------------------------

def search(viewer, text: str, page: int = 1, per_page: int = 20, board: Board | None = None,
           order: str | None = None, correct: bool = True) -> SearchResults:
    """The search page's results. With `correct`, words unknown to the index that are close
    to a word the forum uses are replaced by it (``results.typed`` keeps what was typed);
    without, the correction is only offered (``results.suggestion``)."""
    parsed = parse(text or "")
    if board is not None and board.slug not in parsed.boards:
        parsed.boards.append(board.slug)
    if order in ("latest", "relevance"):
        parsed.order = order
    # Totals are counted up to COUNT_LIMIT threads: no page lies beyond them.
    page = min(max(1, page), math.ceil(COUNT_LIMIT / per_page))
    results = SearchResults(text=text or "", parsed=parsed, page=page, per_page=per_page,
                            warnings=list(parsed.warnings), question_title=" ".join(parsed.typed))
    if parsed.is_empty:
        return results
    filters = _filters(viewer, parsed, results)
    if filters is False:
        return results
    with _indexer().searcher() as searcher:
        if searcher.doc_count_all() == 0:  # a new forum: nothing written yet (and no columns to read)
            return results
        seconds = current_app.config["SEARCH_TIME_BUDGET"]
        schema = searcher.schema
        tags = _tag_terms(schema)
        if parsed.has_text:
            results.suggestion = _suggest(searcher, parsed, results.text, tags, Budget(SPELL_SHARE * seconds))
            if results.suggestion and correct:
                corrected = parse(results.suggestion)
                parsed.words, parsed.phrases = corrected.words, corrected.phrases
                results.typed, results.text = results.text, results.suggestion
        budget = Budget(seconds)  # the spelling had its own
        matcher = text_query(parsed, schema, reader=searcher.reader(), tags=tags)
        dates = DayRange(searcher, parsed) if parsed.after or parsed.before else None
        if matcher is None and filters is None and dates is None:
            return results
        if matcher is None:  # filters only: nothing to rank by, the newest first
            matcher = query.ConstantScoreQuery(filters, 1.0) if filters is not None else query.Every()
            filters, parsed.order = None, "latest"
        sortedby = sorting.FieldFacet("created", reverse=True) if parsed.order == "latest" else None
        mask = _mask(viewer, parsed, searcher, budget)
        if budget.expired():  # not every excluded thread is known: show none rather than some
            results.warnings.append(TOO_LONG)
            return results
        if filters is not None:
            # Intersected as a query (the rarer side leads) rather than listed up front: a
            # date range or "status:solved" can cover most of the index. It adds no score.
            matcher = query.And([matcher, query.ConstantScoreQuery(filters, 0.0)])
        matcher = within(matcher, budget)
        allowed = dates
        thread_of = searcher.reader().column_reader("thread_id")
        # One result per thread: its best post. Fetch posts until the page is full of distinct
        # threads (Whoosh's own collapse is skipped when a filter or mask is given).
        wanted, limit = page * per_page, page * per_page * 3
        while True:
            found = searcher.search(matcher, filter=allowed, mask=mask, limit=limit, sortedby=sortedby)
            best = {}
            for hit in found:
                best.setdefault(thread_of[hit.docnum], hit)
            if len(best) >= wanted or found.scored_length() < limit or budget.expired():
                break
            limit *= 4
        thread_ids, results.total_capped = _matching_threads(searcher, matcher, allowed, mask, thread_of)
        if budget.exhausted:  # the count may have been cut before it saw the threads ranked
            thread_ids = list(set(thread_ids) | set(best))
        results.total = len(thread_ids)
        ranked = list(best.values())
        if sortedby is None:
            ranked.sort(key=lambda hit: (hit.score * (SOLVED_BONUS if hit["solved"] else 1), hit["created"]),
                        reverse=True)
        page_hits = ranked[(page - 1) * per_page:page * per_page]
        found.formatter = MarkFormatter(between=" … ")
        results.hits = _load_hits(page_hits)
    if budget.exhausted:
        results.total_capped = results.total > 0
        results.warnings.append(TOO_LONG)
    _facets(thread_ids, results)
    return results


def _tag_terms(schema) -> dict[tuple[str, ...], list[str]]:
    """Every tag's name as the index analyses words ("Irrigations" -> ("irrig",)), with the
    tag ids (as the "tag_ids" field holds them) that carry it. Read at query time, so that a
    renamed tag is found by its new name with no reindexing."""
    terms: dict[tuple[str, ...], list[str]] = {}
    for tag_id, name in db.session.execute(select(Tag.id, Tag.name)):
        analysed = tuple(t for t in schema["body"].process_text(name, mode="query") if t)
        if analysed:
            terms.setdefault(analysed, []).append(str(tag_id))
    return terms


def _matching_threads(searcher, matcher, allowed, mask, thread_of) -> tuple[list[int], bool]:
    """The threads with a matching post, counted exactly up to COUNT_LIMIT ("1000+" beyond:
    counting every thread of a very common word would cost more than the search itself)."""
    threads: set[int] = set()
    for docnum in searcher.docs_for_query(matcher):
        if (allowed is not None and docnum not in allowed) or (mask and docnum in mask):
            continue
        threads.add(thread_of[docnum])
        if len(threads) >= COUNT_LIMIT:
            return list(threads), True
    return list(threads), False


def _load_hits(page_hits) -> list[Hit]:
    """Reload the page's posts from the database, in rank order, with what the page shows."""
    post_ids = [int(hit["post_id"]) for hit in page_hits]
    posts = {p.id: p for p in db.session.scalars(
        select(Post).where(Post.id.in_(post_ids)).options(
            selectinload(Post.author),
            selectinload(Post.thread).selectinload(Thread.board),
            selectinload(Post.thread).selectinload(Thread.tags),
            selectinload(Post.thread).selectinload(Thread.need),
        )
    )}
    hits = []
    for hit in page_hits:
        post = posts.get(int(hit["post_id"]))
        if post is None or post.is_deleted or post.thread.is_deleted:
            continue  # changed since it was indexed; the outbox will catch up
        text = plain_text(post.body_html)
        hit.results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        snippet = hit.highlights("body", text=text, top=2) or str(escape(_shorten(text)))
        hit.results.fragmenter = highlight.WholeFragmenter()  # the whole title, words marked
        title = hit.highlights("title", text=post.thread.title, top=1) or str(escape(post.thread.title))
        hits.append(Hit(thread=post.thread, post=post, title_html=Markup(title), snippet_html=Markup(snippet)))
    return hits


def _shorten(text: str) -> str:
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def _facets(thread_ids: list[int], results: SearchResults) -> None:
    """How many matching threads per board, kind, solved state and tag (counted in SQL, by
    chunks; boards, kinds and solved states in one grouped query)."""
    board_counts: dict[int, int] = {}
    kind_counts: dict[str, int] = {}
    status_counts = {"solved": 0, "unsolved": 0}
    tag_counts: dict[int, int] = {}
    solved = Thread.solution_post_id.is_not(None).label("solved")
    for start in range(0, len(thread_ids), 5000):
        chunk = thread_ids[start:start + 5000]
        for board_id, kind, is_solved, count in db.session.execute(
            select(Thread.board_id, Thread.kind, solved, func.count()).where(Thread.id.in_(chunk))
            .group_by(Thread.board_id, Thread.kind, solved)
        ):
            board_counts[board_id] = board_counts.get(board_id, 0) + count
            kind_counts[kind] = kind_counts.get(kind, 0) + count
            if kind in SOLVABLE_KINDS:
                status_counts["solved" if is_solved else "unsolved"] += count
        for tag_id, count in db.session.execute(
            select(thread_tags.c.tag_id, func.count()).where(thread_tags.c.thread_id.in_(chunk))
            .group_by(thread_tags.c.tag_id)
        ):
            tag_counts[tag_id] = tag_counts.get(tag_id, 0) + count
    boards = {b.id: b for b in db.session.scalars(select(Board).where(Board.id.in_(board_counts)))}
    tags = {t.id: t for t in db.session.scalars(select(Tag).where(Tag.id.in_(tag_counts)))}
    results.board_counts = _by_count((boards[i], n) for i, n in board_counts.items() if i in boards)
    results.tag_counts = _by_count((tags[i], n) for i, n in tag_counts.items() if i in tags)[:20]
    results.kind_counts = [(kind, KIND_LABELS[ThreadKind(kind)], kind_counts[kind])
                           for kind in ThreadKind if kind_counts.get(kind)]
    results.status_counts = [(status, n) for status, n in status_counts.items() if n]


def _by_count(pairs) -> list:
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0].name))


class SegmentsCorrector(spelling.ReaderCorrector):
    """Whoosh's spelling corrector, asking each index segment for its close words.

    A live index has several segments (the big one of the last rebuild, small ones for the
    posts since), and Whoosh's MultiReader has no terms_within() of its own: its fallback
    computes an edit distance against every word of the field (0.3-0.8 s at 100,000 posts).
    Each segment answers with its automaton in milliseconds. Ranked as Whoosh ranks: edit
    distance, then the most used word.
    """

    def _suggestions(self, text, maxdist, prefix):
        frequency = self.reader.frequency
        words_field = self.fieldobj.spelling_fieldname(self.fieldname)
        seen = set()
        for leaf, _offset in self.reader.leaf_readers():
            for word in leaf.terms_within(words_field, text, maxdist, prefix=prefix):
                if word not in seen:
                    seen.add(word)
                    yield 0 - (maxdist + 0.5 / (frequency(self.fieldname, word) or 1)), word


def _suggest(searcher, parsed: ParsedQuery, text: str, tags: dict, budget: Budget) -> str | None:
    """The query with misspelt words replaced by close words that the forum actually uses.

    A word is misspelt when no title, post or tag holds it. At most SPELL_MAX_WORDS of them
    are looked up, and none once `budget` (SPELL_SHARE of the search's, on top of it) is
    spent: a lookup at distance 2 costs tens of milliseconds on a large index."""
    corrector = SegmentsCorrector(searcher.reader(), "spell", searcher.schema["spell"])
    analyzer = searcher.schema["body"].analyzer
    tag_words = {term for terms in tags for term in terms}
    corrected, looked_up = text, 0
    for word in spell_words(parsed):
        # Known once analysed (accents folded, stemmed): "electrification" is no typo.
        if any(token.text in tag_words or searcher.doc_frequency("body", token.text)
               or searcher.doc_frequency("title", token.text) for token in analyzer(word)):
            continue
        if looked_up >= SPELL_MAX_WORDS or budget.spent() > budget.seconds:
            break
        looked_up += 1
        # The closest words first; among equally close ones the corrector picks the most used.
        suggestions = corrector.suggest(word, limit=1, maxdist=1)
        if not suggestions and budget.spent() <= budget.seconds:
            suggestions = corrector.suggest(word, limit=1, maxdist=2)
        if suggestions and suggestions[0] != word:
            corrected = _replace_word(corrected, word, suggestions[0])
    return corrected if corrected != text else None


def _replace_word(text: str, word: str, replacement: str) -> str:
    """`word` replaced in the first token that holds it, filters (#board, tags:, @name,
    -word) left as they were."""
    tokens = text.split(" ")
    for i, token in enumerate(tokens):
        if token[:1] in ("#", "@", "-") or re.match(r"[A-Za-z]+:", token):
            continue
        changed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, token, count=1, flags=re.IGNORECASE)
        if changed != token:
            tokens[i] = changed
            return " ".join(tokens)
    return text


# -- similar questions and the search log ------------------------------------------------------

def similar_threads(viewer, title: str, limit: int = 5) -> list[Thread]:
    """Existing threads closest to a title being typed (first posts only, solved ones ahead)."""
    parsed = parse(title or "")
    parsed.boards, parsed.tags, parsed.authors, parsed.kinds, parsed.excluded = [], [], [], [], []
    parsed.status, parsed.after, parsed.before, parsed.in_title = None, None, None, False
    parsed.need_statuses = []
    if not parsed.has_text:
        return []
    with _indexer().searcher() as searcher:
        matcher = text_query(parsed, searcher.schema, reader=searcher.reader())
        if matcher is None:
            return []
        found = searcher.search(matcher, filter=query.Term("is_first", True),
                                mask=_mask(viewer, parsed, searcher), limit=limit)
        ranked = sorted(found, key=lambda hit: hit.score * (SOLVED_BONUS if hit["solved"] else 1), reverse=True)
        thread_ids = [hit["thread_id"] for hit in ranked]
    threads = {t.id: t for t in db.session.scalars(
        select(Thread).where(Thread.id.in_(thread_ids), Thread.is_deleted.is_(False))
        .options(selectinload(Thread.board))
    )}
    return [threads[i] for i in thread_ids if i in threads]


def log_search(text: str, total: int, user) -> None:
    printable = "".join(ch for ch in text if ch.isprintable())  # no NUL or escape codes in the log
    db.session.add(SearchLog(query=" ".join(printable.split())[:200], results=total,
                             user_id=user.id if user.is_authenticated else None))
    db.session.commit()


def search_log_report(days: int, limit: int = 50):
    """(most frequent queries, queries that found nothing) over the last `days` days."""
    since = utcnow() - timedelta(days=days)
    normalized = func.lower(SearchLog.query)
    base = select(normalized.label("q"), func.count().label("n")).where(SearchLog.created_at >= since)
    frequent = db.session.execute(base.group_by(normalized).order_by(func.count().desc(), normalized).limit(limit)).all()
    empty = db.session.execute(
        base.where(SearchLog.results == 0).group_by(normalized).order_by(func.count().desc(), normalized).limit(limit)
    ).all()
    return frequent, empty
