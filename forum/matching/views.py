"""Pages where questions meet experts: the expert directory, "questions for you",
and invitations (the thread view asks services.experts_panel for its panel)."""

from flask import Blueprint, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import permissions
from forum.db import transaction
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import limiter, user_rate_key
from forum.people.models import AVAILABILITY_LABELS, LANGUAGE_LABELS
from forum.people.services import get_user_by_username
from forum.routing import existing_page, found_or_404, page_arg
from forum.tags.services import all_tags, get_tag
from forum.templating import thread_url
from forum.threads.services import get_thread

from . import (
    directory,
    models,  # noqa: F401  (the blueprint's tables)
    services,
)
from .forms import ExpertFilterForm, InviteExpertForm

bp = Blueprint("matching", __name__)


# -- experts ----------------------------------------------------------------------------------

@bp.route("/experts")
def experts():
    form = ExpertFilterForm(formdata=request.args)
    form.set_choices(all_tags(), directory.expert_countries())
    form.validate()
    skill = form.valid_value("skill")
    filters = directory.ExpertFilters(
        skill=get_tag(skill) if skill else None,
        country=form.valid_value("country") or None,
        language=form.valid_value("language") or None,
        availability=form.valid_value("availability") or None,
        q=form.valid_value("q"),
    )
    found = existing_page(directory.search_experts(filters, page_arg()))
    counts = directory.expert_counts(user.id for user in found.items)
    return render_template(
        "matching/experts.html", form=form, found=found, counts=counts,
        language_labels=LANGUAGE_LABELS, availability_labels=AVAILABILITY_LABELS,
    )


@bp.route("/for-you")
@login_required
def for_you():
    if not current_user.is_expert:
        return render_template("matching/for_you.html", expert=False)
    skill_ids = {tag.id for tag in current_user.skills}
    return render_template(
        "matching/for_you.html", expert=True, skill_ids=skill_ids,
        invitations=services.invitations_for(current_user),
        threads=existing_page(services.questions_for(current_user, page_arg())) if skill_ids else None,
    )


@bp.route("/t/<int:thread_id>/invite", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["INVITE_RATE_LIMIT"], key_func=user_rate_key)
@transaction()
def invite(thread_id: int):
    thread = found_or_404(get_thread(thread_id), permissions.can_view_thread)
    if not permissions.can_invite_experts(current_user, thread):
        raise NotAllowed
    back = redirect(thread_url(thread, _anchor="experts"))
    form = InviteExpertForm()
    if not form.validate_on_submit():
        flash(_("Choose an expert to invite."), "error")
        return back
    expert = get_user_by_username(form.expert.data)
    if expert is None:
        flash(_("There is no member with the username “%(name)s”.", name=form.expert.data.strip()), "error")
        return back
    try:
        _invitation, created = services.invite_expert(current_user, thread, expert)
    except InvalidInput as error:
        flash(str(error.message), "error")
        return back
    if created:
        flash(_("%(name)s is invited to answer. The invitation is on their “Questions for you” page.",
                name=expert.display_name), "success")
    else:
        flash(_("%(name)s was already invited to this thread.", name=expert.display_name), "info")
    return back
