"""Reaching people: in-app notifications, watching, e-mail, digests and reply by e-mail."""

from flask import Flask, before_render_template


def init_app(app: Flask) -> None:
    # The tables; the job handlers (fan-out, the notification mail), in every process.
    from . import bell, emails, handlers, models  # noqa: F401

    app.before_request(bell.load)
    before_render_template.connect(bell.before_render, app)
