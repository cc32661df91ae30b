"""The search log, written off the request path: the page enqueues a "search.log" job once
it has rendered, and this handler inserts the row."""

from forum.extensions import db
from forum.jobs import handler

from .models import SearchLog

LOG_JOB = "search.log"


@handler(LOG_JOB)
def log_search(query: str, results: int, user_id: int | None = None) -> None:
    db.session.add(SearchLog(query=query, results=results, user_id=user_id))
    db.session.flush()
