"""Forms of the community manager's tools."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from forum.forms import MultiCheckboxField


class MoveThreadForm(FlaskForm):
    board = SelectField(_l("Move to board"), coerce=int)
    submit = SubmitField(_l("Move"))


class ThreadTagsForm(FlaskForm):
    tags = MultiCheckboxField(_l("Tags"), coerce=int)
    submit = SubmitField(_l("Save tags"))


class TagForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=50)])
    description = TextAreaField(_l("Description"), validators=[Length(max=500)])
    submit = SubmitField(_l("Save"))


class MergeTagForm(FlaskForm):
    target = SelectField(_l("Merge into"), coerce=int)
    submit = SubmitField(_l("Merge"))
