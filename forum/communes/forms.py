"""The admins' form for the commune list."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from forum.forms import Form


class CommuneForm(Form):
    """The admins' form for one commune of the list."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    province = StringField(_l("Province"), validators=[DataRequired(), Length(max=120)])
    region = StringField(_l("Region"), validators=[DataRequired(), Length(max=120)])
    submit = SubmitField(_l("Save"))
