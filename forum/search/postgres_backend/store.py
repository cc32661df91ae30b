"""Writing the documents: index changes applied, the whole index rebuilt, drift checked.

One writer at a time (a transaction-level advisory lock, as Whoosh has its writer lock):
the document counts of search_pg_terms and search_pg_words are kept exact by the writer
that changed the documents, in the same transaction. Readers never wait: a search sees the
documents as they were at its statement's start (MVCC), a rebuild included.
"""

from __future__ import annotations

import time
import unicodedata

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from forum.text import fold
from forum.threads.models import Post, Thread

from .. import sources
from ..analysis import strip_arabic_prefixes
from ..documents import documents_for
from ..words import WORD_RE
from .schema import CONFIG, DOCUMENTS, META, TERMS, VERSION, WORDS, WRITER_LOCK

REBUILD_LOCK_SECONDS = 60.0


def _is_arabic(word: str) -> bool:
    return "\u0600" <= word[0] <= "\u06ff"


def _arabic_form(match) -> str:
    word = match.group(0)
    return strip_arabic_prefixes(fold(word)) if _is_arabic(word) else word


def prepare(value: str) -> str:
    """Text as PostgreSQL analyses it: NFC (unaccent knows composed letters), and Arabic
    words in the forum's own normal form (harakat and alef forms folded, the article and
    one-letter prefixes stripped: forum.search.analysis), which PostgreSQL has no dictionary
    for. French goes through forum_french (unaccent, then the French Snowball stemmer)."""
    value = unicodedata.normalize("NFC", value or "")
    if value.isascii():
        return value
    return WORD_RE.sub(_arabic_form, value)


def take_writer(conn, timeout: float) -> bool:
    """The writer's lock for this transaction, waiting up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": WRITER_LOCK}).scalar():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


_INSERT = text(f"""
    INSERT INTO {DOCUMENTS} (doc_id, source, record_id, thread_id, board_id, tag_ids, author_id, kind,
                             need_status, solved, locked, is_first, created, tsv, words)
    VALUES (:doc_id, :source, :record_id, :thread_id, :board_id, CAST(:tag_ids AS integer[]), :author_id, :kind,
            :need_status, :solved, :locked, :is_first, :created,
            setweight(to_tsvector('{CONFIG}', :title), 'A') || setweight(to_tsvector('{CONFIG}', :body), 'B'),
            strip(to_tsvector('simple', :spell)))
""")


def _row(document: dict) -> dict:
    parsed = sources.parse_document_id(document["post_id"])
    return {
        "doc_id": document["post_id"],
        "source": parsed[0] if parsed else "",
        "record_id": parsed[1] if parsed else int(document["post_id"]),
        "thread_id": document["thread_id"],
        "board_id": document["board_id"],
        "tag_ids": [int(i) for i in document["tag_ids"].split(",") if i],
        "author_id": document["author_id"],
        "kind": document["kind"] or "",
        "need_status": document["need_status"] or "",
        "solved": bool(document["solved"]),
        "locked": bool(document["locked"]),
        "is_first": bool(document["is_first"]),
        "created": document["created"],
        "title": prepare(document["title"]),
        "body": prepare(document["body"]),
        "spell": unicodedata.normalize("NFC", document["spell"] or ""),
    }


def _count(conn, doc_ids: list[str], sign: int) -> None:
    """Add (sign 1) or take away (sign -1) the lexemes and words of these documents."""
    for table, key, column in ((TERMS, "lexeme", "tsv"), (WORDS, "word", "words")):
        conn.execute(text(f"""
            INSERT INTO {table} ({key}, ndoc)
            SELECT u.lexeme, :sign * count(*) FROM {DOCUMENTS} d, unnest(d.{column}) u
            WHERE d.doc_id = ANY(:ids) GROUP BY u.lexeme ORDER BY u.lexeme
            ON CONFLICT ({key}) DO UPDATE SET ndoc = {table}.ndoc + excluded.ndoc
        """), {"ids": doc_ids, "sign": sign})


def _write(conn, deletions: list[str], documents: list[dict]) -> None:
    deletions = sorted(set(deletions) | {d["post_id"] for d in documents})
    if deletions:
        _count(conn, deletions, -1)
        gone = conn.execute(text(f"DELETE FROM {DOCUMENTS} WHERE doc_id = ANY(:ids)"), {"ids": deletions}).rowcount
    else:
        gone = 0
    if documents:
        conn.execute(_INSERT, [_row(d) for d in documents])
        _count(conn, [d["post_id"] for d in documents], 1)
    if gone != len(documents):
        conn.execute(text(f"UPDATE {META} SET value = (value::bigint + :n)::text WHERE key = 'documents'"),
                     {"n": len(documents) - gone})


def apply_changes(engine, pairs, lock_timeout: float, records) -> bool:
    """The documents of (thread id, post id) pairs and of other records, as the database has
    them once the writer's lock is held; False when another writer kept it past `lock_timeout`."""
    pairs = list(pairs)
    records = {kind: ids for kind, ids in (records or {}).items() if ids and sources.get(kind)}
    if not pairs and not records:
        return True
    with engine.begin() as conn:
        if not take_writer(conn, lock_timeout):
            return False
        with Session(bind=conn) as session:
            whole = {thread_id for thread_id, post_id in pairs if post_id is None}
            single = {post_id for _, post_id in pairs if post_id is not None}
            deletions, documents = documents_for(session, whole, single)
            for kind, ids in records.items():
                deleted, added = sources.get(kind).documents(session, ids)
                deletions, documents = deletions + deleted, documents + added
        _write(conn, deletions, documents)
    return True


def rebuild(engine, progress=None, batch: int = 500) -> int:
    """Every live post and record written afresh, in one transaction: searches go on reading
    the old rows until it commits, index jobs wait for the writer's lock meanwhile."""
    count = 0
    with engine.begin() as conn:
        if not take_writer(conn, REBUILD_LOCK_SECONDS):
            raise RuntimeError("the search index writer stayed busy")
        for table in (DOCUMENTS, TERMS, WORDS):
            conn.execute(text(f"DELETE FROM {table}"))  # not TRUNCATE: that would block searches
        with Session(bind=conn) as session:
            thread_ids = list(session.scalars(select(Thread.id).where(Thread.is_deleted.is_(False)).order_by(Thread.id)))
            batches = [lambda ids=thread_ids[i:i + batch]: documents_for(session, ids)[1]
                       for i in range(0, len(thread_ids), batch)]
            for source in sources.registered().values():
                ids = source.live_ids(session)
                batches += [lambda ids=ids[i:i + batch], source=source: source.documents(session, ids)[1]
                            for i in range(0, len(ids), batch)]
            for documents_of_batch in batches:
                documents = documents_of_batch()
                if documents:
                    conn.execute(_INSERT, [_row(d) for d in documents])
                count += len(documents)
                session.expunge_all()
                if progress:
                    progress(count)
        for table, key, column in ((TERMS, "lexeme", "tsv"), (WORDS, "word", "words")):
            conn.execute(text(f"INSERT INTO {table} ({key}, ndoc) SELECT u.lexeme, count(*) "
                              f"FROM {DOCUMENTS} d, unnest(d.{column}) u GROUP BY u.lexeme"))
        conn.execute(text(f"UPDATE {META} SET value = :n WHERE key = 'documents'"), {"n": str(count)})
        conn.execute(text(f"UPDATE {META} SET value = :v WHERE key = 'version'"), {"v": VERSION})
    with engine.connect() as conn:  # fresh planner statistics for the new rows
        conn.execute(text(f"ANALYZE {DOCUMENTS}"))
        conn.commit()
    return count


def is_stale(engine) -> bool:
    with engine.connect() as conn:
        version = conn.execute(text(f"SELECT value FROM {META} WHERE key = 'version'")).scalar()
    return version is not None and version != VERSION


def _key(doc_id: str) -> int | str:
    return doc_id if sources.parse_document_id(doc_id) else int(doc_id)


def drift(engine) -> tuple[set, set]:
    """(live posts missing from the documents, documents that should not be there); other
    records count too, as "<kind>-<id>"."""
    with Session(engine) as session:
        live: set[int | str] = set(session.scalars(
            select(Post.id).join(Thread, Thread.id == Post.thread_id)
            .where(Post.is_deleted.is_(False), Thread.is_deleted.is_(False))
        ))
        for kind, source in sources.registered().items():
            live |= {sources.document_id(kind, record_id) for record_id in source.live_ids(session)}
        indexed = {_key(doc_id) for doc_id in session.execute(text(f"SELECT doc_id FROM {DOCUMENTS}")).scalars()}
    return live - indexed, indexed - live
