"""Documents other than posts, from packages above search (capitalisation cards): a registry.

Search sits below them and imports none: a package registers a Source with the app at init,
and search asks it for the documents of some ids, for every live id (a rebuild, the drift
check) and for what a hit shows. A source's documents carry the `kind` of the source ("card": `kind:card`
finds them), a `post_id` of "<kind>-<id>" (never a post's id) and the ordinary fields (title,
body, board, tags, created). The registering package enqueues `enqueue_change(kind, id)` in
the transaction that changes a record; the index job applies it after the commit, like the
outbox does for posts.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import current_app, has_app_context

from forum.jobs import enqueue

# The outbox's job kind: one queue, one writer, one drain before each search (SEARCH_SYNC).
from .outbox import SEARCH_JOB


@dataclass(frozen=True)
class SourceItem:
    """What a search hit shows of a live record (the source builds it from the database)."""

    title: str
    body: str  # plain text, for the snippet
    endpoint: str  # its page: url_for(endpoint, **url_values)
    url_values: dict
    meta: str = ""  # one line of context (commune, axis...), already translated
    # The board and tags, to keep the viewer's filters right (a hidden board hides the item).
    board_id: int | None = None


@dataclass(frozen=True)
class Source:
    kind: str
    # ids -> (document ids to delete, documents to add): every id given is deleted, the live
    # ones added back, so applying a change twice is harmless.
    documents: Callable[[object, Iterable[int]], tuple[list[str], list[dict]]]
    # session -> every id that must be in the index
    live_ids: Callable[[object], list[int]]
    # ids -> {id: SourceItem} for those still live (in the request's session)
    load: Callable[[list[int]], dict[int, SourceItem]]
    label: str = ""  # the block's heading on the results page (a lazy string)


EXTENSION = "search_sources"


def register(app, source: Source) -> None:
    """Called by a package's init_app: the app's sources (none outside an app context)."""
    app.extensions.setdefault(EXTENSION, {})[source.kind] = source


def registered() -> dict[str, Source]:
    return dict(current_app.extensions.get(EXTENSION, {})) if has_app_context() else {}


def get(kind: str) -> Source | None:
    return registered().get(kind)


def document_id(kind: str, record_id: int) -> str:
    return f"{kind}-{record_id}"


def parse_document_id(value: str) -> tuple[str, int] | None:
    """("card", 5) for "card-5"; None for a post's id."""
    kind, sep, number = value.partition("-")
    return (kind, int(number)) if sep and number.isdigit() else None


def enqueue_change(kind: str, record_id: int, session=None) -> None:
    """Reindex one record of a source after the caller's transaction commits."""
    enqueue(SEARCH_JOB, session=session, source=kind, id=record_id)
