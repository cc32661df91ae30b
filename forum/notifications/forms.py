"""Forms of the notification pages."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SubmitField

from forum.forms import Form, label_choices

from .models import WATCH_LEVEL_LABELS


class WatchForm(Form):
    """How closely to follow a thread, board or tag: a select and a button (no script)."""

    level = SelectField(_l("Notifications"))
    submit = SubmitField(_l("Save"))


def watch_form(levels, current) -> WatchForm:
    """The control for a target offering `levels` (THREAD_LEVELS, BOARD_LEVELS...), on `current`."""
    form = WatchForm(prefix="watch", level=str(current))
    form.level.choices = label_choices({level: WATCH_LEVEL_LABELS[level] for level in levels})
    return form
