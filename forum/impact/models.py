"""What the impact package records: the project's settings (targets and period), linking
records (an exchange that led to a contact between a migrant expert and a local actor or
commune) and capitalisation cards (what a commune learned, written for the next one)."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, ForeignKey, Index, Integer, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.boards.models import Board
from forum.communes.models import Commune
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.people.models import User
from forum.tags.models import Tag
from forum.threads.models import Post, Thread

# -- settings -----------------------------------------------------------------------------


class ImpactSettings(db.Model):
    """The project's targets and period (one row, id 1; an admin changes them)."""

    __tablename__ = "impact_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    target_migrants: Mapped[int] = mapped_column(Integer, default=40)
    target_communes_engaged: Mapped[int] = mapped_column(Integer, default=7)
    target_actors: Mapped[int] = mapped_column(Integer, default=40)
    target_communes_strengthened: Mapped[int] = mapped_column(Integer, default=7)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


# -- linking records ------------------------------------------------------------------------


class LinkKind(StrEnum):
    CALL = "call"  # call or video call
    VISIT = "visit"
    ADVICE = "advice"
    STUDY = "study"  # study delivered
    TRAINING = "training"
    MISSION = "mission"  # mission on site
    FUNDING = "funding"  # funding obtained
    AGREEMENT = "agreement"  # agreement signed


LINK_KIND_LABELS = {
    LinkKind.CALL: _l("Call or video call"),
    LinkKind.VISIT: _l("Visit"),
    LinkKind.ADVICE: _l("Advice given"),
    LinkKind.STUDY: _l("Study delivered"),
    LinkKind.TRAINING: _l("Training"),
    LinkKind.MISSION: _l("Mission on site"),
    LinkKind.FUNDING: _l("Funding obtained"),
    LinkKind.AGREEMENT: _l("Agreement signed"),
}

# The kinds of record that make a commune "strengthened" (forum.impact.definitions).
STRENGTHENING_KINDS = (LinkKind.MISSION, LinkKind.STUDY, LinkKind.TRAINING, LinkKind.FUNDING)


class LinkStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


LINK_STATUS_LABELS = {
    LinkStatus.PLANNED: _l("Planned"),
    LinkStatus.IN_PROGRESS: _l("In progress"),
    LinkStatus.COMPLETED: _l("Completed"),
    LinkStatus.ABANDONED: _l("Abandoned"),
}

# Records in these statuses still need following up (30 and 90 days after they were recorded).
OPEN_LINK_STATUSES = (LinkStatus.PLANNED, LinkStatus.IN_PROGRESS)
FOLLOW_UP_DAYS = (30, 90)


class Currency(StrEnum):
    MAD = "MAD"
    EUR = "EUR"


class LinkingRecord(db.Model):
    """A mise en relation: an exchange on the forum led to a contact between a migrant expert
    and a local actor or commune (a call, a visit, a study delivered, funding obtained...).

    `partner` is the member on the local side (a commune official or a local actor), when they
    have an account; `organisation` names the organisations involved in words. `commune` is
    where it happened (by default the partner's or the thread's commune).
    """

    __tablename__ = "linking_records"
    __table_args__ = (Index("ix_linking_records_occurred_on", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(160), default="", server_default="")
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=LinkStatus.PLANNED)
    occurred_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Any change by a person (not a reminder): a follow-up is done when the record was
    # updated after it fell due.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    thread: Mapped[Thread | None] = relationship()
    expert: Mapped[User] = relationship(foreign_keys=[expert_id])
    partner: Mapped[User | None] = relationship(foreign_keys=[partner_id])
    commune: Mapped[Commune | None] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])

    def __repr__(self) -> str:
        return f"<LinkingRecord {self.id} {self.kind} {self.status}>"

    @property
    def kind_label(self):
        return LINK_KIND_LABELS[LinkKind(self.kind)]

    @property
    def status_label(self):
        return LINK_STATUS_LABELS[LinkStatus(self.status)]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_LINK_STATUSES


# -- capitalisation cards ---------------------------------------------------------------------


class CardStatus(StrEnum):
    DRAFT = "draft"  # being written
    SUBMITTED = "submitted"  # waiting for a moderator's review
    PUBLISHED = "published"  # in the Bibliothèque and the search


CARD_STATUS_LABELS = {
    CardStatus.DRAFT: _l("Draft"),
    CardStatus.SUBMITTED: _l("Waiting for review"),
    CardStatus.PUBLISHED: _l("Published"),
}

# The sections of a card, in the order it is written and printed (Markdown each).
CARD_SECTIONS = ("context", "problem", "solution", "costs", "helpers", "watch_out")

card_tags = Table(
    "card_tags",
    db.metadata,
    Column("card_id", ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Card(db.Model):
    """A fiche d'expérience: what a commune learned from a solved thread, for the next one.

    The PCD axis is `board`; tags start as the thread's. Each section is Markdown; `body_html`
    is the whole card rendered and sanitized once, at write time (forum.markup.render).
    """

    __tablename__ = "cards"
    __table_args__ = (Index("ix_cards_status_published", "status", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"), index=True)
    solution_post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    context: Mapped[str] = mapped_column(Text, default="", server_default="")
    problem: Mapped[str] = mapped_column(Text, default="", server_default="")
    solution: Mapped[str] = mapped_column(Text, default="", server_default="")
    costs: Mapped[str] = mapped_column(Text, default="", server_default="")  # costs and time
    helpers: Mapped[str] = mapped_column(Text, default="", server_default="")  # who helped
    watch_out: Mapped[str] = mapped_column(Text, default="", server_default="")
    body_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default=CardStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    thread: Mapped[Thread] = relationship()
    solution_post: Mapped[Post | None] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    commune: Mapped[Commune | None] = relationship()
    board: Mapped[Board] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=card_tags, order_by=Tag.name)

    def __repr__(self) -> str:
        return f"<Card {self.id} {self.status}>"

    @property
    def is_published(self) -> bool:
        return self.status == CardStatus.PUBLISHED

    @property
    def status_label(self):
        return CARD_STATUS_LABELS[CardStatus(self.status)]
