"""The community manager's tools: thread actions and the moderation log (tag tools: forum.tags.views)."""

from flask import Blueprint, flash, redirect, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from forum import permissions
from forum.boards import services as boards
from forum.db import transaction
from forum.errors import NotAllowed
from forum.forms import object_choices
from forum.routing import existing_page, found_or_404, page_arg
from forum.tags import services as tags
from forum.templating import thread_url
from forum.threads import services as threads
from forum.threads.forms import MoveThreadForm, ThreadTagsForm
from forum.threads.models import ThreadKind

from . import services

bp = Blueprint("moderation", __name__, url_prefix="/mod")

ACTION_LABELS = {
    "pinned": _l("pinned"), "unpinned": _l("unpinned"),
    "pinned_home": _l("pinned on the home page"), "unpinned_home": _l("unpinned from the home page"),
    "closed": _l("closed"), "reopened": _l("reopened"), "moved": _l("moved"), "retagged": _l("retagged"),
    "tag_created": _l("tag created"), "tag_renamed": _l("tag renamed"), "tag_merged": _l("tags merged"),
    "tag_deleted": _l("tag deleted"), "board_created": _l("board created"), "board_renamed": _l("board renamed"),
    "board_archived": _l("board archived"), "board_unarchived": _l("board unarchived"),
    "role_changed": _l("role changed"),
    "solution_marked": _l("solution marked"), "solution_unmarked": _l("solution unmarked"),
    "need_status": _l("need status changed"),
    "commune_created": _l("commune added"), "commune_updated": _l("commune edited"),
    "commune_deleted": _l("commune deleted"),
    "link_created": _l("linking record created"), "link_updated": _l("linking record updated"),
    "link_deleted": _l("linking record deleted"),
    # capitalisation cards (forum.impact.cards)
    "card_created": _l("card written"), "card_edited": _l("card edited"), "card_submitted": _l("card submitted"),
    "card_published": _l("card published"), "card_returned": _l("card sent back to draft"),
}


@bp.before_request
@login_required
def _staff_only():
    """Every page here is for moderators; the services check again for each action."""
    if not permissions.is_moderator(current_user):
        raise NotAllowed


@bp.route("/t/<int:thread_id>/<any(pin,unpin,pin_home,unpin_home,close,reopen):action>", methods=["POST"])
@transaction()
def thread_action(thread_id: int, action: str):
    thread = found_or_404(threads.get_thread(thread_id))
    if action in ("close", "reopen"):
        services.set_locked(current_user, thread, locked=action == "close")
    else:
        services.set_pinned(current_user, thread, pinned=action.startswith("pin"), on_home=action.endswith("home"))
    messages = {
        "pin": _("Thread pinned on its board."), "unpin": _("Thread unpinned."),
        "pin_home": _("Thread pinned on the home page."), "unpin_home": _("Thread unpinned from the home page."),
        "close": _("Thread closed: no more replies."), "reopen": _("Thread reopened."),
    }
    flash(messages[action], "success")
    return redirect(thread_url(thread))


@bp.route("/t/<int:thread_id>/move", methods=["POST"])
@transaction()
def move(thread_id: int):
    thread = found_or_404(threads.get_thread(thread_id))
    form = MoveThreadForm()
    form.board.choices = object_choices(boards.visible_boards(current_user))
    if form.validate_on_submit():
        target = next(b for b in boards.visible_boards(current_user) if b.id == form.board.data)
        old_board = thread.board
        services.move_thread(current_user, thread, target)
        if thread.kind == ThreadKind.NEED and target.id != old_board.id:
            flash(_("Need moved to %(board)s: its PCD axis changed from “%(old)s” to “%(new)s”.",
                    board=target.name, old=old_board.name, new=target.name), "success")
        else:
            flash(_("Thread moved to %(board)s.", board=target.name), "success")
    else:
        flash(_("Choose a board to move the thread to."), "error")
    return redirect(thread_url(thread))


@bp.route("/t/<int:thread_id>/tags", methods=["POST"])
@transaction()
def retag(thread_id: int):
    thread = found_or_404(threads.get_thread(thread_id))
    form = ThreadTagsForm()
    form.tags.choices = object_choices(tags.all_tags())
    if form.validate_on_submit():
        services.set_thread_tags(current_user, thread, tags.tags_by_ids(form.tags.data))
        flash(_("Tags saved."), "success")
    else:
        flash(_("Unknown tag."), "error")
    return redirect(thread_url(thread))


@bp.route("/log")
def log():
    if not permissions.can_read_mod_log(current_user):
        raise NotAllowed
    return render_template("moderation/log.html", entries=existing_page(services.mod_log(page_arg())), action_labels=ACTION_LABELS)
