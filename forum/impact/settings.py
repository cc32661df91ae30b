"""The project's targets and period: one row that admins change (read with defaults before)."""

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from forum import audit, permissions
from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.people.models import User

from .models import ImpactSettings

SETTINGS_ID = 1
TARGET_FIELDS = ("target_migrants", "target_communes_engaged", "target_actors", "target_communes_strengthened")


def current_settings() -> ImpactSettings:
    """The saved settings, or the defaults (not added to the session) until an admin saves them:
    the targets of the project (40 / 7 / 40 / 7), from IMPACT_START_DATE or else the day the
    forum's first member joined."""
    saved = db.session.get(ImpactSettings, SETTINGS_ID)
    if saved is not None:
        return saved
    start = current_app.config.get("IMPACT_START_DATE")
    if start is None:
        first = db.session.scalar(select(func.min(User.created_at)))
        start = first.date() if first is not None else date.today()
    return ImpactSettings(id=SETTINGS_ID, start_date=start, end_date=None, target_migrants=40,
                          target_communes_engaged=7, target_actors=40, target_communes_strengthened=7)


def update_settings(actor, *, start_date: date, end_date: date | None, **targets: int) -> ImpactSettings:
    """Save the period and targets (admins only); in the moderation log. Flushes."""
    if not permissions.can_change_impact_settings(actor):
        raise NotAllowed
    if end_date is not None and end_date < start_date:
        raise InvalidInput("end_date", _l("The end of the period comes before its start."))
    unknown = set(targets) - set(TARGET_FIELDS)
    if unknown:
        raise TypeError(f"unknown targets: {sorted(unknown)}")
    for name, value in targets.items():
        if not isinstance(value, int) or not 0 < value <= 100_000:
            raise InvalidInput(name, _l("A target is a whole number between 1 and 100,000."))
    settings = db.session.get(ImpactSettings, SETTINGS_ID)
    if settings is None:
        settings = current_settings()
        db.session.add(settings)
    settings.start_date, settings.end_date = start_date, end_date
    for name, value in targets.items():
        setattr(settings, name, value)
    settings.updated_at, settings.updated_by_id = utcnow(), actor.id
    audit.record(actor, "impact_settings", settings,
                 f"{start_date}..{end_date or ''}: " + " / ".join(str(getattr(settings, n)) for n in TARGET_FIELDS))
    db.session.flush()
    return settings
