"""Linking records: recording, updating and deleting them (with the moderation log and the
follow-up reminders), and reading them for the pages that show them, with the experts'
privacy respected.

Who sees what (`Shown`): a record names its expert only when the expert shows "links" on
their profile, or to the expert themself, the record's recorder and the impact readers
(coordinator, community managers, admins); its amount and note only to those same people
and the partner.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from forum import audit, permissions
from forum.communes.models import Commune
from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.jobs import enqueue
from forum.pagecache import kept_until_write
from forum.people.models import User, UserKind
from forum.text import fold
from forum.threads.models import Post, Thread

from ..models import FOLLOW_UP_DAYS, Currency, LinkingRecord, LinkKind, LinkStatus

NOTE_MAX = 2000
ORGANISATION_MAX = 160  # the column's size
AMOUNT_MAX = Decimal("1e10")
EARLIEST = date(2000, 1, 1)
FOLLOW_UP_JOB = "impact.follow_up_due"
PARTNER_KINDS = (UserKind.COMMUNE, UserKind.ACTOR)


# -- choices for the form ----------------------------------------------------------------------

def _by_name(users) -> list[User]:
    return sorted(users, key=lambda user: (fold(user.display_name), user.id))


def expert_choices(thread: Thread | None) -> tuple[list[User], list[User]]:
    """(experts who replied in `thread`, every other expert), each by name. One query."""
    experts = list(db.session.scalars(select(User).where(User.kind == UserKind.EXPERT)))
    replied = set()
    if thread is not None:
        replied = set(db.session.scalars(select(Post.author_id).where(
            Post.thread_id == thread.id, Post.number > 1, Post.is_deleted.is_(False)).distinct()))
    return (_by_name(u for u in experts if u.id in replied), _by_name(u for u in experts if u.id not in replied))


def partner_choices() -> list[User]:
    """Commune officials and local actors, by name, with their commune (one query)."""
    return _by_name(db.session.scalars(select(User).where(User.kind.in_(PARTNER_KINDS))
                                       .options(joinedload(User.commune))))


def defaults_for(thread: Thread) -> dict:
    """A new record's partner (the thread's author when they are on the local side) and
    commune (the need's, else the author's)."""
    author = thread.author
    commune_id = (thread.need.commune_id if thread.need is not None else None) or author.commune_id
    return {"partner_id": author.id if author.kind in PARTNER_KINDS else None, "commune_id": commune_id,
            "occurred_on": date.today()}


# -- checking what is given ----------------------------------------------------------------------

def parse_amount(text: str) -> Decimal | None:
    """'250000', '1 250,50', '1250.5' -> Decimal; '' -> None. InvalidInput otherwise."""
    text = (text or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        return None
    if text.count(",") + text.count(".") > 1 or len(text) > 20:
        raise InvalidInput("amount", _l("Write the amount as a number, for example 250000 or 1250,50."))
    try:
        amount = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InvalidInput("amount", _l("Write the amount as a number, for example 250000 or 1250,50.")) from None
    if not amount.is_finite():
        raise InvalidInput("amount", _l("Write the amount as a number, for example 250000 or 1250,50."))
    if amount <= 0:
        raise InvalidInput("amount", _l("The amount must be more than zero."))
    if amount > AMOUNT_MAX:
        raise InvalidInput("amount", _l("The amount is too large (at most 10,000,000,000)."))
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput("amount", _l("At most two decimals, please."))
    return amount.quantize(Decimal("0.01"))


def _user(field: str, user_id, kinds, message) -> User | None:
    if user_id is None:
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) and 0 < user_id < 2**31 else None
    if user is None or user.kind not in kinds:
        raise InvalidInput(field, message)
    return user


def _checked(fields: dict, today: date) -> dict:
    """The record's column values from the form's fields, or InvalidInput on the first bad one."""
    if fields["kind"] not in set(LinkKind):
        raise InvalidInput("kind", _l("Choose what happened from the list."))
    if fields["status"] not in set(LinkStatus):
        raise InvalidInput("status", _l("Choose a status from the list."))
    occurred_on = fields["occurred_on"]
    if not isinstance(occurred_on, date):
        raise InvalidInput("occurred_on", _l("Give the date (YYYY-MM-DD)."))
    if occurred_on < EARLIEST:
        raise InvalidInput("occurred_on", _l("The date cannot be before 2000."))
    if occurred_on > today + timedelta(days=366):
        raise InvalidInput("occurred_on", _l("The date cannot be more than a year ahead."))
    expert = _user("expert_id", fields["expert_id"], (UserKind.EXPERT,), _l("Choose a migrant expert from the list."))
    if expert is None:
        raise InvalidInput("expert_id", _l("Choose the migrant expert."))
    partner = _user("partner_id", fields["partner_id"], PARTNER_KINDS,
                    _l("Choose a commune official or a local actor from the list."))
    commune_id = fields["commune_id"]
    if commune_id is not None and (not isinstance(commune_id, int) or not 0 < commune_id < 2**31
                                   or db.session.get(Commune, commune_id) is None):
        raise InvalidInput("commune_id", _l("Choose a commune from the list."))
    organisation = " ".join((fields.get("organisation") or "").split())
    if len(organisation) > ORGANISATION_MAX:
        raise InvalidInput("organisation", _l("At most %(max)s characters, please.", max=ORGANISATION_MAX))
    amount = parse_amount(fields.get("amount") or "")
    currency = fields.get("currency") or None
    if currency is not None and currency not in set(Currency):
        raise InvalidInput("currency", _l("Choose MAD or EUR."))
    if amount is not None and currency is None:
        raise InvalidInput("currency", _l("Give the currency of the amount (MAD or EUR)."))
    if currency is not None and amount is None:
        raise InvalidInput("amount", _l("Give the amount, or no currency."))
    note = (fields.get("note") or "").replace("\r\n", "\n").strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput("note", _l("At most %(max)s characters, please.", max=NOTE_MAX))
    return {"kind": fields["kind"], "status": fields["status"], "occurred_on": occurred_on,
            "expert_id": expert.id, "partner_id": partner.id if partner else None, "commune_id": commune_id,
            "organisation": organisation, "amount": amount, "currency": currency, "note": note}


def _summary(record: LinkingRecord) -> str:
    """The log's words for a record, frozen now (names change later)."""
    expert = db.session.get(User, record.expert_id)
    return f"{record.kind_label} · {record.occurred_on.isoformat()} · {expert.display_name if expert else '?'}"


# -- writing ----------------------------------------------------------------------------------

def create_record(actor, thread: Thread, fields: dict, today: date | None = None) -> LinkingRecord:
    """Record a contact that `thread` led to; two follow-up reminders are enqueued (30 and
    90 days later, forum.impact.links.handlers). Flushes."""
    if not permissions.can_record_link(actor, thread):
        raise NotAllowed
    values = _checked(fields, today or date.today())
    now = utcnow()
    record = LinkingRecord(thread_id=thread.id, created_by_id=actor.id, created_at=now, updated_at=now, **values)
    db.session.add(record)
    db.session.flush()
    audit.record(actor, "link_created", record, _summary(record))
    for days in FOLLOW_UP_DAYS:
        enqueue(FOLLOW_UP_JOB, delay=timedelta(days=days), record_id=record.id, days=days)
    return record


def update_record(actor, record: LinkingRecord, fields: dict, today: date | None = None) -> bool:
    """Change a record; whether anything changed (no change writes nothing, not even
    `updated_at`, which is what "followed up" means). Flushes."""
    if not permissions.can_edit_link(actor, record):
        raise NotAllowed
    values = _checked(fields, today or date.today())
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(record, name, values[name])
    record.updated_at = utcnow()
    db.session.flush()
    audit.record(actor, "link_updated", record, _summary(record))
    return True


def delete_record(actor, record: LinkingRecord) -> None:
    """Moderators only. Its pending reminders find nothing and do nothing. Flushes."""
    if not permissions.is_moderator(actor):
        raise NotAllowed
    audit.record(actor, "link_deleted", record, _summary(record))
    db.session.delete(record)
    db.session.flush()


# -- reading ----------------------------------------------------------------------------------

def eager(query):
    """What the record lists show, loaded with the records (one statement)."""
    return query.options(
        joinedload(LinkingRecord.expert), joinedload(LinkingRecord.partner), joinedload(LinkingRecord.commune),
        joinedload(LinkingRecord.created_by), joinedload(LinkingRecord.thread).joinedload(Thread.board),
    ).order_by(LinkingRecord.occurred_on.desc(), LinkingRecord.id.desc())


def get_record(record_id: int) -> LinkingRecord | None:
    return db.session.scalar(eager(select(LinkingRecord)).where(LinkingRecord.id == record_id))


@dataclass(frozen=True)
class Shown:
    """A record as one viewer may see it."""

    record: LinkingRecord
    names_expert: bool  # else "un expert migrant", without a link
    shows_details: bool  # amount and note
    links_thread: bool  # the viewer may open its thread
    may_edit: bool


def _shown(viewer, record: LinkingRecord) -> Shown:
    viewer_id = viewer.id if viewer is not None and viewer.is_authenticated else None
    reader = permissions.can_read_impact(viewer)
    close = reader or viewer_id in (record.expert_id, record.created_by_id)
    return Shown(
        record=record,
        names_expert=close or record.expert.shows("links"),
        shows_details=close or (viewer_id is not None and viewer_id == record.partner_id),
        links_thread=record.thread is not None and permissions.can_view_thread(viewer, record.thread),
        may_edit=permissions.can_edit_link(viewer, record),
    )


def shown(viewer, records) -> list[Shown]:
    return [_shown(viewer, record) for record in records]


def records_for_thread(viewer, thread: Thread) -> list[Shown]:
    """The records a thread led to: one statement, and none for a thread that led to none (most
    of them), which is known until the next write (pagecache.kept_until_write)."""
    loaded = []

    def load() -> bool:
        loaded.extend(db.session.scalars(eager(select(LinkingRecord)).where(LinkingRecord.thread_id == thread.id)))
        return bool(loaded)

    if not kept_until_write(f"thread-records:{thread.id}", load):
        return []
    if not loaded:
        load()
    return shown(viewer, loaded)


def records_for_commune(viewer, commune: Commune) -> list[Shown]:
    """The records of a commune (one statement)."""
    return shown(viewer, db.session.scalars(eager(select(LinkingRecord)).where(
        LinkingRecord.commune_id == commune.id)))


def records_for_member(viewer, user: User) -> list[Shown]:
    """The records where `user` is the partner, or the expert when the viewer may see their
    name on it (the expert shows "links", or the viewer is close to the record). One statement."""
    records = db.session.scalars(eager(select(LinkingRecord)).where(
        or_(LinkingRecord.expert_id == user.id, LinkingRecord.partner_id == user.id)))
    return [item for item in shown(viewer, records)
            if item.record.partner_id == user.id or item.names_expert]
