"""Reaching people: in-app notifications, watching, e-mail, digests and reply by e-mail."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import emails, models  # noqa: F401  (the tables, for create_all and migrations; the mail job)
