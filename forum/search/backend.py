"""What service.py asks of a search engine: the seam a second backend plugs into.

The service resolves everything the database knows (boards, tags and members by slug, what
the viewer may see, the posts' text) and hands the engine ids; the engine finds, ranks and
counts posts, and marks the matched words in the text it is given. ``SEARCH_BACKEND`` names
the engine (``BACKENDS``); Whoosh, in-process and on disk, is the embedded default.

The rules every backend keeps (tests/search run each registered backend against them): one
result per thread, its best post; relevance times SOLVED_BONUS for solved threads; matching
threads counted exactly up to the request's count_limit; at most SPELL_MAX_WORDS spelling lookups; work
bounded by the request's ``Budget``.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from flask import Flask, current_app
from markupsafe import Markup

from .budget import Budget
from .parser import ParsedQuery

SOLVED_BONUS = 1.15  # solved threads answer the question: a little ahead at equal relevance
SNIPPET_CHARS = 240
# Unknown words looked up for a spelling correction (a lookup can cost tens of milliseconds).
SPELL_MAX_WORDS = 3

# name -> "module:factory"; the factory takes the app and returns a SearchBackend.
BACKENDS = {"whoosh": "forum.search.whoosh_backend:WhooshBackend",
            "postgres": "forum.search.postgres_backend:PostgresBackend"}


@dataclass(frozen=True)
class Filters:
    """The structured part of a query, resolved to ids. An empty list filters nothing (the
    service never sends a filter that can match nothing: it answers "no results" itself)."""

    board_ids: list[int] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)
    author_ids: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    status: str | None = None  # solved, unsolved, open (not locked), closed (locked)
    need_statuses: list[str] = field(default_factory=list)
    after: datetime.date | None = None  # from that day on
    before: datetime.date | None = None  # up to the day before


@dataclass(frozen=True)
class PostText:
    """What the page shows of a live post, for the backend to mark the matched words in."""

    title: str
    body: str  # plain text of the rendered body


@dataclass
class SearchRequest:
    parsed: ParsedQuery  # words, phrases, excluded, in_title and order are the engine's part
    filters: Filters
    hidden_board_ids: set[int]  # boards the viewer may not see (archived ones)
    tags: dict[int, str]  # every tag's id and name: a word naming a tag finds its threads
    page: int
    per_page: int
    budget: Budget
    count_limit: int  # matching threads to count, at most
    # Post ids -> the text of those still live (the database is the source of truth).
    load_texts: Callable[[list[int]], dict[int, PostText]]


@dataclass
class BackendHit:
    post_id: int
    thread_id: int
    score: float
    title_html: Markup
    snippet_html: Markup


@dataclass
class BackendResults:
    hits: list[BackendHit] = field(default_factory=list)  # the page asked for, in rank order
    thread_ids: list[int] = field(default_factory=list)  # matching threads, up to count_limit
    total_capped: bool = False  # more threads match than were counted
    cut_short: bool = False  # the budget ran out: incomplete (nothing at all if during exclusions)


@runtime_checkable
class SearchBackend(Protocol):
    name: str

    def apply_changes(self, pairs: Iterable[tuple[int, int | None]], lock_timeout: float = 0.0,
                      records: dict[str, set[int]] | None = None) -> bool:
        """Reindex (thread id, post id) pairs from the database (post id None: the whole
        thread), and other packages' `records` ({source kind: ids}, forum.search.sources);
        False when the index was busy and nothing was written (try again)."""

    def search(self, request: SearchRequest) -> BackendResults:
        """Posts only: the documents of other records never appear here."""

    def search_records(self, kind: str, request: SearchRequest) -> BackendResults:
        """The records of a source (forum.search.sources) that match: hits carry the record's
        id as post_id, thread_ids every matching record's id; load_texts takes record ids."""

    def similar(self, parsed: ParsedQuery, hidden_board_ids: set[int], limit: int) -> list[int]:
        """Ids of the threads whose first post is closest to the words, best first."""

    def suggest(self, parsed: ParsedQuery, text: str, tags: dict[int, str], budget: Budget) -> str | None:
        """``text`` with words no post or tag holds replaced by close ones the forum uses."""

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Index every live post afresh; searches go on answering meanwhile."""

    def is_stale(self) -> bool:
        """The index was built by another version of the analysis: rebuild it."""

    def drift(self) -> tuple[set[int], set[int]]:
        """(live posts missing from the index, indexed posts that should not be there)."""


def registered() -> list[str]:
    return list(BACKENDS)


def create(app: Flask, name: str) -> SearchBackend:
    module, _, factory = BACKENDS[name].partition(":")
    return getattr(importlib.import_module(module), factory)(app)


def get_backend() -> SearchBackend:
    """The app's backend (``SEARCH_BACKEND``), made on first use."""
    app = current_app._get_current_object()
    name = app.config["SEARCH_BACKEND"]
    backends = app.extensions.setdefault("search_backends", {})
    if name not in backends:
        backends[name] = create(app, name)
    return backends[name]
