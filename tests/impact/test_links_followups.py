"""Follow-up reminders of linking records (30 and 90 days after they were made), through the
notifications; the overdue list."""

from datetime import date, timedelta

from sqlalchemy import select, update

from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.impact.links import followups
from forum.impact.models import LinkingRecord
from forum.jobs.models import Job
from forum.notifications.models import Notification
from tests.helpers import page_text
from tests.impact import test_links_records as base

world, record = base.world, base.record


def age(saved, days, updated_days_ago=None):
    """Make `saved` `days` old (updated then, or `updated_days_ago`), and its reminders due."""
    created = utcnow() - timedelta(days=days)
    updated = utcnow() - timedelta(days=updated_days_ago) if updated_days_ago is not None else created
    with transaction():
        db.session.execute(update(LinkingRecord).where(LinkingRecord.id == saved.id)
                           .values(created_at=created, updated_at=updated))
        db.session.execute(update(Job).where(Job.kind == "impact.follow_up_due").values(available_at=utcnow()))
    db.session.expire_all()


def reminders():
    return db.session.scalars(select(Notification).where(Notification.kind == "follow_up")
                              .order_by(Notification.user_id, Notification.id)).all()


def test_the_community_manager_and_the_recorder_are_reminded(client, auth, world, run_jobs, mailbox):
    saved = record(world)  # by the asker
    age(saved, 31)
    run_jobs(["impact.follow_up_due"])
    # 30 days: due and not done; 90 days: not due yet when the job runs... it ran early here,
    # so only the follow-ups fallen due remind anybody.
    notified = {(n.user_id, n.data["days"]) for n in reminders()}
    assert notified == {(world["moderator"].id, 30), (world["amina"].id, 30)}
    assert reminders()[0].data == {"link_id": saved.id, "days": 30, "kind": "visit"}
    auth.login(world["moderator"])
    page = page_text(client.get("/notifications"))
    assert "A linking record to follow up (30 days): “Comment réhabiliter une khettara ?”" in page
    notification = next(n for n in reminders() if n.user_id == world["moderator"].id)
    response = client.get(f"/notifications/{notification.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/links/{saved.id}/edit")
    assert "The 30-day follow-up is 1 day late" in page_text(client.get(f"/links/{saved.id}/edit"))
    # Opening the thread does not read it: the reminder is about the record.
    other = next(n for n in reminders() if n.user_id == world["amina"].id)
    auth.logout()
    auth.login(world["amina"])
    base.thread_page(client, world)
    db.session.expire_all()
    assert db.session.get(Notification, other.id).read_at is None


def test_a_record_updated_after_the_due_date_gets_no_reminder(world, run_jobs):
    saved = record(world)
    age(saved, 100, updated_days_ago=5)  # followed up after both dates
    run_jobs(["impact.follow_up_due"])
    assert reminders() == []


def test_a_record_updated_before_the_90_day_date_is_reminded_then(world, run_jobs):
    saved = record(world)
    age(saved, 95, updated_days_ago=50)  # after the 30-day date, before the 90-day one
    run_jobs(["impact.follow_up_due"])
    assert {n.data["days"] for n in reminders()} == {90}


def test_a_completed_or_abandoned_record_gets_no_reminder(world, run_jobs):
    for status in ("completed", "abandoned"):
        saved = record(world, status=status)
        age(saved, 100)
    run_jobs(["impact.follow_up_due"])
    assert reminders() == []


def test_a_deleted_record_gets_no_reminder(world, run_jobs):
    saved = record(world)
    with transaction():
        from forum.impact.links import services
        services.delete_record(world["moderator"], saved)
    db.session.execute(update(Job).values(available_at=utcnow()))
    db.session.commit()
    run_jobs(["impact.follow_up_due"])
    assert reminders() == []


def test_without_community_managers_the_admins_are_reminded(world, run_jobs, make_user):
    admin = make_user("root", role="admin")
    saved = record(world, recorder=world["moderator"])
    with transaction():
        world["moderator"].suspended_until = utcnow() + timedelta(days=3)
    age(saved, 40)
    run_jobs(["impact.follow_up_due"])
    assert {n.user_id for n in reminders()} == {admin.id, world["moderator"].id}  # and its recorder


def test_a_reminder_without_thread_shows_and_leads_to_the_record(client, auth, world, run_jobs):
    saved = record(world, recorder=world["moderator"])
    with transaction():
        db.session.execute(update(LinkingRecord).values(thread_id=None))
    age(saved, 31)
    run_jobs(["impact.follow_up_due"])
    auth.login(world["moderator"])
    page = page_text(client.get("/notifications"))
    assert "A linking record to follow up (30 days)" in page
    notification = reminders()[0]
    assert notification.thread_id is None
    assert client.get(f"/notifications/{notification.id}").headers["Location"].endswith(f"/links/{saved.id}/edit")
    assert page_text(client.get(f"/links/{saved.id}/edit")).count("Update a linking record") >= 1


def test_the_overdue_list(world):
    today = date.today()
    fresh = record(world)
    late_30 = record(world, kind="call")
    late_90 = record(world, kind="study")
    followed = record(world, kind="training")
    done = record(world, kind="mission", status="completed")
    age(late_30, 40)
    age(late_90, 120, updated_days_ago=60)
    age(followed, 40, updated_days_ago=2)
    age(done, 200)
    found = {late.record.id: (late.days, late.days_late) for late in followups.overdue(today)}
    assert found == {late_30.id: (30, 10), late_90.id: (90, 30)}
    # In the future, the fresh one falls due too, and the followed-up one at 90 days.
    later = {late.record.id: late.days for late in followups.overdue(today + timedelta(days=60))}
    assert later[fresh.id] == 30 and later[followed.id] == 90 and done.id not in later


def test_the_reminder_goes_in_the_daily_digest_with_a_link_to_the_record(world, run_jobs, mailbox):
    from forum.notifications import digests
    from forum.notifications.models import Frequency
    from tests.notifications.notifying import MAIL_JOBS, reachable

    reachable(world["moderator"])
    saved = record(world)
    age(saved, 31)
    run_jobs(["impact.follow_up_due"])
    run_jobs(MAIL_JOBS)
    assert mailbox.to("nadia@example.org") == []  # the default: in the daily digest, not at once
    digests.send_digests(Frequency.DAILY, now=utcnow())
    run_jobs(MAIL_JOBS)
    [received] = mailbox.to("nadia@example.org")
    assert "has not been followed up" in received.text
    assert f"http://forum.test/links/{saved.id}/edit" in received.text


def test_chosen_at_once_the_reminder_is_mailed_without_a_reply_address(world, run_jobs, mailbox):
    from forum.notifications import preferences
    from forum.notifications.models import Frequency, NotificationKind
    from tests.notifications.notifying import MAIL_JOBS, reachable

    reachable(world["moderator"])
    with transaction():
        preferences.set_choice(world["moderator"].id, NotificationKind.FOLLOW_UP, True, Frequency.IMMEDIATELY)
    saved = record(world)
    age(saved, 31)
    run_jobs(["impact.follow_up_due"])
    run_jobs(MAIL_JOBS)
    [received] = mailbox.to("nadia@example.org")
    assert received.subject == "A linking record to follow up (30 days)"
    assert f"http://forum.test/links/{saved.id}/edit" in received.text
    assert received["Reply-To"] is None and "Reply to this mail" not in received.text
