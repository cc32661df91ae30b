"""Follow-ups of linking records: each record falls due 30 and 90 days after it was recorded
(FOLLOW_UP_DAYS). A follow-up is done when the record was updated after it fell due, or
when the record is completed or abandoned; overdue = fallen due and not done."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from forum.extensions import db

from ..models import FOLLOW_UP_DAYS, OPEN_LINK_STATUSES, LinkingRecord
from .services import eager


def due_at(record: LinkingRecord, days: int) -> datetime:
    return record.created_at + timedelta(days=days)


def is_done(record: LinkingRecord, days: int) -> bool:
    """The follow-up `days` after the record was made: done (or no longer needed)."""
    return not record.is_open or record.updated_at >= due_at(record, days)


@dataclass(frozen=True)
class Overdue:
    record: LinkingRecord
    days: int  # 30 or 90: the follow-up that is late
    due: date
    days_late: int


def overdue_follow_up(record: LinkingRecord, today: date) -> Overdue | None:
    """The latest follow-up of `record` fallen due by `today`, when it is not done."""
    fallen = [days for days in FOLLOW_UP_DAYS if due_at(record, days).date() <= today]
    if not fallen:
        return None
    days = max(fallen)
    if is_done(record, days):
        return None
    due = due_at(record, days).date()
    return Overdue(record, days, due, (today - due).days)


def overdue(today: date | None = None) -> list[Overdue]:
    """The records whose follow-up is overdue on `today`, the longest overdue first. One statement:
    the open records old enough to have fallen due (with what the lists show)."""
    today = today or date.today()
    fallen_before = datetime.combine(today + timedelta(days=1), time.min, tzinfo=UTC) - timedelta(days=min(FOLLOW_UP_DAYS))
    records = db.session.scalars(eager(select(LinkingRecord)).where(
        LinkingRecord.status.in_([str(status) for status in OPEN_LINK_STATUSES]),
        LinkingRecord.created_at < fallen_before))
    found = [late for record in records if (late := overdue_follow_up(record, today)) is not None]
    return sorted(found, key=lambda late: (-late.days_late, late.record.id))
