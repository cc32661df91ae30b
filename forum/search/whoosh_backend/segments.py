"""What searches read of every index segment, held in memory once per process.

The index is read with plain file reads (index.open_index: no mmap), so a value looked up
at random in a segment is a seek and a buffered read of 8 KB: 100 µs to learn the thread of
one matching post, and the search pages ask that of every post they count, group or mask.
A segment never changes once written, so what is read of it stays right for as long as the
segment lives; segments merged away fall out of a bounded cache (least recently used first).

Held per segment: the sorted words of the spelling field (did-you-mean) and the integer
columns the searches test per document (thread, board, day): 8 bytes per post and column,
about 1.2 MB for the three columns at 50,000 posts.
"""

from __future__ import annotations

import sys
from array import array
from collections import OrderedDict
from threading import Lock

from whoosh.columns import NumericColumn

SEGMENT_VALUES_KEPT = 96  # (segment, what) pairs
READER_COLUMNS_KEPT = 6  # columns of whole multi-segment readers: two generations of three

_lock = Lock()
_per_segment: OrderedDict[str, object] = OrderedDict()
_per_reader: OrderedDict[tuple, array] = OrderedDict()


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


def column_values(reader, fieldname: str) -> array:
    """Every document's value of integer column `fieldname`, indexed by document number, for
    a searcher's reader (one segment, or several one after the other)."""
    leaves = reader.leaf_readers()

    def of(leaf):
        return _kept(_per_segment, f"{_segment_key(leaf)}/column/{fieldname}",
                     lambda: _read_column(leaf, fieldname), SEGMENT_VALUES_KEPT)

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
