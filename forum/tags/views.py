"""Tag pages: the vocabulary, each tag's threads, and the community manager's tag tools (/mod/tags)."""


from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum import permissions
from forum.db import transaction
from forum.extensions import db
from forum.forms import object_choices, save_form
from forum.moderation import services as moderation
from forum.notifications import watching
from forum.notifications.forms import watch_form
from forum.notifications.models import TAG_LEVELS
from forum.routing import existing_page, page_arg, requires
from forum.threads import services as threads

from . import services
from .forms import MergeTagForm, TagForm
from .models import Tag

bp = Blueprint("tags", __name__)


@bp.route("/tags")
def index():
    return render_template("tags/index.html", tags=services.all_tags(), counts=threads.tag_thread_counts())


@bp.route("/tags/<slug>")
def show(slug: str):
    tag = db.first_or_404(db.select(Tag).where(Tag.slug == slug))
    found = existing_page(threads.tag_threads(current_user, tag, page_arg()))
    level, new_counts = watching.list_state(current_user, found.items, tag=tag)
    follow = watch_form(TAG_LEVELS, level) if permissions.can_watch(current_user) else None
    return render_template("tags/show.html", tag=tag, threads=found, watch_form=follow, new_counts=new_counts)


@bp.route("/mod/tags", methods=["GET", "POST"])
@requires(permissions.is_moderator)
def manage():
    form = TagForm()
    created, tag = save_form(form, lambda: services.create_tag(current_user, form.name.data, form.description.data or ""))
    if created:
        flash(_("Tag %(name)s created.", name=tag.name), "success")
        return redirect(url_for("tags.manage"))
    return render_template("tags/manage.html", form=form, tags=services.all_tags(), counts=threads.tag_thread_counts())


def _merge_form(tag: Tag) -> MergeTagForm:
    form = MergeTagForm(prefix="merge")
    form.target.choices = object_choices(t for t in services.all_tags() if t.id != tag.id)
    return form


@bp.route("/mod/tags/<int:tag_id>", methods=["GET", "POST"])
@requires(permissions.is_moderator)
def edit(tag_id: int):
    tag = db.get_or_404(Tag, tag_id)
    form = TagForm(obj=tag)
    if save_form(form, lambda: services.rename_tag(current_user, tag, form.name.data, form.description.data or ""))[0]:
        flash(_("Tag saved."), "success")
        return redirect(url_for("tags.manage"))
    return render_template("tags/edit.html", tag=tag, form=form, merge_form=_merge_form(tag))


@bp.route("/mod/tags/<int:tag_id>/merge", methods=["POST"])
@requires(permissions.is_moderator)
@transaction()
def merge(tag_id: int):
    tag = db.get_or_404(Tag, tag_id)
    form = _merge_form(tag)
    if not form.validate_on_submit():
        flash(_("Choose the tag to merge into."), "error")
        return redirect(url_for("tags.edit", tag_id=tag.id))
    target = db.get_or_404(Tag, form.target.data)
    name = tag.name
    moderation.merge_tags(current_user, tag, target)
    flash(_("Tag %(source)s merged into %(target)s.", source=name, target=target.name), "success")
    return redirect(url_for("tags.manage"))


@bp.route("/mod/tags/<int:tag_id>/delete", methods=["POST"])
@requires(permissions.is_moderator)
@transaction()
def delete(tag_id: int):
    tag = db.get_or_404(Tag, tag_id)
    name = tag.name
    moderation.delete_tag(current_user, tag)
    flash(_("Tag %(name)s deleted.", name=name), "success")
    return redirect(url_for("tags.manage"))
