"""What searches read of every index segment, held in memory once per process.

The index is read with plain file reads (index.open_index: no mmap), so a value looked up
at random in a segment is a seek and a buffered read of 8 KB: 100 µs to learn the thread of
one matching post, and the search pages ask that of every post they count, group or mask.
A segment never changes once written, so what is read of it stays right for as long as the
segment lives; segments merged away fall out of a bounded cache (least recently used first).

Held per segment: the sorted words of the spelling field (did-you-mean), the integer
columns the searches test per document (thread, board, day): 8 bytes per post and column,
about 1.2 MB for the three columns at 50,000 posts; the field lengths BM25 reads for every
document it scores (one byte per post and field); and the threads of the most common words,
for the exclusions ("-commune" hides every thread holding it: 14,000 postings to walk).
"""

from __future__ import annotations

import functools
import sys
from array import array
from collections import OrderedDict
from threading import Lock

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.columns import NumericColumn
from whoosh.reading import TermNotFound

SEGMENT_VALUES_KEPT = 96  # (segment, what) pairs
READER_COLUMNS_KEPT = 6  # columns of whole multi-segment readers: two generations of three
# (segment, deletions, field, word) thread lists kept: each at most 4 bytes a thread.
TERM_THREADS_KEPT = 64
# A word in more posts than this (in one segment) has its threads kept: walking the postings
# of a rarer one costs less than a millisecond.
TERM_THREADS_FROM = 500

_lock = Lock()
_per_segment: OrderedDict[str, object] = OrderedDict()
_per_reader: OrderedDict[tuple, array] = OrderedDict()
_per_term: OrderedDict[str, array] = OrderedDict()


def _kept(cache: OrderedDict, key, build, limit: int):
    with _lock:
        value = cache.get(key)
        if value is not None:
            cache.move_to_end(key)
            return value
    value = build()  # outside the lock: two threads may both build it once, harmlessly
    with _lock:
        cache[key] = value
        while len(cache) > limit:
            cache.popitem(last=False)
    return value


def _segment_key(leaf) -> str:
    return leaf.segment().segment_id()  # the index name and a random id: unique per segment


def segment_words(leaf, fieldname: str) -> list[str]:
    """The sorted words of `fieldname` in one segment (SegmentReader)."""
    return _kept(_per_segment, f"{_segment_key(leaf)}/words/{fieldname}",
                 lambda: [word.decode("utf-8") for word in leaf.lexicon(fieldname)], SEGMENT_VALUES_KEPT)


def _read_column(leaf, fieldname: str) -> array:
    """Every document's value of an integer column of one segment, in one read."""
    column = leaf.column_reader(fieldname)  # translated: the values as the field gives them
    raw = column.raw_column() if hasattr(column, "raw_column") else column
    if not isinstance(raw, NumericColumn.Reader):  # another column type: value by value
        return array("q", column)
    # A fixed-width big-endian run of `_count` values, then the default for the documents after.
    stored = array(raw._typecode, raw._dbfile.get(raw._basepos, raw._fixedlen * raw._count))
    if sys.byteorder == "little":
        stored.byteswap()
    translate = getattr(column, "_translate", None)
    values = array("q", map(translate, stored) if translate else stored)
    missing = len(column) - len(values)
    if missing > 0:
        values.extend([column[len(values)]] * missing)
    return values


def _leaf_column(leaf, fieldname: str) -> array:
    return _kept(_per_segment, f"{_segment_key(leaf)}/column/{fieldname}",
                 lambda: _read_column(leaf, fieldname), SEGMENT_VALUES_KEPT)


def column_values(reader, fieldname: str) -> array:
    """Every document's value of integer column `fieldname`, indexed by document number, for
    a searcher's reader (one segment, or several one after the other)."""
    leaves = reader.leaf_readers()
    of = functools.partial(_leaf_column, fieldname=fieldname)

    if len(leaves) == 1:
        return of(leaves[0][0])

    def joined():
        values = array("q")
        for leaf, offset in leaves:
            assert offset == len(values), "segments are numbered one after the other"
            values.extend(of(leaf))
        return values

    key = (fieldname, *(_segment_key(leaf) for leaf, _offset in leaves))
    return _kept(_per_reader, key, joined, READER_COLUMNS_KEPT)


def _read_lengths(perdoc, lenfield: str):
    """Every document's length byte of one field of a segment, in one read (None: not the
    fixed-width column of Whoosh's codec, leave it to Whoosh)."""
    raw = perdoc._cached_reader(lenfield, LENGTHS_COLUMN)
    if not isinstance(raw, NumericColumn.Reader) or raw._typecode != "B":
        return None
    values = bytearray(raw._dbfile.get(raw._basepos, raw._count))
    values.extend(bytes(max(0, perdoc.doc_count_all() - len(values))))  # the column's default, 0
    return bytes(values)


def hold_lengths(reader, fieldnames) -> None:
    """Hand each segment of a searcher's reader the length bytes of `fieldnames` in memory.

    BM25 reads a document's field length for every document it scores, through the segment's
    column reader: without mmap, a seek and a buffered read each (10 µs; a third of the
    scoring of a phrase). Whoosh's per-document reader keeps one column reader per length
    field and only indexes it (``reader[docnum]``), so the bytes themselves stand in for it."""
    for leaf, _offset in reader.leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        readers = getattr(perdoc, "_readers", None)
        if readers is None or not hasattr(perdoc, "_cached_reader"):
            continue  # not Whoosh's W3 codec: its own reads stay
        for fieldname in fieldnames:
            lenfield = f"_{fieldname}_len"
            if isinstance(readers.get(lenfield), bytes) or not perdoc.has_column(lenfield):
                continue
            values = _kept(_per_segment, f"{_segment_key(leaf)}/lengths/{fieldname}",
                           lambda perdoc=perdoc, lenfield=lenfield: _read_lengths(perdoc, lenfield),
                           SEGMENT_VALUES_KEPT)
            if values is not None:
                readers[lenfield] = values


def _leaf_term_threads(leaf, fieldname: str, text: str) -> array:
    try:
        docnums = leaf.postings(fieldname, text).all_ids()  # deleted documents left out
    except TermNotFound:
        return array("i")
    thread_of = _leaf_column(leaf, "thread_id")
    return array("i", sorted({thread_of[docnum] for docnum in docnums}))


def term_threads(reader, fieldname: str, text: str) -> set[int]:
    """The threads with a live document holding the (analysed) word `text` in `fieldname`.

    Per segment: those of the words in more than TERM_THREADS_FROM of its documents are kept
    (keyed by its deletions too: a deleted document may have been the one holding the word)."""
    threads: set[int] = set()
    for leaf, _offset in reader.leaf_readers():
        count = leaf.doc_frequency(fieldname, text)
        if not count:
            continue
        if count <= TERM_THREADS_FROM:
            threads.update(_leaf_term_threads(leaf, fieldname, text))
            continue
        key = f"{_segment_key(leaf)}/{leaf.segment().deleted_count()}/{fieldname}/{text}"
        threads.update(_kept(_per_term, key, lambda leaf=leaf: _leaf_term_threads(leaf, fieldname, text),
                             TERM_THREADS_KEPT))
    return threads
