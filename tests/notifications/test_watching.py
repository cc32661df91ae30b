"""Watching levels: the control on thread, board and tag pages, the defaults, the member's
"watching" page, and the count of new posts on thread lists."""

import pytest
from sqlalchemy import select

from forum.db import transaction
from forum.extensions import db
from forum.notifications import watching
from forum.notifications.models import Watch, WatchLevel
from forum.tags.services import get_tag
from forum.threads import services as threads
from tests.helpers import count_queries, page_text


@pytest.fixture
def thread(make_thread, member):
    return make_thread(member, title="Forage à Taliouine : quel débit ?")


def _events(run_jobs):
    run_jobs(kinds=["threads.post_created", "matching.expert_invited"])


def _reply(thread, author, body="Une piste : le programme INDH."):
    with transaction():
        return threads.reply(thread, author, body)


def test_the_thread_page_has_a_control_that_sets_the_level(client, auth, thread, other_member):
    auth.login(other_member)
    page = page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    assert f'action="/t/{thread.id}/watch"' in page
    assert '<option selected value="normal">Normal</option>' in page
    assert "Watching first post" not in page  # for boards and tags only
    response = client.post(f"/t/{thread.id}/watch", data={"watch-level": "watching"})
    assert response.headers["Location"] == f"/t/{thread.slug}/{thread.id}"
    assert watching.level_of(other_member, thread=thread) == WatchLevel.WATCHING
    page = page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    assert "Notifications: Watching." in page and '<option selected value="watching">' in page


def test_board_and_tag_pages_offer_watching_first_post(client, auth, board, other_member):
    auth.login(other_member)
    assert 'value="watching_first_post"' in page_text(client.get(f"/b/{board.slug}"))
    client.post(f"/b/{board.slug}/watch", data={"watch-level": "watching_first_post"})
    assert watching.level_of(other_member, board=board) == WatchLevel.WATCHING_FIRST_POST
    assert 'value="watching_first_post"' in page_text(client.get("/tags/forage"))
    client.post("/tags/forage/watch", data={"watch-level": "muted"})
    assert watching.level_of(other_member, tag=get_tag("forage")) == WatchLevel.MUTED


@pytest.mark.parametrize("level", ["watching_first_post", "everything", ""])
def test_a_level_the_thread_does_not_take_is_refused_with_a_message(client, auth, thread, other_member, level):
    auth.login(other_member)
    response = client.post(f"/t/{thread.id}/watch", data={"watch-level": level}, follow_redirects=True)
    assert response.status_code == 200 and "Choose one of the levels offered." in page_text(response)
    assert db.session.scalars(select(Watch).where(Watch.user_id == other_member.id)).all() == []


def test_visitors_see_no_control_and_are_sent_to_log_in(client, thread, board):
    assert "watch-level" not in page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    assert "watch-level" not in page_text(client.get(f"/b/{board.slug}"))
    assert client.post(f"/t/{thread.id}/watch", data={"watch-level": "watching"}).headers["Location"].startswith(
        "/login")


def test_a_thread_one_may_not_see_cannot_be_watched(client, auth, thread, member, moderator, other_member):
    with transaction():
        threads.delete_post(moderator, threads.thread_posts(thread, 1).items[0])
    auth.login(other_member)
    assert client.post(f"/t/{thread.id}/watch", data={"watch-level": "watching"}).status_code == 404
    assert client.post("/b/nowhere/watch", data={"watch-level": "watching"}).status_code == 404


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_the_control_needs_the_csrf_token(client, thread, other_member):
    client.post("/login", data={"login": "bob", "password": "correct-horse-battery"})
    client.post(f"/t/{thread.id}/watch", data={"watch-level": "watching"})
    assert watching.level_of(other_member, thread=thread) == WatchLevel.NORMAL


def test_defaults_the_author_watches_a_replier_tracks_an_invited_expert_watches(thread, member, other_member,
                                                                                make_user, run_jobs):
    from forum.matching.services import invite_expert

    _reply(thread, other_member)
    karim = make_user("karim", kind="expert")
    with transaction():
        invite_expert(member, thread, karim)
    _events(run_jobs)
    assert watching.level_of(member, thread=thread) == WatchLevel.WATCHING
    assert watching.level_of(other_member, thread=thread) == WatchLevel.TRACKING
    assert watching.level_of(karim, thread=thread) == WatchLevel.WATCHING


def test_a_chosen_level_is_kept_when_one_replies(thread, other_member, run_jobs):
    with transaction():
        watching.set_level(other_member, WatchLevel.MUTED, thread=thread)
    _reply(thread, other_member)
    _events(run_jobs)
    assert watching.level_of(other_member, thread=thread) == WatchLevel.MUTED


def test_thread_lists_count_the_new_posts_of_tracked_threads(client, auth, thread, member, other_member, run_jobs):
    _events(run_jobs)  # the author watches the thread, having seen post #1
    for n in range(2):
        _reply(thread, other_member, f"Piste numéro {n}.")
    auth.login(member)
    for url in ("/", f"/b/{thread.board.slug}"):
        assert '<span class="badge new">2 new</span>' in page_text(client.get(url)), url
    client.get(f"/t/{thread.slug}/{thread.id}")
    assert "badge new" not in page_text(client.get("/"))
    auth.logout()
    auth.login(other_member)  # not following it yet: no count
    assert "badge new" not in page_text(client.get("/"))


def test_what_one_has_seen_only_moves_forward(client, auth, app, make_thread, member, other_member, run_jobs):
    app.config["POSTS_PER_PAGE"] = 2
    thread = make_thread(member, title="Forage à Taliouine : quel débit ?", tags=[get_tag("forage")])
    for n in range(4):
        _reply(thread, other_member, f"Piste numéro {n}.")
    _events(run_jobs)
    auth.login(member)
    client.get(f"/t/{thread.slug}/{thread.id}?page=3")
    watch = db.session.scalar(select(Watch).where(Watch.user_id == member.id, Watch.thread_id == thread.id))
    assert watch.last_read_number == 5
    with count_queries() as statements:
        client.get(f"/t/{thread.slug}/{thread.id}?page=1")  # going back writes nothing
    assert not [s for s in statements if s.startswith("UPDATE")]
    db.session.refresh(watch)
    assert watch.last_read_number == 5
    assert "badge new" not in page_text(client.get("/tags/forage"))


def test_the_watching_page_lists_what_one_follows(client, auth, thread, board, member, run_jobs):
    _events(run_jobs)
    with transaction():
        watching.set_level(member, WatchLevel.WATCHING_FIRST_POST, board=board)
        watching.set_level(member, WatchLevel.MUTED, tag=get_tag("argan"))
    auth.login(member)
    page = page_text(client.get("/u/alice/watching"))
    for text in ("Forage à Taliouine : quel débit ?", board.name, "#argan", "Watching first post", "Muted"):
        assert text in page, text
    assert "/u/alice/watching" in page_text(client.get("/u/alice"))


def test_only_the_member_and_admins_see_the_watching_page(client, auth, member, other_member, admin):
    assert client.get("/u/alice/watching").headers["Location"].startswith("/login")
    auth.login(other_member)
    assert client.get("/u/alice/watching").status_code == 403
    assert "/u/alice/watching" not in page_text(client.get("/u/alice"))
    auth.logout()
    auth.login(admin)
    assert client.get("/u/alice/watching").status_code == 200
    assert client.get("/u/nobody/watching").status_code == 404
