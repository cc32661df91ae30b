"""Pages that list and show threads (home, boards, questions, needs) and the forms that
write posts, mark solutions and move needs."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import permissions
from forum.boards import services as boards
from forum.communes.services import get_commune
from forum.db import transaction
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import limiter, user_rate_key
from forum.forms import EmptyForm, label_choices, object_choices, save_form
from forum.impact.cards.services import thread_block as card_block
from forum.impact.links import services as links
from forum.matching.services import experts_panel
from forum.notifications import bell, watching
from forum.notifications.forms import watch_form
from forum.notifications.models import BOARD_LEVELS, THREAD_LEVELS
from forum.routing import existing_page, found_or_404, id_arg, page_arg
from forum.search.service import similar_threads
from forum.tags import services as tags
from forum.templating import post_url, thread_url

from . import needs as need_rules
from . import services, solutions
from .forms import EditPostForm, MoveThreadForm, NeedStatusForm, ReplyForm, ThreadForm, ThreadTagsForm
from .models import KIND_LABELS, NEED_STATUS_LABELS, SOLVABLE_KINDS, NeedStatus, ThreadKind

bp = Blueprint("threads", __name__)


def _is_preview() -> bool:
    return "preview" in request.form


# Applied to every form that publishes a post; previews do not count.
posting_limit = limiter.limit(lambda: current_app.config["POST_RATE_LIMIT"], key_func=user_rate_key,
                              methods=["POST"], exempt_when=_is_preview)
# Previews render Markdown as posts do: one count per member across every writing form.
preview_limit = limiter.shared_limit(lambda: current_app.config["PREVIEW_RATE_LIMIT"], scope="preview",
                                     key_func=user_rate_key, methods=["POST"], exempt_when=lambda: not _is_preview())
edit_limit = limiter.limit(lambda: current_app.config["EDIT_RATE_LIMIT"], key_func=user_rate_key,
                           methods=["POST"], exempt_when=_is_preview)


def _show_arg() -> str | None:
    """?show=unanswered|unsolved|solved (anything else: every thread)."""
    show = request.args.get("show")
    return show if show in services.SHOW_CHOICES else None


def _publish_or_preview(form, publish):
    """Run a writing form: (what publish() returned, None), or (None, preview HTML) when the
    Preview button was pressed; both None when the form is shown again with its errors."""
    if form.preview.data:
        return None, save_form(form, lambda: services.render_body(form.body.data))[1]
    return save_form(form, publish)[1], None


# -- reading ------------------------------------------------------------------------------

@bp.route("/")
def home():
    latest, unanswered = services.latest_threads(current_user), services.unanswered_questions(current_user)
    return render_template(
        "threads/home.html", threads=latest, unanswered=unanswered, boards=boards.visible_boards(current_user),
        new_counts=watching.list_state(current_user, latest + unanswered)[1],
    )


@bp.route("/b/<slug>")
def board(slug: str):
    board = found_or_404(boards.get_board(slug), permissions.can_view_board)
    tag = tags.get_tag(request.args["tag"]) if request.args.get("tag") else None
    kind = request.args.get("kind") if request.args.get("kind") in set(ThreadKind) else None
    show = _show_arg()
    threads = existing_page(services.board_threads(board, page_arg(), tag=tag, kind=kind, show=show))
    # The unanswered / unsolved / solved tabs only make sense for questions and needs.
    counts = None if kind and kind not in SOLVABLE_KINDS else services.solvable_counts(
        current_user, board=board, tag=tag, kind=kind)
    level, new_counts = watching.list_state(current_user, threads.items, board=board)
    return render_template(
        "threads/board.html", board=board, threads=threads, tag=tag, kind=kind, show=show, counts=counts,
        kinds=KIND_LABELS, tags=tags.all_tags(), new_counts=new_counts,
        watch_form=watch_form(BOARD_LEVELS, level) if permissions.can_watch(current_user) else None,
    )


@bp.route("/questions")
def questions():
    show = _show_arg()
    kind = request.args.get("kind") if request.args.get("kind") in SOLVABLE_KINDS else None
    counts = services.solvable_counts(current_user, kind=kind)
    return render_template(
        "threads/questions.html", show=show, kind=kind, counts=counts,
        threads=existing_page(services.solvable_threads(current_user, page_arg(), show=show, kind=kind,
                                                        total=counts[show or "all"])),
    )


@bp.route("/needs")
@bp.route("/b/<slug>/needs")
def needs(slug: str | None = None):
    """Skill needs with their status; filters: board, commune, status (default: still open)."""
    board_slug = slug or request.args.get("board")
    board = found_or_404(boards.get_board(board_slug), permissions.can_view_board) if board_slug else None
    commune = None
    if request.args.get("commune"):
        commune = get_commune(request.args["commune"])
        if commune is None:
            abort(404)
    status = request.args.get("status", "")
    if status == "all":
        statuses = tuple(NeedStatus)
    elif status in set(NeedStatus):
        statuses = (status,)
    else:
        status, statuses = "", None
    found = existing_page(
        services.needs_list(current_user, board=board, commune=commune, statuses=statuses, page=page_arg()))
    return render_template(
        "threads/needs.html", needs=found, board=board, board_fixed=slug is not None, commune=commune,
        status=status, status_labels=NEED_STATUS_LABELS, boards=boards.visible_boards(current_user),
        communes=services.communes_with_needs(),
    )


@bp.route("/mine")
@login_required
def mine():
    """The member's own questions and needs, with their answers, solution and need status."""
    threads = existing_page(services.member_questions(current_user, page_arg()))
    return render_template("threads/mine.html", threads=threads)


@bp.route("/t/<int:thread_id>")
@bp.route("/t/<slug>/<int:thread_id>")
@transaction()  # what the member has now seen (read notifications): committed after the page renders
def show(thread_id: int, slug: str | None = None):
    thread = found_or_404(services.get_thread(thread_id), permissions.can_view_thread)
    if slug != thread.slug:
        return redirect(thread_url(thread, **request.args.to_dict()), code=301)
    posts = existing_page(services.thread_posts(thread, page_arg()))
    follow = None
    if permissions.can_watch(current_user):
        seen = max((post.number for post in posts.items), default=0)
        follow = watch_form(THREAD_LEVELS, bell.thread_opened(current_user, thread, seen))
    reply_form = ReplyForm() if permissions.can_reply(current_user, thread) else None
    mod_forms = _mod_forms(thread) if permissions.can_moderate(current_user, thread) else None
    can_solve = permissions.can_mark_solution(current_user, thread)
    return render_template(
        "threads/show.html", thread=thread, posts=posts, reply_form=reply_form, mod_forms=mod_forms,
        can_solve=can_solve, posts_kept=_posts_kept(thread, posts, reply_form is not None, can_solve),
        need_form=_need_form(thread), offers_matched=need_rules.offers_matched(current_user, thread),
        answerers=services.answerers(thread, shown=posts.items), experts_panel=experts_panel(current_user, thread),
        solution_text=solutions.answer_text(thread.solution_post) if thread.solution_post else "",
        watch_form=follow,
        link_records=links.records_for_thread(current_user, thread),
        link_record_url=url_for("links.new", thread_id=thread.id) if permissions.can_record_link(current_user, thread)
        else None,
        thread_card=card_block(current_user, thread),  # capitalisation card (forum.impact.cards)
    )


def _posts_kept(thread, posts, can_reply: bool, can_solve: bool) -> str | None:
    """The name under which the page's posts are kept for every viewer who sees them alike
    (pagecache.kept_html), or None when they show something of this viewer's: a link to edit
    or delete their own post, the solution buttons (forms with the viewer's CSRF token), a
    moderator's view. Most readers share one: the posts are rendered once until the next write.
    """
    viewer = current_user._get_current_object()  # not the proxy: it looks the user up at each use
    if can_solve or any(permissions.can_edit_post(viewer, post) or permissions.can_delete_post(viewer, post)
                        for post in posts.items):
        return None
    return (f"thread-posts:{thread.id}:{posts.page}:{get_locale()}:{get_timezone()}:{int(can_reply)}"
            f":{int(permissions.can_see_deleted(viewer))}")


def _need_form(thread):
    """The status form of a need, starting on its current status and offering only the moves
    this user may make (None: no move left)."""
    if thread.kind != ThreadKind.NEED:
        return None
    targets = need_rules.allowed_statuses(current_user, thread)
    if not targets:
        return None
    current = need_rules.current_status(thread)
    form = NeedStatusForm(prefix="need", status=current)
    form.status.choices = label_choices(
        {status: NEED_STATUS_LABELS[status] for status in NeedStatus if status in targets or status == current})
    return form


def _mod_forms(thread):
    """The community manager's forms shown under a thread (they post to /mod/...)."""
    move = MoveThreadForm(board=thread.board_id)
    move.board.choices = object_choices(boards.visible_boards(current_user))
    retag = ThreadTagsForm(tags=[t.id for t in thread.tags])
    retag.tags.choices = object_choices(tags.all_tags())
    return {"move": move, "tags": retag}


@bp.route("/t/<slug>/<int:thread_id>/<int:number>")
def post_link(slug: str, thread_id: int, number: int):
    thread = found_or_404(services.get_thread(thread_id), permissions.can_view_thread)
    page = services.page_of_post(thread, number)
    args = {"page": page} if page > 1 else {}
    return redirect(thread_url(thread, **args, _anchor=f"p{number}"))


# -- writing ------------------------------------------------------------------------------

ASK_KINDS = (ThreadKind.QUESTION, ThreadKind.NEED)


def _tag_choices(form) -> None:
    form.tags.choices = object_choices(tags.all_tags())


@bp.route("/new")
@login_required
def ask():
    """Ask a question or post a need from any page: choose the board (PCD axis), then write."""
    choices = [board for board in boards.visible_boards(current_user) if permissions.can_create_thread(current_user, board)]
    kind = request.args.get("kind") if request.args.get("kind") in ASK_KINDS else ThreadKind.QUESTION
    # The words of a search that found nothing, carried to the new thread's title.
    title = request.args.get("title", "")[:current_app.config["TITLE_MAX_LENGTH"]]
    error = None
    if "board" in request.args:
        chosen = next((board for board in choices if board.slug == request.args["board"]), None)
        if chosen is not None:
            return redirect(url_for("threads.new_thread", slug=chosen.slug, kind=kind, title=title or None))
        error = _("Choose the board of your question or need.")
    return render_template("threads/ask.html", boards=choices, kind=kind, kinds=ASK_KINDS,
                           kind_labels=KIND_LABELS, error=error, title=title)


@bp.route("/b/<slug>/new", methods=["GET", "POST"])
@login_required
@posting_limit
@preview_limit
def new_thread(slug: str):
    board = found_or_404(boards.get_board(slug), permissions.can_view_board)
    if not permissions.can_create_thread(current_user, board):
        raise NotAllowed
    form = ThreadForm()
    if request.method == "GET" and request.args.get("title"):  # "ask this question" from a search
        form.title.data = request.args["title"][:current_app.config["TITLE_MAX_LENGTH"]]
    _tag_choices(form)
    if request.method == "GET" and request.args.get("kind") in set(ThreadKind):
        form.kind.data = request.args["kind"]  # from the "ask" page
    thread, preview = _publish_or_preview(form, lambda: services.create_thread(
        board, current_user, form.title.data, form.body.data, kind=form.kind.data,
        tags=tags.tags_by_ids(form.tags.data), need=form.need_details(),
    ))
    if thread:
        flash(_("Your thread is published."), "success")
        return redirect(thread_url(thread))
    usual = services.usual_tags(board, current_app.config["COMPOSER_USUAL_TAGS"])
    # Without JavaScript, the preview is where the asker sees the threads that may already answer.
    similar = similar_threads(current_user, (form.title.data or "")[:200]) if form.preview.data else []
    return render_template("threads/new.html", board=board, form=form, preview=preview, similar=similar,
                           usual_tag_ids=[tag.id for tag in usual])


@bp.route("/t/<int:thread_id>/reply", methods=["GET", "POST"])
@login_required
@posting_limit
@preview_limit
def reply(thread_id: int):
    thread = found_or_404(services.get_thread(thread_id), permissions.can_view_thread)
    if not permissions.can_reply(current_user, thread):
        raise NotAllowed
    form = ReplyForm()
    if request.method == "GET" and id_arg("quote"):
        quoted = services.get_post(id_arg("quote"))
        if quoted is not None and quoted.thread_id == thread.id and not quoted.is_deleted:
            form.body.data = services.quote_markdown(quoted, post_url(thread, quoted.number))
    # The post's address is built before the commit, while thread and post are loaded (after
    # it they are expired: two more queries for a redirect).
    target, preview = _publish_or_preview(
        form, lambda: post_url(thread, services.reply(thread, current_user, form.body.data).number))
    if target:
        return redirect(target)
    return render_template("threads/reply.html", thread=thread, form=form, preview=preview)


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
@edit_limit
@preview_limit
def edit_post(post_id: int):
    post = found_or_404(services.get_post(post_id), permissions.can_view_post)
    if not permissions.can_edit_post(current_user, post):
        raise NotAllowed
    thread = post.thread
    if post.is_first:
        need = thread.need
        form = ThreadForm(obj=thread, body=post.body, tags=[t.id for t in thread.tags],
                          expectation=need.expectation if need else "", time_frame=need.time_frame if need else "")
        _tag_choices(form)
    else:
        form = EditPostForm(body=post.body)

    def save():
        changes = {}
        if post.is_first:
            changes = {"title": form.title.data, "kind": form.kind.data, "tags": tags.tags_by_ids(form.tags.data),
                       "need": form.need_details()}
        return services.edit_post(current_user, post, form.body.data, **changes)

    saved, preview = _publish_or_preview(form, save)
    if saved:
        flash(_("Your changes are saved."), "success")
        return redirect(post_url(thread, post.number))
    return render_template("threads/edit.html", thread=thread, post=post, form=form, preview=preview)


@bp.route("/p/<int:post_id>/delete", methods=["GET", "POST"])
@login_required
@transaction()
def delete_post(post_id: int):
    """GET asks for confirmation (a page, no JavaScript needed); POST deletes."""
    post = found_or_404(services.get_post(post_id), permissions.can_view_post)
    if not permissions.can_delete_post(current_user, post):
        raise NotAllowed
    thread = post.thread
    if request.method == "GET":
        return render_template("threads/delete.html", thread=thread, post=post, form=EmptyForm())
    services.delete_post(current_user, post)
    if thread.is_deleted:
        flash(_("The thread is deleted."), "info")
        return redirect(url_for("threads.board", slug=thread.board.slug))
    flash(_("The message is deleted."), "info")
    return redirect(post_url(thread, post.number))


# -- solutions and needs --------------------------------------------------------------------

@bp.route("/p/<int:post_id>/solution", methods=["POST"])
@login_required
@transaction()
def mark_solution(post_id: int):
    post = found_or_404(services.get_post(post_id), permissions.can_view_post)
    thread = post.thread
    if not permissions.can_mark_solution(current_user, thread):
        raise NotAllowed
    try:
        solutions.mark_solution(current_user, post)
    except InvalidInput as error:
        flash(error.message, "error")
    else:
        flash(_("This reply is marked as the solution."), "success")
        if need_rules.offers_matched(current_user, thread):
            return redirect(thread_url(thread, _anchor="need-offer"))  # one tap to "matched"
    return redirect(post_url(thread, post.number))


@bp.route("/t/<int:thread_id>/solution/unmark", methods=["POST"])
@login_required
@transaction()
def unmark_solution(thread_id: int):
    thread = found_or_404(services.get_thread(thread_id), permissions.can_view_thread)
    if not permissions.can_mark_solution(current_user, thread):
        raise NotAllowed
    solutions.unmark_solution(current_user, thread)
    flash(_("The thread has no solution any more."), "info")
    return redirect(thread_url(thread))


@bp.route("/t/<int:thread_id>/need-status", methods=["POST"])
@login_required
def need_status(thread_id: int):
    thread = found_or_404(services.get_thread(thread_id), permissions.can_view_thread)
    if not permissions.can_update_need(current_user, thread):
        raise NotAllowed
    form = NeedStatusForm(prefix="need")
    # Every status is a valid choice here: the service says why a move is refused.
    form.status.choices = label_choices(NEED_STATUS_LABELS)
    current = need_rules.current_status(thread)
    if form.validate_on_submit() and form.status.data == current:  # the control sent as it started
        flash(_("The need stays “%(status)s”.", status=NEED_STATUS_LABELS[current]), "info")
        return redirect(thread_url(thread))
    saved, need = save_form(form, lambda: need_rules.set_need_status(current_user, thread, form.status.data))
    if saved:
        flash(_("The need is now “%(status)s”.", status=need.status_label), "success")
    else:
        for error in form.status.errors or [_("The status could not be changed.")]:
            flash(error, "error")
    return redirect(thread_url(thread))
