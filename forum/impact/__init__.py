"""The project's instrument of record: the coordinator's dashboard against the targets,
linking records (what an exchange led to) and capitalisation cards (what was learned)."""

from flask import Flask


def init_app(app: Flask) -> None:
    # The tables, and the job handlers (follow-up reminders, card indexing) in every process.
    from . import models  # noqa: F401
    from .cards.search import register_card_source
    from .links import handlers  # noqa: F401
    register_card_source(app)  # published cards in the search (forum.search.sources)
