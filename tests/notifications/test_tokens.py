"""Reply addresses and unsubscribe tokens: ours verify, forged, altered and expired ones do not."""

import time

import pytest

from forum.notifications.tokens import (
    BadReplyToken,
    read_reply_address,
    read_unsubscribe_token,
    reply_address,
    unsubscribe_token,
)


def test_a_reply_address_names_its_member_and_thread(app):
    address = reply_address(42, 7_000_123)
    assert address.startswith("reply+") and address.endswith("@forum.test")
    assert len(address.split("@")[0]) <= 64  # RFC 5321: a local part of at most 64 characters
    assert read_reply_address(address) == (42, 7_000_123)
    assert read_reply_address(f"<{address.upper()}>") == (42, 7_000_123)  # servers may change the case


@pytest.mark.parametrize("change", [
    lambda a: a.replace("reply+1-", "reply+2-"),  # another member
    lambda a: a[:-len("@forum.test") - 1] + ("a" if a[-len("@forum.test") - 1] != "a" else "b") + "@forum.test",
    lambda a: a.replace("reply+", "noreply+"),
    lambda a: "reply+garbage@forum.test",
    lambda a: "reply+1-2-3@forum.test",
])
def test_an_altered_reply_address_is_refused(app, change):
    with pytest.raises(BadReplyToken) as refused:
        read_reply_address(change(reply_address(1, 5)))
    assert not refused.value.expired


def test_a_reply_address_from_another_installation_is_refused(app):
    address = reply_address(1, 5)
    app.secret_key = "another-secret"
    with pytest.raises(BadReplyToken):
        read_reply_address(address)


def test_an_old_reply_address_has_expired(app, monkeypatch):
    address = reply_address(1, 5)
    later = time.time() + (app.config["MAIL_REPLY_TOKEN_DAYS"] + 1) * 86_400
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(BadReplyToken) as refused:
        read_reply_address(address)
    assert refused.value.expired


def test_unsubscribe_tokens_round_trip_and_refuse_forgeries(app):
    token = unsubscribe_token(3, "replied")
    assert read_unsubscribe_token(token) == (3, "replied")
    assert read_unsubscribe_token(token[:-2] + "xx") is None
    assert read_unsubscribe_token("not-a-token") is None
