"""Pieces of a Whoosh search: document sets tested against columns, the snippet formatter."""

from markupsafe import escape
from whoosh import highlight
from whoosh.idsets import DocIdSet

from ..backend import SNIPPET_CHARS, Filters
from ..documents import day_number
from .segments import column_values


class MarkFormatter(highlight.HtmlFormatter):
    """Matched words in <mark>; all the text around them HTML-escaped (by HtmlFormatter)."""

    template = "<mark>%(t)s</mark>"


class DayRange(DocIdSet):
    """The posts written between two days, tested one document at a time against the "day"
    column, so that after:/before: costs nothing for the posts the words already ruled out."""

    def __init__(self, searcher, filters: Filters):
        self.days = column_values(searcher.reader(), "day")
        self.first = day_number(filters.after) if filters.after else -(10**9)
        self.last = day_number(filters.before) - 1 if filters.before else 10**9  # before: excludes that day

    def __contains__(self, docnum) -> bool:
        return self.first <= self.days[docnum] <= self.last

    def __bool__(self) -> bool:  # Whoosh tests "if filter"; counting would walk every document
        return True

    def __iter__(self):
        return (docnum for docnum in range(len(self.days)) if docnum in self)


class HiddenDocs(DocIdSet):
    """Posts never to show, tested one document at a time against the "thread_id" and
    "board_id" columns: every post of a thread in which an excluded word appears, and the
    posts of the boards the viewer may not see; and `docs`, by number (the documents of other
    records, which a search of posts leaves out)."""

    def __init__(self, searcher, threads: set[int], boards: set[int], docs: set[int] = frozenset()):
        reader = searcher.reader()
        self.threads, self.boards, self.docs = threads, boards, docs
        self.thread_of = column_values(reader, "thread_id")
        self.board_of = column_values(reader, "board_id")
        self.count = reader.doc_count_all()

    def __contains__(self, docnum) -> bool:
        return (docnum in self.docs or (bool(self.threads) and self.thread_of[docnum] in self.threads)
                or (bool(self.boards) and self.board_of[docnum] in self.boards))

    def __bool__(self) -> bool:
        return True

    def __iter__(self):
        return (docnum for docnum in range(self.count) if docnum in self)


def shorten(text: str) -> str:
    """The start of a body with no matched word to show, HTML-escaped."""
    return str(escape(text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"))
