"""The index directory on disk: an idle forum writes nothing to it, a busy one keeps it small.

These run the real background indexer thread (SEARCH_SYNC off, as in production) on a
database it can share with the test: a SQLite file, or the PostgreSQL database of that run.
"""

import os
import time

import pytest

from forum.extensions import db
from forum.threads import services as threads
from tests.helpers import ON_POSTGRES, TEST_DATABASE_URL

POLL_SECONDS = 0.05


@pytest.fixture
def app_config(tmp_path):
    uri = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'forum.sqlite'}"
    return {"SQLALCHEMY_DATABASE_URI": uri, "JOBS_RUNNER": "thread", "JOBS_POLL_SECONDS": POLL_SECONDS}


@pytest.fixture
def indexer(app):
    app.extensions["jobs"].ensure_running()
    yield app.extensions["search"]
    app.extensions["jobs"].stop()


def files_under(directory: str) -> dict[str, tuple[int, int]]:
    """Every file below `directory`: relative path -> (size, modification time in ns)."""
    found = {}
    for root, _dirs, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            stat = os.lstat(path)
            found[os.path.relpath(path, directory)] = (stat.st_size, stat.st_mtime_ns)
    return found


def wait_until_indexed(indexer, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while indexer.index.pending():
        assert time.monotonic() < deadline, "the background indexer did not apply the outbox"
        time.sleep(POLL_SECONDS)
    time.sleep(POLL_SECONDS * 4)  # let the thread finish the pass that emptied the outbox


def test_an_idle_indexer_writes_no_file(app, indexer, member, make_thread):
    make_thread(member, title="Forage et pompage solaire")
    db.session.commit()
    wait_until_indexed(indexer)
    before = files_under(app.config["SEARCH_INDEX_DIR"])
    time.sleep(2)  # about 40 polls with nothing to do
    after = files_under(app.config["SEARCH_INDEX_DIR"])
    assert sorted(set(after) - set(before)) == []
    assert after == before  # nothing rewritten either


@pytest.mark.heavy  # seconds of posts indexed (make test-heavy)
def test_the_index_keeps_a_bounded_number_of_files_while_posts_come_in(app, indexer, member, make_thread):
    thread = make_thread(member, title="Forage et pompage solaire")
    db.session.commit()
    wait_until_indexed(indexer)
    counts = []
    for n in range(20):
        threads.reply(thread, member, f"Réponse numéro {n} sur le pompage")
        db.session.commit()
        wait_until_indexed(indexer)
        counts.append(len(files_under(app.config["SEARCH_INDEX_DIR"])))
    # Whoosh merges small segments and deletes the files it no longer uses: the count stays
    # flat instead of growing with every post.
    assert max(counts) <= 30, counts
    assert counts[-1] <= counts[4] + 5, counts
