"""Reaching people: in-app notifications, watching, e-mail, digests and reply by e-mail."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import bell, handlers, models  # noqa: F401  (the tables; the job handlers, in every process)

    app.before_request(bell.load)
