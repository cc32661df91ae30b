"""The daily and weekly digests: one mail per member and period, with what they chose to hear
of in that digest, the unanswered questions and needs on their skills, and the solutions.

What goes in member M's digest of frequency F (daily or weekly), since M's previous digest of F
(or over the last day or week for a first one):
- the unread notifications of the kinds M hears of in F (SKILL_MATCH aside: see below);
- if M's SKILL_MATCH e-mail is F and M has skills: the questions and needs on those skills,
  asked by others, that nobody answered yet (experts get them weekly by default);
- the solutions chosen in threads M watches or tracks (the thread, its board or one of its
  tags) or that carry one of M's skills, in one digest only: the weekly one if M gets one,
  else the daily one. Without a "solved at" time on threads, a solution is dated by its post.

At most one digest per member and period, however often or however interrupted the command
runs: the DigestRun row (unique member, frequency, period) is inserted in the same transaction
as the mail's job, one transaction per member. A crash loses that member's transaction whole
(the next run does them), a second run finds the row and skips them. A digest with nothing new
sends nothing, and its run is recorded all the same (items=0).

Each member costs a fixed number of queries, whatever the number of items (each section is
one query, capped at SECTION_LIMIT items).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from forum import mail
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.people.models import User, user_skills
from forum.threads.models import SOLVABLE_KINDS, Post, Thread, thread_tags
from forum.threads.services import visible_to

from . import tokens
from .emails import link_of, link_to, may_receive, reader_locale, summary_of, unsubscribe_headers
from .models import DigestRun, Frequency, Notification, NotificationKind, Preference, Watch, WatchLevel
from .preferences import DEFAULTS, DIGEST_UNSUBSCRIBE, choices_of
from .services import visible_notifications

DIGESTS = (Frequency.DAILY, Frequency.WEEKLY)
SECTION_LIMIT = 30
_LENGTH = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
_UNSUBSCRIBE = {frequency: target for target, frequency in DIGEST_UNSUBSCRIBE.items()}
_SUBJECTS = {Frequency.DAILY: _l("Your daily digest of the forum"),
             Frequency.WEEKLY: _l("Your weekly digest of the forum")}
_FOLLOWING = (WatchLevel.WATCHING, WatchLevel.WATCHING_FIRST_POST, WatchLevel.TRACKING)


def period_of(frequency: Frequency, now: datetime) -> str:
    """The period `now` falls in, in the forum's time zone: "2026-12-02", or ISO "2026-W49"."""
    local = now.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
    if frequency == Frequency.DAILY:
        return local.date().isoformat()
    year, week, _weekday = local.isocalendar()
    return f"{year}-W{week:02d}"


def candidates(frequency: Frequency, period: str) -> list[int]:
    """The members who may get the digest of `frequency` and have none for `period` yet:
    verified, not suspended, with a kind in that digest (questions on their skills count only
    for members who have skills). One query."""
    other_kinds = [kind for kind in NotificationKind if kind != NotificationKind.SKILL_MATCH]
    by_default = [kind for kind in other_kinds if DEFAULTS[kind].email == frequency]
    has_pref = exists().where(Preference.user_id == User.id, Preference.kind.in_(other_kinds),
                              Preference.email == frequency)
    wanted = [has_pref]
    if by_default:
        moved_away = (select(func.count()).where(Preference.user_id == User.id, Preference.kind.in_(by_default),
                                                 Preference.email != frequency).scalar_subquery())
        wanted.append(moved_away < len(by_default))
    skill_pref = select(Preference.email).where(Preference.user_id == User.id,
                                                Preference.kind == NotificationKind.SKILL_MATCH).scalar_subquery()
    skill_frequency = func.coalesce(skill_pref, DEFAULTS[NotificationKind.SKILL_MATCH].email)
    wanted.append((skill_frequency == frequency) & exists().where(user_skills.c.user_id == User.id))
    done = exists().where(DigestRun.user_id == User.id, DigestRun.frequency == frequency, DigestRun.period == period)
    return list(db.session.scalars(
        select(User.id).where(User.email_verified_at.is_not(None),
                              or_(User.suspended_until.is_(None), User.suspended_until <= utcnow()),
                              or_(*wanted), ~done).order_by(User.id)))


def send_digests(frequency: Frequency, now: datetime | None = None) -> dict:
    """Send `frequency`'s digest of the current period to every member who should get it and
    has not yet: {"period", "sent", "empty"}. One transaction per member (see the module)."""
    now = now or utcnow()
    period = period_of(frequency, now)
    sent = empty = 0
    for user_id in candidates(frequency, period):
        try:
            with transaction():
                items = send_digest(db.session.get(User, user_id), frequency, period, now)
        except IntegrityError:
            items = None  # another run did this member meanwhile: theirs stands
        if items:
            sent += 1
        elif items == 0:
            empty += 1
    return {"period": period, "sent": sent, "empty": empty}


def send_digest(user: User, frequency: Frequency, period: str, now: datetime) -> int:
    """Record `user`'s digest run for `period` and, when it has items, mail it (flushes; the
    caller's transaction commits both or neither). The number of items."""
    previous = db.session.scalar(select(func.max(DigestRun.created_at)).where(
        DigestRun.user_id == user.id, DigestRun.frequency == frequency))
    since = previous or now - _LENGTH[frequency]
    choices = choices_of(user.id)
    sections = _sections(user, frequency, choices, since, now) if may_receive(user) else {}
    items = sum(len(section) for section in sections.values())
    db.session.add(DigestRun(user_id=user.id, frequency=frequency, period=period, items=items, created_at=now))
    db.session.flush()
    if items:
        _mail(user, frequency, sections)
    return items


def _sections(user: User, frequency: Frequency, choices: dict, since: datetime, now: datetime) -> dict:
    kinds = [kind for kind, choice in choices.items()
             if choice.email == frequency and kind != NotificationKind.SKILL_MATCH]
    skill_ids = list(db.session.scalars(select(user_skills.c.tag_id).where(user_skills.c.user_id == user.id)))
    gets_weekly = any(choice.email == Frequency.WEEKLY for kind, choice in choices.items()
                      if kind != NotificationKind.SKILL_MATCH or skill_ids)
    return {
        "notifications": _notifications(user, kinds, since, now) if kinds else [],
        "questions": (_unanswered(user, skill_ids, since, now)
                      if skill_ids and choices[NotificationKind.SKILL_MATCH].email == frequency else []),
        "solutions": (_solutions(user, skill_ids, since, now)
                      if frequency == (Frequency.WEEKLY if gets_weekly else Frequency.DAILY) else []),
    }


def _notifications(user: User, kinds, since: datetime, now: datetime) -> list[Notification]:
    """The unread notifications of `kinds` that came (or grew) in the window, on threads the
    member can still see."""
    query = (select(Notification)
             .where(Notification.kind.in_(kinds), Notification.read_at.is_(None),
                    Notification.updated_at > since, Notification.updated_at <= now)
             .options(joinedload(Notification.thread).joinedload(Thread.board), joinedload(Notification.actor),
                      joinedload(Notification.post))
             .order_by(Notification.updated_at.desc()).limit(SECTION_LIMIT))
    return list(db.session.scalars(visible_notifications(query, user)))


def _unanswered(user: User, skill_ids, since: datetime, now: datetime) -> list[Thread]:
    """Questions and needs asked by others in the window on one of the member's skills, with
    no reply yet and still open."""
    on_skills = select(thread_tags.c.thread_id).where(thread_tags.c.tag_id.in_(skill_ids))
    query = (select(Thread).where(Thread.id.in_(on_skills), Thread.kind.in_(SOLVABLE_KINDS), Thread.reply_count == 0,
                                  Thread.is_locked.is_(False), Thread.author_id != user.id,
                                  Thread.created_at > since, Thread.created_at <= now)
             .options(joinedload(Thread.author)).order_by(Thread.created_at.desc()).limit(SECTION_LIMIT))
    return list(db.session.scalars(visible_to(query, user)))


def _solutions(user: User, skill_ids, since: datetime, now: datetime) -> list[Thread]:
    """Threads whose solution was written in the window, that the member follows (thread,
    board, tag) or that carry one of their skills; not their own threads or answers (those
    have their notifications)."""
    watches = select(Watch).where(Watch.user_id == user.id, Watch.level.in_(_FOLLOWING)).subquery()
    tag_ids = select(watches.c.tag_id).where(watches.c.tag_id.is_not(None))
    if skill_ids:
        tag_ids = tag_ids.union(select(user_skills.c.tag_id).where(user_skills.c.user_id == user.id))
    followed = or_(
        Thread.id.in_(select(watches.c.thread_id).where(watches.c.thread_id.is_not(None))),
        Thread.board_id.in_(select(watches.c.board_id).where(watches.c.board_id.is_not(None))),
        Thread.id.in_(select(thread_tags.c.thread_id).where(thread_tags.c.tag_id.in_(tag_ids))),
    )
    query = (select(Thread).join(Post, Post.id == Thread.solution_post_id)
             .where(followed, Post.is_deleted.is_(False), Post.created_at > since, Post.created_at <= now,
                    Post.author_id != user.id, Thread.author_id != user.id)
             .options(joinedload(Thread.solution_post).joinedload(Post.author))
             .order_by(Post.created_at.desc()).limit(SECTION_LIMIT))
    return list(db.session.scalars(visible_to(query, user)))


def _mail(user: User, frequency: Frequency, sections: dict) -> None:
    locale = reader_locale(user)
    with mail.mail_context(locale):
        unsubscribe_url = mail.external_url("notifications.unsubscribe",
                                            token=tokens.unsubscribe_token(user.id, _UNSUBSCRIBE[frequency]))
        notifications = [{"summary": summary_of(n), "count": n.count, "url": link_of(n)}
                         for n in sections["notifications"]]
        questions = [{"title": t.title, "author": t.author.display_name, "url": link_to(t)}
                     for t in sections["questions"]]
        solutions = [{"title": t.title, "author": t.solution_post.author.display_name,
                      "url": link_to(t, t.solution_post)} for t in sections["solutions"]]
        preferences_url = mail.external_url("notifications.preferences", username=user.username)
    mail.send(mail.address(user.display_name, user.email), _SUBJECTS[frequency], "digest", locale=locale,
              headers=unsubscribe_headers(unsubscribe_url), frequency=str(frequency), notifications=notifications,
              questions=questions, solutions=solutions, preferences_url=preferences_url,
              unsubscribe_url=unsubscribe_url, unsubscribe_label=_l("Stop this digest"))

