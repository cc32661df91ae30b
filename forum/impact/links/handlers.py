"""The follow-up reminder: 30 and 90 days after a record was made, the community managers
(the admins when there is none) and its recorder hear of it, unless it was followed up."""

from sqlalchemy import or_, select

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.jobs import handler
from forum.notifications.models import NotificationKind
from forum.notifications.services import TARGETS, deliver
from forum.people.models import Role, User

from ..models import LinkingRecord
from .followups import due_at, is_done
from .services import FOLLOW_UP_JOB


def _active(role: str):
    return select(User.id).where(User.role == role, or_(User.suspended_until.is_(None), User.suspended_until <= utcnow()))


def community_managers() -> set[int]:
    """Active moderators; if there is none, the admins."""
    return set(db.session.scalars(_active(Role.MODERATOR))) or set(db.session.scalars(_active(Role.ADMIN)))


# The reminder leads to the record's form, where updating it is the follow-up.
TARGETS[NotificationKind.FOLLOW_UP] = ("links.edit", lambda data: {"record_id": data.get("link_id")})


@handler(FOLLOW_UP_JOB)
def follow_up_due(record_id: int, days: int) -> dict[int, int]:
    """{user id: notification id} of those reminded (none when the record is gone or done)."""
    record = db.session.get(LinkingRecord, record_id)
    if record is None or is_done(record, days) or due_at(record, days) > utcnow():
        return {}  # gone, followed up, or not due yet (the record's date was changed by hand)
    users = community_managers() | {record.created_by_id}
    return deliver(dict.fromkeys(users, NotificationKind.FOLLOW_UP), thread_id=record.thread_id,
                   data={"link_id": record.id, "days": days, "kind": record.kind})
