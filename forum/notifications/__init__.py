"""Reaching people: in-app notifications, watching, e-mail, digests and reply by e-mail."""

from flask import Flask


def init_app(app: Flask) -> None:
    # The tables, and the job handlers (fan-out, mail) in every process.
    from . import bell, emails, handlers, models  # noqa: F401

    app.before_request(bell.load)
