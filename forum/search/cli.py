"""`flask search ...`: apply pending index jobs, check, rebuild (`flask jobs worker` runs them)."""

import click
from flask import current_app
from flask.cli import AppGroup

from .backend import get_backend

search_cli = AppGroup("search", help="Manage the search index.")


def _indexer():
    return current_app.extensions["search"]


@search_cli.command("apply")
def apply_command():
    """Apply every pending index change now."""
    click.echo(f"{_indexer().apply_all()} index jobs applied.")


@search_cli.command("check")
def check_command():
    """Report any drift between the database and the index (exit code 1 if there is some).

    Pending work is applied first: it is not drift, only work in progress."""
    _indexer().apply_all()
    index, backend = _indexer().index, get_backend()
    missing, extra = backend.drift()
    click.echo(f"missing from the index: {len(missing)}; in the index but not live: {len(extra)}; "
               f"pending search jobs: {index.pending()}; failed search jobs: {index.failed()}")
    for label, ids in (("missing", missing), ("extra", extra)):
        if ids:
            click.echo(f"  {label} post ids: {', '.join(map(str, sorted(ids, key=str)[:50]))}")
    if backend.is_stale():
        click.echo("the index was built with another schema or analysis: run `flask search reindex`")
    if missing or extra or backend.is_stale():
        raise SystemExit(1)


@search_cli.command("reindex")
def reindex_command():
    """Rebuild the whole index (SEARCH_BACKEND's) while searches go on with the old one."""
    count = get_backend().rebuild(progress=lambda n: click.echo(f"  {n} posts…") if n % 5000 < 200 else None)
    click.echo(f"Reindexed {count} posts.")
    _indexer().apply_all()
