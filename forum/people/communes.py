"""Who belongs to a commune: read by the commune pages and the admins' commune list."""

from sqlalchemy import func, select

from forum.communes.models import Commune
from forum.extensions import db
from forum.text import fold

from .models import User, UserKind

# A commune's members on its pages: its officials and the local actors (associations,
# cooperatives) based there.
LOCAL_KINDS = (UserKind.COMMUNE, UserKind.ACTOR)


def _local():
    return User.kind.in_(list(LOCAL_KINDS))


def member_counts() -> dict[int, int]:
    """{commune id: how many users chose it}, in one query (the admins' list)."""
    return dict(db.session.execute(
        select(User.commune_id, func.count()).where(User.commune_id.is_not(None)).group_by(User.commune_id)
    ).all())


def member_count(commune: Commune) -> int:
    """How many users chose the commune: they must choose another before it can be deleted."""
    return db.session.scalar(select(func.count(User.id)).where(User.commune_id == commune.id))


def local_member_counts() -> dict[int, int]:
    """{commune id: its officials and local actors}, in one query (the communes page)."""
    return dict(db.session.execute(
        select(User.commune_id, func.count()).where(_local(), User.commune_id.is_not(None)).group_by(User.commune_id)
    ).all())


def local_member_ids(commune: Commune):
    """The ids of the commune's officials and local actors (a select, to use as a subquery)."""
    return select(User.id).where(User.commune_id == commune.id, _local())


def local_members(commune: Commune) -> list[User]:
    """The commune's officials first, then its local actors, each by name."""
    users = db.session.scalars(select(User).where(User.id.in_(local_member_ids(commune))))
    return sorted(users, key=lambda u: (u.kind != UserKind.COMMUNE, fold(u.display_name)))
