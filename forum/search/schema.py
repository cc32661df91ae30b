"""The Whoosh schema: one document per live post, carrying its thread's title and filters.

Boards, tags and authors are stored by id, so renaming them needs no reindexing; archived
boards are masked at query time.
"""

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema

from .analysis import ANALYSIS_VERSION, spelling_analyzer, text_analyzer

TITLE_BOOST = 2.0
SCHEMA_VERSION = 5
# Stored beside each index generation; a different value means the index must be rebuilt.
INDEX_VERSION = f"{SCHEMA_VERSION}.{ANALYSIS_VERSION}"


def build_schema() -> Schema:
    return Schema(
        post_id=ID(stored=True, unique=True),
        thread_id=NUMERIC(int, stored=True, sortable=True),
        board_id=NUMERIC(int, stored=True, sortable=True),
        tag_ids=KEYWORD(stored=True, commas=True),
        author_id=NUMERIC(int, stored=True),
        kind=ID(stored=True),
        # A PCD need's status (open, in_discussion, matched, done); empty for other kinds.
        need_status=ID(stored=True),
        solved=BOOLEAN(stored=True),
        locked=BOOLEAN(stored=True),
        is_first=BOOLEAN(stored=True),
        created=DATETIME(stored=True, sortable=True),
        # Days since 1970, read from its column to check after:/before: on the matching posts
        # only: a range query would walk every post of the period.
        day=NUMERIC(int, stored=False, sortable=True),
        title=TEXT(analyzer=text_analyzer(), phrase=True, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=text_analyzer(), phrase=True),
        spell=TEXT(analyzer=spelling_analyzer(), phrase=False, spelling=True),
    )
