"""Commune pages: the list of communes by province, and each commune with its members and threads
(its open needs come from threads.services.needs_list)."""

from dataclasses import dataclass
from itertools import groupby

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from forum.text import fold
from forum.extensions import db
from forum.people.models import Commune, User, UserKind
from forum.routing import clamp_page
from forum.threads.models import Need, Thread, ThreadKind
from forum.threads.needs import ACTIVE_STATUSES
from forum.threads.services import visible_to

# A commune's members: its officials and the local actors (associations, cooperatives) based there.
MEMBER_KINDS = (UserKind.COMMUNE, UserKind.ACTOR)


@dataclass
class CommuneRow:
    commune: Commune
    members: int
    open_needs: int


def _members_of():
    return User.kind.in_(list(MEMBER_KINDS))


def _open_needs(viewer):
    """Needs still looking for help (open or in discussion) on threads the viewer may see."""
    query = select(Need).join(Thread, Thread.id == Need.thread_id).where(
        Thread.kind == ThreadKind.NEED, Need.status.in_(list(ACTIVE_STATUSES))
    )
    return visible_to(query, viewer)


def communes_by_province(viewer) -> list[tuple[str, list[CommuneRow]]]:
    """[(province, [rows])], provinces and communes in French alphabetical order. Three queries."""
    communes = list(db.session.scalars(select(Commune)))
    members = dict(db.session.execute(
        select(User.commune_id, func.count()).where(_members_of(), User.commune_id.is_not(None)).group_by(User.commune_id)
    ).all())
    needs_query = _open_needs(viewer).where(Need.commune_id.is_not(None))
    needs = dict(db.session.execute(
        needs_query.with_only_columns(Need.commune_id, func.count()).group_by(Need.commune_id)
    ).all())
    rows = sorted(
        (CommuneRow(c, members.get(c.id, 0), needs.get(c.id, 0)) for c in communes),
        key=lambda row: (fold(row.commune.province), fold(row.commune.name)),
    )
    provinces = []
    for _key, group in groupby(rows, key=lambda row: fold(row.commune.province)):
        group = list(group)
        provinces.append((group[0].commune.province, group))
    return provinces


def commune_members(commune: Commune) -> list[User]:
    """Officials first, then local actors, each by name."""
    users = db.session.scalars(select(User).where(User.commune_id == commune.id, _members_of()))
    return sorted(users, key=lambda u: (u.kind != UserKind.COMMUNE, fold(u.display_name)))


def commune_threads(viewer, commune: Commune, page: int = 1):
    """Threads started by the commune's members, most recent activity first (a pagination)."""
    members = select(User.id).where(User.commune_id == commune.id, _members_of())
    query = visible_to(select(Thread), viewer).where(Thread.author_id.in_(members)).options(
        joinedload(Thread.board), joinedload(Thread.last_poster), joinedload(Thread.author),
        selectinload(Thread.tags),
    ).order_by(Thread.last_activity_at.desc(), Thread.id.desc())
    return db.paginate(query, page=clamp_page(page), per_page=current_app.config["THREADS_PER_PAGE"], error_out=False)
