"""CSV exports open in a French Excel as they are, and a cell never becomes a formula."""

import csv
import io

from forum.impact.exports import csv_response, csv_text


def test_the_file_starts_with_a_bom_and_uses_semicolons():
    text = csv_text(["Commune", "Montant"], [["Tafraout", "1 500,00"], ["Aït Baha; Chtouka", None]])
    assert text.startswith("\ufeffCommune;Montant\r\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["Commune", "Montant"], ["Tafraout", "1 500,00"], ["Aït Baha; Chtouka", ""]]


def test_a_cell_that_looks_like_a_formula_stays_text():
    rows = list(csv.reader(io.StringIO(csv_text(["x"], [["=HYPERLINK(\"http://evil\")"], ["@SUM(A1)"], ["-12.5"]])
                                       .lstrip("\ufeff")), delimiter=";"))
    assert rows[1:] == [["'=HYPERLINK(\"http://evil\")"], ["'@SUM(A1)"], ["-12.5"]]


def test_the_response_is_a_download_in_utf8(app):
    with app.test_request_context():
        response = csv_response("impact.csv", ["é"], [["à"]])
    assert response.headers["Content-Disposition"] == 'attachment; filename="impact.csv"'
    assert response.mimetype == "text/csv"
    assert response.get_data().startswith(b"\xef\xbb\xbf\xc3\xa9")
