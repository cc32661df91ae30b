"""Markdown to sanitized HTML: the one function every post goes through.

Rendering runs in small helper processes, each with a deadline. Python-Markdown needs
several seconds on some hostile inputs (thousands of unclosed brackets); a thread cannot be
interrupted, but a process can be killed, so no request ever waits longer than
MARKUP_TIMEOUT on a post.
"""

import atexit
import json
import os
import re
import select
import subprocess
import sys
import threading
import time
from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
})
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "nl2br", "sane_lists", "toc"]
# Headings start at <h2>: the page keeps its single <h1>. toc is there only for baselevel.
MARKDOWN_CONFIG = {"toc": {"baselevel": 2, "anchorlink": False}, "tables": {"use_align_attribute": True}}
LINK_REL = "nofollow ugc noopener"


class MarkupTooComplex(Exception):
    """The text could not be rendered within the time limit."""


# A URL scheme as browsers read it (WHATWG URL): after stripping leading C0 controls and
# spaces and removing tabs and newlines anywhere, letters then [letters digits + - .] then ":".
_URL_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_IGNORED = re.compile(r"[\t\n\r]")


def _safe_href(value: str) -> bool:
    """Relative URLs and allowed schemes only. bleach alone lets "javascript:123" through
    (its URL parser takes the digits for a port), so the scheme is checked here first."""
    scheme = _URL_SCHEME.match(_URL_IGNORED.sub("", value.lstrip("".join(map(chr, range(0x21))))))
    return scheme is None or scheme.group(1).lower() in ALLOWED_PROTOCOLS


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        return name == "title" or (name == "href" and _safe_href(value))
    if tag == "abbr":
        return name == "title"
    if tag in ("td", "th"):
        return name == "align" and value in ("left", "right", "center")
    if tag == "code":
        return name == "class" and value.startswith("language-") and value[9:].isidentifier()
    return False


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"pre", "code"})],
)


def render_unbounded(text: str) -> str:
    """Render and sanitize in this process, however long it takes (helpers, benchmarks)."""
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG)
    return _cleaner.clean(html)


class _Worker:
    """One helper process that renders JSON-lines requests (forum/markup_worker.py)."""

    def __init__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "forum.markup_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=_PROJECT_PARENT,
        )
        self._buffer = b""
        # Starting Python and importing the package is not the post's fault: the worker
        # says "ready" before any deadline starts counting.
        try:
            ready = self._read_line(time.monotonic() + _WORKER_START_TIMEOUT)
        except MarkupTooComplex:
            ready = None
        if ready != b"ready":
            self.kill()
            raise RuntimeError("markup worker did not start")

    def render(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        self.proc.stdin.write(json.dumps(text, ensure_ascii=False).encode() + b"\n")
        self.proc.stdin.flush()
        return json.loads(self._read_line(deadline))

    def _read_line(self, deadline: float) -> bytes:
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise MarkupTooComplex
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise RuntimeError("markup worker exited")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


_PROJECT_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_MAX_IDLE_WORKERS = 2
_WORKER_START_TIMEOUT = 30.0
_idle: list[_Worker] = []
_idle_lock = threading.Lock()


def render(text: str, timeout: float = 1.0) -> str:
    """Markdown source -> sanitized HTML, safe to mark |safe in templates.

    Raises MarkupTooComplex when rendering takes longer than `timeout` seconds; the helper
    process doing it is killed, so the cost stays bounded.
    """
    with _idle_lock:
        worker = _idle.pop() if _idle else None
    if worker is None:
        worker = _Worker()
    try:
        html = worker.render(text, timeout)
    except BaseException:
        worker.kill()
        raise
    with _idle_lock:
        if len(_idle) < _MAX_IDLE_WORKERS:
            _idle.append(worker)
            worker = None
    if worker is not None:
        worker.kill()
    return html


@atexit.register
def shutdown() -> None:
    """Stop the helper processes (tests, clean exits)."""
    with _idle_lock:
        workers = list(_idle)
        _idle.clear()
    for worker in workers:
        worker.kill()
