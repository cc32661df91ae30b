"""Digests: one per member and period whatever happens, with what they chose for it, the
unanswered questions on their skills and the solutions; nothing when nothing is new."""

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from forum import create_app
from forum.boards.services import get_board, seed_boards_and_tags
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.jobs.models import Job
from forum.notifications import digests, preferences
from forum.notifications.models import DigestRun, Frequency, Notification, NotificationKind, Watch, WatchLevel
from forum.notifications.tokens import read_unsubscribe_token
from forum.people import services as people
from forum.tags.services import get_tag
from forum.threads import services as threads
from forum.threads.solutions import mark_solution
from tests.helpers import ON_POSTGRES, PASSWORD, TEST_DATABASE_URL, count_queries, make_config
from tests.notifications.notifying import MAIL_JOBS, notify, reachable

DAILY, WEEKLY = Frequency.DAILY, Frequency.WEEKLY


@pytest.fixture
def reader(member):
    return reachable(member)


def send(frequency=DAILY, later=timedelta(0)):
    return digests.send_digests(frequency, now=utcnow() + later)


def runs(user=None):
    query = select(DigestRun).order_by(DigestRun.id)
    if user is not None:
        query = query.where(DigestRun.user_id == user.id)
    return list(db.session.scalars(query))


def reply(thread, author, body="Une réponse utile."):
    with transaction():
        return threads.reply(db.session.merge(thread), db.session.merge(author), body)


def with_skills(user, *slugs):
    with transaction():
        user = db.session.merge(user)
        user.skills = [get_tag(slug) for slug in slugs]
    return user


def test_a_daily_digest_lists_the_watched_news_and_goes_once(reader, make_thread, other_member, mailbox, run_jobs):
    thread = make_thread(other_member, title="Latrines à l’école de Bouaflé")
    post = reply(thread, other_member)
    notify(reader, NotificationKind.WATCHED_POST, thread=thread, post=post, actor=other_member, mail=False)
    assert send() == {"period": digests.period_of(DAILY, utcnow()), "sent": 1, "empty": 0}
    assert send() == {"period": digests.period_of(DAILY, utcnow()), "sent": 0, "empty": 0}  # ran twice
    run_jobs(MAIL_JOBS)
    [received] = mailbox.messages
    assert received.to == "alice@example.org"
    assert received.subject.strip() == "Your daily digest of the forum"
    summary = "Bob Expert wrote in “Latrines à l’école de Bouaflé”, a thread you watch."
    link = f"http://forum.test/t/{thread.slug}/{thread.id}/{post.number}#p{post.number}"
    for part in (received.text, received.html):
        assert summary in part and link in part
    [run] = runs(reader)
    assert (run.frequency, run.items) == ("daily", 1)


def test_nothing_new_sends_nothing_but_records_the_run(reader, mailbox, run_jobs):
    assert send() == {"period": digests.period_of(DAILY, utcnow()), "sent": 0, "empty": 1}
    run_jobs(MAIL_JOBS)
    assert mailbox.messages == []
    [run] = runs(reader)
    assert run.items == 0
    assert send()["empty"] == 0  # and it is not tried again in that period


def test_the_next_digest_has_only_what_came_since_the_previous_one(reader, make_thread, other_member, mailbox,
                                                                   run_jobs):
    thread = make_thread(other_member, title="Premier fil suivi")
    notify(reader, NotificationKind.NEW_THREAD, thread=thread, actor=other_member, mail=False)
    send()
    later = make_thread(other_member, title="Deuxième fil suivi")
    notify(reader, NotificationKind.NEW_THREAD, thread=later, actor=other_member, mail=False)
    assert send(later=timedelta(days=1))["sent"] == 1
    run_jobs(MAIL_JOBS)
    first, second = mailbox.messages
    assert "Premier fil suivi" in first.text and "Deuxième fil suivi" not in first.text
    assert "Deuxième fil suivi" in second.text and "Premier fil suivi" not in second.text


def test_read_notifications_and_kinds_mailed_at_once_stay_out(reader, make_thread, other_member, mailbox, run_jobs):
    thread = make_thread(other_member, title="Un fil déjà lu")
    notify(reader, NotificationKind.WATCHED_POST, thread=thread, actor=other_member, read_at=utcnow(), mail=False)
    notify(reader, NotificationKind.REPLIED, thread=make_thread(reader, title="Envoyé tout de suite"),
           actor=other_member, mail=False)
    assert send()["empty"] == 1
    run_jobs(MAIL_JOBS)
    assert mailbox.messages == []


def test_a_thread_the_member_can_no_longer_see_stays_out(reader, make_thread, other_member, mailbox, run_jobs):
    thread = make_thread(other_member, title="Fil supprimé")
    notify(reader, NotificationKind.NEW_THREAD, thread=thread, actor=other_member, mail=False)
    with transaction():
        db.session.merge(thread).is_deleted = True
    assert send()["empty"] == 1


def test_weekly_kinds_go_in_the_weekly_digest(reader, make_thread, other_member, mailbox, run_jobs):
    with transaction():
        preferences.set_choice(reader.id, NotificationKind.NEW_THREAD, True, WEEKLY)
    thread = make_thread(other_member, title="Un fil de la semaine")
    notify(reader, NotificationKind.NEW_THREAD, thread=thread, actor=other_member, mail=False)
    assert send(DAILY)["sent"] == 0
    assert send(WEEKLY)["sent"] == 1
    run_jobs(MAIL_JOBS)
    [received] = mailbox.messages
    assert received.subject.strip() == "Your weekly digest of the forum"
    assert "Un fil de la semaine" in received.text


def test_an_expert_gets_the_unanswered_questions_on_their_skills_weekly(member, other_member, make_thread, mailbox,
                                                                       run_jobs, make_user):
    expert = with_skills(reachable(other_member), "eau-potable")
    asker = member
    open_question = make_thread(asker, title="Chloration de l’eau du puits", tags=[get_tag("eau-potable")])
    answered = make_thread(asker, title="Question déjà répondue", tags=[get_tag("eau-potable")])
    reply(answered, make_user())
    make_thread(asker, title="Question sur un autre sujet", tags=[get_tag("ecoles")])
    make_thread(expert, title="Question de l’expert lui-même", tags=[get_tag("eau-potable")])
    assert send(DAILY)["sent"] == 0
    assert send(WEEKLY)["sent"] == 1
    run_jobs(MAIL_JOBS)
    [received] = mailbox.messages
    assert received.to == "bob@example.org"
    assert "Unanswered questions on your skills" in received.text
    assert "“Chloration de l’eau du puits”, asked by Alice Commune" in received.text
    assert f"http://forum.test/t/{open_question.slug}/{open_question.id}" in received.html
    for other in ("déjà répondue", "autre sujet", "l’expert lui-même"):
        assert other not in received.text


def test_members_without_skills_get_no_weekly_digest_by_default(reader, make_thread, other_member, mailbox):
    make_thread(other_member, title="Une question", tags=[get_tag("eau-potable")])
    assert send(WEEKLY) == {"period": digests.period_of(WEEKLY, utcnow()), "sent": 0, "empty": 0}


def test_solutions_in_a_watched_board_are_in_the_digest(reader, board, make_thread, other_member, make_user,
                                                       mailbox, run_jobs):
    with transaction():
        db.session.add(Watch(user_id=reader.id, board_id=board.id, level=WatchLevel.WATCHING_FIRST_POST))
    asker, helper = make_user(display_name="Awa Asker"), make_user(display_name="Kofi Helper")
    thread = make_thread(asker, title="Comment réparer une pompe manuelle ?")
    answer = reply(thread, helper, "Changez les joints.")
    with transaction():
        mark_solution(db.session.merge(asker), db.session.merge(answer))
    assert send()["sent"] == 1
    run_jobs(MAIL_JOBS)
    [received] = mailbox.messages
    assert "“Comment réparer une pompe manuelle ?”, solved by Kofi Helper" in received.text
    assert f"/t/{thread.slug}/{thread.id}/{answer.number}#p{answer.number}" in received.html


def test_a_digest_is_in_the_members_language_with_its_unsubscribe_link(reader, make_thread, other_member, mailbox,
                                                                      run_jobs, client):
    reachable(reader, locale="fr")
    notify(reader, NotificationKind.NEW_THREAD, thread=make_thread(other_member), actor=other_member, mail=False)
    send()
    run_jobs(MAIL_JOBS)
    [received] = mailbox.messages
    with force_locale("fr"):
        assert received.subject.strip() == gettext("Your daily digest of the forum")
    assert "Communauté de Développement" in received.text
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = str(received["List-Unsubscribe"]).strip()[1:-1]
    assert read_unsubscribe_token(url.rsplit("/", 1)[1]) == (reader.id, "digest_daily")
    assert url in received.text and f'href="{url}"' in received.html
    client.post(url.removeprefix("http://forum.test"))
    notify(reader, NotificationKind.NEW_THREAD, thread=make_thread(other_member, title="Un fil venu après"), actor=other_member,
           mail=False)
    assert send(later=timedelta(days=1)) == {"period": digests.period_of(DAILY, utcnow() + timedelta(days=1)),
                                              "sent": 0, "empty": 0}


def test_suspended_and_unverified_members_get_no_digest(member, other_member, make_thread, mailbox):
    thread = make_thread(member)
    with transaction():
        db.session.merge(reachable(member)).suspended_until = utcnow() + timedelta(days=1)
    for user in (member, other_member):  # other_member never verified the address
        notify(user, NotificationKind.NEW_THREAD, thread=thread, actor=member, mail=False)
    assert send() == {"period": digests.period_of(DAILY, utcnow()), "sent": 0, "empty": 0}


@pytest.mark.parametrize(("when", "daily", "weekly"), [
    (datetime(2026, 12, 2, 10, 0, tzinfo=UTC), "2026-12-02", "2026-W49"),
    (datetime(2026, 12, 2, 23, 30, tzinfo=UTC), "2026-12-03", "2026-W49"),  # already Thursday in Paris
    (datetime(2026, 12, 6, 23, 30, tzinfo=UTC), "2026-12-07", "2026-W50"),  # Monday in Paris: a new week
    (datetime(2027, 1, 1, 12, 0, tzinfo=UTC), "2027-01-01", "2026-W53"),  # ISO years
])
def test_periods_are_days_and_iso_weeks_in_the_forums_time_zone(app, when, daily, weekly):
    assert digests.period_of(DAILY, when) == daily
    assert digests.period_of(WEEKLY, when) == weekly


def test_the_queries_of_a_digest_do_not_grow_with_its_items(app, make_user, make_thread, other_member, mailbox):
    def digest_queries(items):
        user = reachable(make_user())
        for n in range(items):
            thread = make_thread(other_member, title=f"Fil numéro {n} pour {user.username}")
            notify(user, NotificationKind.NEW_THREAD, thread=thread, actor=other_member, mail=False)
            notify(user, NotificationKind.WATCHED_POST, thread=thread, post=reply(thread, other_member),
                   actor=other_member, mail=False)
        with transaction(), count_queries() as queries:
            assert digests.send_digest(db.session.merge(user), DAILY, "p", utcnow()) == 2 * items
        return len(queries)

    assert digest_queries(1) == digest_queries(12)


def test_the_command_sends_both_digests_by_default(reader, make_thread, other_member, runner, mailbox, run_jobs):
    notify(reader, NotificationKind.NEW_THREAD, thread=make_thread(other_member), actor=other_member, mail=False)
    result = runner.invoke(args=["forum", "send-digests"])
    assert result.exit_code == 0, result.output
    assert f"Daily digests for {digests.period_of(DAILY, utcnow())}: 1 sent, 0 with nothing new." in result.output
    assert "Weekly digests for" in result.output
    result = runner.invoke(args=["forum", "send-digests", "--frequency", "daily"])
    assert "0 sent, 0 with nothing new." in result.output
    run_jobs(MAIL_JOBS)
    assert len(mailbox.messages) == 1


def test_the_command_refuses_an_unknown_frequency(app, runner):
    result = runner.invoke(args=["forum", "send-digests", "--frequency", "hourly"])
    assert result.exit_code != 0 and "hourly" in result.output


# -- a real `flask forum send-digests` killed in the middle ------------------------------------

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def shared_database(app, tmp_path):
    """An app on a database that a `flask` child process can open too (PostgreSQL is; an
    in-memory SQLite database is not: a file then), sending to the mailbox."""
    if ON_POSTGRES:
        yield app, TEST_DATABASE_URL
        return
    url = f"sqlite:///{tmp_path / 'digests.sqlite'}"
    shared = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with shared.app_context():
        db.create_all()
        with transaction():
            seed_boards_and_tags()
        yield shared, url
        db.session.remove()
        db.engine.dispose()


def flask_command(url: str, tmp_path, *args) -> subprocess.Popen:
    env = {**os.environ, "FLASK_APP": "wsgi.py", "FORUM_SQLALCHEMY_DATABASE_URI": url,
           "FORUM_SECRET_KEY": "test-secret", "FORUM_BASE_URL": "http://forum.test", "FORUM_JOBS_RUNNER": "sync",
           "FORUM_SEARCH_INDEX_DIR": str(tmp_path / "child-index")}
    return subprocess.Popen([sys.executable, "-m", "flask", *args], cwd=PROJECT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def readers_of_one_thread(members: int) -> int:
    """`members` verified members, each with a notification for their daily digest."""
    with transaction():
        author = people.create_user("auteur", "auteur@example.org", PASSWORD)
        thread = threads.create_thread(get_board("eau-assainissement"), author, "Un fil que tout le monde suit", "Oui.")
        for n in range(members):
            user = people.create_user(f"lecteur{n}", f"lecteur{n}@example.org", PASSWORD)
            user.email_verified_at = utcnow()
            db.session.add(Notification(user_id=user.id, kind=NotificationKind.NEW_THREAD, thread_id=thread.id,
                                        actor_id=author.id))
    return members


def one_mail_each(app, mailbox, members: int) -> None:
    """Once every mail job ran: each member received exactly one digest."""
    db.session.rollback()
    while app.extensions["jobs"].run_pending():
        pass
    received = Counter(m.to for m in mailbox.messages)
    assert len(received) == members and set(received.values()) == {1}


@pytest.mark.processes
def test_a_run_killed_in_the_middle_is_completed_by_the_next_and_nobody_gets_two(shared_database, tmp_path,
                                                                                 mailbox):
    app, url = shared_database
    members = readers_of_one_thread(400)
    child = flask_command(url, tmp_path, "forum", "send-digests", "--frequency", "daily")
    done = 0
    while child.poll() is None and done == 0:
        done = db.session.scalar(select(func.count()).select_from(DigestRun))
        db.session.rollback()  # a fresh snapshot each time
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=30)
    db.session.rollback()
    killed_at = db.session.scalar(select(func.count()).select_from(DigestRun))
    assert 0 < killed_at < members, f"not killed in the middle ({killed_at} of {members} done): {out} {err[-2000:]}"
    # Every run recorded has its mail job, and no job lacks its run.
    assert db.session.scalar(select(func.count()).select_from(Job).where(Job.kind == "mail.send")) == killed_at

    again = flask_command(url, tmp_path, "forum", "send-digests", "--frequency", "daily")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err[-2000:]
    assert f"{members - killed_at} sent" in out
    one_mail_each(app, mailbox, members)


@pytest.mark.processes
def test_two_runs_at_once_send_each_member_one_digest(shared_database, tmp_path, mailbox):
    app, url = shared_database
    members = readers_of_one_thread(150)
    children = [flask_command(url, tmp_path, "forum", "send-digests", "--frequency", "daily") for _ in range(2)]
    outputs = [child.communicate(timeout=300) for child in children]
    for child, (_out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err[-2000:]
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(DigestRun)) == members
    one_mail_each(app, mailbox, members)
