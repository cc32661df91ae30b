"""Full-text search: analysis, index, index jobs, queries, pages. Whoosh stays behind this package."""

import os

from flask import Flask

from forum.extensions import db


def init_app(app: Flask) -> None:
    from . import log_job, outbox  # noqa: F401 (log_job: the search log's job handler)
    from .cli import search_cli
    from .indexer import Indexer

    app.config.setdefault("SEARCH_INDEX_DIR", os.path.join(app.instance_path, "search_index"))
    app.config.setdefault("SEARCH_SYNC", app.config["JOBS_RUNNER"] == "sync")
    outbox.install()
    with app.app_context():
        app.extensions["search"] = Indexer(app, db.engine)

    app.cli.add_command(search_cli)
