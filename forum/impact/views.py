"""The coordinator's pages: the dashboard against the targets, its lists, charts and exports."""

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum import permissions
from forum.forms import save_form
from forum.routing import requires

from . import charts, dashboard, definitions
from .community import funnel
from .exports import csv_response
from .filters import filter_choices, read_filters
from .forms import ImpactSettingsForm
from .links import followups, listing
from .settings import TARGET_FIELDS, current_settings, update_settings

bp = Blueprint("impact", __name__)

readers_only = requires(permissions.can_read_impact)


def _filtered():
    """(settings, filter choices, parsed filters) of this request."""
    settings = current_settings()
    choices = filter_choices()
    return settings, choices, read_filters(request.args, settings, choices)


def _figure_of(slug: str) -> str:
    figure = dashboard.FIGURE_OF_SLUG.get(slug)
    if figure is None:
        abort(404)
    return figure


@bp.route("/impact")
@readers_only
def index():
    settings, choices, parsed = _filtered()
    board = dashboard.build_dashboard(parsed.filters, settings, choices)
    # What the community manager has to follow up: two statements, whatever the forum's size.
    waiting = funnel.waiting_count(funnel.need_dates(parsed.filters), funnel.unanswered_cutoff())
    overdue = listing.overdue_in(parsed.filters, followups.overdue(date.today()))
    return render_template("impact/dashboard.html", dashboard=board, charts=charts.all_charts(board),
                           choices=choices, parsed=parsed, settings=settings, overdue=overdue,
                           waiting=waiting, unanswered_days=current_app.config["IMPACT_UNANSWERED_DAYS"])


@bp.route("/impact/<any(migrants, 'communes-engaged', actors, 'communes-strengthened'):slug>")
@readers_only
def figure_list(slug: str):
    figure = _figure_of(slug)
    settings, choices, parsed = _filtered()
    return render_template("impact/list.html", figure=figure, slug=slug, label=definitions.LABELS[figure],
                           explanation=definitions.EXPLANATIONS[figure], is_people=definitions.SUBJECTS[figure] == "user",
                           entries=dashboard.figure_list(figure, parsed.filters), choices=choices, parsed=parsed)


@bp.route("/impact/<any(migrants, 'communes-engaged', actors, 'communes-strengthened'):slug>.csv")
@readers_only
def figure_csv(slug: str):
    figure = _figure_of(slug)
    _settings, _choices, parsed = _filtered()
    header, rows = dashboard.list_rows(figure, dashboard.figure_list(figure, parsed.filters))
    period = f"{parsed.filters.start.isoformat()}_{parsed.filters.end.isoformat()}"
    return csv_response(f"impact-{slug}-{period}.csv", header, rows)


@bp.route("/impact/monthly.csv")
@readers_only
def monthly_csv():
    settings, choices, parsed = _filtered()
    header, rows = dashboard.monthly_rows(dashboard.build_dashboard(parsed.filters, settings, choices))
    period = f"{parsed.filters.start.isoformat()}_{parsed.filters.end.isoformat()}"
    return csv_response(f"impact-monthly-{period}.csv", header, rows)


@bp.route("/impact/report")
@readers_only
def report():
    settings, choices, parsed = _filtered()
    board = dashboard.build_dashboard(parsed.filters, settings, choices)
    return render_template("impact/report.html", dashboard=board, charts=charts.all_charts(board),
                           names=dashboard.named_subjects(board), choices=choices, parsed=parsed,
                           labels=definitions.LABELS, subjects=definitions.SUBJECTS)


@bp.route("/impact/settings", methods=["GET", "POST"])
@requires(permissions.can_change_impact_settings)
def settings():
    saved = current_settings()
    form = ImpactSettingsForm(obj=saved)
    done, _saved = save_form(form, lambda: update_settings(
        current_user, start_date=form.start_date.data, end_date=form.end_date.data,
        **{name: getattr(form, name).data for name in TARGET_FIELDS}))
    if done:
        flash(_("Impact settings saved."), "success")
        return redirect(url_for("impact.index"))
    return render_template("impact/settings.html", form=form)
