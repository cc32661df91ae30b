"""Form pieces shared by several domains."""

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class EmptyForm(FlaskForm):
    """One-button POST forms (pin, close, delete...): only the CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: easier than a multi-select on a phone, and needs no JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def object_choices(objects) -> list[SelectChoice]:
    """Choices for boards, tags...: value is the id, label the name."""
    return [SelectChoice(obj.id, obj.name) for obj in objects]


def label_choices(labels: dict) -> list[SelectChoice]:
    """Choices from an {enum member: translated label} mapping."""
    return [SelectChoice(str(value), label) for value, label in labels.items()]
