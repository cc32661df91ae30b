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
# the daily digest; questions on their skills in the forum only if they ask for them (experts
# opt in), and by mail in the weekly digest (forum.notifications.digests: only members with
# skills get that part).
DEFAULTS = {
    NotificationKind.REPLIED: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.QUOTED: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.MENTIONED: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.SOLVED: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.INVITED: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.NEED_STATUS: Choice(True, Frequency.IMMEDIATELY),
    NotificationKind.WATCHED_POST: Choice(True, Frequency.DAILY),
    NotificationKind.NEW_THREAD: Choice(True, Frequency.DAILY),
    NotificationKind.SKILL_MATCH: Choice(False, Frequency.WEEKLY),
    NotificationKind.FOLLOW_UP: Choice(True, Frequency.DAILY),
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


def set_choices(user_id: int, choices: dict) -> int:
    """Record a whole preferences form ({kind: Choice}) (flushes); how many kinds changed."""
    return sum(set_choice(user_id, kind, choice.in_app, choice.email) for kind, choice in choices.items())


def set_email_frequency_for_all(user_id: int, frequency: Frequency) -> int:
    """One e-mail frequency for every kind, each keeping its in-forum choice (the registration
    form's single question); questions on one's skills are left alone (experts opt in to
    them). How many kinds changed. Flushes."""
    return set_choices(user_id, {kind: Choice(choice.in_app, Frequency(frequency))
                                 for kind, choice in choices_of(user_id).items()
                                 if kind != NotificationKind.SKILL_MATCH})


# Unsubscribe tokens name a kind, or one of these: every kind that goes in that digest.
DIGEST_UNSUBSCRIBE = {"digest_daily": Frequency.DAILY, "digest_weekly": Frequency.WEEKLY}


def kinds_stopped_by(user_id: int, target: str) -> list[NotificationKind]:
    """The kinds whose e-mail an unsubscribe link for `target` (a kind, or "digest_daily" /
    "digest_weekly") stops now: that kind, or every kind the member has in that digest.
    Empty when nothing goes by e-mail any more (a second click) or the target is unknown."""
    choices = choices_of(user_id)
    if target in DIGEST_UNSUBSCRIBE:
        return [kind for kind, choice in choices.items() if choice.email == DIGEST_UNSUBSCRIBE[target]]
    if target in NotificationKind.__members__.values() and choices[NotificationKind(target)].email != Frequency.NEVER:
        return [NotificationKind(target)]
    return []


def unsubscribe(user_id: int, target: str) -> list[NotificationKind]:
    """Stop the e-mail of `target` (see kinds_stopped_by), changing nothing else: the in-forum
    choices and the other kinds stay. Flushes; the kinds stopped."""
    choices = choices_of(user_id)
    kinds = kinds_stopped_by(user_id, target)
    for kind in kinds:
        set_choice(user_id, kind, choices[kind].in_app, Frequency.NEVER)
    return kinds
