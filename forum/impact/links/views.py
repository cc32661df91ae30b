"""Recording and updating linking records; the impact readers' list and its CSV export."""

from datetime import date, timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import permissions
from forum.communes.services import list_communes
from forum.db import transaction
from forum.errors import NotAllowed
from forum.forms import EmptyForm, save_form
from forum.routing import existing_page, found_or_404, page_arg, requires
from forum.templating import thread_url
from forum.threads.services import get_thread

from ..exports import csv_response
from ..filters import filter_choices, read_filters
from ..settings import current_settings
from . import followups, listing, services
from .forms import LinkForm

bp = Blueprint("links", __name__)


def _form(thread, **data) -> LinkForm:
    form = LinkForm(**data)
    here, others = services.expert_choices(thread)
    form.set_choices(here, others, services.partner_choices(), list_communes())
    return form


def _record_fields(record) -> dict:
    amount = f"{record.amount:f}".replace(".", ",") if record.amount is not None else ""
    return {"kind": record.kind, "status": record.status, "occurred_on": record.occurred_on,
            "expert_id": record.expert_id, "partner_id": record.partner_id, "commune_id": record.commune_id,
            "organisation": record.organisation, "amount": amount, "currency": record.currency or "",
            "note": record.note}


@bp.route("/t/<int:thread_id>/links/new", methods=["GET", "POST"])
@login_required
def new(thread_id: int):
    thread = found_or_404(get_thread(thread_id), permissions.can_view_thread)
    if not permissions.can_record_link(current_user, thread):
        raise NotAllowed
    form = _form(thread, **(services.defaults_for(thread) if request.method == "GET" else {}))
    saved, record = save_form(form, lambda: services.create_record(current_user, thread, form.fields()))
    if saved:
        flash(_("The contact is recorded. You will be reminded to follow it up."), "success")
        return redirect(thread_url(thread, _anchor="links"))
    return render_template("impact/links/form.html", form=form, thread=thread, record=None)


@bp.route("/links/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit(record_id: int):
    record = found_or_404(services.get_record(record_id))
    if not permissions.can_edit_link(current_user, record):
        raise NotAllowed
    thread = record.thread
    form = _form(thread, **(_record_fields(record) if request.method == "GET" else {}))
    saved, changed = save_form(form, lambda: services.update_record(current_user, record, form.fields()))
    if saved:
        flash(_("The record is updated.") if changed else _("Nothing changed."), "success" if changed else "info")
        if thread is not None and permissions.can_view_thread(current_user, thread):
            return redirect(thread_url(thread, _anchor="links"))
        return redirect(url_for("links.edit", record_id=record.id))
    late = followups.overdue_follow_up(record, date.today())
    return render_template("impact/links/form.html", form=form, thread=thread, record=record, late=late,
                           delete_form=EmptyForm() if permissions.is_moderator(current_user) else None,
                           names_expert=True)


@bp.route("/links/<int:record_id>/delete", methods=["POST"])
@login_required
@transaction()
def delete(record_id: int):
    record = found_or_404(services.get_record(record_id))
    if not permissions.is_moderator(current_user):
        raise NotAllowed
    thread = record.thread
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("links.edit", record_id=record.id))
    services.delete_record(current_user, record)
    flash(_("The record is deleted."), "info")
    if thread is not None and permissions.can_view_thread(current_user, thread):
        return redirect(thread_url(thread, _anchor="links"))
    return redirect(url_for("links.index"))


# -- the impact readers' list -------------------------------------------------------------------

def _filters():
    """The list's filters and their choices; the default period runs a year ahead, so that
    planned contacts show."""
    choices = filter_choices()
    return read_filters(request.args, current_settings(), choices, today=date.today() + timedelta(days=366)), choices


@bp.route("/impact/links")
@requires(permissions.can_read_impact)
def index():
    parsed, choices = _filters()
    filters = parsed.filters
    records = existing_page(listing.records_page(filters, page_arg()))
    return render_template(
        "impact/links/index.html", parsed=parsed, filters=filters, choices=choices,
        overdue=listing.overdue_in(filters, followups.overdue(date.today())),
        records=records, items=services.shown(current_user, records.items),
    )


@bp.route("/impact/links.csv")
@requires(permissions.can_read_impact)
def export():
    parsed, _choices = _filters()
    header, rows = listing.csv_rows(parsed.filters, date.today())
    return csv_response("linking-records.csv", header, rows)
