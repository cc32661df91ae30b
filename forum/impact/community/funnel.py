"""The needs funnel: how many needs posted in the period reached each stage (a first expert
answer, matched, done), the conversion between stages and the median days between them; and the
needs no expert answered after IMPACT_UNANSWERED_DAYS."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import NamedTuple

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.threads.models import Need, Thread, ThreadKind
from forum.threads.needs import ACTIVE_STATUSES

from ..filters import ImpactFilters
from .scope import filtered, first_expert_reply_at, has_expert_reply

STAGES = ("posted", "answered", "matched", "done")
STAGE_LABELS = {
    "posted": _l("Posted"),
    "answered": _l("First expert answer"),
    "matched": _l("Matched"),
    "done": _l("Done"),
}
DAY = 86_400
ACTIVE = [str(status) for status in ACTIVE_STATUSES]


class NeedDates(NamedTuple):
    """One need: where it is and when it reached each stage (`dates`, in STAGES order; None:
    not yet)."""

    thread_id: int
    board_id: int
    status: str
    dates: tuple[datetime | None, ...]

    def waits_for_an_expert(self, cutoff: datetime) -> bool:
        """Still looking for help, posted before `cutoff`, and no expert answered yet."""
        return self.status in ACTIVE and self.dates[0] < cutoff and self.dates[1] is None


@dataclass(frozen=True)
class Stage:
    name: str
    count: int  # needs that reached it
    conversion: float | None = None  # share of the previous stage's needs that reached it too
    median_days: float | None = None  # from the previous stage, over the needs that reached both
    timed: int = 0  # how many needs that median is over

    @property
    def label(self):
        return STAGE_LABELS[self.name]


@dataclass(frozen=True)
class Funnel:
    stages: list[Stage]
    posted_to_done: Stage  # the whole way: conversion and median days from posted to done


def median_days(deltas) -> float | None:
    """The median of durations, in days. A stage reached before the previous one (matched before
    an expert answered on the forum) counts as no wait at all."""
    days = [max(delta.total_seconds(), 0) / DAY for delta in deltas]
    return median(days) if days else None


def _step(rows: list[NeedDates], before: int, stage: int) -> Stage:
    """Stage STAGES[stage] reached from STAGES[before]."""
    reached_before = [row.dates for row in rows if row.dates[before] is not None]
    both = [dates for dates in reached_before if dates[stage] is not None]
    return Stage(STAGES[stage], sum(1 for row in rows if row.dates[stage] is not None),
                 len(both) / len(reached_before) if reached_before else None,
                 median_days(dates[stage] - dates[before] for dates in both), len(both))


def funnel_of(rows: list[NeedDates]) -> Funnel:
    """The funnel of these needs (in Python: the rows come from one query)."""
    stages = [Stage("posted", len(rows))] + [_step(rows, n - 1, n) for n in range(1, len(STAGES))]
    return Funnel(stages, _step(rows, 0, len(STAGES) - 1))


def need_dates(filters: ImpactFilters) -> list[NeedDates]:
    """Every live need posted in the period (and on the axis, in the place filtered) with the
    dates of its stages. One statement whatever the number of needs."""
    query = filtered(
        select(Thread.id, Thread.board_id, Need.status, Thread.created_at, first_expert_reply_at(), Need.matched_at,
               Need.done_at)
        .join(Need, Need.thread_id == Thread.id).where(Thread.kind == ThreadKind.NEED),
        filters, Need.commune_id,
    )
    return [NeedDates(thread_id, board_id, status, tuple(dates))
            for thread_id, board_id, status, *dates in db.session.execute(query.order_by(Thread.id))]


def needs_funnel(rows: list[NeedDates]) -> tuple[Funnel, dict[int, Funnel]]:
    """The funnel of these needs, and one funnel per PCD axis {board id: funnel} (axes with
    needs only)."""
    by_board: dict[int, list[NeedDates]] = {}
    for row in rows:
        by_board.setdefault(row.board_id, []).append(row)
    return funnel_of(rows), {board_id: funnel_of(group) for board_id, group in by_board.items()}


# -- needs no expert answered -----------------------------------------------------------------

def unanswered_cutoff() -> datetime:
    """Needs posted before this and still without an expert's answer are waiting too long."""
    return utcnow() - timedelta(days=current_app.config["IMPACT_UNANSWERED_DAYS"])


def waiting_count(rows: list[NeedDates], cutoff: datetime) -> int:
    """How many of the funnel's needs wait for an expert since before `cutoff` (no statement)."""
    return sum(1 for row in rows if row.waits_for_an_expert(cutoff))


def unanswered_needs(filters: ImpactFilters, cutoff: datetime):
    """The query of open or in-discussion needs (posted in the period, filtered) posted before
    `cutoff` that no expert answered in a live reply, oldest first; with their board, commune
    and tags loaded (two statements for a page). How many they are: `waits_for_an_expert` on
    the funnel's rows, which need no other statement."""
    return (
        filtered(select(Thread).join(Need, Need.thread_id == Thread.id), filters, Need.commune_id)
        .where(Thread.kind == ThreadKind.NEED, Need.status.in_(ACTIVE),
               Thread.created_at < cutoff, ~has_expert_reply())
        .options(contains_eager(Thread.need).joinedload(Need.commune), joinedload(Thread.board),
                 selectinload(Thread.tags))
        .order_by(Thread.created_at, Thread.id)
    )
