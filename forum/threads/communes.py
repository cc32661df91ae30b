"""A commune's threads and needs, for the commune pages and the admins' commune list."""

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from forum.communes.models import Commune
from forum.extensions import db
from forum.people.communes import local_member_ids
from forum.routing import clamp_page

from . import tallies
from .models import Need, Thread
from .needs import ACTIVE_STATUSES
from .services import visible_to


def open_need_counts(viewer) -> dict[int, int]:
    """{commune id: its needs still looking for help (open or in discussion)} on threads the
    viewer may see, from the tallies (a few rows per board and commune)."""
    return tallies.needs_by_commune(viewer, [str(s) for s in ACTIVE_STATUSES])


def need_count(commune: Commune) -> int:
    """Every need that refers to the commune, whatever its status or thread."""
    return db.session.scalar(select(func.count()).select_from(Need).where(Need.commune_id == commune.id))


def commune_threads(viewer, commune: Commune, page: int = 1):
    """Threads started by the commune's officials and local actors, most recent activity
    first (a pagination)."""
    query = visible_to(select(Thread), viewer).where(Thread.author_id.in_(local_member_ids(commune))).options(
        joinedload(Thread.board), joinedload(Thread.last_poster), joinedload(Thread.author),
        selectinload(Thread.tags),
    ).order_by(Thread.last_activity_at.desc(), Thread.id.desc())
    return db.paginate(query, page=clamp_page(page), per_page=current_app.config["THREADS_PER_PAGE"], error_out=False)
