"""Solutions: the reply that answered a question or a need, chosen by its author (or a moderator)."""

from html.parser import HTMLParser

from flask_babel import lazy_gettext as _l

from forum import audit, permissions
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.jobs import enqueue

from .models import Post, Thread


def mark_solution(actor, post: Post) -> Thread:
    """Make `post` the solution of its thread, replacing any previous one.

    NotAllowed unless permissions.can_mark_solution; InvalidInput("post", ...) unless the post
    is a live reply (not the question itself, not deleted). A moderator acting on somebody
    else's thread leaves an entry in the moderation log. The search index follows on its own
    (the outbox watches solution_post_id).
    """
    thread = post.thread
    if not permissions.can_mark_solution(actor, thread):
        raise NotAllowed
    if post.is_first or post.is_deleted:
        raise InvalidInput("post", _l("Only a reply that is still there can be the solution."))
    if thread.solution_post_id == post.id:
        return thread
    # The column, not the relationship: the search outbox watches solution_post_id.
    thread.solution_post_id = post.id
    if actor.id != thread.author_id:
        audit.record(actor, "solution_marked", thread, f"{thread.title} #{post.number}")
    _changed(thread)
    enqueue("threads.solution_marked", post_id=post.id, actor_id=actor.id)
    return thread


def unmark_solution(actor, thread: Thread) -> Thread:
    """The thread has no solution any more (NotAllowed unless permissions.can_mark_solution)."""
    if not permissions.can_mark_solution(actor, thread):
        raise NotAllowed
    if thread.solution_post_id is None:
        return thread
    thread.solution_post_id = None
    if actor.id != thread.author_id:
        audit.record(actor, "solution_unmarked", thread, thread.title)
    _changed(thread)
    return thread


class _Blocks(HTMLParser):
    """The text of sanitized post HTML as blocks (paragraphs, list items...), each one marked
    as quoted (inside a <blockquote>) or not."""

    BLOCK_TAGS = {"p", "li", "blockquote", "pre", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "div", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[bool, list[str]]] = []
        self.quote_depth = 0
        self._new_block()

    def _new_block(self):
        self.blocks.append((self.quote_depth > 0, []))

    def handle_starttag(self, tag, attrs):
        if tag == "blockquote":
            self.quote_depth += 1
        if tag in self.BLOCK_TAGS:
            self._new_block()
        elif tag == "br":
            self.blocks[-1][1].append(" ")

    def handle_endtag(self, tag):
        if tag == "blockquote":
            self.quote_depth = max(self.quote_depth - 1, 0)
        if tag in self.BLOCK_TAGS:
            self._new_block()

    def handle_data(self, data):
        self.blocks[-1][1].append(data)


def answer_text(post: Post) -> str:
    """The words of a reply without what it quotes, as plain text: the solution box shows them.

    Blockquotes are left out, and so is a short line that introduces one ("@alice #1 :",
    "Vous écrivez :"). A reply that is nothing but a quote keeps its whole text.
    """
    parser = _Blocks()
    parser.feed(post.body_html or "")
    parser.close()
    blocks = [(quoted, " ".join("".join(parts).split())) for quoted, parts in parser.blocks]
    blocks = [(quoted, text) for quoted, text in blocks if text]
    own = [text for i, (quoted, text) in enumerate(blocks)
           if not quoted and not (text.endswith(":") and i + 1 < len(blocks) and blocks[i + 1][0])]
    return " ".join(own or [text for _quoted, text in blocks])


def _changed(thread: Thread) -> None:
    db.session.flush()
