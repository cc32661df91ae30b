"""The commune list: seeding, reading, and the admins' add, correct and delete."""

from itertools import groupby

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum import audit, permissions, slugs
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.text import fold

from .models import Commune
from .seed import COMMUNES

NAME_MAX = 120  # the columns' sizes
PLACE_MAX = 120


def _by_place(commune: Commune):
    """Province, then name, in alphabetical order as a French reader expects it."""
    return fold(commune.province), fold(commune.name)


def list_communes() -> list[Commune]:
    """Every commune, by province and name (the order of the profile form's list)."""
    return sorted(db.session.scalars(select(Commune)), key=_by_place)


def communes_by_province() -> list[tuple[str, list[Commune]]]:
    """[(province, [communes])], provinces and communes in alphabetical order. One query."""
    provinces = []
    for _key, group in groupby(list_communes(), key=lambda commune: fold(commune.province)):
        communes = list(group)
        provinces.append((communes[0].province, communes))
    return provinces


def get_commune(slug: str) -> Commune | None:
    return db.session.scalar(select(Commune).where(Commune.slug == slug))


def get_commune_by_id(commune_id) -> Commune | None:
    return db.session.get(Commune, commune_id) if isinstance(commune_id, int) else None


def place_key(name: str, province: str) -> tuple[str, str]:
    """What makes two communes the same: name and province, whatever the case and accents."""
    return fold(name.strip()), fold(province.strip())


def find_commune(name: str, province: str) -> Commune | None:
    """The commune of that name in that province ("Ait Baha" finds "Aït Baha")."""
    key = place_key(name, province)
    return next((c for c in db.session.scalars(select(Commune)) if place_key(c.name, c.province) == key), None)


def base_slug(name: str) -> str:
    return slugs.base_slug(name, "commune")


def seed_communes() -> int:
    """Add the communes of the list that are not there yet; returns how many were added.

    Idempotent: a commune already present under its slug, or with the same name and province
    (an admin may have added it by hand), is left as it is, renamed or not.
    """
    existing = list(db.session.scalars(select(Commune)))
    taken = {c.slug for c in existing}
    places = {place_key(c.name, c.province) for c in existing}
    created = 0
    for name, province, region in COMMUNES:
        slug = base_slug(name)
        if slug in taken or place_key(name, province) in places:
            continue
        db.session.add(Commune(slug=slug, name=name, province=province, region=region))
        taken.add(slug)
        places.add(place_key(name, province))
        created += 1
    db.session.flush()
    return created


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
    db.session.flush()
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
    db.session.flush()
    return commune


def delete_commune(actor, commune: Commune, *, members: int = 0, needs: int = 0) -> None:
    """Remove a commune nobody refers to: members and needs must move first, nothing is
    deleted with it. Raises InvalidInput("commune", ...) otherwise.

    The packages above this one know who refers to a commune: the caller passes how many
    members and needs do, for a message that says what to do. The schema's foreign keys
    refuse the delete anyway (a reference the caller did not count, or one added meanwhile).
    """
    if not permissions.can_manage_communes(actor):
        raise NotAllowed
    if members:
        raise InvalidInput("commune", _ln(
            "%(name)s cannot be deleted: %(num)d member belongs to it and must choose another commune first.",
            "%(name)s cannot be deleted: %(num)d members belong to it and must choose another commune first.",
            members, name=commune.name))
    if needs:
        raise InvalidInput("commune", _l(
            "%(name)s cannot be deleted: needs posted by the commune refer to it.", name=commune.name))
    try:
        with db.session.begin_nested():
            db.session.delete(commune)
    except IntegrityError:
        raise InvalidInput("commune", _l("%(name)s is in use and cannot be deleted.", name=commune.name)) from None
    audit.record(actor, "commune_deleted", commune, f"{commune.name} ({commune.province})")
    db.session.flush()
