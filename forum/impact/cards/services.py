"""Writing, reviewing and reading capitalisation cards.

A card goes draft -> submitted -> published; a moderator may send a submitted or published
card back to draft, with a message to its writer. Every change is in the moderation log. A
published card is in the search index: each change that puts it in, changes it or takes it
out enqueues its index job in the same transaction (forum.search.sources).
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from forum import audit, mail, markup, permissions
from forum.audit import ModAction
from forum.boards.models import Board
from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.pagecache import kept_until_write
from forum.search import sources
from forum.tags.models import Tag
from forum.threads.models import Post, Thread

from ..models import CARD_SECTIONS, Card, CardStatus, card_tags

CARD_SOURCE = "card"  # the kind of a card's search documents (kind:card)
SECTION_MAX_LENGTH = 10_000
TITLE_MAX_LENGTH = 200

SECTION_LABELS = {
    "context": _l("Context"),
    "problem": _l("The problem"),
    "solution": _l("The solution adopted"),
    "costs": _l("Costs and time"),
    "helpers": _l("Who helped"),
    "watch_out": _l("What to watch out for"),
}
REQUIRED_SECTIONS = ("problem", "solution")


@dataclass
class CardFields:
    """What the writer types: the title and the Markdown of each section."""

    title: str
    context: str = ""
    problem: str = ""
    solution: str = ""
    costs: str = ""
    helpers: str = ""
    watch_out: str = ""


# -- reading ---------------------------------------------------------------------------------

def may_see(user, card: Card) -> bool:
    """A published card is everybody's; a draft or a submitted one, its writer's and the
    moderators'. A card of an archived board is hidden like the board's threads."""
    if not permissions.can_view_board(user, card.board):
        return False
    if card.is_published:
        return True
    return permissions.can_review_cards(user) or (user.is_authenticated and card.author_id == user.id)


def get_card(card_id: int) -> Card | None:
    """A card with what its page shows: thread, solution, writer, commune, board, tags."""
    return db.session.get(Card, card_id, options=[
        joinedload(Card.thread), joinedload(Card.solution_post), joinedload(Card.author),
        joinedload(Card.reviewed_by), joinedload(Card.commune), joinedload(Card.board), selectinload(Card.tags),
    ])


def card_of_thread(thread: Thread) -> Card | None:
    """The thread's card, whatever its status (a thread has one card at most)."""
    return db.session.scalar(select(Card).where(Card.thread_id == thread.id).order_by(Card.id).limit(1))


def thread_block(user, thread: Thread) -> dict:
    """What the thread page shows about cards: the card to link to (when this user may see
    it) and whether they may write one (no card yet). One statement at most: none for a thread
    without a solution (most of them; a card is written from a solution), nor for one known to
    have no card until the next write (pagecache.kept_until_write). A card whose thread lost
    its solution later stays in the Bibliothèque and the search."""
    if thread.solution_post_id is None:
        return {"card": None, "can_write": False}
    found = []

    def card_id() -> int:  # 0: none; known until the next write, like most threads' (none)
        found.append(card_of_thread(thread))
        return found[0].id if found[0] is not None else 0

    kept_id = kept_until_write(f"thread-card:{thread.id}", card_id)
    card = found[0] if found else (db.session.get(Card, kept_id) if kept_id else None)
    return {"card": card if card is not None and may_see(user, card) else None,
            "can_write": card is None and permissions.can_write_card(user, thread)}


def return_message(card: Card) -> ModAction | None:
    """The last message a moderator sent with the card back to its writer (the log keeps it)."""
    return db.session.scalar(
        select(ModAction).where(ModAction.target_type == "card", ModAction.target_id == card.id,
                                ModAction.action == "card_returned")
        .order_by(ModAction.id.desc()).limit(1).options(joinedload(ModAction.actor)))


def review_queue() -> list[Card]:
    """Submitted cards, the oldest first."""
    return list(db.session.scalars(
        select(Card).where(Card.status == CardStatus.SUBMITTED).order_by(Card.submitted_at, Card.id)
        .options(joinedload(Card.author), joinedload(Card.commune), joinedload(Card.board), joinedload(Card.thread))))


def cards_in_progress(user) -> list[Card]:
    """The user's own cards not yet published (listed on the Bibliothèque for them)."""
    if not user.is_authenticated:
        return []
    return list(db.session.scalars(
        select(Card).where(Card.author_id == user.id, Card.status != CardStatus.PUBLISHED)
        .order_by(Card.updated_at.desc())))


def _published(viewer):
    """Published cards the viewer may read (archived boards' are the staff's, like their threads)."""
    query = select(Card).join(Board, Board.id == Card.board_id).where(Card.status == CardStatus.PUBLISHED)
    if not permissions.can_see_archived_boards(viewer):
        query = query.where(Board.is_archived.is_(False))
    return query


def library_page(viewer, page: int, per_page: int, tag=None, board=None):
    """Published cards in board order (the PCD axes), then the newest first; a pagination.
    Three statements whatever the number of cards: the count, the page, its tags."""
    query = _published(viewer)
    if tag is not None:
        query = query.where(Card.id.in_(select(card_tags.c.card_id).where(card_tags.c.tag_id == tag.id)))
    if board is not None:
        query = query.where(Card.board_id == board.id)
    query = query.order_by(Board.position, Board.id, Card.published_at.desc(), Card.id.desc()).options(
        joinedload(Card.board), joinedload(Card.commune), selectinload(Card.tags))
    return db.paginate(query, page=page, per_page=per_page, error_out=False, max_per_page=per_page)


def booklet_cards(viewer) -> list[Card]:
    """Every published card, in library order, with what its printed page shows."""
    return list(db.session.scalars(
        _published(viewer).order_by(Board.position, Board.id, Card.published_at.desc(), Card.id.desc()).options(
            joinedload(Card.board), joinedload(Card.commune), joinedload(Card.author), joinedload(Card.thread),
            joinedload(Card.solution_post), selectinload(Card.tags))))


def library_axes(viewer) -> list[Board]:
    """The boards (PCD axes) that have published cards, in board order (the axis filter)."""
    return list(db.session.scalars(
        select(Board).where(Board.id.in_(_published(viewer).with_only_columns(Card.board_id)))
        .order_by(Board.position, Board.id)))


def library_tags(viewer) -> list[Tag]:
    """The tags of published cards, by name (the tag filter)."""
    cards = _published(viewer).with_only_columns(Card.id)
    return list(db.session.scalars(
        select(Tag).where(Tag.id.in_(select(card_tags.c.tag_id).where(card_tags.c.card_id.in_(cards))))
        .order_by(Tag.name)))


# -- writing ---------------------------------------------------------------------------------

def prefilled(thread: Thread) -> dict:
    """The form of a new card, started from its thread: title, commune (the need's, else the
    asker's), PCD axis (the board), problem (the question), solution (the solution post),
    who helped (the solution's author), tags."""
    first = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 1))
    solution = thread.solution_post
    commune = thread.need.commune if thread.need and thread.need.commune else thread.author.commune
    return {
        "title": thread.title[:TITLE_MAX_LENGTH],
        "commune": commune.id if commune else None,
        "board": thread.board_id,
        "problem": first.body if first and not first.is_deleted else "",
        "solution": solution.body if solution and not solution.is_deleted else "",
        "helpers": solution.author.display_name if solution and not solution.is_deleted else "",
        "tags": [tag.id for tag in thread.tags],
    }


def render_card(fields: CardFields) -> str:
    """The card's sections as one sanitized HTML body: a heading per section (in the site's
    language), each section's Markdown through forum.markup.render. InvalidInput on the field
    that is too long or too complex."""
    parts = []
    timeout = current_app.config["MARKUP_TIMEOUT"]
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        headings = {name: str(label) for name, label in SECTION_LABELS.items()}
    for name in CARD_SECTIONS:
        text = getattr(fields, name) or ""
        if len(text) > SECTION_MAX_LENGTH:
            raise InvalidInput(name, _l("Too long: %(length)d characters for at most %(high)d.",
                                        length=len(text), high=SECTION_MAX_LENGTH))
        if not text.strip():
            if name in REQUIRED_SECTIONS:
                raise InvalidInput(name, _l("This section is required."))
            continue
        try:
            html = markup.render(text, timeout=timeout)
        except markup.MarkupTooComplex:
            raise InvalidInput(name, _l("This text is too complex to format (too many brackets or symbols). "
                                        "Please simplify it.")) from None
        parts.append(f'<section class="card-section card-{name}"><h2>{escape(headings[name])}</h2>\n{html}</section>')
    return "\n".join(parts)


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < 3:
        raise InvalidInput("title", _l("At least %(low)d characters, please.", low=3))
    if len(title) > TITLE_MAX_LENGTH:
        raise InvalidInput("title", _l("Too long: %(length)d characters for at most %(high)d.",
                                       length=len(title), high=TITLE_MAX_LENGTH))
    return title


def _fill(card: Card, fields: CardFields, board: Board, commune, tags) -> None:
    if board.is_archived and board.id != card.board_id:
        raise InvalidInput("board", _l("This board is archived."))
    card.title = _clean_title(fields.title)
    for name in CARD_SECTIONS:
        setattr(card, name, getattr(fields, name) or "")
    card.body_html = render_card(fields)
    card.board = board
    card.commune = commune
    card.tags = list(tags)
    card.updated_at = utcnow()


def _index_changed(card: Card) -> None:
    """The card's search documents follow its change, after the commit (a durable job)."""
    sources.enqueue_change(CARD_SOURCE, card.id)


def create_card(actor, thread: Thread, fields: CardFields, *, board: Board, commune=None, tags=(),
                submit: bool = False) -> Card:
    """A new card from a solved thread (NotAllowed unless permissions.can_write_card; InvalidInput
    when the thread has a card already, or a field is wrong), a draft unless `submit`."""
    if not permissions.can_write_card(actor, thread):
        raise NotAllowed
    if db.session.scalar(select(func.count(Card.id)).where(Card.thread_id == thread.id)):
        raise InvalidInput("title", _l("This thread has a capitalisation card already."))
    card = Card(thread=thread, solution_post_id=thread.solution_post_id, author_id=actor.id,
                status=CardStatus.DRAFT, created_at=utcnow())
    _fill(card, fields, board, commune, tags)
    db.session.add(card)
    db.session.flush()
    audit.record(actor, "card_created", card, card.title)
    if submit:
        submit_card(actor, card)
    return card


def update_card(actor, card: Card, fields: CardFields, *, board: Board, commune=None, tags=()) -> Card:
    """Save a card's new text (NotAllowed unless permissions.can_edit_card); a published card's
    search documents follow."""
    if not permissions.can_edit_card(actor, card):
        raise NotAllowed
    _fill(card, fields, board, commune, tags)
    db.session.flush()
    audit.record(actor, "card_edited", card, card.title)
    if card.is_published:
        _index_changed(card)
    return card


def submit_card(actor, card: Card) -> Card:
    """The writer sends a draft to the moderators' review queue."""
    if not (actor.is_authenticated and card.author_id == actor.id and permissions.can_edit_card(actor, card)):
        raise NotAllowed
    if card.status != CardStatus.DRAFT:
        raise InvalidInput("status", _l("Only a draft can be submitted for review."))
    card.status = CardStatus.SUBMITTED
    card.submitted_at = utcnow()
    audit.record(actor, "card_submitted", card, card.title)
    return card


def publish_card(actor, card: Card) -> Card:
    """A moderator publishes a card: it enters the Bibliothèque and the search."""
    if not permissions.can_review_cards(actor):
        raise NotAllowed
    if card.is_published:
        raise InvalidInput("status", _l("This card is published already."))
    card.status = CardStatus.PUBLISHED
    card.published_at = utcnow()
    card.reviewed_by_id = actor.id
    audit.record(actor, "card_published", card, card.title)
    _index_changed(card)
    return card


def return_card(actor, card: Card, message: str) -> Card:
    """A moderator sends a card back to draft, with a message to its writer (kept in the
    moderation log, shown on the card and mailed); a published card leaves the Bibliothèque
    and the search."""
    if not permissions.can_review_cards(actor):
        raise NotAllowed
    message = (message or "").strip()
    if not message:
        raise InvalidInput("message", _l("Say what the writer should change."))
    if len(message) > 2000:
        raise InvalidInput("message", _l("Too long: %(length)d characters for at most %(high)d.",
                                         length=len(message), high=2000))
    if card.status == CardStatus.DRAFT:
        raise InvalidInput("message", _l("This card is a draft already."))
    was_published = card.is_published
    card.status = CardStatus.DRAFT
    card.published_at = None
    card.reviewed_by_id = actor.id
    audit.record(actor, "card_returned", card, message)
    if was_published:
        _index_changed(card)
    author = card.author
    if author.id != actor.id and author.email:
        mail.send(author.email, _l("Your capitalisation card was sent back"), "card_returned",
                  locale=author.locale, member=author, card=card, message=message, moderator=actor)
    return card
