"""Concurrent writers: replies racing on one thread all land, numbered once each, counters right."""

import threading
import time

import pytest

from forum import create_app
from forum.boards.services import get_board, seed_boards_and_tags
from forum.db import transaction
from forum.extensions import db
from forum.people import services as people
from forum.people.models import User
from forum.threads import services as threads
from forum.threads.models import Post, Thread
from tests.helpers import ON_POSTGRES, make_config

pytestmark = pytest.mark.processes

WRITERS, REPLIES_EACH = 4, 10


@pytest.fixture
def shared_app(tmp_path, _postgres_schema):
    """An app whose database several threads can reach at once (a SQLite file, or PostgreSQL)."""
    overrides = {} if ON_POSTGRES else {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'race.sqlite'}"}
    app = create_app(make_config(tmp_path, **overrides))
    with app.app_context():
        db.create_all()
        with transaction():
            seed_boards_and_tags()
    yield app
    with app.app_context():
        if ON_POSTGRES:
            from tests.helpers import empty_tables

            empty_tables()
        db.engine.dispose()


def run_at_once(app, write, args) -> None:
    """`write(arg)` in one thread per arg, each in its own app context, all starting together;
    fails with the errors any of them raised."""
    start, errors = threading.Barrier(len(args)), []

    def run(arg):
        try:
            with app.app_context():
                start.wait()
                write(arg)
        except Exception as error:  # reported below
            errors.append(repr(error))

    workers = [threading.Thread(target=run, args=(arg,)) for arg in args]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert not errors, errors


def test_racing_replies_get_distinct_numbers_and_right_counters(shared_app):
    with shared_app.app_context(), transaction():
        authors = [people.create_user(f"writer{n}", f"w{n}@example.org", "a-long-password-1") for n in range(WRITERS)]
        thread = threads.create_thread(get_board("financement"), authors[0], "Course de réponses simultanées", "Départ")
        thread_id, author_ids = thread.id, [a.id for a in authors]

    def write(author_id):
        author = db.session.get(User, author_id)
        for n in range(REPLIES_EACH):
            target = db.session.get(Thread, thread_id)
            with transaction():
                threads.reply(target, author, f"Réponse {n} de {author.username}")

    run_at_once(shared_app, write, author_ids)
    with shared_app.app_context():
        numbers = sorted(db.session.scalars(db.select(Post.number).where(Post.thread_id == thread_id)))
        assert numbers == list(range(1, WRITERS * REPLIES_EACH + 2))
        thread = db.session.get(Thread, thread_id)
        assert thread.reply_count == WRITERS * REPLIES_EACH
        assert thread.last_post_number == WRITERS * REPLIES_EACH + 1
        board = get_board("financement")
        assert (board.thread_count, board.post_count) == (1, WRITERS * REPLIES_EACH + 1)


def test_one_expert_answering_from_several_writers_at_once_is_counted_exactly(shared_app):
    """forum.matching.stats recounts the expert's row in each writer's transaction: the last to
    commit must still count the others' replies."""
    from forum.matching.models import ExpertStats

    with shared_app.app_context(), transaction():
        asker = people.create_user("asker", "asker@example.org", "a-long-password-1")
        expert = people.create_user("expert", "expert@example.org", "a-long-password-1", kind="expert")
        thread_ids = [threads.create_thread(get_board("financement"), asker, f"Question {n} sur les forages", "Quelle profondeur ?").id
                      for n in range(WRITERS)]
        expert_id = expert.id

    def write(thread_id):
        for n in range(REPLIES_EACH):
            with transaction():
                threads.reply(db.session.get(Thread, thread_id), db.session.get(User, expert_id), f"Réponse numéro {n}")

    run_at_once(shared_app, write, thread_ids)
    with shared_app.app_context():
        row = db.session.get(ExpertStats, expert_id)
        assert (row.answers, row.solutions) == (WRITERS * REPLIES_EACH, 0)


def test_board_tallies_stay_exact_under_writers_at_once(shared_app):
    """forum.threads.tallies recounts the board in each writer's transaction, the board row
    locked first: the last to commit still counts every thread the others opened and answered."""
    from forum.threads import tallies

    with shared_app.app_context(), transaction():
        authors = [people.create_user(f"asker{n}", f"a{n}@example.org", "a-long-password-1") for n in range(WRITERS)]
        author_ids = [a.id for a in authors]

    def write(author_id):
        for n in range(REPLIES_EACH):
            author = db.session.get(User, author_id)
            with transaction():
                thread = threads.create_thread(get_board("financement"), author, f"Question {n} de {author.username}",
                                               "Quelle profondeur pour le forage ?")
            if n % 2:
                with transaction():
                    threads.reply(db.session.get(Thread, thread.id), author, "Une piste.")

    run_at_once(shared_app, write, author_ids)
    with shared_app.app_context():
        board = get_board("financement")
        assert tallies.state_counts(None, board=board) == {
            "all": WRITERS * REPLIES_EACH, "unanswered": WRITERS * REPLIES_EACH // 2,
            "unsolved": WRITERS * REPLIES_EACH // 2, "solved": 0}
        assert (board.thread_count, board.post_count) == (WRITERS * REPLIES_EACH, WRITERS * REPLIES_EACH * 3 // 2)


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's single writer")
@pytest.mark.parametrize("hold", [0.26, 0.35])
def test_a_reply_waiting_for_another_writer_goes_through_as_soon_as_it_commits(shared_app, hold):
    """SQLite's own wait for its write lock sleeps up to 100 ms between tries: a reply queued
    behind a writer that held the lock for a few hundred milliseconds went through up to 100 ms
    after that writer was done (seen as the reply's p99 under load)."""
    with shared_app.app_context(), transaction():
        author = people.create_user("writer", "writer@example.org", "a-long-password-1")
        thread = threads.create_thread(get_board("financement"), author, "Une file d'écrivains", "Départ")
        thread_id, author_id = thread.id, author.id
    with shared_app.app_context(), transaction():  # the Markdown helper started, as in a served worker
        threads.reply(db.session.get(Thread, thread_id), db.session.get(User, author_id), "Première réponse")
    holding, replying, times = threading.Event(), threading.Event(), {}

    def other_writer():
        with shared_app.app_context(), db.engine.begin() as connection:
            connection.execute(db.text("UPDATE users SET bio = 'occupé' WHERE id = :id"), {"id": author_id})
            holding.set()
            replying.wait(10)
            time.sleep(hold)
            times["released"] = time.monotonic()

    def reply():
        holding.wait(10)
        with shared_app.app_context():
            replying.set()
            with transaction():
                threads.reply(db.session.get(Thread, thread_id), db.session.get(User, author_id), "Deuxième réponse")
            times["replied"] = time.monotonic()

    workers = [threading.Thread(target=other_writer), threading.Thread(target=reply)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert times["replied"] - times["released"] < 0.04
    with shared_app.app_context():
        assert db.session.get(Thread, thread_id).reply_count == 2
