"""The expert directory: finding experts by skill, country, language, availability or name."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.people.models import User, user_skills
from forum.routing import clamp_page
from forum.tags.models import Tag
from forum.text import fold

from .models import ExpertStats
from .services import active_experts, shows_field

EXPERTS_PER_PAGE = 20


@dataclass
class ExpertFilters:
    """What the directory is filtered by; None or "" means "any"."""

    skill: Tag | None = None
    country: str | None = None
    language: str | None = None
    availability: str | None = None
    q: str = ""


def _matching_tag_ids(text: str) -> list[int]:
    """Tags whose name contains `text`, ignoring case and accents ("energie" finds "énergie
    solaire"). The vocabulary is small, so it is folded in Python, the same on every database."""
    needle = fold(text)
    return [tag_id for tag_id, name in db.session.execute(select(Tag.id, Tag.name)) if needle in fold(name)]


def _experts_named(text: str) -> list[int]:
    """Active experts whose display name or username contains `text`, ignoring case and
    accents ("leila" finds "Leïla", "elodie" finds "Élodie"). Folded in Python, the same on
    every database (SQLite's lower() knows only ASCII); experts number in the hundreds."""
    needle = fold(text)
    rows = db.session.execute(select(User.id, User.display_name, User.username).where(active_experts()))
    return [user_id for user_id, name, username in rows
            if needle in fold(name) or needle in fold(username)]


def _filtered(filters: ExpertFilters):
    """Active experts matching the filters. Each filter on a profile field only matches experts
    who made that field public: the directory never reveals a hidden field by filtering on it."""
    query = select(User).where(active_experts())
    if filters.skill is not None:
        query = query.where(
            shows_field("skills"),
            User.id.in_(select(user_skills.c.user_id).where(user_skills.c.tag_id == filters.skill.id)),
        )
    if filters.country:
        query = query.where(shows_field("residence"), func.lower(func.trim(User.country)) == func.lower(filters.country.strip()))
    if filters.language:
        query = query.where(shows_field("languages"), User.languages.contains(f",{filters.language},", autoescape=True))
    if filters.availability:
        query = query.where(shows_field("availability"), User.availability == filters.availability)
    text = " ".join(filters.q.split())
    if text:
        by_name = User.id.in_(_experts_named(text))
        tag_ids = _matching_tag_ids(text)
        if tag_ids:
            by_skill = shows_field("skills") & User.id.in_(
                select(user_skills.c.user_id).where(user_skills.c.tag_id.in_(tag_ids))
            )
            query = query.where(or_(by_name, by_skill))
        else:
            query = query.where(by_name)
    return query


def search_experts(filters: ExpertFilters, page: int = 1):
    """A page of the directory (a pagination of Users, skills loaded), best contributors first:
    by solutions, then answers, then name (the counts kept on ExpertStats rows: the cost does
    not grow with the forum). The per-expert counts come from expert_counts()."""
    query = (
        _filtered(filters)
        .outerjoin(ExpertStats, ExpertStats.user_id == User.id)
        .options(selectinload(User.skills))
        .order_by(func.coalesce(ExpertStats.solutions, 0).desc(), func.coalesce(ExpertStats.answers, 0).desc(),
                  func.lower(User.display_name), User.id)
    )
    return db.paginate(query, page=clamp_page(page), per_page=EXPERTS_PER_PAGE, error_out=False)


def expert_counts(user_ids) -> dict[int, tuple[int, int]]:
    """{user id: (answers, solutions)} for a page of experts, in one query."""
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(ExpertStats.user_id, ExpertStats.answers, ExpertStats.solutions).where(ExpertStats.user_id.in_(user_ids)))
    counts = {user_id: (answers, solutions) for user_id, answers, solutions in rows}
    return {user_id: counts.get(user_id, (0, 0)) for user_id in user_ids}


def expert_countries() -> list[str]:
    """The countries of residence that experts made public, once each, in alphabetical order."""
    rows = db.session.execute(
        select(func.min(func.trim(User.country)))
        .where(active_experts(), shows_field("residence"), User.country.is_not(None), func.trim(User.country) != "")
        .group_by(func.lower(func.trim(User.country)))
    )
    return sorted((country for (country,) in rows), key=fold)
