"""Who belongs to a commune: read by the commune pages and the admins' commune list."""

from flask import Flask
from sqlalchemy import func, select, update

from forum.communes.models import Commune
from forum.db import keep_at_commit
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
    """{commune id: its officials and local actors} (the communes page), read from
    Commune.local_member_count: one row per commune, whatever the number of members (brought
    up to date first with what the transaction changed and did not commit yet)."""
    _recount_before_commit(db.session)
    return dict(db.session.execute(
        select(Commune.id, Commune.local_member_count).where(Commune.local_member_count > 0)).all())


# -- keeping Commune.local_member_count -----------------------------------------------------
# Like forum.matching.stats: the communes whose members may have changed (a user created,
# deleted, or whose commune or kind changed) are noted at each flush and recounted just before
# the commit (rows locked in id order, then counted over ix_users_commune_id).

PENDING = "commune_members_pending"  # session.info: set of commune ids


def recount_members(session, commune_ids) -> None:
    commune_ids = sorted(set(commune_ids) - {None})
    if not commune_ids:
        return
    session.execute(select(Commune.id).where(Commune.id.in_(commune_ids)).order_by(Commune.id)
                    .with_for_update(key_share=True))
    members = select(func.count(User.id)).where(User.commune_id == Commune.id, _local()).scalar_subquery()
    session.execute(update(Commune).where(Commune.id.in_(commune_ids)).values(local_member_count=members),
                    execution_options={"synchronize_session": False})
    for commune in session.identity_map.values():
        if isinstance(commune, Commune) and commune.id in commune_ids:
            session.expire(commune, ["local_member_count"])


def recount_all(session) -> None:
    recount_members(session, session.scalars(select(Commune.id)))


def _note_changes(session, flush_context) -> None:
    pending = session.info.setdefault(PENDING, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, User):
            continue
        if obj in session.new or obj in session.deleted:
            pending.add(obj.commune_id)
            continue
        state = db.inspect(obj).attrs
        if state.commune_id.history.has_changes() or state.kind.history.has_changes():
            pending.update(state.commune_id.history.deleted or ())
            pending.add(obj.commune_id)
        if state.commune.history.has_changes():  # user.commune = ...
            pending.update(c.id for c in (*state.commune.history.deleted, *state.commune.history.added) if c)
    pending.discard(None)


def _recount_before_commit(session) -> None:
    session.flush()  # the last changes are noted too
    if not session.info.get(PENDING):
        return
    recount_members(session, session.info.pop(PENDING))
    session.info.pop(PENDING, None)


def _forget(session, *args) -> None:
    session.info.pop(PENDING, None)


def init_app(app: Flask) -> None:
    keep_at_commit(_note_changes, _recount_before_commit, _forget)


def local_member_ids(commune: Commune):
    """The ids of the commune's officials and local actors (a select, to use as a subquery)."""
    return select(User.id).where(User.commune_id == commune.id, _local())


def local_members(commune: Commune) -> list[User]:
    """The commune's officials first, then its local actors, each by name."""
    users = db.session.scalars(select(User).where(User.id.in_(local_member_ids(commune))))
    return sorted(users, key=lambda u: (u.kind != UserKind.COMMUNE, fold(u.display_name)))
