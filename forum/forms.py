"""Form pieces shared by several domains."""

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import SUBMIT_METHODS, _Auto
from wtforms import HiddenField, SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from forum.db import transaction
from forum.errors import InvalidInput


def _no_nul(value):
    """NUL characters cannot be stored in PostgreSQL text: replace them, whatever the field."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


class Form(FlaskForm):
    """The base of every form: FlaskForm (CSRF) plus input cleaning common to all fields."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            """Only the form fields of a submitted request: our forms have no file fields, and
            Flask-WTF would merge in file parts (a FileStorage where text is expected) and JSON."""
            if formdata is _Auto:
                return (request.form or None) if request.method in SUBMIT_METHODS else None
            return formdata

        def bind_field(self, form, unbound_field, options):
            options["filters"] = (*options.get("filters", ()), _no_nul)
            if issubclass(unbound_field.field_class, HiddenField):
                # No label points at a hidden input: without an id, two forms on a page
                # (each with its CSRF token) do not repeat one.
                options["render_kw"] = {**unbound_field.kwargs.get("render_kw", {}), "id": False}
            return unbound_field.bind(form=form, **options)


class EmptyForm(Form):
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


def save_form(form, action):
    """Validate `form`, then run `action()`, service calls, as one transaction.

    Returns (True, result) on success, or (False, None) when the form must be shown again;
    an InvalidInput raised by a service is shown on the field it names, and nothing the
    action wrote is kept (inside a view's own transaction(), only the action's writes go).
    """
    if not form.validate_on_submit():
        return False, None
    try:
        with transaction():
            return True, action()
    except InvalidInput as error:
        getattr(form, error.field).errors.append(error.message)
        return False, None
