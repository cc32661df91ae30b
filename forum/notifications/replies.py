"""Replies by e-mail: a message sent to a member's reply address becomes a post in that thread,
by that member, through the web form's service and checks (permissions, rate limit, Markdown
sanitizing, new-member limits). A message that the form would refuse creates nothing and the
member gets a mail saying why and how to answer on the site.

Refusals go only to an address the forum already knows: the account address of the member
the signed token names (never the From of a mail sent with somebody else's token), or, for a
forged or expired token, the From address if it is a member's. A forged From cannot make the
forum write to a stranger (no backscatter), a member gets at most MAIL_REFUSAL_RATE_LIMIT
refusals, and auto-replies, bounces and list traffic are ignored: no mail loops.
"""

import hashlib
import logging
import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from enum import StrEnum

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import parse_many
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum import mail, permissions
from forum.db import transaction
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db, limiter, member_rate_key
from forum.people.models import User
from forum.people.services import normalize_email
from forum.threads import services as threads

from .models import ReceivedReply
from .reply_text import reply_text
from .tokens import BadReplyToken, read_reply_address

log = logging.getLogger(__name__)

# The web reply view's counter (forum.threads.views.posting_limit): a decorated Flask-Limiter
# limit counts in a bucket named after its endpoint. tests/notifications/test_replies.py
# proves that web and e-mail replies share it.
REPLY_LIMIT_SCOPE = "threads.reply"
REFUSAL_LIMIT_SCOPE = "notifications.reply_refused"
# Where the token may be: the envelope first (Bcc), then what the MTA and the client wrote.
RECIPIENT_HEADERS = ("delivered-to", "x-original-to", "to", "cc")
_MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}>")


class Outcome(StrEnum):
    POSTED = "posted"
    REFUSED = "refused"  # nothing posted; the member got a mail saying why
    IGNORED = "ignored"  # nothing posted, nobody told (auto-replies, bounces, strangers)
    DUPLICATE = "duplicate"  # this Message-ID was handled already


class Refusal(StrEnum):
    FORGED = "forged"
    EXPIRED = "expired"
    WRONG_SENDER = "wrong_sender"
    THREAD_GONE = "thread_gone"
    LOCKED = "locked"
    SUSPENDED = "suspended"
    NOT_ALLOWED = "not_allowed"
    RATE_LIMITED = "rate_limited"
    EMPTY = "empty"
    INVALID = "invalid"  # the form's own message says why (too short, too long, links...)


REFUSAL_TEXTS = {
    Refusal.FORGED: _l("The address you replied to is not a valid reply address of the forum."),
    Refusal.THREAD_GONE: _l("This thread is no longer available."),
    Refusal.LOCKED: _l("This thread is closed: nobody can answer it any more."),
    Refusal.SUSPENDED: _l("Your account is suspended: you cannot post for now."),
    Refusal.NOT_ALLOWED: _l("You are not allowed to answer this thread."),
    Refusal.RATE_LIMITED: _l("You have posted too many messages in a short time. Wait a few minutes, then "
                             "send your reply again or post it on the site."),
    Refusal.EMPTY: _l("We found no text in it: only the quoted message, a signature or attachments. "
                      "Write your answer above the quoted message."),
}


@dataclass(frozen=True)
class Incoming:
    """One message as read for handling: parsed, with its raw headers and From address."""

    message: EmailMessage
    headers: dict[str, list[str]]
    sender: str | None  # the From address, normalised (None unless exactly one)

    @property
    def message_id(self) -> str | None:
        """Its Message-ID if it is a plain one (it goes into the refusal's headers)."""
        found = _MESSAGE_ID.search(" ".join(self.headers.get("message-id", [])))
        return found.group(0) if found else None


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    reason: str | None = None
    post_id: int | None = None


def receive(raw: bytes, recipients=(), envelope_sender: str | None = None) -> Result:
    """Handle one incoming message (RFC 5322 bytes), as the outermost transaction.

    `recipients`: the envelope recipients, when the MTA gives them; `envelope_sender`: the
    MAIL FROM ("" for a bounce). Any exception is a temporary failure: the MTA keeps the
    message and tries again.
    """
    message = BytesParser(policy=policy.default).parsebytes(raw)
    headers = _raw_headers(message)
    incoming = Incoming(message, headers, _sender(headers))
    if _is_automatic(incoming, envelope_sender):
        return Result(Outcome.IGNORED, "automatic")
    addresses = _reply_addresses([*recipients, *(value for name in RECIPIENT_HEADERS
                                                 for value in headers.get(name, ()))])
    if not addresses:
        return Result(Outcome.IGNORED, "no reply address")
    key = _message_hash(headers, raw)
    try:
        with transaction():
            if _handled(key):
                return Result(Outcome.DUPLICATE)
            result, user_id, thread_id = _handle(incoming, addresses)
            if result.outcome in (Outcome.POSTED, Outcome.REFUSED):
                db.session.add(ReceivedReply(message_hash=key, user_id=user_id, thread_id=thread_id,
                                             post_id=result.post_id, refusal=result.reason))
                db.session.flush()
            return result
    except IntegrityError:  # transaction() rolled it all back
        if _handled(key):  # the same message delivered twice at once: the other one won
            return Result(Outcome.DUPLICATE)
        raise


def _handled(key: str) -> bool:
    return db.session.scalar(select(ReceivedReply.id).where(ReceivedReply.message_hash == key)) is not None


def _handle(incoming: Incoming, addresses: list[str]) -> tuple[Result, int | None, int | None]:
    """(what happened, the member, the thread)."""
    sender = incoming.sender
    found, error = None, None
    for address in addresses:
        try:
            found = read_reply_address(address)
            break
        except BadReplyToken as bad:
            error = error or bad
    if found is None:
        reason = Refusal.EXPIRED if error.expired else Refusal.FORGED
        member = _member_with_address(sender)
        if member is None:
            log.info("e-mail reply ignored: %s token from a stranger", reason)
            return Result(Outcome.IGNORED, reason), None, None
        return _refuse(incoming, member, reason), member.id, None

    user_id, thread_id = found
    user = db.session.get(User, user_id)
    if user is None:
        return Result(Outcome.IGNORED, "no such member"), None, None
    thread = threads.get_thread(thread_id)
    if sender != normalize_email(user.email):
        # Someone who has the member's reply address, or the member from another address:
        # the member hears of it at the account address, and the text goes nowhere.
        return _refuse(incoming, user, Refusal.WRONG_SENDER, thread, sender=sender), user.id, thread and thread.id
    if thread is None or not permissions.can_view_thread(user, thread):
        return _refuse(incoming, user, Refusal.THREAD_GONE), user.id, None
    text = reply_text(incoming.message)
    refusal = _reply_refusal(user, thread, text)
    if refusal is not None:
        return _refuse(incoming, user, refusal, thread, text=text), user.id, thread.id
    try:
        with transaction():  # a savepoint: a refused post leaves nothing behind
            post = threads.reply(thread, user, text)
    except InvalidInput as invalid:
        return _refuse(incoming, user, Refusal.INVALID, thread, text=text, detail=invalid.message), user.id, thread.id
    except NotAllowed:
        return _refuse(incoming, user, Refusal.NOT_ALLOWED, thread, text=text), user.id, thread.id
    return Result(Outcome.POSTED, post_id=post.id), user.id, thread.id


def _reply_refusal(user: User, thread, text: str) -> Refusal | None:
    """What the reply view would refuse before the service checks the text; the posting limit
    is counted here, as the view counts it for every publishing request."""
    if user.is_suspended:
        return Refusal.SUSPENDED
    if not permissions.can_reply(user, thread):
        return Refusal.LOCKED if thread.is_locked else Refusal.NOT_ALLOWED
    if not text:
        return Refusal.EMPTY
    if not _within(current_app.config["POST_RATE_LIMIT"], member_rate_key(user.id), REPLY_LIMIT_SCOPE):
        return Refusal.RATE_LIMITED
    return None


def _refuse(incoming: Incoming, user: User, reason: Refusal, thread=None, *, sender: str | None = None,
            text: str = "", detail=None) -> Result:
    """Mail `user` (at the account's address) why the reply was not published."""
    if not _within(current_app.config["MAIL_REFUSAL_RATE_LIMIT"], member_rate_key(user.id), REFUSAL_LIMIT_SCOPE):
        log.warning("e-mail reply of member %s refused (%s); refusal mails over their limit", user.id, reason)
        return Result(Outcome.IGNORED, reason)
    headers = {"Auto-Submitted": "auto-replied"}  # RFC 3834: auto-responders do not answer it
    if incoming.message_id:
        headers["In-Reply-To"] = headers["References"] = incoming.message_id
    subject = (_l("Your reply to “%(title)s” was not published", title=thread.title) if thread
               else _l("Your reply was not published"))
    if detail is not None:
        explanation = detail
    elif reason == Refusal.EXPIRED:
        explanation = _l("The address you replied to has expired: a reply address works for %(days)d days "
                         "after the mail that carried it.", days=current_app.config["MAIL_REPLY_TOKEN_DAYS"])
    elif reason == Refusal.WRONG_SENDER:
        explanation = _l("It was sent from %(sender)s, which is not the address of your account. For your "
                         "safety, replies by e-mail are only accepted from the address of your account.",
                         sender=sender or _l("an address we could not read"))
    else:
        explanation = REFUSAL_TEXTS[reason]
    mail.send(user.email, subject, "reply_refused", locale=user.locale, headers=headers, member=user,
              thread=thread, explanation=explanation, text=text[:current_app.config["BODY_MAX_LENGTH"]])
    return Result(Outcome.REFUSED, reason)


def _within(limit: str, *identifiers: str) -> bool:
    """Count one more in Flask-Limiter's storage, as its decorators do; False when over."""
    if not limiter.enabled:
        return True
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX")
    arguments = (prefix, *identifiers) if prefix else identifiers
    return all(limiter.limiter.hit(item, *arguments) for item in sorted(parse_many(limit)))


# -- reading the message ------------------------------------------------------------------

def _raw_headers(message: EmailMessage) -> dict[str, list[str]]:
    """Header values as sent (no parsing that could fail on a hostile header), by lower-case name."""
    headers: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        headers.setdefault(name.lower(), []).append(str(value))
    return headers


def _is_automatic(incoming: Incoming, envelope_sender: str | None) -> bool:
    """Bounces, auto-replies (RFC 3834), out-of-office and list mail, our own mail: never answered."""
    headers = incoming.headers
    if envelope_sender is not None and (envelope_sender.strip("<> ") == ""
                                        or envelope_sender.lower().startswith("mailer-daemon")):
        return True
    if any(value.strip() in ("<>", "") for value in headers.get("return-path", ())):
        return True
    if any(value.split(";")[0].strip().lower() != "no" for value in headers.get("auto-submitted", ())):
        return True
    if any(name in headers for name in ("x-autoreply", "x-autorespond", "x-autoresponder", "list-id")):
        return True
    if any(value.strip().lower() in ("bulk", "junk", "list", "auto_reply") for value in headers.get("precedence", ())):
        return True
    if any(value.strip().lower().startswith("multipart/report") for value in headers.get("content-type", ())):
        return True
    return incoming.sender == normalize_email(parseaddr(mail.sender())[1])


def _reply_addresses(values) -> list[str]:
    """The reply+...@MAIL_REPLY_DOMAIN addresses among these recipients, in order, once each."""
    domain = current_app.config["MAIL_REPLY_DOMAIN"].lower()
    found = []
    for _name, address in getaddresses([str(value) for value in values]):
        address = normalize_email(address)
        local, _, host = address.rpartition("@")
        if host == domain and local.startswith("reply+") and address not in found:
            found.append(address)
    return found


def is_reply_address(address: str) -> bool:
    """Whether mail for `address` is ours to read (the listener refuses the others)."""
    return bool(_reply_addresses([address]))


def _sender(headers: dict) -> str | None:
    """The From address, normalised; None unless there is exactly one."""
    addresses = [address for _name, address in getaddresses(headers.get("from", [])) if "@" in address]
    return normalize_email(addresses[0]) if len(addresses) == 1 else None


def _member_with_address(address: str | None) -> User | None:
    if address is None:
        return None
    return db.session.scalar(select(User).where(User.email == address))


def _message_hash(headers: dict, raw: bytes) -> str:
    message_id = " ".join(headers.get("message-id", [])).strip()
    data = b"id:" + message_id.encode("utf-8", "backslashreplace") if message_id else b"raw:" + raw
    return hashlib.sha256(data).hexdigest()
