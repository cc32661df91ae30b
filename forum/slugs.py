"""Readable addresses from names: "Aït Baha" -> "ait-baha", numbered when already taken."""

from slugify import slugify
from sqlalchemy import select

from .extensions import db


def base_slug(name: str, fallback: str) -> str:
    return slugify(name, max_length=70, word_boundary=True) or fallback


def unique_slug(slug_column, name: str, fallback: str, exclude_id: int | None = None) -> str:
    """The slug of `name` (or `fallback`) that no other row of `slug_column`'s table uses:
    "tafraout", then "tafraout-2", "tafraout-3"... `exclude_id` is the row being renamed."""
    model = slug_column.class_
    base = base_slug(name, fallback)
    slug, n = base, 1
    while True:
        query = select(model.id).where(slug_column == slug)
        if exclude_id is not None:
            query = query.where(model.id != exclude_id)
        if db.session.scalar(query) is None:
            return slug
        n += 1
        slug = f"{base}-{n}"
