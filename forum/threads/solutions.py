"""Solutions: the reply that answered a question or a need, chosen by its author (or a moderator)."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from forum import audit, permissions, signals
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db

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


def _changed(thread: Thread) -> None:
    db.session.commit()
    signals.thread_changed.send(current_app._get_current_object(), thread=thread)
