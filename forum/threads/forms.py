"""Forms to write threads and posts. Length limits come from the app config."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from forum.forms import Form, MultiCheckboxField, label_choices

from .models import KIND_LABELS


def _length_from_config(low_key: str, high_key: str, strip: bool = False):
    def check(form, field):
        text = (field.data or "").strip() if strip else field.data or ""
        low, high = current_app.config[low_key], current_app.config[high_key]
        if len(text) < low:
            raise ValidationError(_l("At least %(low)d characters, please.", low=low))
        if len(text) > high:
            raise ValidationError(
                _l("Too long: %(length)d characters for at most %(high)d.", length=len(text), high=high)
            )
    return check


class _BodyMixin:
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(), _length_from_config("BODY_MIN_LENGTH", "BODY_MAX_LENGTH", strip=True)],
        description=_l("Markdown: **bold**, *italic*, - lists, > quotes, [link](https://...)."),
    )
    preview = SubmitField(_l("Preview"))


class ThreadForm(_BodyMixin, Form):
    """A new thread, or the edit of a thread's first post."""

    title = StringField(
        _l("Title"), validators=[DataRequired(), _length_from_config("TITLE_MIN_LENGTH", "TITLE_MAX_LENGTH", strip=True)]
    )
    kind = RadioField(_l("Kind"), choices=label_choices(KIND_LABELS),
                      default="question", validators=[DataRequired()])
    tags = MultiCheckboxField(_l("Tags"), coerce=int)
    submit = SubmitField(_l("Publish"))

    def validate_tags(self, field):
        limit = current_app.config["MAX_TAGS_PER_THREAD"]
        if len(field.data or []) > limit:
            raise ValidationError(_l("At most %(limit)d tags.", limit=limit))


class ReplyForm(_BodyMixin, Form):
    submit = SubmitField(_l("Reply"))


class EditPostForm(_BodyMixin, Form):
    submit = SubmitField(_l("Save"))


class MoveThreadForm(Form):
    board = SelectField(_l("Move to board"), coerce=int)
    submit = SubmitField(_l("Move"))


class ThreadTagsForm(Form):
    tags = MultiCheckboxField(_l("Tags"), coerce=int)
    submit = SubmitField(_l("Save tags"))
