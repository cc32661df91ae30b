"""Reading the impact pages as a person does: the rows of their tables, and their CSV files."""

import csv
import io
from html.parser import HTMLParser

from tests.helpers import page_text


class _Tables(HTMLParser):
    """The text of every table row of a page ([[cell, ...], ...], header rows included), and the
    same by <section>, keyed by the section's heading id."""

    def __init__(self):
        super().__init__()
        self.rows, self.sections, self._section, self._row, self._cell = [], {}, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self._section = dict(attrs).get("aria-labelledby")
            self.sections[self._section] = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            if self._section:
                self.sections[self._section].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _tables(response) -> _Tables:
    parser = _Tables()
    parser.feed(page_text(response))
    return parser


def table_rows(response) -> list[list[str]]:
    return _tables(response).rows


def sections(response) -> dict[str, list[list[str]]]:
    """Each section's table rows, without its header row."""
    assert response.status_code == 200
    return {name: rows[1:] for name, rows in _tables(response).sections.items()}


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
