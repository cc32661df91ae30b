"""Writing, reviewing and reading capitalisation cards: the Bibliothèque."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from forum import permissions
from forum.boards import services as boards
from forum.communes.services import get_commune_by_id, list_communes
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.forms import EmptyForm, object_choices, save_form
from forum.routing import existing_page, found_or_404, page_arg, requires
from forum.tags import services as tags
from forum.templating import post_url
from forum.threads import services as threads

from . import services
from .forms import CardForm, ReturnCardForm
from .services import SECTION_LABELS

bp = Blueprint("cards", __name__)

LIBRARY_PER_PAGE = 30


def _visible_card(card_id: int):
    """The card, or a 404 to whoever may not see it (a draft is its writer's and the moderators')."""
    return found_or_404(services.get_card(card_id), services.may_see)


def _choices(form: CardForm, current_board_id: int | None = None) -> None:
    form.commune.choices = [SelectChoice("", _("No commune")), *object_choices(list_communes())]
    form.board.choices = object_choices(
        b for b in boards.visible_boards(current_user) if not b.is_archived or b.id == current_board_id)
    form.tags.choices = object_choices(tags.all_tags())


def _chosen(form: CardForm) -> dict:
    board = next(b for b in boards.visible_boards(current_user) if b.id == form.board.data)
    commune = get_commune_by_id(form.commune.data) if form.commune.data else None
    return {"board": board, "commune": commune, "tags": tags.tags_by_ids(form.tags.data or [])}


# -- writing -------------------------------------------------------------------------------

@bp.route("/t/<int:thread_id>/card/new", methods=["GET", "POST"])
@login_required
def new(thread_id: int):
    thread = found_or_404(threads.get_thread(thread_id), permissions.can_view_thread)
    if not permissions.can_write_card(current_user, thread):
        raise NotAllowed
    existing = services.card_of_thread(thread)
    if existing is not None:
        flash(_("This thread has a capitalisation card already."), "info")
        return redirect(url_for("cards.show", card_id=existing.id))
    form = CardForm(data=services.prefilled(thread)) if request.method == "GET" else CardForm()
    _choices(form)
    saved, card = save_form(form, lambda: services.create_card(
        current_user, thread, form.fields(), submit=form.submit_review.data, **_chosen(form)))
    if saved:
        flash(_("Your card is submitted for review.") if card.status == "submitted" else _("Your draft is saved."),
              "success")
        return redirect(url_for("cards.show", card_id=card.id))
    return render_template("impact/cards/edit.html", form=form, thread=thread, card=None,
                           section_labels=SECTION_LABELS)


@bp.route("/cards/<int:card_id>/edit", methods=["GET", "POST"])
@login_required
def edit(card_id: int):
    card = _visible_card(card_id)
    if not permissions.can_edit_card(current_user, card):
        raise NotAllowed
    if request.method == "GET":
        form = CardForm(obj=card, commune=card.commune_id, board=card.board_id, tags=[t.id for t in card.tags])
    else:
        form = CardForm()
    _choices(form, card.board_id)
    submit = form.submit_review.data and card.status == "draft" and card.author_id == current_user.id

    def save():
        services.update_card(current_user, card, form.fields(), **_chosen(form))
        if submit:
            services.submit_card(current_user, card)
        return card

    if save_form(form, save)[0]:
        flash(_("Your card is submitted for review.") if submit else _("The card is saved."), "success")
        return redirect(url_for("cards.show", card_id=card.id))
    return render_template("impact/cards/edit.html", form=form, thread=card.thread, card=card,
                           section_labels=SECTION_LABELS)


def _status_action(card_id: int, action, message: str):
    card = _visible_card(card_id)
    if EmptyForm().validate_on_submit():
        try:
            with transaction():
                action(card)
        except InvalidInput as error:
            flash(error.message, "error")
        else:
            flash(message, "success")
    return redirect(url_for("cards.show", card_id=card.id))


@bp.route("/cards/<int:card_id>/submit", methods=["POST"])
@login_required
def submit(card_id: int):
    card = _visible_card(card_id)
    if card.author_id != current_user.id or not permissions.can_edit_card(current_user, card):
        raise NotAllowed
    return _status_action(card_id, lambda c: services.submit_card(current_user, c),
                          _("Your card is submitted for review."))


@bp.route("/cards/<int:card_id>/publish", methods=["POST"])
@requires(permissions.can_review_cards)
def publish(card_id: int):
    return _status_action(card_id, lambda c: services.publish_card(current_user, c),
                          _("The card is published in the Bibliothèque."))


@bp.route("/cards/<int:card_id>/return", methods=["POST"])
@requires(permissions.can_review_cards)
def send_back(card_id: int):
    card = _visible_card(card_id)
    form = ReturnCardForm()
    if save_form(form, lambda: services.return_card(current_user, card, form.message.data))[0]:
        flash(_("The card is back to draft; its writer has your message."), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    return redirect(url_for("cards.show", card_id=card.id))


@bp.route("/mod/cards")
@requires(permissions.can_review_cards)
def queue():
    return render_template("impact/cards/queue.html", cards=services.review_queue())


# -- reading -------------------------------------------------------------------------------

@bp.route("/bibliotheque/<int:card_id>")
def show(card_id: int):
    card = _visible_card(card_id)
    thread_visible = permissions.can_view_thread(current_user, card.thread)
    solution = card.solution_post if card.solution_post and not card.solution_post.is_deleted else None
    return render_template(
        "impact/cards/show.html", card=card, thread_visible=thread_visible,
        solution_url=post_url(card.thread, solution.number) if solution and thread_visible else None,
        can_edit=permissions.can_edit_card(current_user, card),
        can_submit=(card.status == "draft" and current_user.is_authenticated and card.author_id == current_user.id),
        can_review=permissions.can_review_cards(current_user),
        return_form=ReturnCardForm() if permissions.can_review_cards(current_user) else None,
        returned=services.return_message(card) if not card.is_published else None,
    )


@bp.route("/bibliotheque")
def library():
    tag = tags.get_tag(request.args["tag"]) if request.args.get("tag") else None
    board = boards.get_board(request.args["axis"]) if request.args.get("axis") else None
    if (request.args.get("tag") and tag is None) or (request.args.get("axis") and board is None):
        abort(404)
    if board is not None and not permissions.can_view_board(current_user, board):
        abort(404)
    cards = existing_page(services.library_page(current_user, page_arg(), LIBRARY_PER_PAGE, tag=tag, board=board))
    groups: list[tuple] = []
    for card in cards.items:
        if not groups or groups[-1][0].id != card.board_id:
            groups.append((card.board, []))
        groups[-1][1].append(card)
    return render_template(
        "impact/cards/library.html", cards=cards, groups=groups, tag=tag, axis=board,
        axes=services.library_axes(current_user), tags=services.library_tags(current_user), mine=services.cards_in_progress(current_user),
    )


@bp.route("/bibliotheque/livret")
def booklet():
    cards = services.booklet_cards(current_user)
    return render_template("impact/cards/booklet.html", cards=cards, now=utcnow(),
                           site_url=current_app.config.get("BASE_URL", ""))
