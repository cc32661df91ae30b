"""The demo data loader behind `flask forum seed-demo` (forum/demo.py, forum/seed/demo_content.py).

Uses the shared `app` / `client` / `runner` fixtures of tests/conftest.py (fresh database with
the PCD boards, cheap password hashing).
"""

from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin
from markupsafe import escape
from sqlalchemy import func, select

from forum.audit import ModAction
from forum.boards.models import Board
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.demo import ALREADY_PRESENT, DemoDataConflict, seed_demo
from forum.extensions import db
from forum.jobs.models import Job
from forum.people import services as people
from forum.people.models import User
from forum.seed import demo_content
from forum.threads import services as threads
from forum.threads.models import Post, Thread

ANONYMOUS = AnonymousUserMixin()

pytestmark = pytest.mark.heavy  # seeds the whole demo forum (make test-heavy)


def _snapshot():
    """Everything the loader writes, in a comparable form."""
    return {
        "users": sorted(db.session.execute(select(User.username, User.created_at, User.password_hash)).all()),
        "threads": sorted(db.session.execute(
            select(Thread.id, Thread.title, Thread.reply_count, Thread.last_activity_at, Thread.is_pinned,
                   Thread.is_pinned_home, Thread.is_locked)).all()),
        "posts": sorted(db.session.execute(select(Post.id, Post.created_at)).all()),
        "boards": sorted(db.session.execute(
            select(Board.slug, Board.thread_count, Board.post_count, Board.last_activity_at)).all()),
        "mod_actions": sorted(db.session.execute(select(ModAction.id, ModAction.action, ModAction.created_at)).all()),
    }


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_fills_an_empty_forum(app, client):
    summary = seed_demo()

    users, thread_count, posts = _count(User), _count(Thread), _count(Post)
    assert summary == f"Demo data: {users} users, {thread_count} threads, {posts - thread_count} replies."

    kinds = dict(db.session.execute(select(User.kind, func.count()).group_by(User.kind)).all())
    assert kinds["commune"] >= 6 and kinds["expert"] >= 12 and kinds["actor"] >= 3
    admin, nadia = people.get_user_by_username("admin"), people.get_user_by_username("cm_nadia")
    assert admin.role == "admin" and admin.display_name == "Administrateur"
    assert nadia.role == "moderator" and nadia.display_name == "Nadia — animatrice"
    assert people.authenticate("admin", demo_content.ADMIN_PASSWORD) == admin
    assert people.authenticate("cm_nadia", demo_content.PASSWORD) == nadia
    assert people.authenticate("brahim_taliouine@demo.example", demo_content.PASSWORD) is not None

    assert thread_count >= 25
    assert db.session.scalar(select(func.count(func.distinct(Thread.board_id)))) >= 8
    assert len({t.kind for t in db.session.scalars(select(Thread))}) == 5
    assert threads.unanswered_questions(ANONYMOUS)

    # The community manager pinned the charter (board and home page) and closed one thread.
    pinned = db.session.scalars(select(Thread).where(Thread.is_pinned.is_(True))).all()
    assert [t.board.slug for t in pinned] == ["vie-communaute"]
    assert pinned[0].is_pinned_home and pinned[0].author == nadia
    assert threads.latest_threads(ANONYMOUS)[0] == pinned[0]
    assert db.session.scalar(select(func.count()).select_from(Thread).where(Thread.is_locked.is_(True))) == 1
    log = db.session.scalars(select(ModAction).where(ModAction.target_type.not_in(("linkingrecord", "card")))  # tests/impact
                             .order_by(ModAction.created_at)).all()
    assert [entry.action for entry in log] == ["pinned", "pinned_home", "closed"]
    assert {entry.actor_id for entry in log} == {nadia.id}

    # Dates are spread over the past months, and the counters agree with them.
    now = utcnow()
    post_dates = db.session.scalars(select(Post.created_at)).all()
    assert max(post_dates) <= now and min(post_dates) < now - timedelta(days=60)
    assert max(post_dates) > now - timedelta(days=1)
    for thread in db.session.scalars(select(Thread)):
        numbered = db.session.scalars(select(Post).where(Post.thread_id == thread.id).order_by(Post.number)).all()
        assert [p.created_at for p in numbered] == sorted(p.created_at for p in numbered)
        assert thread.created_at == numbered[0].created_at
        assert thread.last_activity_at == numbered[-1].created_at
        assert thread.reply_count == len(numbered) - 1
        assert thread.author.created_at < thread.created_at
    for board in db.session.scalars(select(Board)):
        live = [t for t in db.session.scalars(select(Thread).where(Thread.board_id == board.id))]
        assert board.thread_count == len(live)
        assert board.post_count == sum(t.reply_count + 1 for t in live)
        assert board.last_activity_at == max((t.last_activity_at for t in live), default=None)

    # The home page shows the pinned charter and the most recently active threads.
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert str(escape(pinned[0].title)) in html
    most_recent = max(db.session.scalars(select(Thread)), key=lambda t: t.last_activity_at)
    assert str(escape(most_recent.title)) in html


def test_seed_demo_twice_changes_nothing(app):
    seed_demo()
    before = _snapshot()
    assert seed_demo() == ALREADY_PRESENT
    db.session.expire_all()
    assert _snapshot() == before


def test_every_expert_says_what_they_do_in_their_first_post(app):
    seed_demo()
    for expert in db.session.scalars(select(User).where(User.kind == "expert")):
        first = db.session.scalar(select(Post).where(Post.author_id == expert.id).order_by(Post.created_at).limit(1))
        city = expert.display_name.rsplit(", ", 1)[-1]
        assert city in first.body, expert.username


def test_an_existing_admin_account_is_kept(app):
    existing = people.create_user("admin", "root@example.org", "an-admin-password", role="admin")
    seed_demo()
    assert people.get_user_by_username("admin") == existing
    assert people.authenticate("admin", "an-admin-password") == existing


def test_demo_usernames_taken_by_real_members_stop_the_seed(app):
    with transaction():
        people.create_user("fatima_tafraout", "fatima@example.org", "a-member-password")
    with pytest.raises(DemoDataConflict):
        seed_demo()
    assert _count(User) == 1 and _count(Thread) == 0


def test_seed_demo_leaves_the_demo_indexed(app, runner):
    """`make run` serves the demo right after seeding it: its first searches must find it."""
    assert runner.invoke(args=["forum", "seed-demo"]).exit_code == 0
    assert db.session.query(Job).count() == 0
    assert app.extensions["search"].index.drift() == (set(), set())


def test_seed_demo_prints_a_login_per_persona_that_works(app, runner):
    result = runner.invoke(args=["forum", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Demo data: ")
    logins = {}
    for line in result.output.splitlines()[2:]:
        *label, username, password = line.split()
        logins[" ".join(label)] = (username, password)
    assert set(logins) == {"commune official", "migrant expert", "local actor", "community manager", "coordinator",
                           "administrator"}
    kinds = {"commune official": "commune", "migrant expert": "expert", "local actor": "actor"}
    roles = {"community manager": "moderator", "coordinator": "coordinator", "administrator": "admin"}
    for persona, (username, password) in logins.items():
        user = people.authenticate(username, password)
        assert user is not None, persona
        assert user.kind == kinds.get(persona, user.kind) and user.role == roles.get(persona, "member")
    again = runner.invoke(args=["forum", "seed-demo"])  # already seeded: the logins are still printed
    assert again.output.splitlines()[0] == ALREADY_PRESENT and "cm_nadia" in again.output
