"""The four figures the association is judged on, each defined once, here, with the sentence
that explains it on the dashboard.

Each figure is a UNION of its sources (replies, threads, needs, linking records) giving one
*evidence* row per fact that makes someone or some commune count: one SQL statement per
figure whatever the data size. The figure is the set of distinct subjects (user ids for
migrants and actors, commune ids for communes) of its evidence rows.

Rules shared by every figure:
- only live threads and live posts count; a reply is a post with number > 1;
- a thread's commune is its need's commune for a need, else its author's commune;
- a linking record counts unless abandoned; its date is `occurred_on`, its commune
  `commune_id`, its axis its thread's board (without a thread it is left out when an axis is
  chosen); a record tied to a deleted thread is left out, like the thread;
- the period is inclusive, in UTC days.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Integer, String, and_, case, cast, func, literal_column, null, or_, select, union_all
from sqlalchemy.orm import aliased

from forum.communes.models import Commune
from forum.dbtypes import UTCDateTime
from forum.extensions import db
from forum.people.models import User, UserKind
from forum.threads.models import SOLVABLE_KINDS, Need, Post, Thread, ThreadKind

from .filters import ImpactFilters
from .models import STRENGTHENING_KINDS, LinkingRecord, LinkStatus

MIGRANTS, COMMUNES_ENGAGED, ACTORS, COMMUNES_STRENGTHENED = FIGURES = (
    "migrants", "communes_engaged", "actors", "communes_strengthened")

# Whether a figure counts people (users) or communes.
SUBJECTS = {MIGRANTS: "user", COMMUNES_ENGAGED: "commune", ACTORS: "user", COMMUNES_STRENGTHENED: "commune"}

LABELS = {
    MIGRANTS: _l("Migrants involved"),
    COMMUNES_ENGAGED: _l("Rural communes engaged"),
    ACTORS: _l("Development actors in contact with migrants"),
    COMMUNES_STRENGTHENED: _l("Rural communes strengthened"),
}

# How each figure is counted, in one sentence under it on the dashboard and the report.
EXPLANATIONS = {
    MIGRANTS: _l("A migrant expert counts once they have replied, in the period, to a question or need of a "
                 "commune, or are the expert of a linking record (not abandoned) dated in the period."),
    COMMUNES_ENGAGED: _l("A rural commune counts once one of its officials has posted a question or a need in "
                         "the period, or a linking record (not abandoned) dated in the period took place there."),
    ACTORS: _l("A commune official or local actor counts once an expert has replied to one of their threads "
               "in the period, or they are the partner of a linking record (not abandoned) dated in the period."),
    COMMUNES_STRENGTHENED: _l("A rural commune counts once one of its needs was matched or done in the period, "
                              "or a completed mission, study, training or funding record there is dated in the "
                              "period."),
}

# What made a subject count: the `source` of an evidence row.
SOURCE_LABELS = {
    "reply": _l("Reply"),
    "expert_reply": _l("Reply from an expert"),
    ThreadKind.QUESTION.value: _l("Question"),
    ThreadKind.NEED.value: _l("Need"),
    "matched": _l("Need matched"),
    "done": _l("Need done"),
    "record": _l("Linking record"),
}

# The settings field holding each figure's target (forum.impact.settings).
TARGET_FIELDS = {
    MIGRANTS: "target_migrants", COMMUNES_ENGAGED: "target_communes_engaged",
    ACTORS: "target_actors", COMMUNES_STRENGTHENED: "target_communes_strengthened",
}


@dataclass(frozen=True)
class Evidence:
    """One fact that makes `subject_id` count: a reply, a thread, a need's stage or a record."""

    subject_id: int
    source: str
    on: date
    thread_id: int | None
    record_id: int | None
    board_id: int | None
    province: str | None
    commune_id: int | None

    @property
    def source_label(self):
        return SOURCE_LABELS[self.source]


# -- the pieces the sources share -------------------------------------------------------------

Author = aliased(User, name="author")
Replier = aliased(User, name="replier")
Partner = aliased(User, name="partner")
ThreadCommune = aliased(Commune, name="thread_commune")
RecordThread = aliased(Thread, name="record_thread")
RecordCommune = aliased(Commune, name="record_commune")

thread_commune_id = case((Thread.kind == ThreadKind.NEED.value, Need.commune_id), else_=Author.commune_id)
# A commune's question or need: asked by one of its officials, or a need of a commune.
is_commune_question = and_(Thread.kind.in_([k.value for k in SOLVABLE_KINDS]),
                        or_(Author.kind == UserKind.COMMUNE.value, Need.commune_id.is_not(None)))


def _bounds(filters: ImpactFilters) -> tuple[datetime, datetime]:
    """The period as UTC datetimes [start, end + 1 day)."""
    return (datetime.combine(filters.start, time(), UTC),
            datetime.combine(filters.end + timedelta(days=1), time(), UTC))


def _source(name: str):
    return literal_column(f"'{name}'", String)


def _row(subject, source, *, at=None, on=None, thread_id=None, record_id=None, board_id=None, province=None,
         commune_id=None):
    """The columns of an evidence row, typed alike in every branch of a union."""
    return (
        subject.label("subject_id"), _source(source).label("source"),
        (at if at is not None else cast(null(), UTCDateTime())).label("at"),
        (on if on is not None else cast(null(), Date)).label("on_date"),
        (thread_id if thread_id is not None else cast(null(), Integer)).label("thread_id"),
        (record_id if record_id is not None else cast(null(), Integer)).label("record_id"),
        board_id.label("board_id"), province.label("province"), commune_id.label("commune_id"),
    )


def _thread_row(subject, source, at):
    return _row(subject, source, at=at, thread_id=Thread.id, board_id=Thread.board_id,
                province=ThreadCommune.province, commune_id=thread_commune_id)


def _threads(*columns):
    """Live threads with their author, need and commune (for the filters)."""
    return (select(*columns).select_from(Thread)
            .join(Author, Author.id == Thread.author_id)
            .outerjoin(Need, Need.thread_id == Thread.id)
            .outerjoin(ThreadCommune, ThreadCommune.id == thread_commune_id)
            .where(Thread.is_deleted.is_(False)))


def _thread_filters(query, filters: ImpactFilters):
    if filters.board_id is not None:
        query = query.where(Thread.board_id == filters.board_id)
    if filters.province is not None:
        query = query.where(ThreadCommune.province == filters.province)
    if filters.commune_id is not None:
        query = query.where(thread_commune_id == filters.commune_id)
    return query


def _expert_replies(*columns, filters: ImpactFilters):
    """Live replies by migrant experts in the period, in live threads."""
    start, end = _bounds(filters)
    query = (_threads(*columns)
             .join(Post, Post.thread_id == Thread.id)
             .join(Replier, Replier.id == Post.author_id)
             .where(Post.number > 1, Post.is_deleted.is_(False), Replier.kind == UserKind.EXPERT.value,
                    Post.created_at >= start, Post.created_at < end))
    return _thread_filters(query, filters)


def _record_row(subject):
    return _row(subject, "record", on=LinkingRecord.occurred_on, thread_id=LinkingRecord.thread_id,
                record_id=LinkingRecord.id, board_id=RecordThread.board_id, province=RecordCommune.province,
                commune_id=LinkingRecord.commune_id)


def _records(*columns, filters: ImpactFilters):
    """Linking records that count (not abandoned, not tied to a deleted thread) dated in the period."""
    query = (select(*columns).select_from(LinkingRecord)
             .outerjoin(RecordThread, RecordThread.id == LinkingRecord.thread_id)
             .outerjoin(RecordCommune, RecordCommune.id == LinkingRecord.commune_id)
             .where(LinkingRecord.status != LinkStatus.ABANDONED.value,
                    or_(LinkingRecord.thread_id.is_(None), RecordThread.is_deleted.is_(False)),
                    LinkingRecord.occurred_on >= filters.start, LinkingRecord.occurred_on <= filters.end))
    if filters.board_id is not None:
        query = query.where(RecordThread.board_id == filters.board_id)
    if filters.province is not None:
        query = query.where(RecordCommune.province == filters.province)
    if filters.commune_id is not None:
        query = query.where(LinkingRecord.commune_id == filters.commune_id)
    return query


# -- the four figures, as unions of their sources ------------------------------------------------

def _migrants(filters: ImpactFilters):
    return union_all(
        _expert_replies(*_thread_row(Post.author_id, "reply", Post.created_at), filters=filters)
        .where(is_commune_question),
        _records(*_record_row(LinkingRecord.expert_id), filters=filters),
    )


def _communes_engaged(filters: ImpactFilters):
    start, end = _bounds(filters)

    def posted(kind: ThreadKind):
        is_kind = Thread.kind == kind.value if kind == ThreadKind.NEED else Thread.kind != ThreadKind.NEED.value
        query = (_threads(*_thread_row(thread_commune_id, kind.value, Thread.created_at))
                 .where(is_commune_question, is_kind, thread_commune_id.is_not(None),
                        Thread.created_at >= start, Thread.created_at < end))
        return _thread_filters(query, filters)

    return union_all(
        posted(ThreadKind.QUESTION), posted(ThreadKind.NEED),
        _records(*_record_row(LinkingRecord.commune_id), filters=filters)
        .where(LinkingRecord.commune_id.is_not(None)),
    )


def _actors(filters: ImpactFilters):
    local = [UserKind.COMMUNE.value, UserKind.ACTOR.value]
    return union_all(
        _expert_replies(*_thread_row(Thread.author_id, "expert_reply", Post.created_at), filters=filters)
        .where(Author.kind.in_(local)),
        _records(*_record_row(LinkingRecord.partner_id), filters=filters)
        .join(Partner, Partner.id == LinkingRecord.partner_id).where(Partner.kind.in_(local)),
    )


def _communes_strengthened(filters: ImpactFilters):
    start, end = _bounds(filters)

    def stage(column, source):
        row = _row(Need.commune_id, source, at=column, thread_id=Thread.id, board_id=Thread.board_id,
                   province=ThreadCommune.province, commune_id=Need.commune_id)
        query = _threads(*row).where(Need.commune_id.is_not(None), column >= start, column < end)
        return _thread_filters(query, filters)

    return union_all(
        stage(Need.matched_at, "matched"),
        stage(Need.done_at, "done"),
        _records(*_record_row(LinkingRecord.commune_id), filters=filters)
        .where(LinkingRecord.commune_id.is_not(None), LinkingRecord.status == LinkStatus.COMPLETED.value,
               LinkingRecord.kind.in_([k.value for k in STRENGTHENING_KINDS])),
    )


SOURCES = {MIGRANTS: _migrants, COMMUNES_ENGAGED: _communes_engaged, ACTORS: _actors,
           COMMUNES_STRENGTHENED: _communes_strengthened}


def evidence(figure: str, filters: ImpactFilters) -> list[Evidence]:
    """Every evidence row behind `figure`, oldest first: one SQL statement. The definition
    itself, row by row (the tests check it); the pages read it grouped (coverage, facts)."""
    union = SOURCES[figure](filters).subquery()
    rows = db.session.execute(select(union).order_by(union.c.subject_id)).all()
    found = [Evidence(row.subject_id, row.source, row.on_date if row.at is None else row.at.date(),
                      row.thread_id, row.record_id, row.board_id, row.province, row.commune_id) for row in rows]
    return sorted(found, key=lambda e: (e.on, e.subject_id, e.source))


def _day(at: datetime | None, on: date | None) -> date | None:
    """The day of an evidence row: its time's (replies, threads, needs) or its date (records)."""
    days = [day for day in (at.date() if at is not None else None, on) if day is not None]
    return min(days) if days else None


@dataclass(frozen=True)
class Coverage:
    """Where a subject counts: one per subject, PCD axis and province, with the first day it
    counted there (what the dashboard's figures, months and breakdowns are made of)."""

    subject_id: int
    board_id: int | None
    province: str | None
    first: date


def coverage(figure: str, filters: ImpactFilters) -> list[Coverage]:
    """`figure`'s evidence grouped by subject, axis and province, in the database: one
    statement, and rows in the hundreds where the evidence is in the tens of thousands."""
    union = SOURCES[figure](filters).subquery()
    keys = (union.c.subject_id, union.c.board_id, union.c.province)
    rows = db.session.execute(select(*keys, func.min(union.c.at), func.min(union.c.on_date)).group_by(*keys))
    return [Coverage(subject_id, board_id, province, _day(at, on)) for subject_id, board_id, province, at, on in rows]


@dataclass(frozen=True)
class Fact:
    """The evidence of one subject about one thread or one record: several replies of an
    expert in one thread are one fact, with its first and last day and how many there were."""

    subject_id: int
    source: str
    thread_id: int | None
    record_id: int | None
    first: date
    last: date
    count: int

    @property
    def source_label(self):
        return SOURCE_LABELS[self.source]


def facts(figure: str, filters: ImpactFilters) -> list[Fact]:
    """`figure`'s evidence grouped by subject and what it points at: one statement."""
    union = SOURCES[figure](filters).subquery()
    keys = (union.c.subject_id, union.c.source, union.c.thread_id, union.c.record_id)
    rows = db.session.execute(select(*keys, func.min(union.c.at), func.max(union.c.at), func.min(union.c.on_date),
                                     func.max(union.c.on_date), func.count()).group_by(*keys))
    return [Fact(subject_id, source, thread_id, record_id, _day(first_at, first_on), _day(last_at, last_on), count)
            for subject_id, source, thread_id, record_id, first_at, last_at, first_on, last_on, count in rows]


def figure_ids(figure: str, filters: ImpactFilters) -> set[int]:
    """The distinct subjects behind `figure`: one SQL statement."""
    union = SOURCES[figure](filters).subquery()
    return set(db.session.scalars(select(union.c.subject_id).distinct()))


def migrants_involved(filters: ImpactFilters) -> set[int]:
    """Ids of the migrant experts involved (see EXPLANATIONS)."""
    return figure_ids(MIGRANTS, filters)


def communes_engaged(filters: ImpactFilters) -> set[int]:
    """Ids of the rural communes engaged."""
    return figure_ids(COMMUNES_ENGAGED, filters)


def actors_in_contact(filters: ImpactFilters) -> set[int]:
    """Ids of the commune officials and local actors in contact with a migrant."""
    return figure_ids(ACTORS, filters)


def communes_strengthened(filters: ImpactFilters) -> set[int]:
    """Ids of the rural communes strengthened."""
    return figure_ids(COMMUNES_STRENGTHENED, filters)


def all_figures(filters: ImpactFilters) -> dict[str, set[int]]:
    """The four sets of ids at once: four SQL statements."""
    return {figure: figure_ids(figure, filters) for figure in FIGURES}
