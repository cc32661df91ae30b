"""Forms of the matching pages: inviting an expert, filtering the expert directory."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from forum.forms import Form, label_choices
from forum.people.models import AVAILABILITY_LABELS, LANGUAGE_LABELS


class InviteExpertForm(Form):
    """The Invite button of the experts panel: the expert's username, hidden."""

    expert = StringField(_l("Expert"), validators=[DataRequired(), Length(max=30)])


class ExpertFilterForm(Form):
    """The directory's filters: a GET form (no CSRF token: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or skill"), validators=[Optional(), Length(max=100)])
    skill = SelectField(_l("Skill"), validators=[Optional()])
    country = SelectField(_l("Country of residence"), validators=[Optional()])
    language = SelectField(_l("Language"), validators=[Optional()])
    availability = SelectField(_l("Availability"), validators=[Optional()])

    def set_choices(self, tags, countries) -> None:
        self.skill.choices = [SelectChoice("", _l("Any skill"))] + [SelectChoice(t.slug, t.name) for t in tags]
        self.country.choices = [SelectChoice("", _l("Any country"))] + [SelectChoice(c, c) for c in countries]
        self.language.choices = [SelectChoice("", _l("Any language"))] + label_choices(LANGUAGE_LABELS)
        self.availability.choices = [SelectChoice("", _l("Any availability"))] + label_choices(AVAILABILITY_LABELS)

    def valid_value(self, name: str) -> str:
        """The field's value if it passed validation, else "" (a garbage filter is ignored and
        its error shown on the field)."""
        field = self[name]
        return "" if field.errors else (field.data or "").strip()
