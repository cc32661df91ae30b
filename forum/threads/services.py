"""Threads and posts: writing them, keeping their counters right, and reading them for pages."""

from collections import Counter
from datetime import timedelta

from flask import current_app
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select, update
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from forum import markup, permissions
from forum.boards.models import Board
from forum.boards.services import touch_board
from forum.communes.models import Commune
from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.jobs import enqueue
from forum.people.models import User
from forum.slugs import base_slug
from forum.tags.models import Tag

from . import tallies
from .mentions import link_mentions
from .models import SOLVABLE_KINDS, Need, NeedStatus, Post, Thread, ThreadKind, thread_tags
from .needs import ACTIVE_STATUSES, NeedDetails, save_need_details

# -- validation and rendering -------------------------------------------------------------

def _check_title(title: str) -> str:
    title = " ".join(title.split())
    low, high = current_app.config["TITLE_MIN_LENGTH"], current_app.config["TITLE_MAX_LENGTH"]
    if not low <= len(title) <= high:
        raise InvalidInput("title", _l("The title must be between %(low)d and %(high)d characters.", low=low, high=high))
    return title


def render_body(body: str) -> str:
    """Check the length of a post and render it; InvalidInput if too long or too complex."""
    low, high = current_app.config["BODY_MIN_LENGTH"], current_app.config["BODY_MAX_LENGTH"]
    if len(body.strip()) < low:
        raise InvalidInput("body", _l("The message is too short."))
    if len(body) > high:
        raise InvalidInput(
            "body", _l("The message is too long: %(length)d characters for at most %(high)d.", length=len(body), high=high)
        )
    try:
        return markup.render(body, timeout=current_app.config["MARKUP_TIMEOUT"])
    except markup.MarkupTooComplex:
        raise InvalidInput(
            "body", _l("This message is too complex to format (too many brackets or symbols). Please simplify it.")
        ) from None


# -- new accounts -------------------------------------------------------------------------

def _is_new_member(user) -> bool:
    """Fewer than NEW_USER_POSTS live posts, and not staff: the link limit applies. Deleted
    posts (often removed by a moderator) earn nothing."""
    if not current_app.config["NEW_USER_LIMITS"] or permissions.is_moderator(user):
        return False
    written = db.session.scalar(
        select(func.count(Post.id)).where(Post.author_id == user.id, Post.is_deleted.is_(False))
    )
    return written < current_app.config["NEW_USER_POSTS"]


def _check_new_member_links(user, body_html: str, before: int = 0) -> None:
    """`before`: the links the post had (an edit that adds none is not refused)."""
    limit = current_app.config["NEW_USER_MAX_LINKS"]
    links = markup.external_links(body_html)
    if links > max(limit, before) and _is_new_member(user):
        raise InvalidInput("body", _l(
            "New members may put at most %(limit)d links in a message, and this one has %(links)d. "
            "Remove some of them, or send them once you have written %(posts)d messages.",
            limit=limit, links=links, posts=current_app.config["NEW_USER_POSTS"]))


def _check_new_member_threads(user) -> None:
    """At most NEW_USER_MAX_THREADS_PER_DAY threads (deleted ones too) in the account's first
    24 hours, however many replies it wrote; staff exempt."""
    limit = current_app.config["NEW_USER_MAX_THREADS_PER_DAY"]
    day_ends = user.created_at + timedelta(days=1)
    if not current_app.config["NEW_USER_LIMITS"] or day_ends <= utcnow() or permissions.is_moderator(user):
        return
    opened = db.session.scalar(select(func.count(Thread.id)).where(Thread.author_id == user.id))
    if opened >= limit:
        raise InvalidInput("body", _l(
            "A new account may open at most %(limit)d threads on its first day. You can open this one from "
            "%(when)s (your text is kept here); meanwhile you can reply in the existing threads.",
            limit=limit, when=format_datetime(day_ends, "short")))


def _check_tags(tags) -> list[Tag]:
    tags = list(dict.fromkeys(tags))
    limit = current_app.config["MAX_TAGS_PER_THREAD"]
    if len(tags) > limit:
        raise InvalidInput("tags", _l("At most %(limit)d tags.", limit=limit))
    return tags


def thread_slug(title: str) -> str:
    return base_slug(title, "sujet", max_length=80)


# -- writing ------------------------------------------------------------------------------

def create_thread(board: Board, author, title: str, body: str, kind=ThreadKind.QUESTION, tags=(),
                  need: NeedDetails | None = None) -> Thread:
    """Open a thread with its first post; board counters move in the same transaction.

    A skill need (kind "need") also gets its need row: `need` (what is expected, by when; the
    defaults without it) and the author's commune. `need` is ignored for the other kinds.
    """
    if not permissions.can_create_thread(author, board):
        raise NotAllowed
    title = _check_title(title)
    body_html = render_body(body)
    _check_new_member_links(author, body_html)
    _check_new_member_threads(author)
    if kind == ThreadKind.NEED:
        need = (need or NeedDetails()).checked()  # before anything is written
    now = utcnow()
    thread = Thread(
        board_id=board.id, author_id=author.id, title=title, slug=thread_slug(title), kind=str(ThreadKind(kind)),
        created_at=now, last_activity_at=now, last_poster_id=author.id, last_post_number=1, tags=_check_tags(tags),
    )
    db.session.add(thread)
    db.session.flush()
    body_html, mentioned = link_mentions(body_html, thread)
    post = Post(thread_id=thread.id, author_id=author.id, number=1, body=body, body_html=body_html, created_at=now)
    db.session.add(post)
    if thread.kind == ThreadKind.NEED:
        save_need_details(thread, need, author.commune_id)
    touch_board(board.id, now, threads=1, posts=1)
    db.session.flush()
    _posted(post, mentioned)
    return thread


def reply(thread: Thread, author, body: str) -> Post:
    if not permissions.can_reply(author, thread):
        raise NotAllowed
    body_html = render_body(body)
    _check_new_member_links(author, body_html)
    body_html, mentioned = link_mentions(body_html, thread)
    now = utcnow()
    # The post's number (handed out atomically) and the thread's counters in one statement:
    # the thread's row stays locked from here to the commit (a concurrent reply waits).
    # What it returns also places the thread in the list counts (tallies.count_replies).
    counted = db.session.execute(
        update(Thread)
        .where(Thread.id == thread.id)
        .values(last_post_number=Thread.last_post_number + 1, reply_count=Thread.reply_count + 1,
                last_activity_at=now, last_poster_id=author.id)
        .returning(Thread.last_post_number, *tallies.REPLY_COLUMNS),
        execution_options={"synchronize_session": False},
    ).one()
    number = counted.last_post_number
    tallies.note_reply_row(db.session, thread.id, counted)
    post = Post(thread_id=thread.id, author_id=author.id, number=number, body=body, body_html=body_html, created_at=now)
    db.session.add(post)
    touch_board(thread.board_id, now, posts=1)
    db.session.flush()
    # Read again only if someone asks (a redirect needs the slug and id, which did not change).
    db.session.expire(thread, ["last_post_number", "reply_count", "last_activity_at", "last_poster_id"])
    _posted(post, mentioned)
    return post


def _posted(post: Post, mentioned) -> None:
    """Tell whoever follows (notifications) that a post was published, after commit."""
    enqueue("threads.post_created", post_id=post.id, mentioned=[user.id for user in mentioned])


def edit_post(actor, post: Post, body: str, title: str | None = None, kind=None, tags=None,
              need: NeedDetails | None = None) -> Post:
    """Change a post; on the first post, also the thread's title, kind, tags and need details
    (None: unchanged).

    A thread that becomes a need gets its need row; one that stops being a need keeps it,
    ignored, so that its status is still there if it becomes a need again.
    """
    if not permissions.can_edit_post(actor, post):
        raise NotAllowed
    thread = post.thread
    body_html = None
    if body != post.body:
        body_html = render_body(body)  # before anything changes
        _check_new_member_links(actor, body_html, before=markup.external_links(post.body_html))
        body_html = link_mentions(body_html, thread)[0]
    if post.is_first:
        if need is not None and (kind == ThreadKind.NEED or (kind is None and thread.kind == ThreadKind.NEED)):
            need = need.checked()  # before anything changes
        if title is not None:
            thread.title = _check_title(title)
            thread.slug = thread_slug(thread.title)
        if kind is not None:
            thread.kind = str(ThreadKind(kind))
        if tags is not None:
            thread.tags = _check_tags(tags)
        if thread.kind == ThreadKind.NEED and (thread.need is None or need is not None):
            save_need_details(thread, need or NeedDetails.of(thread.need), thread.author.commune_id)
    if body_html is not None:
        post.body_html, post.body, post.edited_at = body_html, body, utcnow()
    db.session.flush()
    return post


def delete_post(actor, post: Post) -> None:
    """Soft-delete: the post stays for moderation and its place shows it was deleted.

    Deleting the first post deletes the whole thread (hidden from lists, kept in the database).
    """
    if not permissions.can_delete_post(actor, post):
        raise NotAllowed
    post.is_deleted = True
    post.deleted_at = utcnow()
    post.deleted_by_id = actor.id
    thread = post.thread
    if post.is_first:
        thread.is_deleted = True
    if thread.solution_post_id == post.id:
        thread.solution_post_id = None
    db.session.flush()
    sync_thread(thread)
    sync_board(thread.board)
    db.session.flush()


def sync_thread(thread: Thread) -> None:
    """Recompute a thread's counters and last activity from its posts (no commit)."""
    visible = select(Post).where(Post.thread_id == thread.id, Post.is_deleted.is_(False))
    count = db.session.scalar(select(func.count()).select_from(visible.subquery()))
    last = db.session.scalar(visible.order_by(Post.number.desc()).limit(1))
    thread.reply_count = max(count - 1, 0)
    if last is not None:
        thread.last_activity_at = last.created_at
        thread.last_poster_id = last.author_id


def sync_board(board: Board) -> None:
    """Recompute a board's counters (no commit): its tallies, thread and post counts from its
    live threads (tallies.recount_boards, over an index), and its last activity."""
    db.session.flush()
    tallies.recount_boards(db.session, [board.id])
    board.last_activity_at = db.session.scalar(
        select(func.max(Thread.last_activity_at)).where(Thread.board_id == board.id, Thread.is_deleted.is_(False)))


# -- reading ------------------------------------------------------------------------------

def _listing():
    """Threads as list pages show them, with what each row needs loaded up front."""
    return select(Thread).where(Thread.is_deleted.is_(False)).options(
        selectinload(Thread.author), selectinload(Thread.last_poster), selectinload(Thread.tags),
        selectinload(Thread.board),
    )


def visible_to(query, viewer):
    """`query` (over Thread, or joined to it) kept to the threads `viewer` may see in lists:
    live ones, and none on archived boards unless the viewer is staff. Adds no join, so any
    query that reaches Thread can go through it.

    "Not on an archived board" rather than "on an open board": a NOT IN cannot drive an index,
    so the database reads the list in the order of its ORDER BY index (a page of rows) instead
    of every thread of every open board, sorted."""
    query = query.where(Thread.is_deleted.is_(False))
    if not permissions.can_see_archived_boards(viewer):
        query = query.where(Thread.board_id.not_in(select(Board.id).where(Board.is_archived.is_(True))))
    return query


# Lists of questions and needs by where they stand: no reply yet, replies but no solution, solved.
SHOW_CHOICES = ("unanswered", "unsolved", "solved")


def _show_condition(show: str | None):
    """The WHERE clause of one SHOW_CHOICES list (None: every solvable thread)."""
    solvable = Thread.kind.in_(SOLVABLE_KINDS)
    if show == "unanswered":
        # Closed threads take no more replies: not worth an expert's visit.
        return solvable & (Thread.reply_count == 0) & Thread.is_locked.is_(False)
    if show == "unsolved":
        return solvable & (Thread.reply_count > 0) & Thread.solution_post_id.is_(None)
    if show == "solved":
        return solvable & Thread.solution_post_id.is_not(None)
    return solvable


def _filtered(query, board: Board | None = None, tag: Tag | None = None, kind: str | None = None):
    if board is not None:
        query = query.where(Thread.board_id == board.id)
    if tag is not None:
        query = query.where(Thread.id.in_(select(thread_tags.c.thread_id).where(thread_tags.c.tag_id == tag.id)))
    if kind:
        query = query.where(Thread.kind == kind)
    return query


def board_threads(board: Board, page: int, tag: Tag | None = None, kind: str | None = None, show: str | None = None):
    """A board's threads, pinned first; `show` (one of SHOW_CHOICES) keeps questions and needs
    that are unanswered, unsolved or solved."""
    query = _filtered(_listing(), board, tag, kind)
    if show in SHOW_CHOICES:
        query = query.where(_show_condition(show))
    query = query.order_by(Thread.is_pinned.desc(), Thread.last_activity_at.desc(), Thread.id.desc())
    # The total from the tallies; a tag's threads (few) are counted.
    threads = db.paginate(query, page=page, per_page=current_app.config["THREADS_PER_PAGE"], error_out=False,
                          count=tag is not None)
    if tag is None:  # a kind that is neither question nor need is in no SHOW_CHOICES state: 0
        threads.total = tallies.board_total(board, kind=kind, state=show if show in SHOW_CHOICES else None)
    return threads


def solvable_threads(user, page: int, show: str | None = None, kind: str | None = None, total: int | None = None):
    """Questions and needs across the forum, the most recently active first (see SHOW_CHOICES).
    `total`: their number when the caller has it (solvable_counts), so they are not counted twice."""
    query = _filtered(visible_to(_listing(), user), kind=kind).where(_show_condition(show))
    query = query.order_by(Thread.last_activity_at.desc(), Thread.id.desc())
    threads = db.paginate(query, page=page, per_page=current_app.config["THREADS_PER_PAGE"], error_out=False,
                          count=total is None)
    if total is not None:
        threads.total = total
    return threads


def solvable_counts(user, board: Board | None = None, tag: Tag | None = None, kind: str | None = None) -> dict:
    """How many questions and needs are in each SHOW_CHOICES list (and in all).

    Read from the tallies (a few rows whatever the forum's size); with a tag, counted in one
    query over the tag's threads (a tag holds few)."""
    if tag is None:
        return tallies.state_counts(user, board=board, kinds=[kind] if kind else SOLVABLE_KINDS)
    columns = [func.count().label("all")] + [
        func.coalesce(func.sum(case((_show_condition(show), 1), else_=0)), 0).label(show) for show in SHOW_CHOICES
    ]
    query = select(*columns).select_from(Thread).where(Thread.is_deleted.is_(False), _show_condition(None))
    if board is None:
        query = visible_to(query, user)
    row = db.session.execute(_filtered(query, board, tag, kind)).one()
    return dict(row._mapping)


def tag_threads(user, tag: Tag, page: int):
    query = visible_to(_listing(), user).where(
        Thread.id.in_(select(thread_tags.c.thread_id).where(thread_tags.c.tag_id == tag.id))
    )
    query = query.order_by(Thread.last_activity_at.desc(), Thread.id.desc())
    return db.paginate(query, page=page, per_page=current_app.config["THREADS_PER_PAGE"], error_out=False)


def latest_threads(user, limit: int = 20) -> list[Thread]:
    """Home page: threads pinned on the home page first, then the most recently active."""
    query = visible_to(_listing(), user).order_by(
        Thread.is_pinned_home.desc(), Thread.last_activity_at.desc(), Thread.id.desc()
    )
    return list(db.session.scalars(query.limit(limit)))


def unanswered_questions(user, limit: int = 10) -> list[Thread]:
    """The newest questions nobody answered yet. A thread without live replies was last active
    when it was asked, so ordering by last activity is ordering by date (ix_threads_unanswered)."""
    query = visible_to(_listing(), user).where(
        Thread.kind == ThreadKind.QUESTION, Thread.reply_count == 0, Thread.is_locked.is_(False)
    )
    return list(db.session.scalars(query.order_by(Thread.last_activity_at.desc(), Thread.id.desc()).limit(limit)))


def user_threads(viewer, author, limit: int = 20) -> list[Thread]:
    query = visible_to(_listing(), viewer).where(Thread.author_id == author.id)
    return list(db.session.scalars(query.order_by(Thread.created_at.desc()).limit(limit)))


def member_questions(author, page: int):
    """The questions and needs `author` asked, the most recently active first, with the need
    row of each need loaded (its status): their "my questions and needs" page. A pagination."""
    query = visible_to(_listing(), author).where(Thread.author_id == author.id, Thread.kind.in_(SOLVABLE_KINDS))
    query = query.options(selectinload(Thread.need)).order_by(Thread.last_activity_at.desc(), Thread.id.desc())
    return db.paginate(query, page=page, per_page=current_app.config["THREADS_PER_PAGE"], error_out=False)


def tag_thread_counts() -> dict[int, int]:
    """Number of live threads per tag id, in one query."""
    rows = db.session.execute(
        select(thread_tags.c.tag_id, func.count())
        .join(Thread, Thread.id == thread_tags.c.thread_id)
        .where(Thread.is_deleted.is_(False))
        .group_by(thread_tags.c.tag_id)
    )
    return dict(rows.all())


def usual_tags(board: Board, limit: int) -> list[Tag]:
    """The tags most used on `board`'s live threads, the most used first (then by name), at
    most `limit`: what the composer offers before the whole vocabulary. One query."""
    uses = func.count(thread_tags.c.thread_id)
    query = (
        select(Tag).join(thread_tags, thread_tags.c.tag_id == Tag.id)
        .join(Thread, Thread.id == thread_tags.c.thread_id)
        .where(Thread.board_id == board.id, Thread.is_deleted.is_(False))
        .group_by(Tag.id).order_by(uses.desc(), Tag.name, Tag.id).limit(limit)
    )
    return list(db.session.scalars(query))


# What a thread page shows around the posts: board, need, solution, then tags (SQLite would
# build the whole tag join to join it to one thread). Built once: loader options are immutable.
_THREAD_PAGE = (
    selectinload(Thread.tags), joinedload(Thread.board),
    joinedload(Thread.need).joinedload(Need.commune),
    joinedload(Thread.solution_post).joinedload(Post.author),
)


def get_thread(thread_id: int) -> Thread | None:
    """A thread with what its page shows around the posts (_THREAD_PAGE)."""
    return db.session.get(Thread, thread_id, options=_THREAD_PAGE)


def get_post(post_id: int) -> Post | None:
    return db.session.get(Post, post_id)


def thread_posts(thread: Thread, page: int):
    """A page of the thread's posts (deleted ones keep their place), with their authors, in one
    statement: posts are numbered 1..last_post_number and never removed, so that is their count."""
    query = (
        select(Post).where(Post.thread_id == thread.id).options(joinedload(Post.author)).order_by(Post.number)
    )
    posts = db.paginate(query, page=page, per_page=current_app.config["POSTS_PER_PAGE"], error_out=False, count=False)
    posts.total = thread.last_post_number
    return posts


def page_of_post(thread: Thread, number: int) -> int:
    """The thread page on which post #number is shown (deleted posts keep their place)."""
    before = db.session.scalar(
        select(func.count()).select_from(Post).where(Post.thread_id == thread.id, Post.number < number)
    )
    return before // current_app.config["POSTS_PER_PAGE"] + 1


def quote_markdown(post: Post, post_url: str) -> str:
    """The opening of a reply that quotes `post`, as Markdown."""
    quoted = "\n".join("> " + line for line in post.body.strip().splitlines())
    return f"[**@{post.author.username}** #{post.number}]({post_url}) :\n{quoted}\n\n"


def answerers(thread: Thread, limit: int = 30, shown: list[Post] | None = None) -> list[tuple[User, int]]:
    """Who replied to `thread` (live replies) and how many times, the most active first.

    One query whatever the thread's size, none when `shown` (the posts of the page, authors
    loaded) is the whole thread, as it is for most threads; at most `limit` people.
    """
    if shown is not None and len(shown) == thread.last_post_number:
        replies = Counter(post.author for post in shown if post.number > 1 and not post.is_deleted)
        return sorted(replies.items(), key=lambda item: (-item[1], item[0].display_name, item[0].id))[:limit]
    counts = (
        select(Post.author_id, func.count().label("replies"))
        .where(Post.thread_id == thread.id, Post.number > 1, Post.is_deleted.is_(False))
        .group_by(Post.author_id)
        .subquery()
    )
    rows = db.session.execute(
        select(User, counts.c.replies)
        .join(counts, counts.c.author_id == User.id)
        .order_by(counts.c.replies.desc(), User.display_name, User.id)
        .limit(limit)
    )
    return [(user, replies) for user, replies in rows.all()]


# -- solutions on profiles ------------------------------------------------------------------

def _solutions_of(user):
    """Live replies by `user` that are the solution of a live thread."""
    return (
        select(Post)
        .join(Thread, Thread.solution_post_id == Post.id)
        .where(Post.author_id == user.id, Post.is_deleted.is_(False), Thread.is_deleted.is_(False))
    )


def user_solutions(viewer, user, limit: int = 20) -> list[Post]:
    """`user`'s replies that solved a thread `viewer` may see, newest first (post.thread loaded)."""
    query = visible_to(_solutions_of(user), viewer).options(
        contains_eager(Post.thread).selectinload(Thread.board)
    )
    return list(db.session.scalars(query.order_by(Post.created_at.desc(), Post.id.desc()).limit(limit)))


def solution_count(user) -> int:
    """How many threads a reply of `user` solved (live threads and replies)."""
    return db.session.scalar(select(func.count()).select_from(_solutions_of(user).subquery()))


def answers_of(author):
    """SELECT count of the live replies in live threads by `author` (a user id, or the
    User.id column for a correlated subquery)."""
    return (
        select(func.count(Post.id)).join(Thread, Thread.id == Post.thread_id)
        .where(Post.author_id == author, Post.number > 1, Post.is_deleted.is_(False), Thread.is_deleted.is_(False))
    )


def answer_count(user) -> int:
    return db.session.scalar(answers_of(user.id))


# -- PCD needs ------------------------------------------------------------------------------

def needs_list(viewer, board: Board | None = None, commune: Commune | None = None, statuses=None, page: int = 1):
    """Skill needs `viewer` may see, with their need row loaded (thread.need), newest first.

    `statuses` (NeedStatus values) defaults to the needs still looking for help (open, in
    discussion). A thread whose kind changed away from "need" is not listed. A pagination.
    """
    statuses = [str(NeedStatus(s)) for s in (ACTIVE_STATUSES if statuses is None else statuses)]
    if board is None and commune is None:
        # The newest need threads (ix_threads_created), each kept if its need has a status asked
        # for (a primary-key lookup): a page of rows read. A join would read every need of these
        # statuses and sort them, a number that grows with the forum.
        wanted = select(Need.thread_id).where(Need.thread_id == Thread.id, Need.status.in_(statuses)).exists()
        query = visible_to(_listing(), viewer).where(Thread.kind == ThreadKind.NEED, wanted).options(
            selectinload(Thread.need).selectinload(Need.commune))
    else:  # the needs of one axis or one commune (a few): read through their index, then sorted
        query = (
            visible_to(_listing(), viewer)
            .join(Need, Need.thread_id == Thread.id)
            .where(Thread.kind == ThreadKind.NEED, Need.status.in_(statuses))
            .options(contains_eager(Thread.need).selectinload(Need.commune))
        )
        if board is not None:
            query = query.where(Thread.board_id == board.id)
        if commune is not None:
            query = query.where(Need.commune_id == commune.id)
    query = query.order_by(Thread.created_at.desc(), Thread.id.desc())
    found = db.paginate(query, page=page, per_page=current_app.config["THREADS_PER_PAGE"], error_out=False,
                        count=False)
    found.total = tallies.need_total(viewer, statuses, board=board, commune_id=commune.id if commune else None)
    return found


def communes_with_needs() -> list[Commune]:
    """Communes that posted at least one need, by name (the choices of the needs filter; from
    the tallies)."""
    return list(db.session.scalars(
        select(Commune).where(Commune.id.in_(tallies.communes_with_needs())).order_by(Commune.name)))
