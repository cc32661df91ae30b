"""The commune list: read by everybody, maintained by admins."""

import unicodedata

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum import audit, permissions, slugs
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db

from .models import Commune, User

NAME_MAX = 120  # the columns' sizes
PLACE_MAX = 120


def sort_key(text: str) -> str:
    """Alphabetical order as a French reader expects it: accents and case do not count."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _by_place(commune: Commune):
    return sort_key(commune.province), sort_key(commune.name)


def list_communes() -> list[Commune]:
    """Every commune, by province and name (the order of the profile form's list)."""
    return sorted(db.session.scalars(select(Commune)), key=_by_place)


def communes_with_member_counts() -> list[tuple[Commune, int]]:
    """Every commune with how many members belong to it, in one query."""
    rows = db.session.execute(
        select(Commune, func.count(User.id))
        .outerjoin(User, User.commune_id == Commune.id)
        .group_by(Commune.id)
    ).all()
    return sorted(((commune, count) for commune, count in rows), key=lambda row: _by_place(row[0]))


def get_commune(slug: str) -> Commune | None:
    return db.session.scalar(select(Commune).where(Commune.slug == slug))


def get_commune_by_id(commune_id) -> Commune | None:
    return db.session.get(Commune, commune_id) if isinstance(commune_id, int) else None


def place_key(name: str, province: str) -> tuple[str, str]:
    """What makes two communes the same: name and province, whatever the case and accents."""
    return sort_key(name.strip()), sort_key(province.strip())


def find_commune(name: str, province: str) -> Commune | None:
    """The commune of that name in that province ("Ait Baha" finds "Aït Baha")."""
    key = place_key(name, province)
    return next((c for c in db.session.scalars(select(Commune)) if place_key(c.name, c.province) == key), None)


def base_slug(name: str) -> str:
    return slugs.base_slug(name, "commune")


def _clean(name: str, province: str, region: str) -> tuple[str, str, str]:
    """Strip the three texts; each is required and fits its column."""
    values = {"name": (name or "").strip(), "province": (province or "").strip(), "region": (region or "").strip()}
    required = {
        "name": _l("A commune needs a name."),
        "province": _l("Give the commune's province."),
        "region": _l("Give the commune's region."),
    }
    for field, value in values.items():
        if not value:
            raise InvalidInput(field, required[field])
        if len(value) > (NAME_MAX if field == "name" else PLACE_MAX):
            raise InvalidInput(field, _l("This is too long."))
    return values["name"], values["province"], values["region"]


def create_commune(actor, name: str, province: str, region: str) -> Commune:
    """Add a commune. The slug (its address, /c/<slug>) comes from the name and never changes.

    Raises NotAllowed for non-admins, InvalidInput for a missing text or a commune already in
    the list (same name and province).
    """
    if not permissions.can_manage_communes(actor):
        raise NotAllowed
    name, province, region = _clean(name, province, region)
    if find_commune(name, province) is not None:
        raise InvalidInput("name", _l("This commune is already in the list."))
    commune = Commune(slug=slugs.unique_slug(Commune.slug, name, "commune"), name=name, province=province, region=region)
    db.session.add(commune)
    db.session.flush()
    audit.record(actor, "commune_created", commune, f"{name} ({province})")
    db.session.commit()
    return commune


def update_commune(actor, commune: Commune, name: str, province: str, region: str) -> Commune:
    """Correct a commune's name, province or region; its address stays the same."""
    if not permissions.can_manage_communes(actor):
        raise NotAllowed
    name, province, region = _clean(name, province, region)
    same = find_commune(name, province)
    if same is not None and same.id != commune.id:
        raise InvalidInput("name", _l("This commune is already in the list."))
    before = f"{commune.name} ({commune.province}, {commune.region})"
    after = f"{name} ({province}, {region})"
    if before != after:
        audit.record(actor, "commune_updated", commune, f"{before} -> {after}")
    commune.name, commune.province, commune.region = name, province, region
    db.session.commit()
    return commune


def member_count(commune: Commune) -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.commune_id == commune.id))


def _other_references(commune: Commune) -> int:
    """Rows of other tables (a need's commune...) that point at the commune.

    Found through the schema's foreign keys, so that people needs no import of the packages
    that refer to communes.
    """
    total = 0
    for table in db.metadata.sorted_tables:
        if table.name == User.__tablename__:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == Commune.__tablename__:
                total += db.session.scalar(select(func.count()).select_from(table).where(fk.parent == commune.id))
    return total


def delete_commune(actor, commune: Commune) -> None:
    """Remove a commune nobody uses. Raises InvalidInput("commune", ...) while members or
    needs still refer to it: they must move first, nothing is deleted with it."""
    if not permissions.can_manage_communes(actor):
        raise NotAllowed
    members = member_count(commune)
    if members:
        raise InvalidInput("commune", _ln(
            "%(name)s cannot be deleted: %(num)d member belongs to it and must choose another commune first.",
            "%(name)s cannot be deleted: %(num)d members belong to it and must choose another commune first.",
            members, name=commune.name))
    if _other_references(commune):
        raise InvalidInput("commune", _l(
            "%(name)s cannot be deleted: needs posted by the commune refer to it.", name=commune.name))
    summary = f"{commune.name} ({commune.province})"
    audit.record(actor, "commune_deleted", commune, summary)
    db.session.delete(commune)
    try:
        db.session.commit()
    except IntegrityError:  # a member chose it in the meantime
        db.session.rollback()
        raise InvalidInput("commune", _l("%(name)s is in use and cannot be deleted.", name=commune.name)) from None
