"""Readable addresses from names, one rule for boards, tags, communes and threads:
"Aït Baha" -> "ait-baha", numbered when already taken."""

from slugify import slugify
from sqlalchemy import select

from .extensions import db
from .text import fold


def slug_of(text: str, max_length: int = 0) -> str:
    """The text folded (forum.text.fold), in ASCII words joined by "-", cut at a word
    boundary within `max_length` (0: no limit); "" when no letter or digit is left."""
    return slugify(fold(text), max_length=max_length, word_boundary=True)


def base_slug(name: str, fallback: str, max_length: int = 70) -> str:
    return slug_of(name, max_length) or fallback


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
