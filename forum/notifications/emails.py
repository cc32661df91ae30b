"""The e-mail of one notification: whether it goes now, and what it says (the
"notifications.mail" job, enqueued for each notified member by the fan-out handlers).

The mail is composed in the member's language, with the post's text, a link to the exact post,
a reply address for that member and thread (reply by e-mail), the RFC 8058 one-click
unsubscribe headers for that kind, and thread headers so that mail clients group the mails
of one thread.
"""

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from forum import mail, permissions
from forum.extensions import db
from forum.jobs import handler
from forum.threads.models import NEED_STATUS_LABELS, NeedStatus, Post, Thread

from . import tokens
from .models import Frequency, Notification, NotificationKind
from .preferences import choices_of
from .services import target_of

KIND = "notifications.mail"

# The post's HTML goes in whole up to this size (bytes); beyond, an excerpt and a link: the HTML part
# must stay under 30 KB for phone mail clients (Gmail clips messages over 102 KB).
POST_HTML_LIMIT = 20_000
EXCERPT_CHARS = 2_000

# What each kind says: the subject, then the line above the post. %(actor)s is who did it,
# %(title)s the thread; %(status)s a need's new status; %(board)s where a thread was started.
_TEXTS = {
    NotificationKind.REPLIED: (lambda v: _l("New reply in “%(title)s”", **v),
                               lambda v: _l("%(actor)s replied in your thread “%(title)s”.", **v)),
    NotificationKind.QUOTED: (lambda v: _l("%(actor)s replied to you in “%(title)s”", **v),
                              lambda v: _l("%(actor)s replied to your message in “%(title)s”.", **v)),
    NotificationKind.MENTIONED: (lambda v: _l("%(actor)s mentioned you in “%(title)s”", **v),
                                 lambda v: _l("%(actor)s mentioned you in “%(title)s”.", **v)),
    NotificationKind.SOLVED: (lambda v: _l("Your answer is the solution of “%(title)s”", **v),
                              lambda v: _l("%(actor)s marked your answer as the solution of “%(title)s”.", **v)),
    NotificationKind.INVITED: (lambda v: _l("%(actor)s invites you to answer “%(title)s”", **v),
                               lambda v: _l("%(actor)s thinks you can help and invites you to answer “%(title)s”.", **v)),
    NotificationKind.NEED_STATUS: (lambda v: _l("The need “%(title)s” is now: %(status)s", **v),
                                   lambda v: _l("%(actor)s changed the status of the need “%(title)s” to: %(status)s.", **v)),
    NotificationKind.WATCHED_POST: (lambda v: _l("New message in “%(title)s”", **v),
                                    lambda v: _l("%(actor)s wrote in “%(title)s”, a thread you watch.", **v)),
    NotificationKind.NEW_THREAD: (lambda v: _l("New thread in %(board)s: “%(title)s”", **v),
                                  lambda v: _l("%(actor)s started a thread in %(board)s: “%(title)s”.", **v)),
    NotificationKind.SKILL_MATCH: (lambda v: _l("A question on your skills: “%(title)s”", **v),
                                   lambda v: _l("%(actor)s asked a question on one of your skills: “%(title)s”.", **v)),
    NotificationKind.FOLLOW_UP: (lambda v: _l("A linking record to follow up (%(days)s days)", **v),
                                 lambda v: _l("A contact recorded %(days)s days ago (“%(title)s”) has not been "
                                              "followed up: say where it stands.", **v)),
}


def _values(notification: Notification) -> dict:
    thread = notification.thread
    status = (notification.data or {}).get("status")
    return {
        "actor": notification.actor.display_name if notification.actor else _l("Someone"),
        "title": thread.title if thread else "",
        "board": thread.board.name if thread else "",
        "days": (notification.data or {}).get("days", ""),
        "status": NEED_STATUS_LABELS.get(NeedStatus(status), status) if status in NeedStatus.__members__.values()
        else (status or ""),
    }


def subject_of(notification: Notification):
    """The subject of its mail (a lazy string: translated in the reader's language)."""
    return _TEXTS[NotificationKind(notification.kind)][0](_values(notification))


def summary_of(notification: Notification):
    """One sentence saying what happened (the mail's first line, a digest's item)."""
    return _TEXTS[NotificationKind(notification.kind)][1](_values(notification))


def post_parts(post: Post) -> dict:
    """The post for a mail: `text` for the plain part (its Markdown source, readable as is),
    and for the HTML part either the sanitized `html` or, for a long post, an `excerpt`."""
    if len(post.body_html.encode()) <= POST_HTML_LIMIT:  # bytes: Arabic or accents take two
        return {"text": post.body, "html": Markup(post.body_html), "excerpt": None}
    words = Markup(post.body_html).striptags()
    return {"text": post.body, "html": None, "excerpt": words[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"}


def thread_reference(thread_id: int) -> str:
    """A Message-ID-like name of the thread: every mail of the thread refers to it, so mail
    clients show them as one conversation."""
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"<thread-{thread_id}@{domain}>"


def link_to(thread: Thread, post: Post | None = None) -> str:
    """The absolute link to a post (its page and anchor), or to the thread (in mail_context)."""
    if post is None:
        return mail.external_url("threads.show", slug=thread.slug, thread_id=thread.id)
    return mail.external_url("threads.post_link", slug=thread.slug, thread_id=thread.id, number=post.number,
                             _anchor=f"p{post.number}")


def link_of(notification: Notification) -> str:
    """The absolute link of a notification: the page it leads to (services.TARGETS), else its
    post or thread, else the home page (in mail_context)."""
    target = target_of(notification)
    if target is not None:
        return mail.external_url(target[0], **target[1])
    if notification.thread is None:
        return mail.external_url("threads.home")
    return link_to(notification.thread, notification.post)


def unsubscribe_headers(url: str) -> dict:
    """RFC 2369 and RFC 8058: a one-click POST to `url` stops this kind of mail."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def reader_locale(user) -> str:
    return user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def may_receive(user) -> bool:
    """Mail goes only to a verified address of a member who is not suspended."""
    return user.email_verified_at is not None and not user.is_suspended


@handler(KIND)
def send_notification_mail(notification_id: int, post_id: int | None = None) -> None:
    """Mail one notification now, if its member still wants it at once: nothing when it is
    gone or read, when the member may no longer see its thread or post, is suspended, or
    hears of this kind in a digest or never."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.is_read:
        return
    user, thread = notification.user, notification.thread
    if not may_receive(user) or (thread is not None and not permissions.can_view_thread(user, thread)):
        return
    kind = NotificationKind(notification.kind)
    if choices_of(user.id)[kind].email != Frequency.IMMEDIATELY:
        return
    post = db.session.get(Post, post_id) if post_id is not None else notification.post
    if post is not None and (post.is_deleted or post.thread_id != notification.thread_id):
        return
    locale = reader_locale(user)
    with mail.mail_context(locale):
        unsubscribe_url = mail.external_url("notifications.unsubscribe", token=tokens.unsubscribe_token(user.id, kind))
        post_link = link_to(thread, post) if thread is not None and target_of(notification) is None \
            else link_of(notification)
        preferences_url = mail.external_url("notifications.preferences", username=user.username)
    headers = unsubscribe_headers(unsubscribe_url)
    reply_to = None
    if thread is not None and target_of(notification) is None:  # a reply to it is a reply in the thread
        reference = thread_reference(thread.id)
        headers.update({"In-Reply-To": reference, "References": reference})
        reply_to = tokens.reply_address(user.id, thread.id)
    mail.send(
        mail.address(user.display_name, user.email), subject_of(notification), "notification", locale=locale,
        reply_to=reply_to, headers=headers, summary=summary_of(notification), thread=thread,
        post=post_parts(post) if post is not None else None, author=post.author.display_name if post else None,
        link=post_link, can_reply=reply_to is not None, unsubscribe_url=unsubscribe_url,
        unsubscribe_label=_l("Stop these e-mails"), preferences_url=preferences_url,
    )
