"""The Whoosh backend: the index on disk (index.SearchIndex) searched in this process.

Filters become Whoosh terms on the ids the schema stores; after:/before: and the hidden posts
are tested one document at a time against columns, so that they cost nothing for the posts
the words already ruled out.
"""

from __future__ import annotations

from markupsafe import Markup, escape
from whoosh import highlight, query, sorting

from .. import sources
from ..backend import (
    SNIPPET_CHARS,
    SOLVED_BONUS,
    BackendHit,
    BackendResults,
    Filters,
    SearchRequest,
)
from ..budget import Budget
from ..parser import ParsedQuery
from .budget import within
from .queries import exclusion_parts, text_query
from .searching import DayRange, HiddenDocs, MarkFormatter, shorten
from .segments import column_values, term_threads
from .spelling import suggest


class WhooshBackend:
    name = "whoosh"

    def __init__(self, app):
        self._app = app

    @property
    def _indexer(self):
        # The app's indexer owns the SearchIndex and the per-thread searchers (and, with
        # SEARCH_SYNC, applies pending work before each search).
        return self._app.extensions["search"]

    @property
    def index(self):
        return self._indexer.index

    # -- writing --------------------------------------------------------------------------

    def apply_changes(self, pairs, lock_timeout: float = 0.0, records=None) -> bool:
        return self.index.apply_changes(pairs, lock_timeout=lock_timeout, records=records)

    def rebuild(self, progress=None) -> int:
        return self.index.rebuild(progress=progress)

    def is_stale(self) -> bool:
        return self.index.is_stale()

    def drift(self) -> tuple[set[int], set[int]]:
        return self.index.drift()

    # -- reading --------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> BackendResults:
        parsed, results = request.parsed, BackendResults()
        with self._indexer.searcher() as searcher:
            if searcher.doc_count_all() == 0:  # a new forum: nothing written yet (and no columns to read)
                return results
            budget = request.budget
            reader = searcher.reader()
            matcher = text_query(parsed, searcher.schema, reader=reader, tags=tag_terms(searcher.schema, request.tags))
            filters = filter_query(request.filters)
            dates = DayRange(searcher, request.filters) if request.filters.after or request.filters.before else None
            order = parsed.order
            if matcher is None and filters is None and dates is None:
                return results
            if matcher is None:  # filters only: nothing to rank by, the newest first
                matcher = query.ConstantScoreQuery(filters, 1.0) if filters is not None else query.Every()
                filters, order = None, "latest"
            sortedby = sorting.FieldFacet("created", reverse=True) if order == "latest" else None
            mask = hidden_docs(searcher, parsed, request.hidden_board_ids, budget, records=record_docs(searcher))
            if budget.expired():  # not every excluded thread is known: show none rather than some
                results.cut_short = True
                return results
            if filters is not None:
                # Intersected as a query (the rarer side leads) rather than listed up front: a
                # date range or "status:solved" can cover most of the index. It adds no score.
                matcher = query.And([matcher, query.ConstantScoreQuery(filters, 0.0)])
            matcher = within(matcher, budget)
            thread_of = column_values(reader, "thread_id")
            # One result per thread: its best post.
            wanted, limit = request.page * request.per_page, request.page * request.per_page * 3
            if parsed.phrases:
                # Every post that holds the phrases is scored anyway (word positions allow no
                # skipping): one pass gives the best post of each thread and the count, where
                # a second pass to count would check every position again. The first `limit`
                # threads by score are ranked, as the `limit` best posts are below.
                found = searcher.search(matcher, filter=dates, mask=mask, limit=None, sortedby=sortedby)
                best = {}
                for hit in found:
                    best.setdefault(thread_of[hit.docnum], hit)
                thread_ids = list(best)
                results.total_capped = len(thread_ids) > request.count_limit
                del thread_ids[request.count_limit:]
                if sortedby is None:
                    best = dict(list(best.items())[:limit])
            else:
                # Fetch posts until the page is full of distinct threads (Whoosh's own
                # collapse is skipped when a filter or mask is given).
                while True:
                    found = searcher.search(matcher, filter=dates, mask=mask, limit=limit, sortedby=sortedby)
                    best = {}
                    for hit in found:
                        best.setdefault(thread_of[hit.docnum], hit)
                    if len(best) >= wanted or found.scored_length() < limit or budget.expired():
                        break
                    limit *= 4
                thread_ids, results.total_capped = matching_threads(searcher, matcher, dates, mask, thread_of,
                                                                    request.count_limit)
            if budget.exhausted:  # the count may have been cut before it saw the threads ranked
                thread_ids = list(set(thread_ids) | set(best))
            results.thread_ids = thread_ids
            ranked = list(best.values())
            if sortedby is None:
                ranked.sort(key=lambda hit: (hit.score * (SOLVED_BONUS if hit["solved"] else 1), hit["created"]),
                            reverse=True)
            page_hits = ranked[(request.page - 1) * request.per_page:request.page * request.per_page]
            found.formatter = MarkFormatter(between=" … ")
            results.hits = highlighted(page_hits, request.load_texts)
        results.cut_short = budget.exhausted
        return results

    def search_records(self, kind: str, request: SearchRequest) -> BackendResults:
        """Another package's records of `kind` (forum.search.sources) matching the words, ranked;
        board, tag and date filters apply, excluded words and hidden boards too. Hits carry the
        record's id as post_id; thread_ids lists every matching record's id."""
        parsed, results = request.parsed, BackendResults()
        with self._indexer.searcher() as searcher:
            if searcher.doc_frequency("kind", kind) == 0:  # none written yet: no words to walk
                return results
            budget = request.budget
            schema = searcher.schema
            matcher = text_query(parsed, schema, reader=searcher.reader(), tags=tag_terms(schema, request.tags))
            own = [query.Term("kind", kind)]
            for field, values in (("board_id", request.filters.board_ids),
                                  ("tag_ids", [str(i) for i in request.filters.tag_ids])):
                if values:
                    own.append(query.Or([query.Term(field, value) for value in values]))
            sortedby = None
            if matcher is None:  # filters only: the newest first
                matcher, sortedby = query.ConstantScoreQuery(query.And(own), 1.0), sorting.FieldFacet("created", reverse=True)
            else:
                matcher = query.And([matcher, query.ConstantScoreQuery(query.And(own), 0.0)])
            if parsed.order == "latest":
                sortedby = sorting.FieldFacet("created", reverse=True)
            dates = DayRange(searcher, request.filters) if request.filters.after or request.filters.before else None
            mask = hidden_docs(searcher, parsed, request.hidden_board_ids, budget)
            if budget.expired():
                results.cut_short = True
                return results
            matcher = within(matcher, budget)
            found = searcher.search(matcher, filter=dates, mask=mask, limit=request.page * request.per_page,
                                    sortedby=sortedby)
            matched = set()
            for docnum in searcher.docs_for_query(matcher):
                if (dates is not None and docnum not in dates) or (mask and docnum in mask):
                    continue
                matched.add(record_id(searcher.stored_fields(docnum)["post_id"]))
                if len(matched) >= request.count_limit:
                    results.total_capped = True
                    break
            results.thread_ids = sorted(matched)
            page_hits = list(found)[(request.page - 1) * request.per_page:request.page * request.per_page]
            found.formatter = MarkFormatter(between=" … ")
            results.hits = highlighted(page_hits, request.load_texts, key=record_id)
        results.cut_short = budget.exhausted
        return results

    def similar(self, parsed: ParsedQuery, hidden_board_ids: set[int], limit: int) -> list[int]:
        with self._indexer.searcher() as searcher:
            matcher = text_query(parsed, searcher.schema, reader=searcher.reader())
            if matcher is None:
                return []
            found = searcher.search(matcher, filter=query.Term("is_first", True),
                                    mask=hidden_docs(searcher, parsed, hidden_board_ids), limit=limit)
            ranked = sorted(found, key=lambda hit: hit.score * (SOLVED_BONUS if hit["solved"] else 1), reverse=True)
            return [hit["thread_id"] for hit in ranked]

    def suggest(self, parsed: ParsedQuery, text: str, tags: dict[int, str], budget: Budget) -> str | None:
        with self._indexer.searcher() as searcher:
            if searcher.doc_count_all() == 0:
                return None
            return suggest(searcher, parsed, text, tag_terms(searcher.schema, tags), budget)


def tag_terms(schema, tags: dict[int, str]) -> dict[tuple[str, ...], list[str]]:
    """Every tag's name as the index analyses words ("Irrigations" -> ("irrig",)), with the
    tag ids (as the "tag_ids" field holds them) that carry it. Read at query time, so that a
    renamed tag is found by its new name with no reindexing."""
    terms: dict[tuple[str, ...], list[str]] = {}
    for tag_id, name in tags.items():
        analysed = tuple(t for t in schema["body"].process_text(name, mode="query") if t)
        if analysed:
            terms.setdefault(analysed, []).append(str(tag_id))
    return terms


def filter_query(filters: Filters) -> query.Query | None:
    """The Whoosh filter for the structured part of the query (dates apart: see DayRange)."""
    parts = []
    for field, values in (("board_id", filters.board_ids), ("tag_ids", [str(i) for i in filters.tag_ids]),
                          ("author_id", filters.author_ids), ("kind", filters.kinds),
                          ("need_status", filters.need_statuses)):
        if values:
            parts.append(query.Or([query.Term(field, value) for value in values]))
    status = {"solved": ("solved", True), "unsolved": ("solved", False),
              "open": ("locked", False), "closed": ("locked", True)}.get(filters.status or "")
    if status:
        parts.append(query.Term(*status))
    return query.And(parts) if parts else None


def record_docs(searcher) -> set[int]:
    """The numbers of the documents that are not posts (forum.search.sources): a search of
    posts leaves them out. A walk of one term's postings per source (a few hundred cards)."""
    kinds = list(sources.registered())
    if not kinds:
        return set()
    return set(searcher.docs_for_query(query.Or([query.Term("kind", kind) for kind in kinds])))


def record_id(post_id: str) -> int:
    """The record's id in a source document's "<kind>-<id>"."""
    parsed = sources.parse_document_id(post_id)
    return parsed[1] if parsed else int(post_id)


def hidden_docs(searcher, parsed: ParsedQuery, hidden_board_ids: set[int],
                budget: Budget | None = None, records: set[int] = frozenset()) -> HiddenDocs | None:
    """The documents never to show (see HiddenDocs), None when there are none. Excluded
    threads: those of an excluded word looked up per segment (segments.term_threads: kept in
    memory for the common words, which are the ones worth excluding), those of an excluded
    phrase by walking its matches (positions), within `budget`: when it runs out the caller
    must show nothing (the threads found so far are not all). `records`: document numbers to
    leave out as well."""
    threads: set[int] = set()
    words, phrases = exclusion_parts(parsed, searcher.schema)
    reader = searcher.reader()
    for fieldname, text in words:
        if budget is not None and budget.spent() > budget.seconds:
            budget.exhausted = True
            break
        threads |= term_threads(reader, fieldname, text)
    if phrases is not None and not (budget is not None and budget.exhausted):
        if budget is not None:
            phrases = within(phrases, budget)
        thread_of = column_values(reader, "thread_id")
        threads.update(thread_of[docnum] for docnum in searcher.docs_for_query(phrases))
    if not threads and not hidden_board_ids and not records:
        return None
    return HiddenDocs(searcher, threads, set(hidden_board_ids), set(records))


def matching_threads(searcher, matcher, allowed, mask, thread_of, limit: int) -> tuple[list[int], bool]:
    """The threads with a matching post, counted exactly up to `limit`; True when there are more."""
    threads: set[int] = set()
    for docnum in searcher.docs_for_query(matcher):
        if (allowed is not None and docnum not in allowed) or (mask and docnum in mask):
            continue
        threads.add(thread_of[docnum])
        if len(threads) >= limit:
            return list(threads), True
    return list(threads), False


def highlighted(page_hits, load_texts, key=int) -> list[BackendHit]:
    """The page's hits still live in the database, their words marked in the title and in a
    snippet of the body. `key` reads the id load_texts takes from a stored post_id."""
    texts = load_texts([key(hit["post_id"]) for hit in page_hits])
    hits = []
    for hit in page_hits:
        text = texts.get(key(hit["post_id"]))
        if text is None:
            continue  # changed since it was indexed; the pending change will catch up
        hit.results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        snippet = hit.highlights("body", text=text.body, top=2) or shorten(text.body)
        hit.results.fragmenter = highlight.WholeFragmenter()  # the whole title, words marked
        title = hit.highlights("title", text=text.title, top=1) or str(escape(text.title))
        hits.append(BackendHit(post_id=key(hit["post_id"]), thread_id=hit["thread_id"], score=hit.score,
                               title_html=Markup(title), snippet_html=Markup(snippet)))
    return hits
