"""The forms of capitalisation cards: writing one, sending one back to its writer."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from forum.forms import Form, MultiCheckboxField

from .services import SECTION_LABELS, SECTION_MAX_LENGTH, TITLE_MAX_LENGTH, CardFields

_TOO_LONG = _l("At most %(max)d characters, please.")


def _optional_id(value):
    """A select's "" (none chosen) is None; anything else must be an id."""
    if value in (None, "", "None"):
        return None
    return int(value)


def _section(name: str, description=None, required: bool = False):
    validators = [Length(max=SECTION_MAX_LENGTH, message=_TOO_LONG)]
    if required:
        validators.insert(0, DataRequired(message=_l("This section is required.")))
    return TextAreaField(SECTION_LABELS[name], validators=validators, description=description)


class CardForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(min=3, max=TITLE_MAX_LENGTH, message=_l(
        "Between %(min)d and %(max)d characters, please."))])
    commune = SelectField(_l("Commune"), coerce=_optional_id)
    board = SelectField(_l("PCD axis"), coerce=int)
    tags = MultiCheckboxField(_l("Tags"), coerce=int)
    context = _section("context", _l("The commune, its situation, what was at stake."))
    problem = _section("problem", _l("What the commune needed to solve."), required=True)
    solution = _section("solution", _l("What was done, step by step."), required=True)
    costs = _section("costs", _l("What it cost (in MAD) and how long it took."))
    helpers = _section("helpers", _l("The experts, services and partners who helped."))
    watch_out = _section("watch_out", _l("The pitfalls, and what the next commune should know."))
    save = SubmitField(_l("Save draft"))
    submit_review = SubmitField(_l("Submit for review"))

    def fields(self) -> CardFields:
        return CardFields(title=self.title.data or "", context=self.context.data or "",
                          problem=self.problem.data or "", solution=self.solution.data or "",
                          costs=self.costs.data or "", helpers=self.helpers.data or "",
                          watch_out=self.watch_out.data or "")


class ReturnCardForm(Form):
    message = TextAreaField(_l("Message to the writer"), validators=[
        DataRequired(message=_l("Say what the writer should change.")),
        Length(max=2000, message=_TOO_LONG)])
    submit = SubmitField(_l("Send back to draft"))
