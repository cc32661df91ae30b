"""Who may do what: the one place where the forum's rules live.

Predicates read plain attributes (user.role, post.author_id, thread.is_locked) and import no
domain model. Views call them before acting (403 when false) and templates get them as Jinja
globals, so a button is shown exactly when the action would be allowed.
"""

STAFF_ROLES = ("moderator", "admin")


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and not user.is_suspended)


def is_moderator(user) -> bool:
    return _active(user) and user.role in STAFF_ROLES


def is_admin(user) -> bool:
    return _active(user) and user.role == "admin"


def can_see_archived_boards(user) -> bool:
    """Archived boards are read-only archives for staff, hidden from everybody else."""
    return is_moderator(user)


def can_view_board(user, board) -> bool:
    return not board.is_archived or can_see_archived_boards(user)


def can_view_thread(user, thread) -> bool:
    if thread.is_deleted and not is_moderator(user):
        return False
    return can_view_board(user, thread.board)


def can_view_post(user, post) -> bool:
    """A post is seen where its thread is (a deleted post shows as deleted, not as missing)."""
    return can_view_thread(user, post.thread)


def can_create_thread(user, board) -> bool:
    return _active(user) and not board.is_archived


def can_reply(user, thread) -> bool:
    if not _active(user) or thread.is_deleted or thread.board.is_archived:
        return False
    return not thread.is_locked or is_moderator(user)


def can_edit_post(user, post) -> bool:
    if is_moderator(user):
        return True
    return (
        _active(user)
        and post.author_id == user.id
        and not post.is_deleted
        and not post.thread.is_locked
        and not post.thread.board.is_archived
    )


def can_delete_post(user, post) -> bool:
    """Authors may delete their replies, and their thread's first post while nobody answered."""
    if post.is_deleted:
        return False
    if is_moderator(user):
        return True
    if not can_edit_post(user, post):
        return False
    return not post.is_first or post.thread.reply_count == 0


def can_see_deleted(user) -> bool:
    return is_moderator(user)


def can_moderate(user, thread=None) -> bool:
    """Pin, close, move, retag: the community manager's powers (admins have them too)."""
    return is_moderator(user)


def can_manage_tags(user) -> bool:
    return is_moderator(user)


def can_read_mod_log(user) -> bool:
    return is_moderator(user)


def can_manage_boards(user) -> bool:
    return is_admin(user)


def can_change_role(user, target) -> bool:
    """Admins grant and revoke the moderator and coordinator roles; nobody changes their own role."""
    return is_admin(user) and target.id != user.id and target.role != "admin"


def can_edit_profile(user, target) -> bool:
    return _active(user) and (user.id == target.id or is_admin(user))


def can_edit_notification_preferences(user, target) -> bool:
    """Only the member themself, even staff may not (and a suspended member may still stop mail)."""
    return user is not None and user.is_authenticated and user.id == target.id


# -- questions meet experts -------------------------------------------------------------------

def can_mark_solution(user, thread) -> bool:
    """The asker (or a moderator) marks, changes or unmarks the reply that solved a question or need."""
    if thread.is_deleted or thread.board.is_archived or not thread.is_solvable:
        return False
    return is_moderator(user) or (_active(user) and thread.author_id == user.id)


def can_update_need(user, thread) -> bool:
    """The need's author or a moderator moves its status (which moves are allowed: threads.needs)."""
    if thread.is_deleted or thread.board.is_archived or thread.kind != "need":
        return False
    return is_moderator(user) or (_active(user) and thread.author_id == user.id)


def can_invite_experts(user, thread) -> bool:
    """The thread's author and moderators invite experts to an open question or need."""
    if thread.is_deleted or thread.is_locked or thread.board.is_archived or not thread.is_solvable:
        return False
    return is_moderator(user) or (_active(user) and thread.author_id == user.id)


# -- notifications ------------------------------------------------------------------------------

def can_watch(user) -> bool:
    """Choose how closely to follow a thread, board or tag (its page must be visible too)."""
    return _active(user)


def can_see_watching(user, target) -> bool:
    """What a member watches is theirs: only they (and admins) see the list."""
    return _active(user) and (user.id == target.id or is_admin(user))


def can_manage_communes(user) -> bool:
    return is_admin(user)


def can_recruit_experts(user) -> bool:
    """The community manager (and admins) invite potential experts by e-mail and follow who joined."""
    return is_moderator(user)


# -- impact: the dashboard, linking records, capitalisation cards ------------------------------

def is_coordinator(user) -> bool:
    return _active(user) and user.role == "coordinator"


def can_read_impact(user) -> bool:
    """The dashboard, its lists and exports: the coordinator, the community managers, the admins."""
    return is_coordinator(user) or is_moderator(user)


def can_change_impact_settings(user) -> bool:
    """The targets (40 / 7 / 40 / 7) and the project's period."""
    return is_admin(user)


def can_record_link(user, thread) -> bool:
    """A moderator, or the author of the question or need, records a contact it led to."""
    if thread.is_deleted or thread.board.is_archived or not thread.is_solvable:
        return False
    return is_moderator(user) or (_active(user) and thread.author_id == user.id)


def can_edit_link(user, record) -> bool:
    """Whoever recorded it, and moderators, update a linking record (status, follow-up)."""
    return is_moderator(user) or (_active(user) and record.created_by_id == user.id)


def can_write_card(user, thread) -> bool:
    """From a solved thread, a moderator or the asker writes a capitalisation card."""
    if thread.is_deleted or not thread.is_solvable or thread.solution_post_id is None:
        return False
    return is_moderator(user) or (_active(user) and thread.author_id == user.id)


def can_edit_card(user, card) -> bool:
    """Its writer edits a card until it is published; moderators at any time."""
    if is_moderator(user):
        return True
    return _active(user) and card.author_id == user.id and card.status != "published"


def can_review_cards(user) -> bool:
    """Moderators review submitted cards and publish them (or send them back)."""
    return is_moderator(user)


PREDICATES = {
    name: obj
    for name, obj in dict(globals()).items()
    if callable(obj) and (name.startswith("can_") or name.startswith("is_"))
}
