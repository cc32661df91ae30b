"""In-app notifications: who hears of what (one notification per member and event), the
bell, the notifications page, reading them, and their query budgets."""

import pytest
from sqlalchemy import func, insert, select

from forum.boards.services import set_board_archived
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.jobs.models import Job
from forum.matching.services import invite_expert
from forum.notifications import watching
from forum.notifications.models import Frequency, Notification, NotificationKind, Watch, WatchLevel
from forum.notifications.preferences import set_choice
from forum.people.models import User
from forum.tags.services import get_tag
from forum.threads import services as threads
from forum.threads.needs import set_need_status
from forum.threads.solutions import mark_solution
from tests.helpers import count_queries, page_text

TITLE = "Comment financer un forage d’eau potable ?"


@pytest.fixture
def thread(make_thread, member):
    return make_thread(member)


def _reply(thread, author, body="Une piste : le programme INDH."):
    with transaction():
        return threads.reply(thread, author, body)


def _notifications(user):
    db.session.expire_all()
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.id)).all()


def _mail_jobs():
    return [job.payload for job in db.session.scalars(select(Job).where(Job.kind == "notifications.mail")
                                                      .order_by(Job.id))]


def _events(run_jobs):
    return run_jobs(kinds=["threads.post_created", "threads.solution_marked", "threads.need_status_changed",
                           "matching.expert_invited"])


# -- who hears of what ------------------------------------------------------------------------

def test_a_reply_notifies_the_author_of_the_thread_and_not_the_replier(thread, member, other_member, run_jobs):
    post = _reply(thread, other_member)
    _events(run_jobs)
    [notification] = _notifications(member)
    assert (notification.kind, notification.post_id, notification.actor_id) == ("replied", post.id, other_member.id)
    assert _notifications(other_member) == []
    assert _mail_jobs() == [{"notification_id": notification.id, "post_id": post.id}]


def test_the_bell_and_the_page_show_it_with_a_link_to_the_exact_post(client, auth, thread, member, other_member,
                                                                     run_jobs, app):
    app.config["POSTS_PER_PAGE"] = 2
    _reply(thread, member, "Je précise : 40 mètres.")
    post = _reply(thread, other_member)
    _events(run_jobs)
    auth.login(member)
    page = page_text(client.get("/questions"))
    assert '<a class="bell" href="/notifications">Notifications <span class="count">1</span>' in page
    listing = page_text(client.get("/notifications"))
    assert f"Bob Expert replied in “{TITLE}”" in listing
    [notification] = _notifications(member)
    response = client.get(f"/notifications/{notification.id}")
    assert response.headers["Location"] == f"/t/{thread.slug}/{thread.id}?page=2#p{post.number}"
    assert _notifications(member)[0].is_read
    assert 'class="count"' not in page_text(client.get("/questions"))


def test_replies_collapse_into_one_notification_with_a_count(client, auth, thread, member, other_member, make_user,
                                                             run_jobs):
    first = _reply(thread, other_member)
    _events(run_jobs)
    for n in range(2):
        _reply(thread, make_user(), f"Autre piste numéro {n}.")
        _events(run_jobs)
    [notification] = _notifications(member)
    assert notification.count == 3 and notification.post_id == first.id
    assert [job["notification_id"] for job in _mail_jobs()] == [notification.id] * 3
    auth.login(member)
    assert f"3 new replies in “{TITLE}”" in page_text(client.get("/notifications"))
    # Once read, the next reply starts a new one.
    client.get(f"/notifications/{notification.id}")
    _reply(thread, other_member)
    _events(run_jobs)
    assert [n.count for n in _notifications(member)] == [3, 1]


def test_a_mention_in_a_reply_to_my_thread_is_one_notification(thread, member, other_member, run_jobs):
    _reply(thread, other_member, "Bonne question @alice, voici une piste.")
    _events(run_jobs)
    assert [n.kind for n in _notifications(member)] == ["mentioned"]


def test_a_quote_notifies_the_quoted_author(client, auth, thread, member, other_member, make_user, run_jobs):
    answer = _reply(thread, other_member)
    _events(run_jobs)
    carla = make_user("carla")
    auth.login(carla)
    form = client.get(f"/t/{thread.id}/reply?quote={answer.id}")
    quote = threads.quote_markdown(answer, f"/t/{thread.slug}/{thread.id}/{answer.number}")
    assert quote.split("\n")[0] in page_text(form)
    client.post(f"/t/{thread.id}/reply", data={"body": quote + "Tout à fait d’accord.", "submit": "1"})
    _events(run_jobs)
    assert [n.kind for n in _notifications(other_member)] == ["quoted"]
    assert [n.kind for n in _notifications(member)] == ["replied"]  # collapsed with bob's reply
    assert _notifications(member)[0].count == 2


def test_a_muted_thread_says_nothing_not_even_mentions(thread, member, other_member, run_jobs):
    with transaction():
        watching.set_level(member, WatchLevel.MUTED, thread=thread)
    _reply(thread, other_member, "@alice regardez ceci.")
    _events(run_jobs)
    assert _notifications(member) == []


def test_tracking_only_tells_what_is_addressed_to_me(thread, member, other_member, make_user, run_jobs):
    carla = make_user("carla")
    with transaction():
        watching.set_level(carla, WatchLevel.TRACKING, thread=thread)
    _reply(thread, other_member)
    _events(run_jobs)
    assert _notifications(carla) == []
    _reply(thread, other_member, "Et vous @carla ?")
    _events(run_jobs)
    assert [n.kind for n in _notifications(carla)] == ["mentioned"]


def test_watching_a_thread_tells_every_new_post(thread, member, other_member, make_user, run_jobs):
    carla = make_user("carla")
    with transaction():
        watching.set_level(carla, WatchLevel.WATCHING, thread=thread)
    _reply(thread, other_member)
    _reply(thread, member, "Merci !")
    _events(run_jobs)
    [notification] = _notifications(carla)
    assert notification.kind == "watched_post" and notification.count == 2


def test_a_board_watched_for_first_posts_tells_new_threads_only(make_thread, board, member, other_member, run_jobs):
    with transaction():
        watching.set_level(other_member, WatchLevel.WATCHING_FIRST_POST, board=board)
    thread = make_thread(member, title="Réseau d’assainissement à Tata")
    _reply(thread, member, "Précision : 3 000 habitants.")
    _events(run_jobs)
    assert [(n.kind, n.thread_id) for n in _notifications(other_member)] == [("new_thread", thread.id)]


def test_a_watched_tag_tells_its_new_threads(make_thread, member, other_member, run_jobs):
    forage = get_tag("forage")
    with transaction():
        watching.set_level(other_member, WatchLevel.WATCHING, tag=forage)
    make_thread(member, title="Un forage sans autorisation ?", tags=[forage])
    make_thread(member, title="Collecte des déchets au douar")
    _events(run_jobs)
    assert [n.kind for n in _notifications(other_member)] == ["new_thread"]


def test_a_muted_board_silences_its_threads(make_thread, board, member, other_member, run_jobs):
    with transaction():
        watching.set_level(other_member, WatchLevel.MUTED, board=board)
        watching.set_level(other_member, WatchLevel.WATCHING, tag=get_tag("forage"))
    make_thread(member, title="Un forage sans autorisation ?", tags=[get_tag("forage")], body="Bonjour @bob")
    _events(run_jobs)
    assert _notifications(other_member) == []


def test_experts_who_opted_in_hear_of_questions_on_their_skills(make_thread, member, make_user, run_jobs):
    karim = make_user("karim", kind="expert")
    other = make_user("omar", kind="expert")
    with transaction():
        for expert in (karim, other):
            expert.skills = [get_tag("forage")]
        set_choice(karim.id, NotificationKind.SKILL_MATCH, True, Frequency.DAILY)
    make_thread(member, title="Un forage sans autorisation ?", tags=[get_tag("forage")])
    _events(run_jobs)
    assert [n.kind for n in _notifications(karim)] == ["skill_match"]
    assert _notifications(other) == []  # not opted in: the default


def test_members_who_turned_a_kind_off_get_nothing(thread, member, other_member, run_jobs):
    with transaction():
        set_choice(member.id, NotificationKind.REPLIED, False, Frequency.NEVER)
    _reply(thread, other_member)
    _events(run_jobs)
    assert _notifications(member) == [] and _mail_jobs() == []


def test_nobody_hears_of_a_thread_they_can_no_longer_see(thread, member, other_member, moderator, admin, run_jobs):
    with transaction():
        watching.set_level(other_member, WatchLevel.WATCHING, thread=thread)
        watching.set_level(moderator, WatchLevel.WATCHING, thread=thread)
    _reply(thread, member, "Une précision.")
    with transaction():
        set_board_archived(admin, thread.board, True)
    _events(run_jobs)
    assert _notifications(other_member) == []
    assert [n.kind for n in _notifications(moderator)] == ["watched_post"]


def test_notifications_of_threads_no_longer_visible_are_hidden(client, auth, thread, member, other_member,
                                                               moderator, run_jobs):
    _reply(thread, other_member)
    _events(run_jobs)
    with transaction():
        threads.delete_post(moderator, _first(thread))
    auth.login(member)
    assert 'class="count"' not in page_text(client.get("/questions"))
    assert TITLE not in page_text(client.get("/notifications"))
    assert client.get(f"/notifications/{_notifications(member)[0].id}").status_code == 404


def _first(thread):
    return threads.thread_posts(thread, 1).items[0]


def test_the_author_of_the_solution_hears_of_it(thread, member, other_member, run_jobs):
    answer = _reply(thread, other_member)
    with transaction():
        mark_solution(member, answer)
    _events(run_jobs)
    assert [n.kind for n in _notifications(other_member)] == ["solved"]
    assert [job["post_id"] for job in _mail_jobs()][-1] == answer.id


def test_an_invited_expert_hears_of_it_and_watches_the_thread(thread, member, make_user, run_jobs):
    karim = make_user("karim", kind="expert")
    with transaction():
        invite_expert(member, thread, karim)
    _events(run_jobs)
    assert [(n.kind, n.actor_id) for n in _notifications(karim)] == [("invited", member.id)]
    assert watching.level_of(karim, thread=thread) == WatchLevel.WATCHING
    with transaction():
        invite_expert(member, thread, karim)  # the same invitation again: nothing new
    _events(run_jobs)
    assert len(_notifications(karim)) == 1


def test_followers_of_a_need_hear_its_new_status_but_not_the_actor(client, auth, make_thread, member, other_member,
                                                                   make_user, moderator, run_jobs):
    need = make_thread(member, title="Besoin : étude de faisabilité d’une khettara", kind="need")
    _reply(need, other_member)
    muted = make_user("carla")
    with transaction():
        watching.set_level(muted, WatchLevel.MUTED, thread=need)
    _events(run_jobs)
    with transaction():
        set_need_status(moderator, need, "in_discussion")
    _events(run_jobs)
    assert [n.kind for n in _notifications(other_member)] == ["need_status"]  # tracking it, as a replier
    assert "need_status" in [n.kind for n in _notifications(member)]  # the author
    assert _notifications(moderator) == [] and _notifications(muted) == []
    auth.login(other_member)
    assert "The need “Besoin : étude de faisabilité d’une khettara” is now “In discussion”" in page_text(
        client.get("/notifications"))


def test_an_event_run_twice_notifies_once_per_member(thread, member, other_member, app):
    post = _reply(thread, other_member)
    from forum.notifications.fanout import post_created

    with transaction():
        post_created(post.id)
    with transaction():
        post_created(post.id)
    assert [n.count for n in _notifications(member)] == [2]  # collapsed, never a second row


# -- reading ---------------------------------------------------------------------------------

def test_viewing_the_thread_reads_its_notifications_with_one_update(client, auth, thread, member, other_member,
                                                                    run_jobs):
    _reply(thread, other_member)
    _events(run_jobs)
    auth.login(member)
    url = f"/t/{thread.slug}/{thread.id}"
    with count_queries() as statements:
        page = page_text(client.get(url))
    assert len([s for s in statements if s.startswith("UPDATE notifications")]) == 1
    assert 'class="count"' not in page  # the bell of this very page already counts them read
    assert _notifications(member)[0].is_read
    with count_queries() as statements:
        client.get(url)
    assert not [s for s in statements if s.startswith("UPDATE")]  # nothing new: nothing written


def test_a_member_with_nothing_unread_opens_a_thread_without_looking_for_its_notifications(
        client, auth, thread, member, other_member, run_jobs):
    """The bell at 0 already says none of the thread's notifications is unread (issue 12)."""
    _reply(thread, other_member)
    _events(run_jobs)
    auth.login(member)
    url = f"/t/{thread.slug}/{thread.id}"
    client.get(url)  # reads the notification: the bell is at 0 from now on
    with count_queries() as statements:
        client.get(url)
    assert not [s for s in statements if "FROM notifications" in s and "count(" not in s]
    _reply(thread, other_member, "Une autre piste : la coopérative.")
    _events(run_jobs)
    assert 'class="count"' not in page_text(client.get(url))  # a new one is read as before
    assert all(n.is_read for n in _notifications(member))


def test_a_deleted_thread_opened_by_staff_still_reads_its_notifications(client, auth, thread, member,
                                                                        other_member, moderator, run_jobs):
    """The bell does not count a deleted thread: at 0, it says nothing about its notifications."""
    with transaction():
        watching.set_level(moderator, WatchLevel.WATCHING, thread=thread)
    _reply(thread, other_member)
    _events(run_jobs)
    with transaction():
        threads.delete_post(moderator, _first(thread))
    auth.login(moderator)
    assert 'class="count"' not in page_text(client.get("/questions"))  # the bell is at 0
    client.get(f"/t/{thread.slug}/{thread.id}")
    assert [n.is_read for n in _notifications(moderator)] == [True]


def test_mark_all_read(client, auth, make_thread, member, other_member, run_jobs):
    for title in ("Premier sujet sur l’eau", "Second sujet sur l’eau"):
        _reply(make_thread(member, title=title), other_member)
    _events(run_jobs)
    auth.login(member)
    assert '<span class="count">2</span>' in page_text(client.get("/notifications"))
    response = client.post("/notifications/read")
    assert response.status_code == 302
    assert all(n.is_read for n in _notifications(member))
    assert "Every notification is marked as read." in page_text(client.get("/notifications"))


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_mark_all_read_needs_the_csrf_token(client, auth, thread, member, other_member, run_jobs):
    _reply(thread, other_member)
    _events(run_jobs)
    client.post("/login", data={"login": "alice", "password": "correct-horse-battery"})
    client.get("/notifications")
    client.post("/notifications/read")
    assert not _notifications(member)[0].is_read


def test_someone_else_s_notification_is_not_found(client, auth, thread, member, other_member, run_jobs):
    _reply(thread, other_member)
    _events(run_jobs)
    auth.login(other_member)
    assert client.get(f"/notifications/{_notifications(member)[0].id}").status_code == 404
    assert not _notifications(member)[0].is_read


def test_visitors_are_sent_to_log_in(client):
    assert client.get("/notifications").headers["Location"].startswith("/login")


def test_unread_come_first_then_the_newest(client, auth, make_thread, member, other_member, run_jobs):
    threads_ = [make_thread(member, title=f"Sujet numéro {n} sur l’eau") for n in range(3)]
    for t in threads_:
        _reply(t, other_member)
        _events(run_jobs)
    auth.login(member)
    oldest = _notifications(member)[0]
    newest = _notifications(member)[2]
    client.get(f"/notifications/{newest.id}")
    page = page_text(client.get("/notifications"))
    order = [page.index(f"Sujet numéro {n} sur l’eau") for n in (1, 0, 2)]
    assert order == sorted(order), "unread first (newest first), then the read one"
    assert oldest.id


# -- query budgets ---------------------------------------------------------------------------

def _statements(client, url):
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return statements


def test_the_bell_costs_one_query_per_page(client, auth, make_thread, member, other_member, run_jobs):
    auth.login(member)
    for url in ("/", "/questions", "/tags", f"/u/{member.username}"):
        bell = [s for s in _statements(client, url) if "FROM notifications" in s]
        assert len(bell) == 1, (url, bell)
    auth.logout()
    assert not [s for s in _statements(client, "/") if "notifications" in s]  # visitors: no bell


def _add_notifications(user, thread, n):
    now = utcnow()
    db.session.execute(insert(Notification), [
        {"user_id": user.id, "kind": "replied", "thread_id": thread.id, "count": 1, "data": {},
         "created_at": now, "updated_at": now} for _ in range(n)])
    db.session.commit()


def test_the_notifications_page_costs_the_same_whatever_it_shows(client, auth, make_thread, make_user, member, app):
    app.config["NOTIFICATIONS_PER_PAGE"] = 5
    auth.login(member)
    _add_notifications(member, make_thread(make_user(), title="Premier sujet sur l’eau"), 6)
    few = len(_statements(client, "/notifications"))
    for n in range(12):
        _add_notifications(member, make_thread(make_user(), title=f"Sujet numéro {n} sur l’eau"), 3)
    assert len(_statements(client, "/notifications")) == few


def test_a_thousand_watchers_cost_no_more_statements_than_ten(make_thread, board, member, run_jobs):
    def watchers(n, start):
        now = utcnow()
        rows = [{"username": f"w{start + i}", "username_key": f"w{start + i}", "username_skeleton": f"w{start + i}",
                 "email": f"w{start + i}@example.org", "password_hash": "x", "display_name": f"W {i}",
                 "kind": "other", "role": "member", "created_at": now} for i in range(n)]
        ids = db.session.scalars(insert(User).returning(User.id), rows).all()
        db.session.execute(insert(Watch), [{"user_id": i, "board_id": board.id, "level": "watching_first_post",
                                            "created_at": now, "updated_at": now} for i in ids])
        db.session.commit()

    def fan_out():
        make_thread(member, title="Un nouveau sujet pour les veilleurs")
        with count_queries() as statements:
            run_jobs(kinds=["threads.post_created"])
        return len(statements)

    watchers(10, 0)
    ten = fan_out()
    watchers(990, 10)
    assert fan_out() == ten
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1010
    assert len(_mail_jobs()) == 1010
