"""The index on disk: generations, the single writer, applying changes, rebuilding, checking.

Layout of SEARCH_INDEX_DIR:
    current -> gen-<stamp>     symlink to the live index, replaced atomically by a rebuild
    gen-<stamp>/               a Whoosh index; a "retired" file marks one a rebuild replaced,
                               a "version" file the schema and analysis it was built with

Whoosh allows one writer per index (a file lock): whoever applies changes waits for it a
while, then gives up and leaves its jobs to be retried.
"""

import fcntl
import logging
import os
import shutil
import time
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from forum.jobs.models import Job
from forum.threads.models import Post, Thread

from . import sources
from .documents import documents_for
from .outbox import SEARCH_JOB
from .schema import INDEX_VERSION, build_schema

log = logging.getLogger(__name__)

CURRENT = "current"
RETIRED = "retired"
VERSION = "version"


def open_index(path: str):
    """The Whoosh index in `path`, read with plain file reads rather than mmap.

    A mapped segment stays mapped as long as any buffer cut from it lives, so every searcher
    refreshed after a write left its own mapping of the (large) main segment, and of segments
    since deleted, in each worker: 290 MB grew to 390 MB over 30 posts at 50k posts. Read
    through the page cache, which every worker shares, the worker stays at 130 MB and the
    searches take about as long (benchmarks/README.md).
    """
    return FileStorage(path, supports_mmap=False).open_index()

class SearchIndex:
    def __init__(self, directory: str, engine):
        self.directory = directory
        self.engine = engine
        os.makedirs(directory, exist_ok=True)

    # -- generations ----------------------------------------------------------------------

    def current_path(self) -> str | None:
        link = os.path.join(self.directory, CURRENT)
        return os.path.realpath(link) if os.path.islink(link) else None

    def _new_generation(self) -> str:
        path = os.path.join(self.directory, f"gen-{datetime.now():%Y%m%d%H%M%S}-{os.getpid()}-{time.monotonic_ns()}")
        os.makedirs(path)
        whoosh_index.create_in(path, build_schema())
        with open(os.path.join(path, VERSION), "w") as f:
            f.write(INDEX_VERSION)
        return path

    def _point_current_to(self, path: str) -> None:
        temporary = os.path.join(self.directory, f".{CURRENT}-{os.getpid()}")
        if os.path.lexists(temporary):
            os.unlink(temporary)
        os.symlink(os.path.basename(path), temporary)
        os.replace(temporary, os.path.join(self.directory, CURRENT))  # atomic

    def open(self):
        """The live index, created empty the first time.

        Opening reads the newest table of contents; a writer in another process may commit
        and delete it at that very moment (FileNotFoundError): then read the newer one.
        """
        for _ in range(10):
            try:
                return self._open()
            except FileNotFoundError:
                time.sleep(0.01)
        return self._open()

    def _open(self):
        path = self.current_path()
        if path is None:
            path = self._new_generation()
            try:
                os.symlink(os.path.basename(path), os.path.join(self.directory, CURRENT))
            except FileExistsError:  # another process created one first: use theirs
                shutil.rmtree(path, ignore_errors=True)
                path = self.current_path()
        return open_index(path)

    # -- applying index changes --------------------------------------------------------------

    def apply_changes(self, pairs, lock_timeout: float = 0.0, records=None) -> bool:
        """Write the documents of (thread id, post id) pairs as the database has them now
        (post id None: every post of the thread); deleted posts leave the index. False when
        another process holds the writer past `lock_timeout`, or a rebuild swapped generations
        meanwhile: nothing was written, ask again. Applying a pair twice is harmless. Writing
        nothing never opens a writer: even a cancelled one leaves a new segment's files behind.
        `records` ({source kind: ids}) are the other packages' records (forum.search.sources)."""
        pairs = list(pairs)
        records = {kind: ids for kind, ids in (records or {}).items() if ids and sources.get(kind)}
        if not pairs and not records:
            return True
        ix = self.open()
        try:
            writer = ix.writer(timeout=lock_timeout)
        except LockError:
            return False
        committed = False
        try:
            if os.path.exists(os.path.join(ix.storage.folder, RETIRED)):
                return False  # a rebuild swapped generations while we waited
            whole_threads = {thread_id for thread_id, post_id in pairs if post_id is None}
            single_posts = {post_id for _, post_id in pairs if post_id is not None}
            with Session(self.engine) as session:
                post_ids, documents = documents_for(session, whole_threads, single_posts)
                for kind, ids in records.items():
                    deleted, added = sources.get(kind).documents(session, ids)
                    post_ids, documents = post_ids + deleted, documents + added
            for post_id in post_ids:
                writer.delete_by_term("post_id", post_id)
            for document in documents:
                writer.add_document(**document)
            writer.commit()
            committed = True
            return True
        finally:
            if not committed:
                writer.cancel()

    def pending(self, limit: int | None = None) -> int:
        """Index jobs waiting to be applied, failed ones aside (counted up to `limit`, when given)."""
        with Session(self.engine) as session:
            rows = select(Job.id).where(Job.kind == SEARCH_JOB, Job.failed_at.is_(None))
            if limit is not None:
                rows = rows.limit(limit)
            return session.scalar(select(func.count()).select_from(rows.subquery()))

    def failed(self) -> int:
        """Index jobs that gave up (see `flask jobs list --failed`)."""
        with Session(self.engine) as session:
            return session.scalar(select(func.count(Job.id)).where(Job.kind == SEARCH_JOB, Job.failed_at.is_not(None)))

    # -- rebuilding and checking -------------------------------------------------------------

    def rebuild(self, batch: int = 200, progress=None) -> int:
        """Index every live post into a new generation, then swap it in atomically.

        The old generation's writer lock is held throughout, so index jobs wait (they are
        applied to the new index right after the swap) while searches go on answering from
        the old index.
        """
        old_path = self.current_path()
        old_writer = open_index(old_path).writer(timeout=60) if old_path else None
        new_path = self._new_generation()
        try:
            writer = open_index(new_path).writer(limitmb=256)
            count = 0
            with Session(self.engine) as session:
                thread_ids = list(session.scalars(select(Thread.id).where(Thread.is_deleted.is_(False)).order_by(Thread.id)))
                for start in range(0, len(thread_ids), batch):
                    _, documents = documents_for(session, thread_ids[start:start + batch])
                    for document in documents:
                        writer.add_document(**document)
                    count += len(documents)
                    session.expunge_all()
                    if progress:
                        progress(count)
                for source in sources.registered().values():
                    ids = source.live_ids(session)
                    for start in range(0, len(ids), batch):
                        _, documents = source.documents(session, ids[start:start + batch])
                        for document in documents:
                            writer.add_document(**document)
                        count += len(documents)
                        session.expunge_all()
            writer.commit(optimize=True)
            if old_path:
                open(os.path.join(old_path, RETIRED), "w").close()
            self._point_current_to(new_path)
        except BaseException:
            shutil.rmtree(new_path, ignore_errors=True)
            raise
        finally:
            if old_writer is not None:
                old_writer.cancel()
        self._remove_retired(keep=new_path)
        return count

    def is_stale(self) -> bool:
        """True when the live index was built with another schema or analysis than this code's."""
        path = self.current_path()
        if path is None:
            return False
        try:
            with open(os.path.join(path, VERSION)) as f:
                return f.read().strip() != INDEX_VERSION
        except FileNotFoundError:
            return True

    def rebuild_if_stale(self) -> bool:
        """Rebuild once, in whichever process gets there first, if the index is stale."""
        with open(os.path.join(self.directory, "rebuild.lock"), "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # another process is rebuilding
            if not self.is_stale():
                return False
            log.warning("search index built with another version: rebuilding (searches go on meanwhile)")
            self.rebuild()
            return True

    def _remove_retired(self, keep: str, grace_seconds: float = 600) -> None:
        """Delete generations retired more than `grace_seconds` ago. Searchers still open on a
        retired generation read some of its files lazily, so it stays a while after the swap."""
        now = time.time()
        for name in os.listdir(self.directory):
            path = os.path.join(self.directory, name)
            retired = os.path.join(path, RETIRED)
            if (name.startswith("gen-") and path != keep and os.path.exists(retired)
                    and now - os.path.getmtime(retired) > grace_seconds):
                shutil.rmtree(path, ignore_errors=True)

    def indexed_post_ids(self) -> set[int | str]:
        """The ids of the indexed documents: a post's id, or "<kind>-<id>" for another record."""
        # Stored fields skip deleted documents (the term lexicon keeps them until a merge).
        with self.open().searcher() as searcher:
            return {_document_key(fields["post_id"]) for fields in searcher.all_stored_fields()}

    def live_post_ids(self) -> set[int | str]:
        with Session(self.engine) as session:
            live: set[int | str] = set(session.scalars(
                select(Post.id).join(Thread, Thread.id == Post.thread_id)
                .where(Post.is_deleted.is_(False), Thread.is_deleted.is_(False))
            ))
            for kind, source in sources.registered().items():
                live |= {sources.document_id(kind, record_id) for record_id in source.live_ids(session)}
            return live

    def drift(self) -> tuple[set[int | str], set[int | str]]:
        """(live posts missing from the index, indexed posts that should not be there); other
        records' documents (forum.search.sources) count too, as "<kind>-<id>"."""
        indexed, live = self.indexed_post_ids(), self.live_post_ids()
        return live - indexed, indexed - live


def _document_key(post_id: str) -> int | str:
    return post_id if sources.parse_document_id(post_id) else int(post_id)
