"""The tag vocabulary: seeding, reading, and the community manager's create, rename and describe.

Merging and deleting tags retag threads, so they live with the other thread actions in
forum.moderation.services.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum import audit, permissions
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.slugs import slug_of
from forum.text import fold

from .models import Tag
from .seed import TAGS

SLUG_MAX = 50


def seed_tags() -> int:
    """Add the starting tags that do not exist yet; returns how many were added. Idempotent."""
    existing = set(db.session.scalars(select(Tag.slug)))
    missing = [(slug, name) for slug, name in TAGS if slug not in existing]
    db.session.add_all(Tag(slug=slug, name=name) for slug, name in missing)
    db.session.flush()
    return len(missing)


def all_tags() -> list[Tag]:
    """Every tag, in alphabetical order as a French reader expects it (accents and case do not count)."""
    return sorted(db.session.scalars(select(Tag)), key=lambda tag: fold(tag.name))


def get_tag(slug: str) -> Tag | None:
    return db.session.scalar(select(Tag).where(Tag.slug == slug))


def tags_by_ids(ids) -> list[Tag]:
    ids = list(ids)
    return list(db.session.scalars(select(Tag).where(Tag.id.in_(ids)).order_by(Tag.name))) if ids else []


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed


def _tag_slug(name: str) -> str:
    slug = slug_of(name, SLUG_MAX)
    if not slug:
        raise InvalidInput("name", _l("A tag needs a name made of letters or digits."))
    return slug


def create_tag(actor, name: str, description: str = "") -> Tag:
    _require(permissions.can_manage_tags(actor))
    name = " ".join(name.split())
    slug = _tag_slug(name)
    if db.session.scalar(select(Tag.id).where(Tag.slug == slug)) is not None:
        raise InvalidInput("name", _l("This tag already exists."))
    tag = Tag(slug=slug, name=name, description=description.strip())
    db.session.add(tag)
    db.session.flush()
    audit.record(actor, "tag_created", tag, name)
    db.session.flush()
    return tag


def rename_tag(actor, tag: Tag, name: str, description: str | None = None) -> Tag:
    """Rename a tag; its slug (and so its URL) follows the new name."""
    _require(permissions.can_manage_tags(actor))
    name = " ".join(name.split())
    slug = _tag_slug(name)
    if db.session.scalar(select(Tag.id).where(Tag.slug == slug, Tag.id != tag.id)) is not None:
        raise InvalidInput("name", _l("Another tag already has this name: merge them instead."))
    if name != tag.name:
        audit.record(actor, "tag_renamed", tag, f"{tag.name} -> {name}")
    tag.name, tag.slug = name, slug
    if description is not None:
        tag.description = description.strip()
    db.session.flush()
    return tag
