"""The demo's impact settings: the project started twelve months before the demo's "now",
with the association's targets (40 migrants, 7 communes engaged, 40 actors, 7 communes
strengthened).

Written as a row rather than through update_settings: this is the demo's starting state,
not an admin's change, so the moderation log stays as the demo content describes it."""

from datetime import date, datetime

from forum.extensions import db
from forum.impact.models import ImpactSettings
from forum.impact.settings import SETTINGS_ID


def twelve_months_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def seed_impact_settings(now: datetime) -> ImpactSettings:
    """Save the demo's period and targets (replacing any saved ones). Flushes."""
    settings = db.session.get(ImpactSettings, SETTINGS_ID) or ImpactSettings(id=SETTINGS_ID)
    settings.start_date, settings.end_date = twelve_months_before(now.date()), None
    settings.target_migrants, settings.target_communes_engaged = 40, 7
    settings.target_actors, settings.target_communes_strengthened = 40, 7
    settings.updated_at = now
    db.session.add(settings)
    db.session.flush()
    return settings
