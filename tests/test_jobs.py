"""The after-commit job pipeline: enqueue in a transaction, run, retry with back-off, give up
visibly, dedupe, leases, and two runners sharing one queue without running a job twice."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import timedelta

import flask_migrate
import pytest
from sqlalchemy import create_engine, inspect, text, update

from forum import create_app
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.jobs import enqueue, handler, queue
from forum.jobs.models import Job
from forum.jobs.runner import Runner
from tests.helpers import ON_POSTGRES, TEST_DATABASE_URL
from tests.test_migrations import MIGRATIONS

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RETRY_SECONDS = 60
MAX_ATTEMPTS = 3

done: list = []
done_lock = threading.Lock()


@handler("test.record")
def record(word, pause=0.0):
    time.sleep(pause)
    with done_lock:
        done.append(word)


@handler("test.record-batch", batch=True)
def record_batch(payloads):
    with done_lock:
        done.append(sorted(payload["word"] for payload in payloads))


@handler("test.fail")
def always_fail(word):
    raise RuntimeError(f"cannot do {word}")


@handler("test.chain")
def chain(word, fail):
    """Writes (a follow-up job) inside its own transaction() block, then maybe fails."""
    with transaction():
        enqueue("test.record", word=f"after {word}")
    if fail:
        raise RuntimeError("failed after writing")


@pytest.fixture
def app_config(tmp_path):
    # A database file (not the shared in-memory connection), so that threads use their own.
    uri = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'jobs.sqlite'}"
    return {"SQLALCHEMY_DATABASE_URI": uri, "JOBS_RETRY_SECONDS": RETRY_SECONDS,
            "JOBS_MAX_ATTEMPTS": MAX_ATTEMPTS, "JOBS_BATCH_SIZE": 5}


@pytest.fixture(autouse=True)
def _nothing_done():
    done.clear()


def jobs_of(kind: str) -> list[Job]:
    db.session.expire_all()
    return db.session.query(Job).filter_by(kind=kind).order_by(Job.id).all()


def run(app, kind: str) -> int:
    return app.extensions["jobs"].run_pending(kinds=[kind])


def make_due(kind: str) -> None:
    """As if the back-off had passed."""
    past = utcnow() - timedelta(seconds=1)
    db.session.execute(update(Job).where(Job.kind == kind).values(available_at=past, locked_until=past))
    db.session.commit()


def test_a_job_runs_after_the_commit_and_is_then_deleted(app):
    enqueue("test.record", word="bonjour")
    db.session.commit()
    assert run(app, "test.record") == 1
    assert done == ["bonjour"]
    assert jobs_of("test.record") == []


def test_a_batch_handler_gets_every_payload_at_once(app):
    with transaction():
        for word in ("un", "deux", "trois"):
            enqueue("test.record-batch", word=word)
    assert run(app, "test.record-batch") == 3
    assert done == [["deux", "trois", "un"]]


def test_nested_transactions_commit_once_at_the_outermost_level(app):
    with transaction():
        with transaction():
            enqueue("test.record", word="inner")
        # Had the inner block committed, this rollback could not undo its job.
        db.session.rollback()
    assert jobs_of("test.record") == []


def test_only_the_outermost_transaction_commits(app):
    commits = []
    from sqlalchemy import event

    # SQLAlchemy sends after_commit when a savepoint is released too: count real commits.
    event.listen(db.session, "after_commit", lambda session: session.in_nested_transaction() or commits.append(1))
    with transaction():
        with transaction():
            enqueue("test.record", word="inner")
        assert commits == []
        enqueue("test.record", word="outer")
    assert commits == [1]
    assert [job.payload["word"] for job in jobs_of("test.record")] == ["inner", "outer"]


def test_a_job_enqueued_in_a_rolled_back_transaction_never_runs(app):
    with pytest.raises(RuntimeError), transaction():
        with transaction():
            enqueue("test.record", word="lost")
        raise RuntimeError("the block fails after the job was queued")
    assert jobs_of("test.record") == []
    assert run(app, "test.record") == 0 and done == []


def test_transaction_is_also_a_decorator(app):
    @transaction()
    def queue_two():
        enqueue("test.record", word="a")
        enqueue("test.record", word="b")

    queue_two()
    db.session.rollback()  # nothing left uncommitted to lose
    assert len(jobs_of("test.record")) == 2


def test_a_failing_job_is_retried_with_back_off_then_kept_as_failed(app, runner):
    with transaction():
        enqueue("test.fail", word="x")
    delays = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        before = utcnow()
        assert run(app, "test.fail") == 0
        [job] = jobs_of("test.fail")
        assert job.attempts == attempt and "cannot do x" in job.last_error
        delays.append(round((job.available_at - before).total_seconds() / RETRY_SECONDS))
        assert run(app, "test.fail") == 0 and jobs_of("test.fail")[0].attempts == attempt  # waits its turn
        if attempt < MAX_ATTEMPTS:
            assert job.failed_at is None
            make_due("test.fail")
    assert delays == [1, 2, 4]
    assert jobs_of("test.fail")[0].failed_at is not None
    make_due("test.fail")
    assert run(app, "test.fail") == 0 and jobs_of("test.fail")[0].attempts == MAX_ATTEMPTS  # given up, kept

    listed = runner.invoke(args=["jobs", "list", "--failed"]).output
    assert "test.fail" in listed and "cannot do x" in listed and "1 failed jobs." in listed
    assert "1 jobs will be retried." in runner.invoke(args=["jobs", "retry", "--all-failed"]).output
    [job] = jobs_of("test.fail")
    assert job.failed_at is None and job.attempts == 0
    assert "0 failed jobs." in runner.invoke(args=["jobs", "list", "--failed"]).output
    assert run(app, "test.fail") == 0 and jobs_of("test.fail")[0].attempts == 1  # it ran again


@pytest.mark.parametrize("fail", [False, True])
def test_a_handler_commits_its_writes_with_the_end_of_its_job_or_not_at_all(app, fail):
    with transaction():
        enqueue("test.chain", word="first", fail=fail)
    assert run(app, "test.chain") == (0 if fail else 1)
    if fail:  # the follow-up it wrote is rolled back; the job is kept for a retry
        assert jobs_of("test.record") == [] and jobs_of("test.chain")[0].attempts == 1
    else:  # the handler's own transaction() joined the runner's: one commit
        assert jobs_of("test.chain") == [] and [j.payload["word"] for j in jobs_of("test.record")] == ["after first"]


def test_retry_by_id_and_a_job_of_an_unknown_kind_is_kept(app, runner):
    with transaction():
        enqueue("test.nobody-handles-this", word="y")
    for _ in range(MAX_ATTEMPTS):
        run(app, "test.nobody-handles-this")
        make_due("test.nobody-handles-this")
    [job] = jobs_of("test.nobody-handles-this")
    assert job.failed_at is not None and "no handler" in job.last_error
    assert runner.invoke(args=["jobs", "retry"]).exit_code != 0  # ids or --all-failed
    assert "1 jobs will be retried." in runner.invoke(args=["jobs", "retry", str(job.id)]).output
    assert jobs_of("test.nobody-handles-this")[0].failed_at is None


def test_a_pending_job_with_the_same_dedupe_key_is_not_enqueued_twice(app):
    with transaction():
        enqueue("test.record", word="digest", dedupe_key="digest:alice")
        enqueue("test.record", word="digest", dedupe_key="digest:alice")
        enqueue("test.record", word="digest", dedupe_key="digest:bob")
    assert len(jobs_of("test.record")) == 2
    # Once claimed (running), new work of that key is queued: it may need the newer data.
    assert len(queue.claim(db.engine, 10, 60, ["test.record"])) == 2
    with transaction():
        enqueue("test.record", word="digest", dedupe_key="digest:alice")
    assert len(jobs_of("test.record")) == 3


def test_the_work_of_a_dead_runner_goes_to_another_when_its_lease_expires(app):
    with transaction():
        enqueue("test.record", word="orphan")
    # A runner claims it, then dies before finishing.
    [claimed] = queue.claim(db.engine, 10, lease_seconds=0.5, kinds=["test.record"])
    assert claimed.payload == {"word": "orphan"}
    assert run(app, "test.record") == 0  # leased: nobody else takes it
    time.sleep(0.6)
    assert run(app, "test.record") == 1 and done == ["orphan"]
    assert jobs_of("test.record") == []


def test_a_job_whose_runner_dies_every_time_is_kept_as_failed_not_retried_forever(app, runner):
    with transaction():
        enqueue("test.record", word="poison")
    for _attempt in range(MAX_ATTEMPTS):  # each runner claims it, then its process dies
        [claimed] = queue.claim(db.engine, 10, lease_seconds=0.01, kinds=["test.record"], max_attempts=MAX_ATTEMPTS)
        time.sleep(0.02)
    assert queue.claim(db.engine, 10, lease_seconds=0.01, kinds=["test.record"], max_attempts=MAX_ATTEMPTS) == []
    [job] = jobs_of("test.record")
    assert job.failed_at is not None and job.attempts == MAX_ATTEMPTS and "stopped before it finished" in job.last_error
    listed = runner.invoke(args=["jobs", "list", "--failed"]).output
    assert "test.record" in listed and "1 failed jobs." in listed


def test_two_runners_never_run_the_same_job(app):
    count = 60
    with transaction():
        for n in range(count):
            enqueue("test.record", word=n, pause=0.02)  # long enough for both threads to start
    runners = [Runner(app), Runner(app)]
    results, errors = [], []

    def work(runner):
        try:
            results.append(runner.run_pending(kinds=["test.record"]))
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(runner,)) for runner in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sorted(done) == list(range(count))  # each exactly once
    assert sum(results) == count and all(results)  # and both took a share
    assert jobs_of("test.record") == []


def test_the_thread_runner_runs_a_job_right_after_the_commit(tmp_path):
    uri = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'thread.sqlite'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": uri,
                      "SEARCH_INDEX_DIR": str(tmp_path / "index"), "JOBS_RUNNER": "thread",
                      "JOBS_POLL_SECONDS": 30})  # a poll would come too late: only the wake-up counts
    try:
        with app.app_context():
            db.create_all()
            with transaction():
                enqueue("test.record", word="soon")
            deadline = time.monotonic() + 5
            while not done and time.monotonic() < deadline:
                time.sleep(0.01)
            assert done == ["soon"]
    finally:
        app.extensions["jobs"].stop()
        with app.app_context():
            if ON_POSTGRES:
                db.session.execute(text("DELETE FROM jobs"))
                db.session.commit()
            else:
                db.drop_all()
            db.engine.dispose()


@pytest.mark.skipif(ON_POSTGRES, reason="the data copy is the same SQL; checked on a SQLite file")
def test_the_migration_turns_pending_outbox_rows_into_search_jobs_and_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'upgrade.sqlite'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS, revision="db05d972c805")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO search_outbox (thread_id, post_id, created_at) "
                              "VALUES (7, NULL, '2026-12-01 10:00:00'), (7, 12, '2026-12-01 10:00:01')"))
        flask_migrate.upgrade(directory=MIGRATIONS)
        assert "search_outbox" not in inspect(engine).get_table_names()
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT kind, payload, attempts FROM jobs ORDER BY id")).all()
        assert [(kind, attempts) for kind, _, attempts in rows] == [("search.index", 0)] * 2
        assert [__import__("json").loads(payload) for _, payload, _ in rows] == [
            {"thread_id": 7, "post_id": None}, {"thread_id": 7, "post_id": 12}]
        flask_migrate.downgrade(directory=MIGRATIONS, revision="db05d972c805")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT thread_id, post_id FROM search_outbox ORDER BY id")).all() == [
                (7, None), (7, 12)]
        engine.dispose()
        db.engine.dispose()


@pytest.mark.processes
def test_two_worker_processes_share_the_queue_and_stop_cleanly_on_sigterm(tmp_path):
    """Real `flask jobs worker` processes (SKIP LOCKED on PostgreSQL, the write lock on SQLite)."""
    uri = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'workers.sqlite'}"
    settings = {"SQLALCHEMY_DATABASE_URI": uri, "SEARCH_INDEX_DIR": str(tmp_path / "index"), "SECRET_KEY": "x",
                "JOBS_RUNNER": "external", "JOBS_POLL_SECONDS": 0.05, "JOBS_BATCH_SIZE": 3}
    app = create_app({"TESTING": True, **settings})
    log = tmp_path / "done.log"
    count = 90
    with app.app_context():
        db.create_all()
    # The handler is registered in the children before the worker starts; each line written
    # with O_APPEND is one job done by one process.
    code = textwrap.dedent("""
        import os, sys, time
        from flask.cli import ScriptInfo
        from forum.jobs import handler

        @handler("test.append")
        def append(word, log):
            time.sleep(0.01)
            with open(log, "a") as f:
                f.write(f"{os.getpid()} {word}\\n")

        from forum.jobs.cli import worker_command
        worker_command.main(args=[], obj=ScriptInfo(create_app=lambda: __import__("forum").create_app()),
                            standalone_mode=False)
    """)
    env = {**os.environ, **{f"FORUM_{k}": json.dumps(v) if not isinstance(v, str) else v for k, v in settings.items()}}
    env["DATABASE_URL"] = uri
    workers = [subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        for worker in workers:  # both are up ("Running jobs...") before there is work to share
            assert worker.stdout.readline().startswith("Running jobs")
        with app.app_context(), transaction():
            for n in range(count):
                enqueue("test.append", word=n, log=str(log))
        deadline = time.monotonic() + 60
        while (not log.exists() or len(log.read_text().splitlines()) < count) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        errors = [worker.communicate(timeout=30)[1] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), errors
    assert not any("Traceback" in err for err in errors), errors
    lines = [line.split() for line in log.read_text().splitlines()]
    assert sorted(int(word) for _pid, word in lines) == list(range(count))  # each job once
    assert len({pid for pid, _word in lines}) == 2  # and both took a share
    with app.app_context():
        assert db.session.query(Job).count() == 0
        if ON_POSTGRES:
            db.session.execute(text("DELETE FROM jobs"))
            db.session.commit()
        db.engine.dispose()
