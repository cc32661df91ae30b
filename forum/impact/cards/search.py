"""Published cards in the search index: the "card" source of forum.search.sources.

A card's document is "card-<id>" with kind "card", its title and whole text, its board (the
PCD axis) and tags, its publication date. Its thread_id is the card's id negated: the engine
keeps one result per thread_id, and a card is a result of its own, never folded into the
thread it was written from.
"""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.search import sources
from forum.search.documents import day_number, plain_text

from ..models import Card, CardStatus, card_tags
from .services import CARD_SOURCE


def card_documents(session, ids) -> tuple[list[str], list[dict]]:
    ids = set(ids)
    cards = list(session.scalars(select(Card).where(Card.id.in_(ids), Card.status == CardStatus.PUBLISHED)))
    tags: dict[int, list[str]] = {}
    for card_id, tag_id in session.execute(
            select(card_tags.c.card_id, card_tags.c.tag_id).where(card_tags.c.card_id.in_([c.id for c in cards]))):
        tags.setdefault(card_id, []).append(str(tag_id))
    return [sources.document_id(CARD_SOURCE, card_id) for card_id in sorted(ids)], [
        card_document(card, tags.get(card.id, [])) for card in cards]


# The headings render_card puts at the top of each section: the same words on every card
# ("The solution adopted"), not what the card says.
_SECTION_HEADING = re.compile(r'(<section class="card-section[^"]*">)<h2>[^<]*</h2>')


def card_text(card: Card) -> str:
    """The words of a card, without its section headings."""
    return plain_text(_SECTION_HEADING.sub(r"\1", card.body_html))


def card_document(card: Card, tag_ids: list[str]) -> dict:
    text = card_text(card)
    published = card.published_at or card.updated_at
    return {
        "post_id": sources.document_id(CARD_SOURCE, card.id),
        "thread_id": -card.id,
        "board_id": card.board_id,
        "tag_ids": ",".join(tag_ids),
        "author_id": card.author_id,
        "kind": CARD_SOURCE,
        "need_status": "",
        "solved": True,
        "locked": False,
        "is_first": False,  # "similar questions" look at first posts only
        "created": published.replace(tzinfo=None),
        "day": day_number(published.date()),
        "title": card.title,
        "body": text,
        "spell": f"{card.title}\n{text}",
    }


def live_card_ids(session) -> list[int]:
    return list(session.scalars(select(Card.id).where(Card.status == CardStatus.PUBLISHED).order_by(Card.id)))


def load_cards(ids) -> dict[int, sources.SourceItem]:
    """What a hit shows of the published cards among `ids` (one statement)."""
    cards = db.session.scalars(
        select(Card).where(Card.id.in_(list(ids)), Card.status == CardStatus.PUBLISHED)
        .options(joinedload(Card.commune), joinedload(Card.board)))
    items = {}
    for card in cards:
        where = [card.commune.name] if card.commune else []
        where.append(card.board.name)
        items[card.id] = sources.SourceItem(
            title=card.title, body=card_text(card), endpoint="cards.show", url_values={"card_id": card.id},
            meta=" · ".join(where), board_id=card.board_id)
    return items


SOURCE = sources.Source(kind=CARD_SOURCE, documents=card_documents, live_ids=live_card_ids, load=load_cards,
                        label=_l("Capitalisation cards"))


def register_card_source(app) -> None:
    sources.register(app, SOURCE)
