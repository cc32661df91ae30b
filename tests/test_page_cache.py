"""The anonymous page cache (forum/pagecache.py): a page read twice by visitors without a session
is rendered once; a write drops it at once (after its job); nobody ever gets another's page."""

import threading
import time

import pytest
from flask import request, session
from flask_babel import refresh
from sqlalchemy import select

from forum.db import transaction
from forum.extensions import cache, db
from forum.pagecache import kept_until_write
from forum.people.models import User
from forum.threads import services as threads
from forum.threads.models import Post
from tests.helpers import ON_POSTGRES, RATE_LIMIT_STORAGES, count_queries, page_text


@pytest.fixture
def app_config():
    return {"PAGE_CACHE": True}


pytestmark = pytest.mark.usefixtures("empty_cache")  # every test starts with an empty page cache


def anonymous(app):
    return app.test_client(use_cookies=False)


def page_of(app, thread) -> str:
    """The thread page's own path (/t/<id> redirects to it)."""
    return anonymous(app).get(f"/t/{thread.id}").headers["Location"]


def test_a_second_anonymous_visit_is_served_from_the_cache_without_sql(app, member, make_thread):
    thread = make_thread(member, title="Forage profond à Tata", body="Quelle profondeur viser ?")
    visitor, path = anonymous(app), page_of(app, thread)
    first = visitor.get(path)
    assert first.status_code == 200 and first.headers["X-Page-Cache"] == "miss"
    with count_queries() as statements:
        second = visitor.get(path)
    assert second.headers["X-Page-Cache"] == "hit" and second.get_data() == first.get_data()
    assert statements == []
    assert "Set-Cookie" not in second.headers
    # The security headers are those of any page.
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_a_new_reply_shows_at_once_to_anonymous_visitors(app, member, make_thread, run_jobs):
    thread = make_thread(member, title="Forage profond à Tata")
    visitor = anonymous(app)
    for path in (page_of(app, thread), "/", f"/b/{thread.board.slug}"):
        visitor.get(path)
    with transaction():
        threads.reply(thread, member, "Une pompe solaire immergée de 80 mètres.")
    run_jobs()  # the after-commit jobs: the thread runner does this right after the commit
    page = visitor.get(page_of(app, thread))
    assert page.headers["X-Page-Cache"] == "miss" and "pompe solaire immergée" in page_text(page)
    assert visitor.get("/").headers["X-Page-Cache"] == "miss"


def test_until_its_job_runs_the_page_kept_is_the_old_one(app, member, make_thread):
    """The invalidation is the job's: this shows the job is what drops the pages."""
    thread = make_thread(member)
    visitor = anonymous(app)
    visitor.get(page_of(app, thread))
    with transaction():
        threads.reply(thread, member, "Une réponse encore en attente de son job.")
    assert visitor.get(page_of(app, thread)).headers["X-Page-Cache"] == "hit"


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite has one writer at a time: writers wait for each other there anyway")
def test_writers_do_not_wait_for_each_other_to_drop_the_pages(app, member, other_member, make_thread, run_jobs):
    """Each writing transaction enqueues its own invalidation: with one pending job kept by a
    dedupe key, PostgreSQL made an INSERT of that key wait for whichever open transaction had
    inserted it, so every writer of the forum waited for the others to commit."""
    thread = make_thread(member, title="Forage profond à Tata")
    run_jobs()  # no invalidation pending: the next writer's is the one a dedupe key would keep
    written, release = threading.Event(), threading.Event()

    def slow_writer():  # a member's profile edit, still open when the reply below is posted
        with app.app_context(), transaction():
            db.session.get(User, other_member.id).display_name = "Nom changé"
            db.session.flush()
            written.set()
            release.wait(10)

    writer = threading.Thread(target=slow_writer)
    writer.start()
    try:
        assert written.wait(10)
        started = time.monotonic()
        with transaction():
            threads.reply(thread, member, "Une réponse pendant qu'un autre membre écrit.")
        assert time.monotonic() - started < 3
    finally:
        release.set()
        writer.join()
    run_jobs()
    visitor = anonymous(app)
    assert "Une réponse pendant" in page_text(visitor.get(page_of(app, thread)))


def test_a_logged_in_member_never_gets_the_anonymous_page_nor_leaves_one(app, client, auth, member, make_thread):
    thread = make_thread(member)
    visitor = anonymous(app)
    anonymous_page = visitor.get(page_of(app, thread)).get_data(as_text=True)
    auth.login(member)
    own = client.get(page_of(app, thread))
    assert "X-Page-Cache" not in own.headers
    assert member.username in own.get_data(as_text=True) and "Log out" in own.get_data(as_text=True)
    assert "Log out" not in anonymous_page
    # What the member saw was not kept for the anonymous visitor.
    again = visitor.get(page_of(app, thread))
    assert again.headers["X-Page-Cache"] == "hit" and "Log out" not in again.get_data(as_text=True)


def test_a_visitor_with_a_session_is_never_served_a_kept_page(app, member, make_thread):
    thread = make_thread(member)
    anonymous(app).get(page_of(app, thread))
    with app.test_client() as visitor:
        visitor.set_cookie(app.config["SESSION_COOKIE_NAME"], "anything")
        assert "X-Page-Cache" not in visitor.get(page_of(app, thread)).headers


def test_a_page_that_writes_the_session_is_not_kept(app, member, make_thread):
    """E.g. a form's CSRF token: kept, it would be served to visitors whose session lacks it."""
    thread = make_thread(member)

    @app.before_request
    def put_something_in_the_session():
        if request.args.get("touch"):
            session["csrf_token"] = "a token of this visitor's own"

    path = page_of(app, thread)
    visitor = anonymous(app)
    for _ in range(2):
        response = visitor.get(path + "?touch=1")
        assert "X-Page-Cache" not in response.headers and "Set-Cookie" in response.headers


def test_each_language_has_its_own_page(app, member, make_thread):
    """The footer's choice is a cookie apart from the session: each language is kept apart."""
    thread = make_thread(member)
    visitor, path = anonymous(app), page_of(app, thread)

    def read(language):
        refresh()  # the test's requests share the fixture's app context, where Babel keeps the locale
        return visitor.get(path, headers={"Cookie": f"lang={language}"})

    french, english = read("fr"), read("en")
    assert '<html lang="fr">' in french.get_data(as_text=True) and '<html lang="en">' in english.get_data(as_text=True)
    again = read("fr")
    assert again.headers["X-Page-Cache"] == "hit" and again.get_data() == french.get_data()


def test_errors_and_pages_not_listed_are_not_kept(app, member, make_thread):
    visitor = anonymous(app)
    for _ in range(2):
        assert "X-Page-Cache" not in visitor.get("/t/999999").headers
        assert "X-Page-Cache" not in visitor.get("/search?q=eau").headers
        assert "X-Page-Cache" not in visitor.get("/login").headers


def test_a_page_whose_thread_was_hidden_is_dropped(app, moderator, member, make_thread, run_jobs):
    thread = make_thread(member, title="Un fil bientôt supprimé")
    visitor, path = anonymous(app), page_of(app, thread)
    assert visitor.get(path).status_code == 200
    with transaction():
        thread.is_deleted = True
    run_jobs()
    assert visitor.get(path).status_code == 404


REDIS = [s for s in RATE_LIMIT_STORAGES if s.startswith("redis")]


def test_a_value_kept_until_write_is_computed_once_per_generation(app, member, make_thread, run_jobs):
    thread, calls = make_thread(member), []

    def kept(value):
        with app.test_request_context("/"):
            return kept_until_write("probe", lambda: calls.append(value) or [value])

    assert kept("first") == ["first"] and kept("second") == ["first"]
    with transaction():
        thread.title = "Forage profond à Tata, deuxième essai"
    run_jobs()
    assert kept("after a write") == ["after a write"]
    cache.clear()  # Redis restarted: the generation starts again, not from a number used before
    assert kept("after a restart") == ["after a restart"] and calls == ["first", "after a write", "after a restart"]


def test_a_transaction_that_wrote_what_pages_show_keeps_nothing(app, member, make_thread):
    thread, calls = make_thread(member), []
    with app.test_request_context("/"):
        thread.title = "Forage profond à Tata, deuxième essai"
        db.session.flush()  # not committed: it could still be rolled back
        assert kept_until_write("probe", lambda: calls.append(1) or ["written"]) == ["written"]
        db.session.rollback()
    with app.test_request_context("/"):
        assert kept_until_write("probe", lambda: calls.append(2) or ["fresh"]) == ["fresh"]
    assert calls == [1, 2]


class TestMembersPosts:
    """A member's thread page: the posts are rendered once for every reader who sees them alike
    and kept until the next write; whoever sees something of their own (their Edit links, the
    asker's solution buttons with their CSRF token, a moderator) gets them rendered for them."""

    @pytest.fixture
    def thread(self, member, other_member, make_thread):
        thread = make_thread(member, title="Forage profond à Tata", body="Quelle profondeur viser ?")
        with transaction():
            threads.reply(thread, other_member, "Une pompe immergée à 80 mètres.")
        return thread

    @staticmethod
    def view(app, user, path):
        from tests.conftest import Auth

        client = app.test_client()
        Auth(client).login(user)
        html = client.get(path).get_data(as_text=True)
        Auth(client).logout()
        return html

    @staticmethod
    def kept_names(app):
        return [key for key in app.extensions["kept_values"]._cache if ":thread-posts:" in key]

    def test_readers_share_the_posts_and_each_keeps_their_own_links(self, app, make_user, member, other_member,
                                                                    moderator, thread):
        carol, path = make_user("carol"), page_of(app, thread)
        first = self.view(app, carol, path)
        assert "Une pompe immergée" in first and "Mark as solution" not in first and ">Edit<" not in first
        assert len(self.kept_names(app)) == 2  # the first post, then the others
        assert ">Edit<" in self.view(app, other_member, path)  # Bob wrote the reply: his link
        asker = self.view(app, member, path)
        assert "Mark as solution" in asker and 'name="csrf_token"' in asker
        assert ">Delete<" in self.view(app, moderator, path)
        again = self.view(app, carol, path)
        assert ">Edit<" not in again and ">Delete<" not in again and "Mark as solution" not in again
        assert len(self.kept_names(app)) == 2

    def test_an_edited_post_shows_at_once_to_every_reader(self, app, make_user, other_member, thread, run_jobs):
        carol, path = make_user("carol"), page_of(app, thread)
        assert "Une pompe immergée à 80 mètres." in self.view(app, carol, path)
        with transaction():
            reply = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 2))
            threads.edit_post(other_member, reply, "Une pompe immergée à 120 mètres.")
        run_jobs()  # the page cache's job: the thread runner does this right after the commit
        page = self.view(app, make_user("driss"), path)
        assert "120 mètres" in page and "80 mètres" not in page


@pytest.mark.skipif(not REDIS, reason="no TEST_REDIS_URL: the Redis case runs in `make test-postgres`")
class TestInRedis:
    """What several processes share (tests/test_several_servers.py runs two servers on it)."""

    @pytest.fixture
    def app_config(self, tmp_path):
        return {"PAGE_CACHE": True, "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": REDIS[0],
                "CACHE_KEY_PREFIX": f"test-{tmp_path.name}-{id(tmp_path)}:"}

    def test_pages_are_kept_in_redis_and_dropped_by_the_job(self, app, member, make_thread, run_jobs):
        thread = make_thread(member)
        visitor = anonymous(app)
        assert visitor.get(page_of(app, thread)).headers["X-Page-Cache"] == "miss"
        assert visitor.get(page_of(app, thread)).headers["X-Page-Cache"] == "hit"
        with transaction():
            threads.reply(thread, member, "Une réponse vue à travers Redis.")
        run_jobs()
        page = visitor.get(page_of(app, thread))
        assert page.headers["X-Page-Cache"] == "miss" and "vue à travers Redis" in page_text(page)
