"""The admins' board management: create, edit, reorder, archive."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import permissions
from forum.db import transaction
from forum.errors import NotAllowed
from forum.extensions import db
from forum.forms import EmptyForm, save_form

from . import services
from .forms import BoardForm
from .models import Board

bp = Blueprint("boards", __name__, url_prefix="/admin/boards")


@bp.before_request
@login_required
def _admins_only():
    if not permissions.can_manage_boards(current_user):
        raise NotAllowed


@bp.route("/", methods=["GET", "POST"])
def index():
    form = BoardForm()
    created, board = save_form(form, lambda: services.create_board(current_user, form.name.data, form.description.data or ""))
    if created:
        flash(_("Board %(name)s created.", name=board.name), "success")
        return redirect(url_for("boards.index"))
    return render_template(
        "boards/admin.html", boards=services.visible_boards(current_user), form=form, button_form=EmptyForm()
    )


@bp.route("/<int:board_id>", methods=["GET", "POST"])
def edit(board_id: int):
    board = db.get_or_404(Board, board_id)
    form = BoardForm(obj=board)
    if save_form(form, lambda: services.update_board(current_user, board, form.name.data, form.description.data or ""))[0]:
        flash(_("Board saved."), "success")
        return redirect(url_for("boards.index"))
    return render_template("boards/edit.html", board=board, form=form)


@bp.route("/<int:board_id>/<any(up,down):direction>", methods=["POST"])
@transaction()
def move(board_id: int, direction: str):
    services.move_board(current_user, db.get_or_404(Board, board_id), -1 if direction == "up" else 1)
    return redirect(url_for("boards.index"))


@bp.route("/<int:board_id>/<any(archive,unarchive):action>", methods=["POST"])
@transaction()
def archive(board_id: int, action: str):
    board = db.get_or_404(Board, board_id)
    services.set_board_archived(current_user, board, archived=action == "archive")
    if action == "archive":
        flash(_("Board %(name)s archived: hidden from members, read-only.", name=board.name), "success")
    else:
        flash(_("Board %(name)s is open again.", name=board.name), "success")
    return redirect(url_for("boards.index"))
