"""The index on disk: generations, the single writer, applying the outbox, rebuilding, checking.

Layout of SEARCH_INDEX_DIR:
    current -> gen-<stamp>     symlink to the live index, replaced atomically by a rebuild
    gen-<stamp>/               a Whoosh index; a "retired" file marks one a rebuild replaced,
                               a "version" file the schema and analysis it was built with

Whoosh allows one writer per index (a file lock). Nobody waits for it: whoever cannot take
the lock leaves the outbox rows for the holder or for the next pass.
"""

import fcntl
import logging
import os
import shutil
import time
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.index import LockError

from forum.threads.models import Post, Thread

from .documents import documents_for
from .models import SearchOutbox
from .schema import INDEX_VERSION, build_schema

log = logging.getLogger(__name__)

CURRENT = "current"
RETIRED = "retired"
VERSION = "version"


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
        return whoosh_index.open_dir(path)

    # -- applying the outbox ---------------------------------------------------------------

    def apply_outbox(self, batch: int = 500, lock_timeout: float = 0.0) -> int:
        """Apply the changes waiting in the outbox; return how many rows were applied, 0 if
        there was nothing to do or another process holds the writer.

        An empty outbox opens no writer: a Whoosh writer, even cancelled, leaves the files of
        its new segment behind (a poll a second would litter the index with them)."""
        if not self.pending(limit=1):
            return 0
        with Session(self.engine) as session:
            rows = session.execute(
                select(SearchOutbox.id, SearchOutbox.thread_id, SearchOutbox.post_id)
                .order_by(SearchOutbox.id).limit(batch)
            ).all()
        if not rows or not self.apply_changes([(row.thread_id, row.post_id) for row in rows], lock_timeout):
            return 0
        # Only now: a crash before this line leaves the rows to be applied again.
        with Session(self.engine) as session:
            session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([row.id for row in rows])))
            session.commit()
        return len(rows)

    def apply_changes(self, pairs, lock_timeout: float = 0.0) -> bool:
        """Write the documents of (thread id, post id) pairs as the database has them now
        (post id None: every post of the thread); deleted posts leave the index. False when
        another process holds the writer, or a rebuild swapped generations meanwhile: nothing
        was written, ask again. Applying a pair twice is harmless."""
        pairs = list(pairs)
        if not pairs:
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
        """Rows waiting in the outbox (counted up to `limit`, when given)."""
        with Session(self.engine) as session:
            rows = select(SearchOutbox.id)
            if limit is not None:
                rows = rows.limit(limit)
            return session.scalar(select(func.count()).select_from(rows.subquery()))

    # -- rebuilding and checking -------------------------------------------------------------

    def rebuild(self, batch: int = 200, progress=None) -> int:
        """Index every live post into a new generation, then swap it in atomically.

        The old generation's writer lock is held throughout, so outbox rows wait (they are
        applied to the new index right after the swap) while searches go on answering from
        the old index.
        """
        old_path = self.current_path()
        old_writer = whoosh_index.open_dir(old_path).writer(timeout=60) if old_path else None
        new_path = self._new_generation()
        try:
            writer = whoosh_index.open_dir(new_path).writer(limitmb=256)
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

    def indexed_post_ids(self) -> set[int]:
        # Stored fields skip deleted documents (the term lexicon keeps them until a merge).
        with self.open().searcher() as searcher:
            return {int(fields["post_id"]) for fields in searcher.all_stored_fields()}

    def live_post_ids(self) -> set[int]:
        with Session(self.engine) as session:
            return set(session.scalars(
                select(Post.id).join(Thread, Thread.id == Post.thread_id)
                .where(Post.is_deleted.is_(False), Thread.is_deleted.is_(False))
            ))

    def drift(self) -> tuple[set[int], set[int]]:
        """(live posts missing from the index, indexed posts that should not be there)."""
        indexed, live = self.indexed_post_ids(), self.live_post_ids()
        return live - indexed, indexed - live
