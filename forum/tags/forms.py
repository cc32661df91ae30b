"""Forms of the community manager's tag tools."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from forum.forms import Form


class TagForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=50)])
    description = TextAreaField(_l("Description"), validators=[Length(max=500)])
    submit = SubmitField(_l("Save"))


class MergeTagForm(Form):
    target = SelectField(_l("Merge into"), coerce=int)
    submit = SubmitField(_l("Merge"))
