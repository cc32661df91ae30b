"""Member profiles by kind: commune officials, migrant experts, local actors.

Each kind has its own fields (PROFILE_FIELDS). A profile holds the fields of its member's
kind only: saving a profile clears what belonged to another kind, so that, say, a former
commune official no longer counts among the commune's members.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum import permissions
from forum.communes.models import Commune
from forum.communes.services import get_commune_by_id
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.tags.models import Tag

from .models import (
    EXPERT_PUBLIC_FIELDS,
    LANGUAGE_LABELS,
    Availability,
    OrganisationType,
    Position,
    User,
    UserKind,
    join_codes,
)
from .services import check_display_name, email_taken, normalize_email

# The profile fields of each kind, named as the profile form names them.
PROFILE_FIELDS = {
    UserKind.COMMUNE: ("commune_id", "position"),
    UserKind.EXPERT: (
        "skill_ids", "country", "city", "languages", "expertise", "years_experience", "availability", "bio",
        "public_fields",
    ),
    UserKind.ACTOR: ("organisation_name", "organisation_type"),
    UserKind.OTHER: (),
}

# Longest texts, as the columns allow (the bio is a short presentation, not an essay).
TEXT_MAX = {"country": 80, "city": 80, "expertise": 200, "organisation_name": 160, "display_name": 80}
BIO_MAX = 1000
YEARS_MAX = 70


def expert_profile_filled(user: User) -> bool:
    """Whether the expert part has ever been filled (before that, every field defaults to public)."""
    return bool(
        user.public_fields or user.skills or user.country or user.city or user.languages or user.expertise
        or user.years_experience is not None or user.availability or user.bio
    )


def profile_data(user: User) -> dict:
    """The profile as the edit form shows it (the reverse of update_member_profile's arguments)."""
    filled = expert_profile_filled(user)
    return {
        "display_name": user.display_name,
        "email": user.email,
        "kind": user.kind,
        "commune_id": user.commune_id,
        "position": user.position,
        "skill_ids": [tag.id for tag in user.skills],
        "country": user.country,
        "city": user.city,
        "languages": user.language_codes,
        "expertise": user.expertise,
        "years_experience": user.years_experience,
        "availability": user.availability,
        "bio": user.bio,
        "public_fields": user.public_field_names if filled else list(EXPERT_PUBLIC_FIELDS),
        "organisation_name": user.organisation_name,
        "organisation_type": user.organisation_type,
    }


def visible_expert_fields(viewer, user: User) -> set[str]:
    """The expert fields `viewer` may see on `user`'s profile: those the expert made public;
    all of them for the expert themselves and for admins (the page marks the private ones)."""
    if user.kind != UserKind.EXPERT:
        return set()
    if permissions.can_edit_profile(viewer, user):
        return set(EXPERT_PUBLIC_FIELDS)
    return set(user.public_field_names) & set(EXPERT_PUBLIC_FIELDS)


def _text(field: str, value, limit: int | None = None) -> str | None:
    """A stripped text or None when empty; InvalidInput when longer than the column allows."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(field, _l("Not a valid value."))
    value = value.strip()
    if len(value) > (limit or TEXT_MAX[field]):
        raise InvalidInput(field, _l("At most %(max)s characters, please.", max=limit or TEXT_MAX[field]))
    return value or None


def _choice(field: str, value, allowed) -> str | None:
    """A value of the enum `allowed`, or None when empty; InvalidInput for anything else."""
    if value in (None, ""):
        return None
    if value not in {str(member) for member in allowed}:
        raise InvalidInput(field, _l("Not a valid choice."))
    return str(value)


def _codes(field: str, values, allowed, message) -> list[str]:
    values = list(values or [])
    if any(value not in allowed for value in values):
        raise InvalidInput(field, message)
    return [code for code in allowed if code in values]  # known order, no duplicates


def _apply_commune(user: User, fields: dict) -> None:
    if "commune_id" in fields:
        commune_id = fields["commune_id"]
        if commune_id in (None, ""):
            user.commune_id = None
        else:
            commune = get_commune_by_id(commune_id)
            if commune is None:
                raise InvalidInput("commune_id", _l("This commune is not in the list."))
            user.commune_id = commune.id
    if "position" in fields:
        user.position = _choice("position", fields["position"], Position)
    # Required, unless the admins have not filled the list yet: the member may still save the rest.
    if user.commune_id is None and db.session.scalar(select(Commune.id).limit(1)) is not None:
        raise InvalidInput("commune_id", _l("Choose your commune."))


def _apply_expert(user: User, fields: dict) -> None:
    was_filled = expert_profile_filled(user)
    if "skill_ids" in fields:
        ids = list(fields["skill_ids"] or [])
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise InvalidInput("skill_ids", _l("Choose skills from the list."))
        tags = list(db.session.scalars(select(Tag).where(Tag.id.in_(ids)))) if ids else []
        if len(tags) != len(set(ids)):
            raise InvalidInput("skill_ids", _l("Choose skills from the list."))
        user.skills = tags
    for name in ("country", "city", "expertise"):
        if name in fields:
            setattr(user, name, _text(name, fields[name]))
    if "languages" in fields:
        user.languages = join_codes(_codes("languages", fields["languages"], LANGUAGE_LABELS,
                                           _l("Choose languages from the list.")))
    if "years_experience" in fields:
        years = fields["years_experience"]
        if years is not None and (not isinstance(years, int) or isinstance(years, bool) or not 0 <= years <= YEARS_MAX):
            raise InvalidInput("years_experience", _l("A number of years between 0 and %(max)s.", max=YEARS_MAX))
        user.years_experience = years
    if "availability" in fields:
        user.availability = _choice("availability", fields["availability"], Availability)
    if "bio" in fields:
        bio = (fields["bio"] or "").replace("\r\n", "\n").strip()
        if len(bio) > BIO_MAX:
            raise InvalidInput("bio", _l("At most %(max)s characters, please.", max=BIO_MAX))
        user.bio = bio
    if "public_fields" in fields:
        user.public_fields = join_codes(_codes("public_fields", fields["public_fields"], EXPERT_PUBLIC_FIELDS,
                                               _l("Not a valid choice.")))
    elif not was_filled:
        user.public_fields = join_codes(EXPERT_PUBLIC_FIELDS)


def _apply_actor(user: User, fields: dict) -> None:
    if "organisation_name" in fields:
        user.organisation_name = _text("organisation_name", fields["organisation_name"])
    if "organisation_type" in fields:
        user.organisation_type = _choice("organisation_type", fields["organisation_type"], OrganisationType)


def _clear_other_kinds(user: User, kind: UserKind) -> None:
    if kind != UserKind.COMMUNE:
        user.commune_id = user.position = None
    if kind != UserKind.EXPERT:
        user.skills = []
        user.country = user.city = user.expertise = user.availability = None
        user.years_experience = None
        user.languages = user.bio = user.public_fields = ""
    if kind != UserKind.ACTOR:
        user.organisation_name = user.organisation_type = None


def update_member_profile(actor, user: User, *, display_name: str | None = None, email: str | None = None,
                          kind: str | None = None, **fields) -> User:
    """Save `user`'s profile as `actor` (the member or an admin), in one transaction.

    Arguments left out keep their value. `fields` are the profile fields of the member's
    (new) kind, named as in PROFILE_FIELDS; a field of another kind is a TypeError. The
    fields of other kinds are cleared. A commune official must have a commune (once the list
    has any). An expert filling the profile for the first time without saying what is public
    shows everything.
    Raises NotAllowed, or InvalidInput naming the form field at fault (nothing is saved then).
    """
    if not permissions.can_edit_profile(actor, user):
        raise NotAllowed
    try:
        new_kind = UserKind(kind if kind is not None else user.kind)
    except ValueError:
        raise InvalidInput("kind", _l("Not a valid choice.")) from None
    unknown = set(fields) - set(PROFILE_FIELDS[new_kind])
    if unknown:
        raise TypeError(f"not profile fields of a {new_kind} member: {', '.join(sorted(unknown))}")
    # Checked while applied: an InvalidInput leaves changes behind, which the caller's
    # transaction() rolls back (forms.save_form does), so nothing is half-saved.
    with db.session.no_autoflush:
        if display_name is not None:
            display_name = _text("display_name", display_name)
            if not display_name:
                raise InvalidInput("display_name", _l("This field is required."))
            if display_name != user.display_name:
                user.display_name = check_display_name(display_name, user)
        if email is not None:
            if email_taken(email, except_user=user):
                raise InvalidInput("email", _l("An account already uses this email address."))
            user.email = normalize_email(email)
        user.kind = str(new_kind)
        _clear_other_kinds(user, new_kind)
        {UserKind.COMMUNE: _apply_commune, UserKind.EXPERT: _apply_expert,
         UserKind.ACTOR: _apply_actor}.get(new_kind, lambda u, f: None)(user, fields)
    db.session.flush()
    return user
