"""What the dashboard shows: the four figures against their targets, cumulated month by month,
by PCD axis and by province, and the lists behind them (who or which, with the evidence).

Everything comes from forum.impact.definitions, grouped in the database (one statement per
figure): the page runs a fixed number of SQL statements whatever the data size, and reads
rows in the hundreds where the evidence is in the tens of thousands (a 100,000-post forum).
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.communes.models import Commune
from forum.extensions import db
from forum.people.models import User
from forum.text import fold
from forum.threads.models import Thread

from . import definitions
from .definitions import FIGURES, Coverage, Fact
from .filters import FilterChoices, ImpactFilters
from .models import LinkingRecord

# The address of each figure's list: /impact/<slug> (and /impact/<slug>.csv).
LIST_SLUGS = {
    definitions.MIGRANTS: "migrants",
    definitions.COMMUNES_ENGAGED: "communes-engaged",
    definitions.ACTORS: "actors",
    definitions.COMMUNES_STRENGTHENED: "communes-strengthened",
}
FIGURE_OF_SLUG = {slug: figure for figure, slug in LIST_SLUGS.items()}


# -- the dashboard ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    name: str
    count: int
    target: int

    @property
    def label(self):
        return definitions.LABELS[self.name]

    @property
    def explanation(self):
        return definitions.EXPLANATIONS[self.name]

    @property
    def slug(self) -> str:
        return LIST_SLUGS[self.name]

    @property
    def percent(self) -> int:
        """Of the target, rounded down (may pass 100)."""
        return self.count * 100 // self.target if self.target else 0

    @property
    def bar_percent(self) -> int:
        """The bar's width: the percentage, at most 100."""
        return min(self.percent, 100)


@dataclass(frozen=True)
class Month:
    first_day: date
    values: dict  # {figure: cumulated count at the end of the month}


@dataclass
class Dashboard:
    filters: ImpactFilters
    figures: list[Figure]
    months: list[Month]
    axes: list[tuple[str, dict]] = field(default_factory=list)  # [(board name, {figure: count})], non-empty only
    provinces: list[tuple[str, dict]] = field(default_factory=list)
    subject_ids: dict = field(default_factory=dict)  # {figure: set of ids}


def months_between(start: date, end: date) -> list[date]:
    """The first day of each month from `start`'s to `end`'s."""
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = current.replace(year=current.year + 1, month=1) if current.month == 12 else \
            current.replace(month=current.month + 1)
    return months


def _cumulated(coverage: list[Coverage], months: list[date]) -> list[int]:
    """For each month, how many subjects had counted by its end (their first evidence)."""
    first: dict[int, date] = {}
    for item in coverage:
        first[item.subject_id] = min(item.first, first.get(item.subject_id, item.first))
    firsts = sorted(first.values())
    counts, index = [], 0
    for following in [*months[1:], date.max]:
        while index < len(firsts) and firsts[index] < following:
            index += 1
        counts.append(index)
    return counts


def _breakdown(found: dict[str, list[Coverage]], key) -> dict:
    """{key value: {figure: distinct subjects}} over every figure's coverage."""
    subjects: dict = {}
    for figure, coverage in found.items():
        for item in coverage:
            value = key(item)
            if value is not None:
                subjects.setdefault(value, {f: set() for f in FIGURES})[figure].add(item.subject_id)
    return {value: {f: len(ids) for f, ids in by_figure.items()} for value, by_figure in subjects.items()}


def build_dashboard(filters: ImpactFilters, settings, choices: FilterChoices) -> Dashboard:
    """The four figures vs the targets, month by month, by axis and by province: four statements."""
    found = {figure: definitions.coverage(figure, filters) for figure in FIGURES}
    subject_ids = {figure: {c.subject_id for c in found[figure]} for figure in FIGURES}
    figures = [Figure(figure, len(subject_ids[figure]), getattr(settings, definitions.TARGET_FIELDS[figure]))
               for figure in FIGURES]
    first_days = months_between(filters.start, filters.end)
    series = {figure: _cumulated(found[figure], first_days) for figure in FIGURES}
    months = [Month(day, {figure: series[figure][n] for figure in FIGURES}) for n, day in enumerate(first_days)]
    by_board = _breakdown(found, lambda c: c.board_id)
    by_province = _breakdown(found, lambda c: c.province)
    return Dashboard(
        filters, figures, months,
        axes=[(board.name, by_board[board.id]) for board in choices.boards if board.id in by_board],
        provinces=[(province, by_province[province]) for province in sorted(by_province, key=fold)],
        subject_ids=subject_ids,
    )


def named_subjects(dashboard: Dashboard) -> dict[str, list[User | Commune]]:
    """{figure: the members or communes behind it, by name} (the report): two statements."""
    user_ids = set().union(*(ids for f, ids in dashboard.subject_ids.items() if definitions.SUBJECTS[f] == "user"))
    commune_ids = set().union(*(ids for f, ids in dashboard.subject_ids.items()
                                if definitions.SUBJECTS[f] == "commune"))
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    communes = {c.id: c for c in db.session.scalars(select(Commune).where(Commune.id.in_(commune_ids)))}
    named = {}
    for figure, ids in dashboard.subject_ids.items():
        if definitions.SUBJECTS[figure] == "user":
            named[figure] = sorted((users[i] for i in ids), key=lambda u: (fold(u.display_name), u.id))
        else:
            named[figure] = sorted((communes[i] for i in ids), key=lambda c: (fold(c.province), fold(c.name), c.id))
    return named


# -- the lists behind the figures ---------------------------------------------------------------

# A list shows, for each member or commune, its latest facts (a fact: one thread or record,
# whatever the number of replies in it) and how many there are in all.
FACTS_SHOWN = 10


@dataclass(frozen=True)
class Proof:
    """One fact with what it points at (a thread, a linking record)."""

    fact: Fact
    thread: Thread | None
    record: LinkingRecord | None

    @property
    def on(self) -> date:
        return self.fact.first

    @property
    def last(self) -> date:
        return self.fact.last

    @property
    def count(self) -> int:
        return self.fact.count

    @property
    def label(self):
        return self.fact.source_label

    def describe(self) -> str:
        """In words, for the CSV: "Reply: <thread title> (2026-02-11)", "(... x3, 2026-02-11..2026-03-01)"."""
        what = self.thread.title if self.thread is not None else ""
        if self.record is not None:
            what = " · ".join(part for part in (str(self.record.kind_label), str(self.record.status_label),
                                                 self.record.organisation, what) if part)
        when = self.on.isoformat() if self.last == self.on else f"{self.on.isoformat()}..{self.last.isoformat()}"
        if self.count > 1:
            when = f"x{self.count}, {when}"
        return f"{self.label}: {what} ({when})" if what else f"{self.label} ({when})"


@dataclass(frozen=True)
class Entry:
    """Someone or some commune behind a figure: its latest facts (FACTS_SHOWN, oldest first),
    how many facts in all, and the first and last day of any of them."""

    subject: User | Commune
    proofs: list[Proof]
    fact_count: int
    first_on: date
    last_on: date

    @property
    def facts_not_shown(self) -> int:
        return self.fact_count - len(self.proofs)


def figure_list(figure: str, filters: ImpactFilters) -> list[Entry]:
    """Who or which is behind `figure`, with the evidence: four statements."""
    by_subject: dict[int, list[Fact]] = {}
    for fact in definitions.facts(figure, filters):
        by_subject.setdefault(fact.subject_id, []).append(fact)
    shown = {subject_id: sorted(sorted(found, key=lambda f: (f.last, f.first), reverse=True)[:FACTS_SHOWN],
                                key=lambda f: (f.first, f.last))
             for subject_id, found in by_subject.items()}
    if definitions.SUBJECTS[figure] == "user":
        subjects = db.session.scalars(select(User).options(joinedload(User.commune)).where(User.id.in_(by_subject)))
        order = lambda s: (fold(s.display_name), s.id)  # noqa: E731
    else:
        subjects = db.session.scalars(select(Commune).where(Commune.id.in_(by_subject)))
        order = lambda s: (fold(s.province), fold(s.name), s.id)  # noqa: E731
    subjects = {s.id: s for s in subjects}
    kept = [fact for found in shown.values() for fact in found]
    thread_ids = {f.thread_id for f in kept if f.thread_id is not None}
    threads = {t.id: t for t in db.session.scalars(select(Thread).where(Thread.id.in_(thread_ids)))}
    record_ids = {f.record_id for f in kept if f.record_id is not None}
    records = {r.id: r for r in db.session.scalars(
        select(LinkingRecord).options(joinedload(LinkingRecord.expert), joinedload(LinkingRecord.partner))
        .where(LinkingRecord.id.in_(record_ids)))}
    return [Entry(subject, [Proof(f, threads.get(f.thread_id), records.get(f.record_id)) for f in shown[subject.id]],
                  len(by_subject[subject.id]), min(f.first for f in by_subject[subject.id]),
                  max(f.last for f in by_subject[subject.id]))
            for subject in sorted(subjects.values(), key=order)]


def list_rows(figure: str, entries: list[Entry]) -> tuple[list, list]:
    """(header, rows) of a list's CSV: one row per member or commune."""
    evidence_columns = [_("First date"), _("Last date"), _("Evidence count"), _("Evidence")]
    if definitions.SUBJECTS[figure] == "user":
        header = [_("Name"), _("Username"), _("Kind"), _("Organisation"), _("Commune"), _("Province")]
        rows = [[u.display_name, u.username, str(u.kind_label), u.organisation_name or "",
                 u.commune.name if u.commune else "", u.commune.province if u.commune else ""]
                for u in (entry.subject for entry in entries)]
    else:
        header = [_("Commune"), _("Province"), _("Region")]
        rows = [[c.name, c.province, c.region] for c in (entry.subject for entry in entries)]
    for row, entry in zip(rows, entries, strict=True):
        row += [entry.first_on, entry.last_on, entry.fact_count, " | ".join(p.describe() for p in entry.proofs)]
    return header + evidence_columns, rows


def monthly_rows(dashboard: Dashboard) -> tuple[list, list]:
    """(header, rows) of the monthly figures (cumulated), as on the page's table."""
    header = [_("Month")] + [str(definitions.LABELS[figure]) for figure in FIGURES]
    rows = [[month.first_day.strftime("%Y-%m")] + [month.values[figure] for figure in FIGURES]
            for month in dashboard.months]
    return header, rows
