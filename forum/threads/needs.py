"""PCD skill needs: their details (what is expected, by when) and the moves of their status."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from forum import audit, permissions
from forum.dbtypes import utcnow
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.jobs import enqueue

from .models import NEED_STATUS_LABELS, Expectation, Need, NeedStatus, Thread, ThreadKind

TIME_FRAME_MAX_LENGTH = 120

# Where a need may go from each status. A done need is closed: only moderators reopen it.
MOVES = {
    NeedStatus.OPEN: (NeedStatus.IN_DISCUSSION, NeedStatus.MATCHED, NeedStatus.DONE),
    NeedStatus.IN_DISCUSSION: (NeedStatus.OPEN, NeedStatus.MATCHED, NeedStatus.DONE),
    NeedStatus.MATCHED: (NeedStatus.IN_DISCUSSION, NeedStatus.DONE),
    NeedStatus.DONE: (),
}
MODERATOR_REOPENS = (NeedStatus.OPEN, NeedStatus.IN_DISCUSSION, NeedStatus.MATCHED)

# The statuses a need list shows unless asked otherwise: those still looking for help.
ACTIVE_STATUSES = (NeedStatus.OPEN, NeedStatus.IN_DISCUSSION)


@dataclass(frozen=True)
class NeedDetails:
    """What a commune expects from the experts and by when: the need part of a thread, as the
    thread form fills it and create_thread / edit_post take it."""

    expectation: str = Expectation.ADVICE
    time_frame: str = ""

    @classmethod
    def of(cls, need: Need | None) -> "NeedDetails":
        """The details a need row holds (the defaults when there is none yet)."""
        return cls(need.expectation, need.time_frame) if need is not None else cls()

    def checked(self) -> "NeedDetails":
        """The details cleaned (a known expectation, spaces squeezed); InvalidInput naming the
        form field otherwise."""
        try:
            expectation = str(Expectation(self.expectation or Expectation.ADVICE))
        except ValueError:
            raise InvalidInput("expectation", _l("Choose what you expect from the experts.")) from None
        time_frame = " ".join((self.time_frame or "").split())
        if len(time_frame) > TIME_FRAME_MAX_LENGTH:
            raise InvalidInput(
                "time_frame", _l("At most %(max)d characters, please.", max=TIME_FRAME_MAX_LENGTH)
            )
        return NeedDetails(expectation, time_frame)


def save_need_details(thread: Thread, details: NeedDetails, commune_id: int | None) -> Need:
    """Create or update the need row of `thread` (no commit).

    `commune_id` (the author's commune, at that time) is only used when the row is created:
    a need stays with the commune that posted it.
    """
    details = details.checked()
    need = thread.need
    if need is None:
        need = Need(thread=thread, commune_id=commune_id, status=NeedStatus.OPEN, status_changed_at=utcnow())
        db.session.add(need)
    need.expectation = details.expectation
    need.time_frame = details.time_frame
    return need


def allowed_statuses(user, thread: Thread) -> list[NeedStatus]:
    """The statuses `user` may move the need of `thread` to, in their natural order."""
    if not permissions.can_update_need(user, thread):
        return []
    current = current_status(thread)
    targets = set(MOVES[current])
    if current == NeedStatus.DONE and permissions.is_moderator(user):
        targets.update(MODERATOR_REOPENS)
    return [status for status in NeedStatus if status in targets]


def current_status(thread: Thread) -> NeedStatus:
    """The status of the need of `thread` (a need without its row yet is open)."""
    return NeedStatus(thread.need.status) if thread.need is not None else NeedStatus.OPEN


def offers_matched(user, thread: Thread) -> bool:
    """Whether the thread page offers `user` one button to move the need to "matched": the need
    has a solution and is still looking for help, and the rules allow that move."""
    return (thread.kind == ThreadKind.NEED and thread.solution_post_id is not None
            and current_status(thread) in ACTIVE_STATUSES
            and NeedStatus.MATCHED in allowed_statuses(user, thread))


def set_need_status(actor, thread: Thread, status) -> Need:
    """Move a need to another status; the date of the change is kept (and the first time it
    was matched and done: the stages of the impact funnel).

    NotAllowed unless permissions.can_update_need; InvalidInput("status", ...) for an unknown
    status or a move the rules refuse (see MOVES). A change made by someone other than the
    author (a moderator) goes to the moderation log.
    """
    if not permissions.can_update_need(actor, thread):
        raise NotAllowed
    try:
        status = NeedStatus(status)
    except ValueError:
        raise InvalidInput("status", _l("Unknown status.")) from None
    need = thread.need
    current = current_status(thread)
    if status not in allowed_statuses(actor, thread):
        if current == status:
            message = _l("This need is already “%(status)s”.", status=NEED_STATUS_LABELS[status])
        elif current == NeedStatus.DONE:
            message = _l("This need is done: only a community manager can reopen it.")
        else:
            message = _l("A need cannot go from “%(current)s” to “%(status)s”.",
                         current=NEED_STATUS_LABELS[current], status=NEED_STATUS_LABELS[status])
        raise InvalidInput("status", message)
    if need is None:
        need = save_need_details(thread, NeedDetails(), thread.author.commune_id)
    need.status = str(status)
    need.status_changed_at = utcnow()
    if status == NeedStatus.MATCHED and need.matched_at is None:
        need.matched_at = need.status_changed_at
    if status == NeedStatus.DONE and need.done_at is None:
        need.done_at = need.status_changed_at
    if actor.id != thread.author_id:
        audit.record(actor, "need_status", thread, f"{thread.title}: {current} -> {status}")
    db.session.flush()
    enqueue("threads.need_status_changed", thread_id=thread.id, actor_id=actor.id, old=str(current), new=str(status))
    return need
