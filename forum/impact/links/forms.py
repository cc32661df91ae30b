"""The form that records a linking record, and updates it (the same fields)."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired

from forum.forms import Form, label_choices
from forum.impact.models import LINK_KIND_LABELS, LINK_STATUS_LABELS, Currency

from .services import NOTE_MAX, ORGANISATION_MAX


def _optional_id(value):
    """'' (nothing chosen) -> None; '12' -> 12; anything else stays as it is and matches no
    choice (the field's own "not a valid choice")."""
    if value in ("", None):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


class LinkForm(Form):
    kind = SelectField(_l("What happened"), choices=label_choices(LINK_KIND_LABELS),
                       validators=[InputRequired(_l("Choose what happened."))])
    occurred_on = DateField(_l("Date"), validators=[InputRequired(_l("Give the date (YYYY-MM-DD)."))],
                            description=_l("When it happened, or when it is planned."))
    status = SelectField(_l("Status"), choices=label_choices(LINK_STATUS_LABELS), default="planned",
                         validators=[InputRequired()])
    expert_id = SelectField(_l("Migrant expert"), coerce=_optional_id,
                            validators=[InputRequired(_l("Choose the migrant expert."))])
    partner_id = SelectField(_l("Partner on the local side"), coerce=_optional_id,
                             description=_l("A commune official or a local actor with an account (optional)."))
    commune_id = SelectField(_l("Commune"), coerce=_optional_id)
    organisation = StringField(_l("Organisations involved"), description=_l("Optional, in words."),
                               render_kw={"maxlength": ORGANISATION_MAX})
    amount = StringField(_l("Amount"), description=_l("Optional: for funding, for example 250000 or 1 250,50."),
                         render_kw={"inputmode": "decimal"})
    currency = SelectField(_l("Currency"), choices=[SelectChoice("", "—"), *(SelectChoice(c.value, c.value) for c in Currency)],
                           default="")
    note = TextAreaField(_l("Short note"), description=_l("Plain text, at most %(max)d characters.", max=NOTE_MAX),
                         render_kw={"rows": 4})
    submit = SubmitField(_l("Save"))

    def set_choices(self, experts_here, other_experts, partners, communes) -> None:
        """The experts who replied in the thread first (an optgroup), then all the others;
        the partners and communes with a "none" choice first."""
        here, others = _l("Replied in this thread"), _l("Other migrant experts")
        self.expert_id.choices = [SelectChoice("", _l("Choose…"))] + [
            SelectChoice(user.id, user.display_name, optgroup=here) for user in experts_here
        ] + [SelectChoice(user.id, user.display_name, optgroup=others) for user in other_experts]
        self.partner_id.choices = [SelectChoice("", "—")] + [
            SelectChoice(user.id, _partner_label(user)) for user in partners
        ]
        self.commune_id.choices = [SelectChoice("", "—")] + [
            SelectChoice(c.id, c.name, optgroup=c.province) for c in communes
        ]

    def fields(self) -> dict:
        """What the services take (forum.impact.links.services.create_record)."""
        return {"kind": self.kind.data, "status": self.status.data, "occurred_on": self.occurred_on.data,
                "expert_id": self.expert_id.data, "partner_id": self.partner_id.data,
                "commune_id": self.commune_id.data, "organisation": self.organisation.data or "",
                "amount": self.amount.data or "", "currency": self.currency.data or "", "note": self.note.data or ""}


def _partner_label(user) -> str:
    where = user.organisation_name if user.kind == "actor" else (user.commune.name if user.commune else "")
    return f"{user.display_name} ({where})" if where else user.display_name
