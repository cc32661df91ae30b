"""Every linking record, filtered as the dashboard is (period on `occurred_on`, PCD axis =
the thread's board, province and commune): the impact readers' list and its CSV file."""

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from forum.communes.models import Commune
from forum.extensions import db
from forum.threads.models import Thread

from ..filters import ImpactFilters
from ..models import LinkingRecord
from . import followups
from .services import eager


def _filtered(query, filters: ImpactFilters):
    query = query.where(LinkingRecord.occurred_on >= filters.start, LinkingRecord.occurred_on <= filters.end)
    if filters.board_id is not None:
        query = query.where(LinkingRecord.thread_id.in_(select(Thread.id).where(Thread.board_id == filters.board_id)))
    if filters.province is not None:
        query = query.where(LinkingRecord.commune_id.in_(select(Commune.id).where(Commune.province == filters.province)))
    if filters.commune_id is not None:
        query = query.where(LinkingRecord.commune_id == filters.commune_id)
    return query


def records_page(filters: ImpactFilters, page: int):
    """A page of the records (the latest first), with what the list shows: two statements."""
    return db.paginate(eager(_filtered(select(LinkingRecord), filters)), page=page,
                       per_page=current_app.config.get("LINKS_PER_PAGE", 50), error_out=False)


def _matches(record: LinkingRecord, filters: ImpactFilters) -> bool:
    return (filters.start <= record.occurred_on <= filters.end
            and (filters.board_id is None or (record.thread is not None and record.thread.board_id == filters.board_id))
            and (filters.province is None or (record.commune is not None and record.commune.province == filters.province))
            and (filters.commune_id is None or record.commune_id == filters.commune_id))


def overdue_in(filters: ImpactFilters, overdue: list[followups.Overdue]) -> list[followups.Overdue]:
    """The overdue follow-ups (followups.overdue) of the records these filters keep."""
    return [late for late in overdue if _matches(late.record, filters)]


def _amount(record: LinkingRecord) -> str:
    """1250,50: the decimal comma of a French spreadsheet."""
    return f"{record.amount:f}".replace(".", ",") if record.amount is not None else ""


def csv_rows(filters: ImpactFilters, today: date) -> tuple[list, list]:
    """(header, rows) of every record the filters keep, every column: one statement."""
    header = [_("Id"), _("Date"), _("What happened"), _("Status"), _("Migrant expert"), _("Partner on the local side"),
              _("Organisations involved"), _("Commune"), _("Province"), _("Thread"), _("Amount"), _("Currency"),
              _("Short note"), _("Recorded by"), _("Recorded at"), _("Updated at"), _("Follow-up overdue (days)")]
    rows = []
    for record in db.session.scalars(eager(_filtered(select(LinkingRecord), filters))):
        late = followups.overdue_follow_up(record, today)
        rows.append([
            record.id, record.occurred_on, str(record.kind_label), str(record.status_label), record.expert.display_name,
            record.partner.display_name if record.partner else "", record.organisation,
            record.commune.name if record.commune else "", record.commune.province if record.commune else "",
            record.thread.title if record.thread else "", _amount(record), record.currency or "", record.note,
            record.created_by.display_name, record.created_at, record.updated_at, late.days_late if late else "",
        ])
    return header, rows
