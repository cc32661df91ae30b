"""The ceiling of bench_pages.py: a bare Flask app answering every request with one fixed 20 KB
HTML page, served by gunicorn with the forum's own settings (gunicorn.conf.py, the same workers).

What it measures is what gunicorn, Flask and the loopback cost with no database, no session and
no template: a forum page's req/s divided by this app's, in the same run, is the page's share of
the ceiling, a figure that holds on a loaded machine better than a raw req/s.
"""

from flask import Flask, Response

PAGE_BYTES = 20 * 1024

_HEAD = "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Plafond</title></head><body>\n"
_TAIL = "</body></html>\n"
_PARAGRAPH = ("<p>La commune rurale prépare son plan communal de développement avec les associations "
              "des douars : forages, pistes, écoles et santé maternelle.</p>\n")


def _page() -> bytes:
    body = _HEAD
    while len((body + _PARAGRAPH + _TAIL).encode()) <= PAGE_BYTES:
        body += _PARAGRAPH
    page = (body + _TAIL).encode()
    return page + b" " * (PAGE_BYTES - len(page))  # exactly 20 KB


PAGE = _page()

app = Flask(__name__)
# gunicorn.conf.py refuses several workers whose rate limits would be counted in memory: this app
# has no limiter at all, which is what the setting says.
app.config["RATELIMIT_ENABLED"] = False


@app.get("/")
def page():
    return Response(PAGE, content_type="text/html; charset=utf-8")
