"""The search page, the similar-questions fragment and the search log."""

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_required

from forum import permissions
from forum.boards.services import get_board, visible_boards
from forum.db import transaction
from forum.errors import NotAllowed
from forum.routing import existing_page, page_arg

from . import service

bp = Blueprint("search", __name__)


@bp.route("/search")
def results():
    text = request.args.get("q", "")
    board = get_board(request.args["board"]) if request.args.get("board") else None
    page = page_arg()
    found = service.search(current_user, text, page=page, per_page=current_app.config["SEARCH_RESULTS_PER_PAGE"],
                           board=board, order=request.args.get("order"), correct=not request.args.get("exact"))
    if not found.total_capped:  # a capped total is a lower bound: pages beyond it may exist
        existing_page(found)
    ask_boards = _ask_boards() if found.total == 0 and found.question_title else []
    html = render_template("search/results.html", found=found, board=board, ask_boards=ask_boards)
    if text.strip() and page == 1:  # once the page is rendered: its commit expires nothing it shows
        with transaction():
            service.log_search(text, found.total, current_user)
    return html


def _ask_boards():
    """Boards where the visitor may ask the question that found nothing (anonymous visitors
    too: the new-thread page asks them to log in first)."""
    return [b for b in visible_boards(current_user) if not b.is_archived
            and (not current_user.is_authenticated or permissions.can_create_thread(current_user, b))]


@bp.route("/search/similar")
def similar():
    """Threads close to a title being typed: an HTML fragment for the new-thread form's script."""
    threads = service.similar_threads(current_user, request.args.get("title", "")[:200])
    return render_template("search/_similar.html", similar=threads)


@bp.route("/search/log")
@login_required
def log():
    if not permissions.can_read_mod_log(current_user):
        raise NotAllowed
    days = min(max(request.args.get("days", 30, type=int), 1), 366)
    frequent, empty = service.search_log_report(days)
    return render_template("search/log.html", frequent=frequent, empty=empty, days=days)

