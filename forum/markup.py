"""Markdown to sanitized HTML: the one function every post goes through.

Rendering runs in small helper processes, each with a deadline. Python-Markdown needs
several seconds on some hostile inputs (thousands of unclosed brackets); a thread cannot be
interrupted, but a process can be killed, so no request waits longer than MARKUP_TIMEOUT on a
hostile post (an ordinary one that a loaded machine leaves waiting gets a few times longer).

Hostile texts must not slow everybody else down either. Helpers are forked from a server
process that has imported this module, so replacing a killed one costs milliseconds, not the
seconds of starting Python on a busy machine; and a text that has used QUICK_RENDER seconds
of processor (an ordinary post takes milliseconds) goes on at the lowest priority, so parallel
hostile previews leave the processors to everybody else's requests.
"""

import atexit
import multiprocessing
import re
import threading
import time
from functools import partial

import bleach
import markdown
import psutil
from bleach.linkifier import LinkifyFilter
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

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


_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')


def external_links(html: str) -> int:
    """How many links of sanitized `html` leave the forum (a scheme, or "//host"); links
    within it (relative URLs, such as a quoted post's) are not counted."""
    return sum(1 for href in _HREF.findall(html) if href.startswith("//") or _URL_SCHEME.match(href))


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


class _ListAfterLineProcessor(BlockProcessor):
    """A list that starts on the line right after a sentence is a list, as in CommonMark
    and on GitHub ("Nous cherchons :\n- un avis"); Python-Markdown wants a blank line first.

    It only sees blocks that every other processor left to the paragraph one, so fenced code
    (stashed before) and indented code (claimed first) are never split. As in CommonMark, a
    numbered list interrupts a sentence only when it starts at 1, so "en\n2026. Nous" stays
    one paragraph.
    """

    def __init__(self, parser):
        super().__init__(parser)
        indent = self.tab_length - 1
        self.item_line = re.compile(rf"^[ ]{{0,{indent}}}(?:[*+-]|1\.)[ ]+\S", re.MULTILINE)

    def test(self, parent, block):
        return self.item_line.search(block, block.find("\n") + 1) is not None if "\n" in block else False

    def run(self, parent, blocks):
        block = blocks[0]
        start = self.item_line.search(block, block.find("\n") + 1).start()
        blocks[0:1] = [block[:start].rstrip("\n"), block[start:]]
        return False  # the sentence goes on to the paragraph processor, the list to the list ones


class _ImageAsLinkTreeprocessor(Treeprocessor):
    """Posts show no images (weight on weak connections, tracking): a Markdown image becomes a
    link to it, with its alt text as the link's text. An unsafe URL, or an image inside a link, leaves the
    alt text alone."""

    def run(self, root):
        in_links = {element for link in root.iter("a") for element in link.iter()}
        for parent in list(root.iter()):
            previous = None  # the last child kept: the alt text of a dropped image joins its tail
            for child in list(parent):
                if child.tag != "img" or self._made_link(child, inside_link=parent in in_links):
                    previous = child
                    continue
                text = child.get("alt", "") + (child.tail or "")
                if previous is None:
                    parent.text = (parent.text or "") + text
                else:
                    previous.tail = (previous.tail or "") + text
                parent.remove(child)

    @staticmethod
    def _made_link(img, inside_link: bool) -> bool:
        """Turn `img` into <a href="src">alt</a> if its URL is safe; False if it must go."""
        src, alt, title = img.get("src", ""), img.get("alt", ""), img.get("title")
        if not src or inside_link or not _safe_href(src):
            return False
        img.attrib.clear()
        img.tag, img.text = "a", alt or src
        img.set("href", src)
        if title:
            img.set("title", title)
        return True


class _ForumExtension(Extension):
    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(_ListAfterLineProcessor(md.parser), "list_after_line", 12)
        # After "inline" (20), which makes the <img> elements.
        md.treeprocessors.register(_ImageAsLinkTreeprocessor(md), "image_as_link", 15)


def render_unbounded(text: str) -> str:
    """Render and sanitize in this process, however long it takes (helpers, benchmarks)."""
    html = markdown.markdown(
        text, extensions=[*MARKDOWN_EXTENSIONS, _ForumExtension()], extension_configs=MARKDOWN_CONFIG
    )
    return _cleaner.clean(html)


MAX_IDLE = 2  # helpers kept waiting for the next text, per process
QUICK_RENDER = 0.2  # seconds of processor; an ordinary post takes milliseconds
STARVED_FACTOR = 3  # the deadline of a text that used less, times this
_WATCH_EVERY = 0.05
_START_TIMEOUT = 30.0


def _serve(connection) -> None:
    """A helper's loop: Markdown texts in, sanitized HTML out, until the pipe closes."""
    connection.send("ready")
    while True:
        try:
            text = connection.recv()
        except EOFError:
            return
        connection.send(render_unbounded(text))


# The fork server imports (and warms up) the renderer once, and the main module as
# multiprocessing wants (scripts keep their work under `if __name__ == "__main__"`).
_processes = multiprocessing.get_context("forkserver")
_processes.set_forkserver_preload(["__main__", "forum.markup_worker"])


class _Worker:
    """One helper process and the pipe to it."""

    def __init__(self):
        self.connection, theirs = _processes.Pipe()
        self.process = _processes.Process(target=_serve, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()
        # Starting is not the post's fault (seconds on a loaded machine, for the fork server's
        # first start): the helper says "ready" before any deadline starts counting.
        if not self.connection.poll(_START_TIMEOUT) or self.connection.recv() != "ready":
            self.kill()
            raise RuntimeError("markup helper did not start")
        self.usage = psutil.Process(self.process.pid)
        # Unprivileged, a process cannot get its priority back: a slowed helper is not reused.
        self.reusable = True

    def render(self, text: str, timeout: float) -> str:
        """The HTML, or MarkupTooComplex past the deadline (then the helper must be killed).

        Once the text has used QUICK_RENDER seconds of processor (CPU time, not elapsed time,
        so that ordinary posts on a busy machine are not taken for hostile ones), the helper
        goes on at the lowest priority and `timeout` seconds after the start it is refused.
        A text that has not used that much is an ordinary post whose helper waits for a
        processor on a loaded machine: it gets STARVED_FACTOR times longer before the refusal,
        so that a busy server does not turn away posts that take milliseconds."""
        started = time.monotonic()
        heavy_deadline, last_deadline = started + timeout, started + STARVED_FACTOR * timeout
        cpu_before = self._cpu_seconds()
        heavy = False
        self.connection.send(text)
        while not self.connection.poll(max(min(_WATCH_EVERY, last_deadline - time.monotonic()), 0)):
            now = time.monotonic()
            heavy = heavy or self._cpu_seconds() - cpu_before >= QUICK_RENDER
            if now >= last_deadline or (heavy and now >= heavy_deadline):
                if self.connection.poll(0):  # it came in as the deadline passed
                    break
                raise MarkupTooComplex
            if heavy and self.reusable:
                self.usage.nice(19)
                self.reusable = False
        return self.connection.recv()

    def _cpu_seconds(self) -> float:
        times = self.usage.cpu_times()
        return times.user + times.system

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


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
        if len(_idle) < MAX_IDLE and worker.reusable:
            _idle.append(worker)
            worker = None
    if worker is not None:
        worker.kill()
    return html


def warm_up() -> None:
    """Start the fork server and one helper now, so that the first post a server process
    renders does not wait for them (0.7-2.7 s on a loaded machine): gunicorn.conf.py calls
    it as each worker starts."""
    with _idle_lock:
        if _idle:
            return
    worker = _Worker()
    with _idle_lock:
        if len(_idle) < MAX_IDLE:
            _idle.append(worker)
            worker = None
    if worker is not None:
        worker.kill()


@atexit.register
def shutdown() -> None:
    """Stop the helper processes (tests, clean exits)."""
    with _idle_lock:
        workers = list(_idle)
        _idle.clear()
    for worker in workers:
        worker.kill()
