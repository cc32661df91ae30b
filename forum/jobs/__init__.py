"""Durable after-commit work: the jobs table, enqueue(), handlers, the runner, `flask jobs`."""

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from .queue import ENQUEUED, enqueue, enqueue_many
from .registry import handler, on_runner_start

__all__ = ["enqueue", "enqueue_many", "handler", "init_app", "on_runner_start"]


def _after_commit(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released (SQLAlchemy sends after_commit for those too): not yet durable
    if session.info.pop(ENQUEUED, False) and has_app_context():
        runner = current_app.extensions.get("jobs")
        if runner is not None:
            runner.wake()


def _after_soft_rollback(session, previous_transaction) -> None:
    if not previous_transaction.nested:  # after a savepoint's rollback, the outer work may still commit
        session.info.pop(ENQUEUED, None)


def init_app(app: Flask) -> None:
    from .cli import jobs_cli
    from .runner import Runner

    app.config.setdefault("JOBS_RUNNER", "sync" if app.testing else "thread")
    app.extensions["jobs"] = Runner(app)
    app.cli.add_command(jobs_cli)
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_soft_rollback)

    @app.before_request
    def _runner_running():
        app.extensions["jobs"].ensure_running()
