"""Who hears of what, and how: the defaults, and a member's choices where they differ."""

from dataclasses import dataclass

from sqlalchemy import select

from forum.extensions import db

from .models import Frequency, NotificationKind, Preference


@dataclass(frozen=True)
class Choice:
    in_app: bool
    email: Frequency


# What a member gets before choosing: what concerns them directly by mail at once, the rest in
# the daily digest; questions on their skills only if they ask for them (experts opt in).
DEFAULTS = {
    NotificationKind.REPLIED: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.QUOTED: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.MENTIONED: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.SOLVED: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.INVITED: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.NEED_STATUS: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.WATCHED_POST: Choice(True, Frequency.DAILY),
    NotificationKind.NEW_THREAD: Choice(True, Frequency.DAILY),
    NotificationKind.SKILL_MATCH: Choice(False, Frequency.NEVER),
}


def choices_of(user_id: int) -> dict[NotificationKind, Choice]:
    """Every kind's choice for one member (one query)."""
    choices = dict(DEFAULTS)
    for row in db.session.scalars(select(Preference).where(Preference.user_id == user_id)):
        if row.kind in NotificationKind.__members__.values():
            choices[NotificationKind(row.kind)] = Choice(row.in_app, Frequency(row.email))
    return choices


def choices_for(user_ids, kind: NotificationKind) -> dict[int, Choice]:
    """One kind's choice for many members (one query): fan-out to a thousand watchers."""
    user_ids = list(user_ids)
    choices = dict.fromkeys(user_ids, DEFAULTS[kind])
    if user_ids:
        rows = db.session.execute(select(Preference.user_id, Preference.in_app, Preference.email).where(
            Preference.kind == kind, Preference.user_id.in_(user_ids)))
        for user_id, in_app, email in rows:
            choices[user_id] = Choice(in_app, Frequency(email))
    return choices


def set_choice(user_id: int, kind: NotificationKind, in_app: bool, email: Frequency) -> bool:
    """Record one choice (flushes); whether it changed anything."""
    if choices_of(user_id)[kind] == Choice(in_app, email):
        return False
    row = db.session.get(Preference, (user_id, kind))
    if row is None:
        row = Preference(user_id=user_id, kind=kind)
        db.session.add(row)
    row.in_app, row.email = in_app, email
    db.session.flush()
    return True


def set_email_frequency_for_all(user_id: int, frequency: Frequency) -> bool:
    """Mail every kind of notification at `frequency`, in-app choices kept; questions on one's
    skills are left alone (experts opt in to them). Whether it changed anything."""
    choices = choices_of(user_id)
    changed = False
    for kind in NotificationKind:
        if kind != NotificationKind.SKILL_MATCH:
            changed |= set_choice(user_id, kind, choices[kind].in_app, Frequency(frequency))
    return changed
