"""Full-text search: analysis, index, outbox, queries, pages. Whoosh stays behind this package."""

import os

from flask import Flask

from forum.extensions import db


def init_app(app: Flask) -> None:
    from . import outbox
    from .cli import search_cli
    from .indexer import Indexer

    app.config.setdefault("SEARCH_INDEX_DIR", os.path.join(app.instance_path, "search_index"))
    app.config.setdefault("SEARCH_SYNC", app.testing)
    outbox.install()
    with app.app_context():
        app.extensions["search"] = Indexer(app, db.engine)

    app.cli.add_command(search_cli)

    @app.before_request
    def _indexer_running():
        app.extensions["search"].ensure_running()
