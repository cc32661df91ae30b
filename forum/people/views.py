"""User pages: profile, profile editing, roles; the admins' commune list."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_remembered, login_required, login_user

from forum import permissions
from forum.auth import verification
from forum.communes.services import list_communes
from forum.db import transaction

# Views are the top layer: a profile page shows the person's threads and the profile form
# offers the tag vocabulary as skills. Services and models keep the one-way dependency rule
# (people <- boards <- threads).
from forum.errors import NotAllowed
from forum.forms import save_form
from forum.impact.links.services import records_for_member
from forum.routing import existing_page, found_or_404, page_arg
from forum.tags.services import all_tags
from forum.templating import safe_next
from forum.text import fold
from forum.threads.services import answer_count, solution_count, user_solutions, user_threads

from . import profiles, services
from .forms import PasswordForm, ProfileForm, RoleForm
from .models import AVAILABILITY_LABELS, LANGUAGE_LABELS, ORGANISATION_LABELS, POSITION_LABELS

bp = Blueprint("people", __name__)


# Enum labels the profile page shows, by field.
_PROFILE_LABELS = {
    "position": POSITION_LABELS, "languages": LANGUAGE_LABELS, "availability": AVAILABILITY_LABELS,
    "organisation_type": ORGANISATION_LABELS,
}


@bp.route("/u")
def index():
    users = existing_page(services.list_users(page_arg(), per_page=50))
    return render_template("people/index.html", users=users)


@bp.route("/u/<username>")
def show(username: str):
    user = found_or_404(services.get_user_by_username(username))
    threads = user_threads(current_user, user)
    contributions = {"answers": answer_count(user), "solutions": solution_count(user),
                     "solved": user_solutions(current_user, user)}
    role_form = RoleForm(role=user.role) if permissions.can_change_role(current_user, user) else None
    return render_template(
        "people/show.html", user=user, threads=threads, contributions=contributions, role_form=role_form,
        visible=profiles.visible_expert_fields(current_user, user), labels=_PROFILE_LABELS,
        skills=sorted(user.skills, key=lambda tag: fold(tag.name)) if user.is_expert else [],
        link_records=records_for_member(current_user, user),
    )


@bp.route("/u/<username>/edit", methods=["GET", "POST"])
@login_required
@transaction()
def edit(username: str):
    user = found_or_404(services.get_user_by_username(username))
    if not permissions.can_edit_profile(current_user, user):
        raise NotAllowed
    form = ProfileForm(data=profiles.profile_data(user))
    form.set_choices(list_communes(), all_tags())
    password_form = PasswordForm(prefix="pw")
    if request.method == "POST" and "pw-submit" in request.form:
        if user.id != current_user.id:
            raise NotAllowed
        changed, _user = save_form(password_form, lambda: services.change_password(
            user, password_form.current_password.data, password_form.password.data))
        if changed:
            # Every session of the member ended with the old password; this browser gets a new one.
            remember = login_remembered()
            login_user(services.start_session(user, remember=remember), remember=remember)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("people.show", username=user.username))
    else:
        def save_profile():
            # A new address is used only once a link mailed to it is opened (forum.auth).
            fields = form.profile_fields()
            new_email = fields.pop("email")
            profiles.update_member_profile(current_user, user, **fields)
            return verification.request_email_change(user, new_email)

        saved, email_changing = save_form(form, save_profile)
        if saved:
            flash(_("Profile saved."), "success")
            if email_changing:
                flash(_("We sent a link to %(email)s: the new address will be used once you open it.",
                        email=verification.pending_email(user)), "info")
            return redirect(url_for("people.show", username=user.username))
    return render_template("people/edit.html", user=user, form=form, password_form=password_form,
                           pending_email=verification.pending_email(user))


@bp.route("/u/<username>/role", methods=["POST"])
@login_required
@transaction()
def change_role(username: str):
    user = found_or_404(services.get_user_by_username(username))
    form = RoleForm()
    if not permissions.can_change_role(current_user, user):
        raise NotAllowed
    if form.validate_on_submit():
        services.set_role(current_user, user, form.role.data)
        flash(_("%(name)s is now: %(role)s.", name=user.display_name, role=user.role_label), "success")
    return redirect(url_for("people.show", username=user.username))


@bp.route("/lang", methods=["GET", "POST"])
def set_language():
    """Remember the chosen language in a cookie (French unless the user picks another).

    The footer's form uses GET: the choice touches no session and no account, so it needs no
    CSRF token and the pages that show the form carry none (a POST still works, with its token).
    """
    response = redirect(safe_next(request.values.get("next"), url_for("threads.home")))
    lang = request.values.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, httponly=True, samesite="Lax")
    return response
