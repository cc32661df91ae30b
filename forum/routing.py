"""What the request hands the application, kept within what the database and the site can hold.

Werkzeug's <int:...> converter and `type=int` accept any size, but every id column is a 32-bit
INTEGER: PostgreSQL refuses a bigger value (a 500) and a huge page number makes a huge OFFSET.
PostgreSQL text cannot hold NUL either. And a streamed (chunked) body over MAX_CONTENT_LENGTH
would be cut there silently instead of refused.
"""

import io
from functools import wraps

from flask import Flask, Request, abort, redirect, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import ImmutableDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter, Map, PathConverter, UnicodeConverter, ValidationError
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream

from forum.errors import NotAllowed

MAX_ID = 2**31 - 1  # the largest INTEGER, the type of every id column
MAX_PAGE = 10_000


class IdConverter(IntegerConverter):
    """<int:...> in every route: an id no id column can hold is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class _NoNul:
    def to_python(self, value: str) -> str:
        if "\x00" in value:
            raise ValidationError  # the rule does not match: a 404
        return super().to_python(value)


class TextConverter(_NoNul, UnicodeConverter):
    """<slug>, <username>...: a NUL in the path is a 404 (PostgreSQL text cannot hold it)."""


class NoNulPathConverter(_NoNul, PathConverter):
    """<path:...>, likewise."""


class _Map(Map):
    default_converters = ImmutableDict({
        **Map.default_converters,
        "int": IdConverter, "default": TextConverter, "string": TextConverter, "path": NoNulPathConverter,
    })


def _without_nul(text: str) -> str:
    return text.replace("\x00", "\ufffd")


class _StrictLimit(io.RawIOBase):
    """A body of unknown length: reading more than `limit` bytes is a 413, not a silent cut."""

    def __init__(self, stream, limit: int):
        self._stream = LimitedStream(stream, limit + 1, is_max=True)
        self._limit = limit
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._stream.readinto(buffer) or 0
        self._read += count
        if self._read > self._limit:
            raise RequestEntityTooLarge
        return count


class ForumRequest(Request):
    """The request every view sees: query values without NUL, bodies within the size limit."""

    @cached_property
    def args(self):
        """NUL reads as U+FFFD, as in forms (forum.forms): a lookup then finds nothing."""
        return self.parameter_storage_class(
            (_without_nul(key), _without_nul(value)) for key, value in super().args.items(multi=True)
        )

    @cached_property
    def stream(self):
        """Werkzeug stops a streamed body at the limit without a word; refuse it instead."""
        limit = self.max_content_length
        if limit is None or self.content_length is not None or "wsgi.input_terminated" not in self.environ:
            return super().stream
        return io.BufferedReader(_StrictLimit(self.environ["wsgi.input"], limit))


class Forum(Flask):
    """The app class: these converters in every rule (the static one included) and ForumRequest."""

    url_map_class = _Map
    request_class = ForumRequest


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


def found_or_404(found, may_see=None):
    """`found`, or a 404 when it is None or `may_see(current_user, found)` is false: what a
    visitor may not see (a deleted thread, an archived board) gets the page of what does not
    exist, so nothing tells the two apart."""
    if found is None or (may_see is not None and not may_see(current_user, found)):
        abort(404)
    return found


def requires(may):
    """View decorator: log in first, then 403 unless `may(current_user)` (the services check
    again: this only spares a page to someone who could not use it)."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not may(current_user):
                raise NotAllowed
            return view(*args, **kwargs)

        return wrapped

    return decorate
