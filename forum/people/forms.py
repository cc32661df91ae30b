"""Profile and role forms."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional

from forum.forms import Form, MultiCheckboxField, label_choices, object_choices

from .models import (
    AVAILABILITY_LABELS,
    KIND_LABELS,
    LANGUAGE_LABELS,
    ORGANISATION_LABELS,
    POSITION_LABELS,
    ROLE_LABELS,
    Role,
    UserKind,
)
from .profiles import BIO_MAX, PROFILE_FIELDS, TEXT_MAX, YEARS_MAX
from .services import PASSWORD_HINT

# What each public/private checkbox covers on an expert's profile.
PUBLIC_FIELD_LABELS = {
    "skills": _l("Skills"),
    "residence": _l("Country and city of residence"),
    "languages": _l("Languages"),
    "expertise": _l("Domain of expertise and years of experience"),
    "availability": _l("Availability"),
    "bio": _l("Short bio"),
    "links": _l("My contacts with communes (missions, studies...)"),
}


def _optional_int(value):
    """'' (nothing chosen) -> None, '12' -> 12. Anything else stays as it is: matching no
    choice, it gets the field's own message ("Choose ... from the list")."""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def _unix_newlines(value):
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class ProfileForm(Form):
    """The profile: common fields, then one part per kind of member.

    Only the part of the chosen kind is validated and saved (the page shows every part, so
    that it works without JavaScript). Commune and skill choices are set by the view.
    """

    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=80)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    kind = RadioField(_l("You are"), choices=label_choices(KIND_LABELS),
                      validators=[DataRequired()])
    # Commune officials
    commune_id = SelectField(_l("Commune"), coerce=_optional_int, choices=[],
                             invalid_choice_message=_l("Choose a commune from the list."))
    position = RadioField(_l("Position"), choices=label_choices(POSITION_LABELS), validators=[Optional()])
    # Migrant experts
    skill_ids = MultiCheckboxField(_l("Skills"), coerce=_optional_int, choices=[],
                                   invalid_choice_message=_l("Choose skills from the list."))
    country = StringField(_l("Country of residence"), validators=[Length(max=TEXT_MAX["country"])])
    city = StringField(_l("City of residence"), validators=[Length(max=TEXT_MAX["city"])])
    languages = MultiCheckboxField(_l("Languages"), choices=label_choices(LANGUAGE_LABELS),
                                   invalid_choice_message=_l("Choose languages from the list."))
    expertise = StringField(_l("Domain of expertise"), validators=[Length(max=TEXT_MAX["expertise"])],
                            description=_l("For example: drinking water networks, public procurement, tourism."))
    years_experience = IntegerField(_l("Years of experience"),
                                    validators=[Optional(), NumberRange(min=0, max=YEARS_MAX)])
    availability = RadioField(_l("Availability"), choices=label_choices(AVAILABILITY_LABELS), validators=[Optional()])
    bio = TextAreaField(_l("Short bio"), filters=[_unix_newlines], validators=[Length(max=BIO_MAX)],
                        description=_l("Plain text, at most %(max)s characters.", max=BIO_MAX))
    public_fields = MultiCheckboxField(_l("Shown on your public profile"), choices=label_choices(PUBLIC_FIELD_LABELS),
                                       description=_l("Unchecked parts are seen only by you and the administrators."))
    # Local actors
    organisation_name = StringField(_l("Organisation"), validators=[Length(max=TEXT_MAX["organisation_name"])])
    organisation_type = RadioField(_l("Type of organisation"), choices=label_choices(ORGANISATION_LABELS),
                                   validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def set_choices(self, communes, tags) -> None:
        """Communes grouped by province (an <optgroup> each), tags in the vocabulary's order."""
        self.commune_id.choices = [SelectChoice("", _l("Choose your commune"))] + [
            SelectChoice(c.id, c.name, optgroup=f"{c.province} ({c.region})") for c in communes
        ]
        self.skill_ids.choices = object_choices(tags)

    def chosen_kind(self) -> str | None:
        return self.kind.data if self.kind.data in set(UserKind) else None

    def validate(self, extra_validators=None) -> bool:
        """Validate the common fields and the chosen kind's part; the other parts are ignored."""
        super().validate(extra_validators)
        ignored = set().union(*PROFILE_FIELDS.values()) - set(PROFILE_FIELDS.get(self.chosen_kind(), ()))
        for name in ignored:
            self[name].errors = []
        self._errors = None
        return not any(field.errors for field in self)

    def profile_fields(self) -> dict:
        """The arguments of profiles.update_member_profile: common fields and the chosen kind's."""
        kind = self.chosen_kind()
        data = {"display_name": self.display_name.data, "email": self.email.data, "kind": kind}
        data.update({name: self[name].data for name in PROFILE_FIELDS.get(kind, ())})
        return data


class PasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    # Length and strength: people.services.check_new_password, shared with registration and the CLI.
    password = PasswordField(_l("New password"), validators=[DataRequired()],
                             description=PASSWORD_HINT)
    password_confirm = PasswordField(
        _l("New password again"), validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))]
    )
    submit = SubmitField(_l("Change password"))


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=label_choices({r: ROLE_LABELS[r] for r in (Role.MEMBER, Role.MODERATOR, Role.COORDINATOR)}))
    submit = SubmitField(_l("Change role"))
