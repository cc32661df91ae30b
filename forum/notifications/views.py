"""Notification pages: the list, watching, e-mail preferences, one-click unsubscribe."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from forum import permissions
from forum.db import transaction
from forum.errors import NotAllowed
from forum.extensions import csrf, db
from forum.forms import save_form
from forum.people.models import User
from forum.people.services import get_user_by_username
from forum.routing import found_or_404

from . import preferences as prefs
from . import tokens
from .forms import PreferencesForm
from .models import KIND_LABELS, NotificationKind

bp = Blueprint("notifications", __name__)


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
