"""What the dashboard, its lists and exports are filtered by: a period, a PCD axis (board), a
province, a commune. Read from the query string; a bad value is reported, never a 500."""

from dataclasses import dataclass, field, replace
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.boards.models import Board
from forum.communes.models import Commune
from forum.communes.services import list_communes
from forum.extensions import db
from forum.text import fold

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class ImpactFilters:
    start: date
    end: date  # inclusive
    board_id: int | None = None
    province: str | None = None
    commune_id: int | None = None

    def args(self, **changes) -> dict:
        """The query-string arguments that give these filters back (for links and exports)."""
        filters = replace(self, **changes)
        values = {"from": filters.start.isoformat(), "to": filters.end.isoformat(), "axis": filters.board_id,
                  "province": filters.province, "commune": filters.commune_id}
        return {name: value for name, value in values.items() if value not in (None, "")}


@dataclass
class ParsedFilters:
    filters: ImpactFilters
    errors: list = field(default_factory=list)  # lazy messages, shown above the dashboard


def _date(value: str | None, default: date, errors: list, message) -> date:
    if not value:
        return default
    try:
        parsed = date.fromisoformat(value.strip()[:10])
    except ValueError:
        errors.append(message)
        return default
    if not EARLIEST <= parsed <= LATEST:
        errors.append(message)
        return default
    return parsed


def _id(value: str | None, known: set[int], errors: list, message) -> int | None:
    if not value:
        return None
    if value.isdigit() and len(value) < 10 and int(value) in known:
        return int(value)
    errors.append(message)
    return None


def parse_filters(args, settings, *, board_ids: set[int], provinces: set[str], commune_ids: set[int],
                  today: date | None = None) -> ParsedFilters:
    """Filters from request args `from`, `to` (YYYY-MM-DD), `axis` (board id), `province`,
    `commune` (commune id). The period defaults to the project's (settings), up to today. An
    unknown or malformed value is dropped with a message."""
    errors: list = []
    today = today or date.today()
    default_end = min(settings.end_date, today) if settings.end_date else today
    start = _date(args.get("from"), settings.start_date, errors, _l("The start date is not a date (YYYY-MM-DD)."))
    end = _date(args.get("to"), default_end, errors, _l("The end date is not a date (YYYY-MM-DD)."))
    if end < start:
        errors.append(_l("The end of the period comes before its start: the project's period is shown."))
        start, end = settings.start_date, default_end
    board_id = _id(args.get("axis"), board_ids, errors, _l("Unknown PCD axis."))
    province = args.get("province") or None
    if province is not None and province not in provinces:
        errors.append(_l("Unknown province."))
        province = None
    commune_id = _id(args.get("commune"), commune_ids, errors, _l("Unknown commune."))
    return ParsedFilters(ImpactFilters(start, end, board_id, province, commune_id), errors)


@dataclass(frozen=True)
class FilterChoices:
    """What the filter form offers, and all that the filters accept: every board (archived
    ones too: the past counts), the communes and their provinces."""

    boards: list[Board]
    communes: list[Commune]

    @property
    def provinces(self) -> list[str]:
        return sorted({c.province for c in self.communes}, key=fold)

    def board(self, board_id: int | None) -> Board | None:
        return next((b for b in self.boards if b.id == board_id), None)


def filter_choices() -> FilterChoices:
    """Two statements."""
    boards = list(db.session.scalars(select(Board).order_by(Board.position, Board.id)))
    return FilterChoices(boards, list_communes())


def read_filters(args, settings, choices: FilterChoices, today: date | None = None) -> ParsedFilters:
    """parse_filters against what `choices` offers."""
    return parse_filters(args, settings, board_ids={b.id for b in choices.boards}, provinces=set(choices.provinces),
                         commune_ids={c.id for c in choices.communes}, today=today)
