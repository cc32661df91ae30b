"""Form pieces shared by several domains."""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class EmptyForm(FlaskForm):
    """One-button POST forms (pin, close, delete...): only the CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: easier than a multi-select on a phone, and needs no JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
