"""`flask jobs ...`: list, retry, run a dedicated worker."""

import signal

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from forum.db import transaction
from forum.extensions import db

from . import queue
from .models import Job

jobs_cli = AppGroup("jobs", help="Inspect and run the after-commit jobs.")


@jobs_cli.command("list")
@click.option("--failed", is_flag=True, help="Only the jobs that gave up (kept with their error).")
def list_command(failed):
    """List queued jobs: id, kind, attempts, next try, payload, last error."""
    jobs = select(Job).order_by(Job.id)
    if failed:
        jobs = jobs.where(Job.failed_at.is_not(None))
    rows = db.session.scalars(jobs).all()
    for job in rows:
        state = f"failed {job.failed_at:%Y-%m-%d %H:%M:%S}" if job.failed_at else f"next {job.available_at:%Y-%m-%d %H:%M:%S}"
        click.echo(f"{job.id}\t{job.kind}\tattempts {job.attempts}\t{state}\t{job.payload}")
        if job.last_error:
            click.echo("\t" + job.last_error.strip().splitlines()[-1])
    click.echo(f"{len(rows)} {'failed ' if failed else ''}jobs.")


@jobs_cli.command("retry")
@click.argument("job_ids", nargs=-1, type=int)
@click.option("--all-failed", is_flag=True, help="Retry every failed job.")
def retry_command(job_ids, all_failed):
    """Make failed jobs (these ids, or --all-failed) run again, with fresh attempts."""
    if not job_ids and not all_failed:
        raise click.UsageError("give job ids or --all-failed")
    with transaction():
        count = queue.retry(db.session, None if all_failed else job_ids)
    click.echo(f"{count} jobs will be retried.")


@jobs_cli.command("worker")
def worker_command():
    """Run jobs in the foreground: a dedicated process (set JOBS_RUNNER = "external" on web processes)."""
    runner = current_app.extensions["jobs"]
    # systemd and container runtimes stop with SIGTERM: finish the batch in hand, then exit,
    # rather than leave claimed jobs to wait for their lease.
    signal.signal(signal.SIGTERM, lambda signum, frame: runner.stop())
    click.echo("Running jobs; Ctrl-C to stop.")
    runner.run_forever()
