"""Forms of the notification pages: watching, and the notification preferences."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SubmitField

from forum.forms import Form, label_choices

from .models import FREQUENCY_LABELS, KIND_LABELS, WATCH_LEVEL_LABELS, Frequency, NotificationKind
from .preferences import Choice


class WatchForm(Form):
    """How closely to follow a thread, board or tag: a select and a button (no script)."""

    level = SelectField(_l("Notifications"))
    submit = SubmitField(_l("Save"))


def watch_form(levels, current) -> WatchForm:
    """The control for a target offering `levels` (THREAD_LEVELS, BOARD_LEVELS...), on `current`."""
    form = WatchForm(prefix="watch", level=str(current))
    form.level.choices = label_choices({level: WATCH_LEVEL_LABELS[level] for level in levels})
    return form


class PreferencesForm(Form):
    """Two fields per kind, `<kind>_in_app` and `<kind>_email` (added below, one pair per
    NotificationKind, so a new kind gets its row without touching the form)."""

    submit = SubmitField(_l("Save my preferences"))

    @classmethod
    def for_choices(cls, choices: dict[NotificationKind, Choice]) -> "PreferencesForm":
        """The form showing `choices` (a submitted form keeps what was sent)."""
        data = {}
        for kind, choice in choices.items():
            data[f"{kind}_in_app"], data[f"{kind}_email"] = choice.in_app, str(choice.email)
        return cls(data=data)

    def rows(self):
        """(kind label, in-forum field, e-mail field) per kind, for the template."""
        return [(KIND_LABELS[kind], self[f"{kind}_in_app"], self[f"{kind}_email"]) for kind in NotificationKind]

    def choices(self) -> dict[NotificationKind, Choice]:
        return {kind: Choice(self[f"{kind}_in_app"].data, Frequency(self[f"{kind}_email"].data))
                for kind in NotificationKind}


for _kind in NotificationKind:
    setattr(PreferencesForm, f"{_kind}_in_app", BooleanField(_l("In the forum")))
    setattr(PreferencesForm, f"{_kind}_email", SelectField(_l("By e-mail"), choices=label_choices(FREQUENCY_LABELS)))
del _kind
