"""Boards: seeding, listing and the admins' board management."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from forum import audit, permissions
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.slugs import unique_slug
from forum.tags.services import seed_tags

from .models import Board
from .seed import PCD_BOARDS


def seed_boards_and_tags() -> int:
    """Create the PCD boards and the starting tags that do not exist yet; returns how many
    boards were added. Idempotent."""
    existing = set(db.session.scalars(select(Board.slug)))
    created = 0
    for position, (slug, name, description) in enumerate(PCD_BOARDS):
        if slug not in existing:
            db.session.add(Board(slug=slug, name=name, description=description, position=position))
            created += 1
    seed_tags()
    db.session.flush()
    return created


def visible_boards(user) -> list[Board]:
    query = select(Board).order_by(Board.position, Board.id)
    if not permissions.can_see_archived_boards(user):
        query = query.where(Board.is_archived.is_(False))
    return list(db.session.scalars(query))


def get_board(slug: str) -> Board | None:
    return db.session.scalar(select(Board).where(Board.slug == slug))


def create_board(actor, name: str, description: str) -> Board:
    if not permissions.can_manage_boards(actor):
        raise NotAllowed
    name = name.strip()
    if not name:
        raise InvalidInput("name", _l("A board needs a name."))
    position = (db.session.scalar(select(func.max(Board.position))) or 0) + 1
    board = Board(slug=unique_slug(Board.slug, name, "rubrique"), name=name, description=description.strip(), position=position)
    db.session.add(board)
    db.session.flush()
    audit.record(actor, "board_created", board, name)
    db.session.flush()
    return board


def update_board(actor, board: Board, name: str, description: str) -> Board:
    if not permissions.can_manage_boards(actor):
        raise NotAllowed
    name = name.strip()
    if not name:
        raise InvalidInput("name", _l("A board needs a name."))
    if name != board.name:
        audit.record(actor, "board_renamed", board, f"{board.name} -> {name}")
    board.name = name
    board.description = description.strip()
    db.session.flush()
    return board


def move_board(actor, board: Board, offset: int) -> None:
    """Swap the board with its neighbour above (-1) or below (+1) in the list."""
    if not permissions.can_manage_boards(actor):
        raise NotAllowed
    boards = list(db.session.scalars(select(Board).order_by(Board.position, Board.id)))
    index = boards.index(board)
    other = index + offset
    if 0 <= other < len(boards):
        boards[index], boards[other] = boards[other], boards[index]
        for position, each in enumerate(boards):
            each.position = position
        db.session.flush()


def set_board_archived(actor, board: Board, archived: bool) -> None:
    if not permissions.can_manage_boards(actor):
        raise NotAllowed
    if board.is_archived != archived:
        board.is_archived = archived
        audit.record(actor, "board_archived" if archived else "board_unarchived", board, board.name)
        db.session.flush()


def touch_board(board_id: int, when, threads: int = 0, posts: int = 0) -> None:
    """Add to a board's counters in SQL (no lost update under concurrent writers)."""
    db.session.execute(
        update(Board)
        .where(Board.id == board_id)
        .values(
            thread_count=Board.thread_count + threads,
            post_count=Board.post_count + posts,
            last_activity_at=when,
        )
    )
