"""Forms to write threads and posts. Length limits come from the app config."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from forum.forms import Form, MultiCheckboxField, label_choices

from .models import EXPECTATION_LABELS, KIND_LABELS, ThreadKind
from .needs import TIME_FRAME_MAX_LENGTH, NeedDetails


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
    # "For a skill need": shown to everybody (no JavaScript needed), only required for a need.
    expectation = SelectField(
        _l("What do you expect from the experts?"),
        choices=[SelectChoice("", _l("Choose…")), *label_choices(EXPECTATION_LABELS)], default="",
    )
    time_frame = StringField(
        _l("Time frame"), validators=[Length(max=TIME_FRAME_MAX_LENGTH, message=_l("At most %(max)d characters, please."))],
        description=_l("For example: before June 2027, during the 2026 budget year."),
    )
    tags = MultiCheckboxField(_l("Tags"), coerce=int)
    submit = SubmitField(_l("Publish"))

    def _is_need(self) -> bool:
        return self.kind.data == ThreadKind.NEED

    def need_details(self) -> NeedDetails:
        """What the need fields hold (the services ignore them unless the thread is a need)."""
        return NeedDetails(self.expectation.data or "", self.time_frame.data or "")

    def validate_expectation(self, field):
        if self._is_need() and not field.data:
            raise ValidationError(_l("Choose what you expect from the experts."))

    def validate_time_frame(self, field):
        if self._is_need() and not (field.data or "").strip():
            raise ValidationError(_l("Say by when you need it."))

    def validate_tags(self, field):
        limit = current_app.config["MAX_TAGS_PER_THREAD"]
        if len(field.data or []) > limit:
            raise ValidationError(_l("At most %(limit)d tags.", limit=limit))


class ReplyForm(_BodyMixin, Form):
    submit = SubmitField(_l("Reply"))


class EditPostForm(_BodyMixin, Form):
    submit = SubmitField(_l("Save"))


# The two forms below share the thread page with the reply form: their own ids keep every
# id on that page unique (the field names, which the /mod views read, stay the same).
class MoveThreadForm(Form):
    board = SelectField(_l("Move to board"), coerce=int, id="move-board")
    submit = SubmitField(_l("Move"), id="move-submit")


class ThreadTagsForm(Form):
    tags = MultiCheckboxField(_l("Tags"), coerce=int, id="retag-tags")
    submit = SubmitField(_l("Save tags"), id="retag-submit")


class NeedStatusForm(Form):
    """Move a need to another status; the view offers only the moves the rules allow."""

    status = SelectField(_l("Status of the need"))
    submit = SubmitField(_l("Change the status"))
