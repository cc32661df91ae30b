"""Signed tokens that mails carry: the reply address of one member in one thread, and the
one-click unsubscribe link of one kind of notification."""

import hashlib
import hmac
import time

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

_DAY = 86_400


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _reply_mac(user_id: int, thread_id: int, day: int) -> str:
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else current_app.secret_key
    digest = hmac.new(key, f"forum.reply:{user_id}:{thread_id}:{day}".encode(), hashlib.sha256).digest()
    return _base36(int.from_bytes(digest[:13], "big"))  # 104 bits


def reply_address(user_id: int, thread_id: int) -> str:
    """reply+<token>@MAIL_REPLY_DOMAIN for this member in this thread.

    The token is lower-case letters and digits, with no itsdangerous base64: mail servers
    may change the case of an address's local part, which must stay under 64 characters.
    It carries the day it was made, so that it expires (MAIL_REPLY_TOKEN_DAYS)."""
    day = int(time.time()) // _DAY
    token = f"{_base36(user_id)}-{_base36(thread_id)}-{_base36(day)}-{_reply_mac(user_id, thread_id, day)}"
    return f"reply+{token}@{current_app.config['MAIL_REPLY_DOMAIN']}"


class BadReplyToken(Exception):
    """A reply address that is not one of ours, forged, or expired (`expired` says which)."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def read_reply_address(address: str) -> tuple[int, int]:
    """(user_id, thread_id) of a reply address made by reply_address(); BadReplyToken if not."""
    local = address.strip().strip("<>").rsplit("@", 1)[0].lower()
    if not local.startswith("reply+"):
        raise BadReplyToken
    try:
        user36, thread36, day36, mac = local[len("reply+"):].split("-")
        user_id, thread_id, day = int(user36, 36), int(thread36, 36), int(day36, 36)
    except ValueError:
        raise BadReplyToken from None
    if not hmac.compare_digest(mac, _reply_mac(user_id, thread_id, day)):
        raise BadReplyToken
    if int(time.time()) // _DAY - day > current_app.config["MAIL_REPLY_TOKEN_DAYS"]:
        raise BadReplyToken(expired=True)
    return user_id, thread_id


def _unsubscribe() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="forum.notifications.unsubscribe")


def unsubscribe_token(user_id: int, kind: str) -> str:
    """For the link that stops one kind of mail for one member (it does not expire: a link
    in an old mail must still work)."""
    return _unsubscribe().dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        user_id, kind = _unsubscribe().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    return int(user_id), str(kind)
