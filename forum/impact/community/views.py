"""The community manager's working views: the needs funnel and the needs no expert answered
(/impact/needs), the gaps (/impact/gaps), and their CSV exports."""


from flask import Blueprint, current_app, render_template, request
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from forum import permissions
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.routing import existing_page, page_arg, requires
from forum.templating import thread_url

from ..exports import csv_response
from ..filters import FilterChoices, ParsedFilters, filter_choices, read_filters
from ..settings import current_settings
from . import funnel, gaps

bp = Blueprint("community", __name__)

PER_PAGE = 50


def _filters() -> tuple[ParsedFilters, FilterChoices]:
    choices = filter_choices()
    return read_filters(request.args, current_settings(), choices), choices


def _days(value: float | None) -> str:
    return "" if value is None else format_decimal(round(value, 1), format="#,##0.0")


def _percent(value: float | None) -> str:
    return "" if value is None else format_percent(value, format="#,##0%")


def _tags(thread) -> str:
    return ", ".join(tag.name for tag in thread.tags)


# -- the needs funnel ----------------------------------------------------------------------------

@bp.route("/impact/needs")
@requires(permissions.can_read_impact)
def needs():
    parsed, choices = _filters()
    now, days, cutoff = utcnow(), current_app.config["IMPACT_UNANSWERED_DAYS"], funnel.unanswered_cutoff()
    rows = funnel.need_dates(parsed.filters)
    # The funnel's rows say how many wait: no count statement over the same needs.
    unanswered = db.paginate(funnel.unanswered_needs(parsed.filters, cutoff), page=page_arg(), per_page=PER_PAGE,
                             error_out=False, count=False)
    unanswered.total = funnel.waiting_count(rows, cutoff)
    overall, by_board = funnel.needs_funnel(rows)
    axes = [(board, by_board[board.id]) for board in choices.boards if board.id in by_board]
    return render_template("impact/community/needs.html", parsed=parsed, choices=choices,
                           unanswered=existing_page(unanswered), funnel=overall, axes=axes, days=days, now=now,
                           format_days=_days, format_percent=_percent)


def _funnel_rows(label, figures: funnel.Funnel):
    for stage in [*figures.stages, figures.posted_to_done]:
        name = stage.label if stage is not figures.posted_to_done else _("Posted to done")
        yield [label, name, stage.count, _percent(stage.conversion), _days(stage.median_days), stage.timed]


@bp.route("/impact/needs.csv")
@requires(permissions.can_read_impact)
def needs_csv():
    parsed, choices = _filters()
    overall, by_board = funnel.needs_funnel(funnel.need_dates(parsed.filters))
    rows = list(_funnel_rows(_("All axes"), overall))
    for board in choices.boards:
        if board.id in by_board:
            rows += _funnel_rows(board.name, by_board[board.id])
    header = [_("PCD axis"), _("Stage"), _("Needs"), _("Conversion from the previous stage"),
              _("Median days from the previous stage"), _("Needs timed")]
    return csv_response("needs-funnel.csv", header, rows)


@bp.route("/impact/needs/unanswered.csv")
@requires(permissions.can_read_impact)
def unanswered_csv():
    parsed, _choices = _filters()
    now = utcnow()
    threads = db.session.scalars(funnel.unanswered_needs(parsed.filters, funnel.unanswered_cutoff()))
    header = [_("Need"), _("Commune"), _("Province"), _("PCD axis"), _("Status"), _("Posted"), _("Age (days)"),
              _("Tags"), _("Link")]
    rows = ([t.title, t.need.commune.name if t.need.commune else "", t.need.commune.province if t.need.commune else "",
             t.board.name, t.need.status_label, t.created_at, (now - t.created_at).days, _tags(t),
             thread_url(t, _external=True)] for t in threads.unique())
    return csv_response("needs-unanswered.csv", header, rows)


# -- the gaps --------------------------------------------------------------------------------------

@bp.route("/impact/gaps")
@requires(permissions.can_read_impact)
def gaps_page():
    parsed, choices = _filters()
    now = utcnow()
    unmet_needs = existing_page(db.paginate(gaps.unmet_needs(parsed.filters), page=page_arg(), per_page=PER_PAGE,
                                            error_out=False))
    return render_template(
        "impact/community/gaps.html", parsed=parsed, choices=choices, now=now,
        tags=gaps.unmet_tags(parsed.filters), unmet_needs=unmet_needs, experts=gaps.idle_experts(parsed.filters),
        communes=gaps.quiet_communes(parsed.filters, now, current_app.config["IMPACT_ACTIVE_DAYS"]),
        active_days=current_app.config["IMPACT_ACTIVE_DAYS"],
    )


@bp.route("/impact/gaps/tags.csv")
@requires(permissions.can_read_impact)
def gaps_tags_csv():
    parsed, _choices = _filters()
    header = [_("Tag"), _("Open threads asking"), _("Experts who have it without showing it")]
    return csv_response("gaps-tags.csv", header,
                        ([gap.tag.name, gap.threads, gap.hidden_experts] for gap in gaps.unmet_tags(parsed.filters)))


@bp.route("/impact/gaps/experts.csv")
@requires(permissions.can_read_impact)
def gaps_experts_csv():
    parsed, _choices = _filters()
    header = [_("Expert"), _("Username"), _("Skills nobody asked for"), _("Skills asked for")]
    rows = ([e.expert.display_name, e.expert.username, ", ".join(tag.name for tag in e.unasked), e.asked]
            for e in gaps.idle_experts(parsed.filters))
    return csv_response("gaps-experts.csv", header, rows)


@bp.route("/impact/gaps/communes.csv")
@requires(permissions.can_read_impact)
def gaps_communes_csv():
    parsed, _choices = _filters()
    header = [_("Commune"), _("Province"), _("Commune officials"), _("Last seen")]
    rows = ([q.commune.name, q.commune.province, q.officials, q.last_seen_at]
            for q in gaps.quiet_communes(parsed.filters, utcnow(), current_app.config["IMPACT_ACTIVE_DAYS"]))
    return csv_response("gaps-communes.csv", header, rows)
