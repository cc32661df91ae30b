"""Commune pages (the list by province, each commune) and the admins' commune list (/admin/communes)."""


from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum import permissions
from forum.db import transaction
from forum.errors import InvalidInput
from forum.extensions import db
from forum.forms import EmptyForm, save_form
from forum.impact.links.services import records_for_commune
from forum.people import communes as people
from forum.routing import existing_page, page_arg, requires
from forum.threads import communes as threads
from forum.threads.services import needs_list

from . import services
from .forms import CommuneForm
from .models import Commune

bp = Blueprint("communes", __name__)


@bp.route("/communes")
def index():
    return render_template(
        "communes/index.html", provinces=services.communes_by_province(),
        members=people.local_member_counts(), open_needs=threads.open_need_counts(current_user),
    )


@bp.route("/c/<slug>")
def show(slug: str):
    commune = db.first_or_404(db.select(Commune).where(Commune.slug == slug))
    return render_template(
        "communes/show.html", commune=commune,
        members=people.local_members(commune),
        needs=needs_list(current_user, commune=commune),
        threads=existing_page(threads.commune_threads(current_user, commune, page_arg())),
        link_records=records_for_commune(current_user, commune),
    )


# -- the commune list (admins) ------------------------------------------------------------------


@bp.route("/admin/communes", methods=["GET", "POST"])
@requires(permissions.can_manage_communes)
def admin():
    form = CommuneForm()
    created, commune = save_form(form, lambda: services.create_commune(
        current_user, form.name.data, form.province.data, form.region.data))
    if created:
        flash(_("Commune %(name)s added.", name=commune.name), "success")
        return redirect(url_for("communes.admin"))
    return render_template("communes/admin.html", communes=services.list_communes(),
                           members=people.member_counts(), form=form)


@bp.route("/admin/communes/<int:commune_id>", methods=["GET", "POST"])
@requires(permissions.can_manage_communes)
def edit(commune_id: int):
    commune = db.get_or_404(Commune, commune_id)
    form = CommuneForm(obj=commune)
    if save_form(form, lambda: services.update_commune(
            current_user, commune, form.name.data, form.province.data, form.region.data))[0]:
        flash(_("Commune saved."), "success")
        return redirect(url_for("communes.admin"))
    return render_template("communes/edit.html", commune=commune, form=form, members=people.member_count(commune))


@bp.route("/admin/communes/<int:commune_id>/delete", methods=["POST"])
@requires(permissions.can_manage_communes)
@transaction()
def delete(commune_id: int):
    commune = db.get_or_404(Commune, commune_id)
    if EmptyForm().validate_on_submit():
        name = commune.name
        try:
            services.delete_commune(current_user, commune, members=people.member_count(commune),
                                    needs=threads.need_count(commune))
        except InvalidInput as error:
            flash(error.message, "error")
        else:
            flash(_("Commune %(name)s deleted.", name=name), "success")
    return redirect(url_for("communes.admin"))
