"""Numbers from the request that reach the database, kept within what it can hold.

Werkzeug's <int:...> converter and `type=int` accept any size; SQLite's driver then raises
OverflowError beyond 64 bits (a 500), and a huge page number makes a huge OFFSET.
"""

from flask import abort, redirect, request, url_for
from werkzeug.routing import IntegerConverter

MAX_ID = 2**63 - 1  # the largest BIGINT
MAX_PAGE = 10_000


class IdConverter(IntegerConverter):
    """<int:...> in every route: an id no database integer can hold is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def clamp_page(page: int | None) -> int:
    """A page number between 1 and MAX_PAGE (None reads as 1)."""
    return min(max(page or 1, 1), MAX_PAGE)


def page_arg(name: str = "page") -> int:
    """The ?page= number, between 1 and MAX_PAGE (anything else reads as the nearest)."""
    return clamp_page(request.args.get(name, 1, type=int))


def existing_page(pagination):
    """`pagination` itself, unless its page is past the last one: then a redirect to the last page.

    Every paginated page calls it, so a stale or hand-typed ?page= never shows an empty list
    that claims there is nothing at all. Page 1 of an empty list stays as it is.
    """
    last = max(pagination.pages, 1)
    if pagination.page > last:
        args = {**(request.view_args or {}), **request.args.to_dict(flat=False)}
        args.pop("page", None)
        if last > 1:
            args["page"] = last
        abort(redirect(url_for(request.endpoint, **args)))
    return pagination


def id_arg(name: str) -> int | None:
    """An id from the query string, or None when it is missing or no valid id."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None
