"""The PostgreSQL backend: search_pg_documents searched with SQL (queries.py), within the
request's Budget.

Every search runs on a connection of its own, in a transaction (rolled back: it writes
nothing) whose statement_timeout is what remains of the budget: a statement cancelled at the
deadline cuts the search short, with what was found by then, never an error page. The budget
is CPU time of this thread (forum.search.budget), which does not run while PostgreSQL works:
each statement may take what remained when it started, and a search is at most four
statements (the analysis, the page and its count, the marks; spelling has its own budget),
so its wall time stays within a few budgets even on a loaded machine, where counting the
time waited for a cold connection would cut searches that are not slow.
"""

from __future__ import annotations

from psycopg import errors as pg_errors
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from forum.extensions import db

from ..backend import SOLVED_BONUS, SPELL_MAX_WORDS, BackendHit, BackendResults, SearchRequest
from ..budget import Budget
from ..parser import ParsedQuery, replace_word
from . import marking, schema, store
from .queries import (
    Sql,
    TextQuery,
    analyse,
    excluded_sql,
    filters_sql,
    has_filters,
    spell_words,
    text_sql,
)
from .schema import CONFIG, DOCUMENTS, TERMS, WORDS

# Close words looked at for a correction (the nearest by trigram distance), before the edit
# distance picks one.
SPELL_CANDIDATES = 20
# similar() runs while a title is typed: its own bound, no request budget.
SIMILAR_SECONDS = 1.0
# statement_timeout is set again when less than this share of it remains in the budget (a
# statement may so run past the budget by a third of what remained, at most).
RESET_SHARE = 0.75


class OutOfTime(Exception):
    pass


class Timed:
    """Statements on one connection, each with the budget's remaining time as statement_timeout."""

    def __init__(self, conn, budget: Budget):
        self.conn, self.budget = conn, budget
        self.timeout: float | None = None
        self._params: dict = {}

    def remaining(self) -> float:
        return self.budget.seconds - self.budget.spent()

    def setting(self) -> str:
        """An expression that sets statement_timeout to the remaining time, for the first
        statement of a transaction to carry (it applies from the next statement on; the first
        one is short: the analysis of a few words). Saves a statement per search."""
        self.timeout = max(self.remaining(), 0.001)
        self._params["_timeout"] = f"{int(self.timeout * 1000) or 1}ms"
        return "set_config('statement_timeout', :_timeout, true)"

    def __call__(self, sql: str, params: dict | None = None) -> list:
        remaining = self.remaining()
        if remaining <= 0:
            self.budget.exhausted = True
            raise OutOfTime
        params = {**(params or {}), **self._params}
        self._params = {}
        # Set again only once the remaining time fell well below the timeout in force: each
        # SET is a statement, and a search that takes milliseconds needs none after the first.
        if self.timeout is None or remaining < RESET_SHARE * self.timeout:
            self.conn.execute(text("SELECT set_config('statement_timeout', :ms, true)"),
                              {"ms": f"{max(1, int(remaining * 1000))}ms"})
            self.timeout = remaining
        try:
            return self.conn.execute(text(sql), params).all()
        except OperationalError as error:
            if isinstance(error.orig, pg_errors.QueryCanceled):
                self.budget.exhausted = True
                raise OutOfTime from error
            raise


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


class PostgresBackend:
    name = "postgres"

    def __init__(self, app):
        self._app = app
        self._ready = False

    @property
    def engine(self):
        engine = db.engine
        if not self._ready:
            if engine.dialect.name != "postgresql":
                raise RuntimeError("SEARCH_BACKEND = 'postgres' needs a PostgreSQL database")
            with engine.begin() as conn:
                if not schema.exists(conn):
                    schema.create(conn)
            self._ready = True
        return engine

    def _timed(self, budget: Budget):
        """A connection in a read-only transaction, pending index work applied first (SEARCH_SYNC)."""
        if self._app.config.get("SEARCH_SYNC"):
            self._app.extensions["search"].apply_all()
        conn = self.engine.connect()
        conn.begin()  # rolled back at the end: a search writes nothing
        return conn, Timed(conn, budget)

    # -- writing --------------------------------------------------------------------------

    def apply_changes(self, pairs, lock_timeout: float = 0.0, records=None) -> bool:
        return store.apply_changes(self.engine, pairs, lock_timeout, records)

    def rebuild(self, progress=None) -> int:
        return store.rebuild(self.engine, progress)

    def is_stale(self) -> bool:
        return store.is_stale(self.engine)

    def drift(self) -> tuple[set[int], set[int]]:
        return store.drift(self.engine)

    # -- reading --------------------------------------------------------------------------

    def _statement(self, run: Timed, parsed: ParsedQuery, request: SearchRequest, source: str):
        """(the Sql of the matching documents, the analysed text or None, ordered by date);
        None when nothing can match."""
        q = analyse(run, parsed, request.tags)
        filters = request.filters
        sql = Sql()
        # Literal '' for posts: the planner then knows the partial index on records cannot serve.
        sql.where.append(f"d.source = {sql.param(source)}" if source else "d.source = ''")
        if request.hidden_board_ids:
            sql.where.append(f"NOT (d.board_id = ANY({sql.param(sorted(request.hidden_board_ids))}))")
        filters_sql(filters, sql, records=bool(source))
        excluded_sql(q, sql)
        latest = parsed.order == "latest"
        if q.is_empty:
            if not (source or has_filters(filters)):  # a source's kind alone is a filter (kind:card)
                return None
            latest = True  # filters only: nothing to rank by, the newest first
        else:
            text_sql(q, sql, parsed.in_title)
        return sql, q, latest

    def _find(self, request: SearchRequest, source: str = "") -> BackendResults:
        results = BackendResults()
        conn, run = self._timed(request.budget)
        try:
            try:
                built = self._statement(run, request.parsed, request, source)
                if built is None:
                    return results
                sql, q, latest = built
                where = " AND ".join(sql.where)
                order = "created DESC" if latest else "rank DESC, created DESC"
                best = "created DESC" if latest else "score DESC, created DESC"
                limit, offset = sql.param(request.per_page), sql.param((request.page - 1) * request.per_page)
                key = "record_id" if source else "thread_id"
                cap = sql.param(request.count_limit + 1)
                # The page and the matching threads (counted up to count_limit) in one statement.
                rows = run(f"""
                    WITH m AS (
                        SELECT d.record_id, d.thread_id, d.solved, d.created,
                               {sql.score if not latest else "1.0"} AS score
                        FROM {DOCUMENTS} d {sql.lateral if not latest else ""} WHERE {where}
                    ), best AS (
                        SELECT DISTINCT ON (thread_id) record_id, thread_id, created,
                               score * CASE WHEN solved THEN {SOLVED_BONUS} ELSE 1 END AS rank
                        FROM m ORDER BY thread_id, {best}
                    ), page AS (
                        SELECT record_id, thread_id, rank, row_number() OVER (ORDER BY {order}) AS n
                        FROM best ORDER BY {order} LIMIT {limit} OFFSET {offset}
                    ), counted AS (
                        SELECT DISTINCT {key} AS id FROM m LIMIT {cap}
                    )
                    SELECT 1 AS part, n, record_id, thread_id, rank FROM page
                    UNION ALL SELECT 2, 0, id, NULL, NULL FROM counted
                """, sql.params)
                page = [(record_id, thread_id, float(rank))
                        for part, _, record_id, thread_id, rank in sorted(rows, key=lambda row: row[:2]) if part == 1]
                counted = [record_id for part, _, record_id, _, _ in rows if part == 2]
                results.total_capped = len(counted) > request.count_limit
                results.thread_ids = counted[:request.count_limit]
            except OutOfTime:
                results.cut_short = True
                results.thread_ids = []
                return results
            results.hits = self._hits(run, page, request, q)
        finally:
            conn.rollback()
            conn.close()
        return results

    def _hits(self, run: Timed, page, request: SearchRequest, q: TextQuery | None) -> list[BackendHit]:
        if not page:
            return []
        texts = request.load_texts([record_id for record_id, _, _ in page])
        lexemes = q.lexemes() if q is not None else set()
        body_words = {record_id: marking.tokens(value.body) for record_id, value in texts.items()} if lexemes else {}
        words = {word for found in body_words.values() for _, _, word in found}
        words |= {word for value in texts.values() for _, _, word in marking.tokens(value.title)} if lexemes else set()
        try:
            matched = marking.matching_words(run, words, lexemes) if lexemes else set()
        except OutOfTime:
            matched = set()  # the page is shown unmarked rather than not at all
        hits = []
        for record_id, thread_id, rank in page:
            value = texts.get(record_id)
            if value is None:
                continue  # changed since it was indexed; the pending change will catch up
            hits.append(BackendHit(post_id=record_id, thread_id=thread_id, score=rank,
                                   title_html=marking.title_html(value.title, matched),
                                   snippet_html=marking.snippet_html(value.body, matched,
                                                                     body_words.get(record_id))))
        return hits

    def search(self, request: SearchRequest) -> BackendResults:
        return self._find(request)

    def search_records(self, kind: str, request: SearchRequest) -> BackendResults:
        return self._find(request, source=kind)

    def similar(self, parsed: ParsedQuery, hidden_board_ids: set[int], limit: int) -> list[int]:
        conn, run = self._timed(Budget(SIMILAR_SECONDS))
        try:
            q = analyse(run, parsed, {})
            if q.is_empty:
                return []
            sql = Sql()
            sql.where += ["d.source = ''", "d.is_first"]
            if hidden_board_ids:
                sql.where.append(f"NOT (d.board_id = ANY({sql.param(sorted(hidden_board_ids))}))")
            text_sql(q, sql, False)
            rows = run(f"""
                SELECT d.thread_id FROM {DOCUMENTS} d {sql.lateral} WHERE {" AND ".join(sql.where)}
                ORDER BY ({sql.score}) * CASE WHEN d.solved THEN {SOLVED_BONUS} ELSE 1 END DESC, d.created DESC
                LIMIT {sql.param(limit)}
            """, sql.params)
            return [thread_id for (thread_id,) in rows]
        except OutOfTime:
            return []
        finally:
            conn.rollback()
            conn.close()

    def suggest(self, parsed: ParsedQuery, text: str, tags: dict[int, str], budget: Budget) -> str | None:
        """Words no post or tag holds (once analysed: "electrification" typed without accents is
        known) replaced by the closest word the forum uses: the nearest trigram neighbours in
        search_pg_words, then the smallest edit distance (at most 2), then the most used."""
        words = spell_words(parsed)
        if not words:
            return None
        conn, run = self._timed(budget)
        corrected = text
        try:
            tag_text = store.prepare(" ".join(tags.values()))
            known = dict(run(f"""
                SELECT a.value, bool_or(coalesce(t.ndoc, 0) > 0 OR u.lexeme = ANY(tsvector_to_array(
                           to_tsvector('{CONFIG}', CAST(:tags AS text)))))
                FROM (SELECT {run.setting()} AS timeout) s,
                     unnest(CAST(:words AS text[]), CAST(:prepared AS text[])) a(value, prepared)
                LEFT JOIN LATERAL unnest(to_tsvector('{CONFIG}', a.prepared)) u ON true
                LEFT JOIN {TERMS} t ON t.lexeme = u.lexeme
                GROUP BY a.value
            """, {"words": words, "prepared": [store.prepare(w) for w in words], "tags": tag_text}))
            looked_up = 0
            for word in words:
                if known.get(word) is not False:  # known, or a stop word PostgreSQL drops
                    continue
                if looked_up >= SPELL_MAX_WORDS:
                    break
                looked_up += 1
                candidates = run(f"""
                    SELECT word, ndoc FROM {WORDS} WHERE ndoc > 0 ORDER BY word <-> :word LIMIT {SPELL_CANDIDATES}
                """, {"word": word})
                close = sorted((_levenshtein(word, w), -ndoc, w) for w, ndoc in candidates
                               if w != word and len(w) >= 3 and any(c.isalpha() for c in w))
                if close and close[0][0] <= 2:
                    corrected = replace_word(corrected, word, close[0][2])
        except OutOfTime:
            pass
        finally:
            conn.rollback()
            conn.close()
        return corrected if corrected != text else None
