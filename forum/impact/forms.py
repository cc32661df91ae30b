"""The admins' form for the project's period and targets."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional

from forum.forms import Form

TARGET_RANGE = NumberRange(min=1, max=100_000, message=_l("A target is a whole number between 1 and 100,000."))


def _target(label):
    return IntegerField(label, validators=[InputRequired(), TARGET_RANGE])


class ImpactSettingsForm(Form):
    """Start and (optional) end of the project, and the four targets."""

    start_date = DateField(_l("Start of the period"), validators=[InputRequired()])
    end_date = DateField(_l("End of the period"), validators=[Optional()],
                         description=_l("Leave empty while the project goes on."))
    target_migrants = _target(_l("Target: migrants involved"))
    target_communes_engaged = _target(_l("Target: rural communes engaged"))
    target_actors = _target(_l("Target: development actors in contact with migrants"))
    target_communes_strengthened = _target(_l("Target: rural communes strengthened"))
    submit = SubmitField(_l("Save"))
