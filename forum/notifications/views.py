"""Notification pages: the list, watching, e-mail preferences, one-click unsubscribe."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from forum import permissions
from forum.boards import services as boards
from forum.db import transaction
from forum.errors import NotAllowed
from forum.extensions import csrf, db
from forum.forms import EmptyForm, save_form
from forum.people.models import User
from forum.people.services import get_user_by_username
from forum.routing import existing_page, found_or_404, page_arg
from forum.tags.services import get_tag
from forum.templating import thread_url
from forum.threads import services as threads
from forum.threads.models import NEED_STATUS_LABELS

from . import preferences as prefs
from . import services, tokens, watching
from .forms import PreferencesForm, watch_form
from .models import (
    BOARD_LEVELS,
    KIND_LABELS,
    TAG_LEVELS,
    THREAD_LEVELS,
    WATCH_LEVEL_LABELS,
    NotificationKind,
    WatchLevel,
)

bp = Blueprint("notifications", __name__)


@bp.route("/notifications")
@login_required
def index():
    found = existing_page(services.notifications_page(current_user, page_arg()))
    return render_template("notifications/index.html", notifications=found, form=EmptyForm(),
                           need_status_labels=NEED_STATUS_LABELS)


@bp.route("/notifications/<int:notification_id>")
@login_required
@transaction()
def show(notification_id: int):
    """Opening a notification reads it and goes to the exact post it is about."""
    notification = found_or_404(services.get_notification(current_user, notification_id))
    services.mark_read(notification)
    target = services.target_of(notification)
    if target is not None:
        return redirect(url_for(target[0], **target[1]))
    thread, post = notification.thread, notification.post
    if post is None:
        return redirect(thread_url(thread))
    page = threads.page_of_post(thread, post.number)
    return redirect(thread_url(thread, **({"page": page} if page > 1 else {}), _anchor=f"p{post.number}"))


@bp.route("/notifications/read", methods=["POST"])
@login_required
@transaction()
def read_all():
    if EmptyForm().validate_on_submit():
        services.mark_all_read(current_user)
        flash(_("Every notification is marked as read."), "success")
    return redirect(url_for("notifications.index"))


# -- watching -------------------------------------------------------------------------------

def _set_level(levels, target: dict, back: str):
    """Save the watch control of one thread, board or tag, then back to its page."""
    if not permissions.can_watch(current_user):
        raise NotAllowed
    form = watch_form(levels, WatchLevel.NORMAL)
    saved, changed = save_form(form, lambda: watching.set_level(current_user, form.level.data, **target))
    if saved:
        flash(_("Notifications: %(level)s.", level=WATCH_LEVEL_LABELS[WatchLevel(form.level.data)]), "success")
    else:
        flash(_("Choose one of the levels offered."), "error")
    return redirect(back)


@bp.route("/t/<int:thread_id>/watch", methods=["POST"])
@login_required
def watch_thread(thread_id: int):
    thread = found_or_404(threads.get_thread(thread_id), permissions.can_view_thread)
    return _set_level(THREAD_LEVELS, {"thread": thread}, thread_url(thread))


@bp.route("/b/<slug>/watch", methods=["POST"])
@login_required
def watch_board(slug: str):
    board = found_or_404(boards.get_board(slug), permissions.can_view_board)
    return _set_level(BOARD_LEVELS, {"board": board}, url_for("threads.board", slug=board.slug))


@bp.route("/tags/<slug>/watch", methods=["POST"])
@login_required
def watch_tag(slug: str):
    tag = found_or_404(get_tag(slug))
    return _set_level(TAG_LEVELS, {"tag": tag}, url_for("tags.show", slug=tag.slug))


@bp.route("/u/<username>/watching")
@login_required
def watched(username: str):
    """Everything a member watches, tracks or muted (the member themself, or an admin)."""
    user = found_or_404(get_user_by_username(username))
    if not permissions.can_see_watching(current_user, user):
        raise NotAllowed
    watches = [watch for watch in watching.watched_by(user)
               if (watch.thread is None or permissions.can_view_thread(current_user, watch.thread))
               and (watch.board is None or permissions.can_view_board(current_user, watch.board))]
    return render_template("notifications/watching.html", user=user, watches=watches, labels=WATCH_LEVEL_LABELS)


# -- e-mail preferences and one-click unsubscribe (mailprefs) --------------------------------

@bp.route("/u/<username>/notifications/preferences", methods=["GET", "POST"])
@login_required
def preferences(username: str):
    """How the member hears of each kind of event: only the member themself."""
    user = found_or_404(get_user_by_username(username))
    if not permissions.can_edit_notification_preferences(current_user, user):
        raise NotAllowed
    form = PreferencesForm.for_choices(prefs.choices_of(user.id))
    if save_form(form, lambda: prefs.set_choices(user.id, form.choices()))[0]:
        flash(_("Your notification preferences are saved."), "success")
        return redirect(url_for("notifications.preferences", username=user.username))
    return render_template("notifications/preferences.html", user=user, form=form)


class _BadLink(Exception):
    """An unsubscribe link that is not ours (forged, cut by a mail client) or whose member is gone."""


@bp.errorhandler(_BadLink)
def _bad_link(error):
    return render_template("notifications/unsubscribe_invalid.html"), 404


def _unsubscribe_target(token: str) -> tuple[User, str]:
    """The member and what a link stops (a kind, or a digest); _BadLink if it is not one of ours."""
    read = tokens.read_unsubscribe_token(token)
    user = db.session.get(User, read[0]) if read else None
    if user is None or not (read[1] in prefs.DIGEST_UNSUBSCRIBE or read[1] in NotificationKind.__members__.values()):
        raise _BadLink
    return user, read[1]


_DIGEST_LABELS = {"digest_daily": _l("The daily digest"), "digest_weekly": _l("The weekly digest")}


def _what_stops(target: str):
    """What the page says will stop: a kind's label, or a digest's."""
    return _DIGEST_LABELS.get(target) or KIND_LABELS[NotificationKind(target)]


@bp.route("/unsubscribe/<token>", methods=["GET"])
def unsubscribe_page(token: str):
    """What the link will stop, and a button: a GET changes nothing (link prefetchers open links)."""
    user, target = _unsubscribe_target(token)
    return render_template("notifications/unsubscribe.html", token=token, what=_what_stops(target),
                           active=bool(prefs.kinds_stopped_by(user.id, target)), user=user)


@bp.route("/unsubscribe/<token>", methods=["POST"])
@csrf.exempt  # RFC 8058 one-click: mail clients POST with no cookie and no form; the signed token is the proof
@transaction()
def unsubscribe(token: str):
    user, target = _unsubscribe_target(token)
    prefs.unsubscribe(user.id, target)
    return render_template("notifications/unsubscribed.html", what=_what_stops(target), user=user)
