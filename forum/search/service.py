"""Running a search: filters resolved to ids, misspelt words corrected, the backend's results
(one per thread) reloaded from the database (the source of truth), facets counted.

The engine sits behind backend.SearchBackend (SEARCH_BACKEND). The work of one search is
bounded: at most MAX_WORDS words (parser.parse), at most SPELL_MAX_WORDS spelling lookups
within a share of the time, and SEARCH_TIME_BUDGET seconds of index work in all, past which
the page shows what was found by then."""

import math
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from forum import permissions
from forum.boards.models import Board
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.jobs import enqueue
from forum.people.models import User
from forum.tags.models import Tag
from forum.threads.models import KIND_LABELS, SOLVABLE_KINDS, Post, Thread, ThreadKind, thread_tags

from . import sources
from .backend import Filters, PostText, SearchRequest, get_backend
from .budget import Budget
from .documents import plain_text
from .log_job import LOG_JOB
from .models import SearchLog
from .parser import KINDS, ParsedQuery, parse
from .sources import SourceItem

# The time the spelling lookups may take: a share of SEARCH_TIME_BUDGET, before the budget
# of the search itself starts.
SPELL_SHARE = 0.5
# Matching threads counted: "1000+" beyond (counting every thread of a very common word would
# cost more than the search itself), and no page lies beyond them.
COUNT_LIMIT = 1000
# Matching cards shown above the posts on the first page, and their share of the time budget.
RECORDS_ON_FIRST_PAGE = 3
RECORD_SHARE = 0.25
TOO_LONG = _l("This search took too long: here is what was found in the time allowed. "
              "Fewer or more precise words will give complete results.")


@dataclass
class Hit:
    thread: Thread
    post: Post
    title_html: Markup
    snippet_html: Markup


@dataclass
class RecordHit:
    """A matching record of another package (a capitalisation card): shown in its own block."""

    kind: str
    label: str  # the source's name for its block (a lazy string)
    item: SourceItem
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
    # Other records (forum.search.sources) that match, ranked before the posts on the first
    # page; with kind:<their kind> alone, they are the whole result (and `total` counts them).
    records: list[RecordHit] = field(default_factory=list)
    record_total: int = 0
    records_only: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


# -- filters --------------------------------------------------------------------------------

def _resolve(model, column, values) -> tuple[list | None, list[str]]:
    """(rows whose `column` is among `values`, the values that matched nothing); rows is None
    when nothing was asked."""
    if not values:
        return None, []
    rows = list(db.session.scalars(select(model).where(column.in_(values))))
    return rows, sorted(set(values) - {getattr(row, column.key) for row in rows})


def _filters(viewer, parsed: ParsedQuery, results: SearchResults) -> Filters | None:
    """The structured part of the query as ids; None when it can match nothing."""
    boards, unknown = _resolve(Board, Board.slug, parsed.boards)
    results.warnings += [_l("Unknown board: %(value)s", value=value) for value in unknown]
    if boards is not None:
        boards = [b for b in boards if permissions.can_view_board(viewer, b)]
        if not boards:
            return None
    tags, unknown = _resolve(Tag, Tag.slug, parsed.tags)
    results.warnings += [_l("Unknown tag: %(value)s", value=value) for value in unknown]
    if tags is not None and not tags:
        return None
    authors, unknown = _resolve(User, User.username_key, [name.lower() for name in parsed.authors])
    results.warnings += [_l("Unknown member: @%(value)s", value=value) for value in unknown]
    if authors is not None and not authors:
        return None
    return Filters(board_ids=[b.id for b in boards or ()], tag_ids=[t.id for t in tags or ()],
                   author_ids=[u.id for u in authors or ()],
                   kinds=[kind for kind in parsed.kinds if kind in KINDS], status=parsed.status,
                   need_statuses=list(parsed.need_statuses), after=parsed.after, before=parsed.before)


def _hidden_boards(viewer) -> set[int]:
    """The boards whose posts the viewer never sees in results."""
    if permissions.can_see_archived_boards(viewer):
        return set()
    return set(db.session.scalars(select(Board.id).where(Board.is_archived.is_(True))))


def _tags() -> dict[int, str]:
    return dict(db.session.execute(select(Tag.id, Tag.name)).all())


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
    if filters is None:
        return results
    backend = get_backend()
    seconds = current_app.config["SEARCH_TIME_BUDGET"]
    tags = _tags()
    if parsed.has_text:
        results.suggestion = backend.suggest(parsed, results.text, tags, Budget(SPELL_SHARE * seconds))
        if results.suggestion and correct:
            corrected = parse(results.suggestion)
            parsed.words, parsed.phrases = corrected.words, corrected.phrases
            results.typed, results.text = results.text, results.suggestion
    hidden = _hidden_boards(viewer)
    record_kinds = _record_kinds(parsed)
    results.records_only = bool(parsed.kinds) and not filters.kinds
    if record_kinds and (results.records_only or page == 1):
        _search_records(backend, record_kinds, parsed, filters, hidden, tags, results)
    if results.records_only:
        results.total = results.record_total
        return results
    posts: dict[int, Post] = {}
    found = backend.search(SearchRequest(
        parsed=parsed, filters=filters, hidden_board_ids=hidden, tags=tags, page=page,
        per_page=per_page, budget=Budget(seconds), count_limit=COUNT_LIMIT,  # the spelling had its own budget
        load_texts=lambda post_ids: _load_texts(post_ids, posts),
    ))
    results.total = len(found.thread_ids)
    results.total_capped = found.total_capped
    results.hits = [Hit(thread=posts[hit.post_id].thread, post=posts[hit.post_id], title_html=hit.title_html,
                        snippet_html=hit.snippet_html) for hit in found.hits]
    if found.cut_short:
        results.total_capped = results.total > 0
        results.warnings.append(TOO_LONG)
    _facets(found.thread_ids, results)
    return results


def _record_kinds(parsed: ParsedQuery) -> list[str]:
    """The sources a query looks into: those its kind: names (all without kind:), none when it
    filters on what only threads have (author, solved state, need status)."""
    if parsed.authors or parsed.status or parsed.need_statuses or not hasattr(get_backend(), "search_records"):
        return []
    known = sources.registered()
    return [kind for kind in parsed.kinds if kind in known] if parsed.kinds else list(known)


def _search_records(backend, kinds, parsed, filters, hidden, tags, results: SearchResults) -> None:
    """The matching records of `kinds`: the page's share (RECORDS_ON_FIRST_PAGE beside the
    posts, a whole page alone), within their own share of the time budget."""
    page, per_page = (results.page, results.per_page) if results.records_only else (1, RECORDS_ON_FIRST_PAGE)
    for kind in kinds:
        source, items = sources.get(kind), {}

        def load(ids, source=source, items=items):
            items.update(source.load(ids))
            return {record_id: PostText(title=item.title, body=item.body) for record_id, item in items.items()}

        found = backend.search_records(kind, SearchRequest(
            parsed=parsed, filters=filters, hidden_board_ids=hidden, tags=tags, page=page, per_page=per_page,
            budget=Budget(RECORD_SHARE * current_app.config["SEARCH_TIME_BUDGET"]), count_limit=COUNT_LIMIT,
            load_texts=load,
        ))
        results.records += [RecordHit(kind=kind, label=source.label, item=items[hit.post_id], title_html=hit.title_html,
                                      snippet_html=hit.snippet_html) for hit in found.hits if hit.post_id in items]
        results.record_total += len(found.thread_ids)
        if found.cut_short:
            results.warnings.append(TOO_LONG)


def _load_texts(post_ids: list[int], posts: dict[int, Post]) -> dict[int, PostText]:
    """The text of the page's posts still live, from the database; the posts themselves, with
    what the page shows of them, go into `posts`."""
    for post in db.session.scalars(
        select(Post).where(Post.id.in_(post_ids)).options(
            selectinload(Post.author),
            selectinload(Post.thread).selectinload(Thread.board),
            selectinload(Post.thread).selectinload(Thread.tags),
            selectinload(Post.thread).selectinload(Thread.need),
        )
    ):
        if not (post.is_deleted or post.thread.is_deleted):  # else changed since it was indexed
            posts[post.id] = post
    return {post_id: PostText(title=post.thread.title, body=plain_text(post.body_html))
            for post_id, post in posts.items() if post_id in post_ids}


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


# -- similar questions and the search log ------------------------------------------------------

def similar_threads(viewer, title: str, limit: int = 5) -> list[Thread]:
    """Existing threads closest to a title being typed (first posts only, solved ones ahead)."""
    typed = parse(title or "")
    parsed = ParsedQuery(words=typed.words, phrases=typed.phrases, typed=typed.typed)
    if not parsed.has_text:
        return []
    thread_ids = get_backend().similar(parsed, _hidden_boards(viewer), limit)
    threads = {t.id: t for t in db.session.scalars(
        select(Thread).where(Thread.id.in_(thread_ids), Thread.is_deleted.is_(False))
        .options(selectinload(Thread.board))
    )}
    return [threads[i] for i in thread_ids if i in threads]


def log_search(text: str, total: int, user) -> None:
    """Enqueue the search's log row (the "search.log" job inserts it) in the caller's transaction."""
    printable = "".join(ch for ch in text if ch.isprintable())  # no NUL or escape codes in the log
    enqueue(LOG_JOB, query=" ".join(printable.split())[:200], results=total,
            user_id=user.id if user.is_authenticated else None)


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
