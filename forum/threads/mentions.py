"""Whom a post addresses: @mentions (linked to the profile) and the posts it quotes.

Both work on the sanitized HTML of a post (forum.markup.render), where every `>` inside a
tag is escaped and comments are gone, so splitting on tags is exact.
"""

import re

from flask import current_app
from markupsafe import escape
from sqlalchemy import select

from forum import permissions
from forum.extensions import db
from forum.people.models import User

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")
# A username (people's rule: letters, digits, _ . -) after an @ that does not end a word or
# an address ("bob@example.org", "a.@b").
_MENTION = re.compile(r"(?<![\w@./-])@([A-Za-z0-9_][A-Za-z0-9_.-]{0,29})")
# Text inside these elements never mentions anybody: code, quotes (someone else's words)
# and links (already pointing somewhere).
_QUIET = {"a", "code", "pre", "blockquote"}
MAX_MENTIONS = 20  # per post: more is a mass mailing, not a conversation


def _candidates(match) -> str:
    return match.group(1).rstrip(".-")  # "@bob." at the end of a sentence is @bob


def _text_nodes(html: str):
    """(piece, True if it is text outside the quiet elements) for each piece of `html`."""
    depth = 0
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            found = _TAG_NAME.match(piece)
            if found and found.group(2).lower() in _QUIET and not piece.endswith("/>"):
                depth = max(depth - 1, 0) if found.group(1) else depth + 1
            yield piece, False
        else:
            yield piece, depth == 0


def _profile_path(username: str) -> str:
    """/u/<username>, built without a request (posts are also written by jobs and commands)."""
    return current_app.url_map.bind("localhost").build("people.show", {"username": username})


def link_mentions(html: str, thread) -> tuple[str, list[User]]:
    """`html` with each @username of a member who may see `thread` made a link to their
    profile (matched whatever the case), and those members (at most MAX_MENTIONS, in order).

    One query, for the names that look like mentions; nothing is linked in code, quotes or links.
    """
    pieces = list(_text_nodes(html))
    names = {_candidates(m).lower() for piece, loud in pieces if loud for m in _MENTION.finditer(piece)}
    names.discard("")
    if not names:
        return html, []
    found = db.session.scalars(select(User).where(User.username_key.in_(sorted(names)[:200])))
    users = {user.username_key: user for user in found if permissions.can_view_thread(user, thread)}
    mentioned: dict[int, User] = {}

    def replace(match):
        name = _candidates(match)
        user = users.get(name.lower())
        if user is None or (user.id not in mentioned and len(mentioned) >= MAX_MENTIONS):
            return match.group(0)
        mentioned[user.id] = user
        rest = match.group(1)[len(name):]
        return f'<a class="mention" href="{escape(_profile_path(user.username))}">@{escape(user.username)}</a>{rest}'

    out = [_MENTION.sub(replace, piece) if loud else piece for piece, loud in pieces]
    return "".join(out), list(mentioned.values())


_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')


def quoted_numbers(html: str, thread_id: int) -> set[int]:
    """The numbers of the posts of `thread_id` that a post's HTML links to: a reply made with
    "Quote" opens with a link to the quoted post (threads.services.quote_markdown)."""
    numbers = set()
    for href in _HREF.findall(html):
        found = re.fullmatch(r"(?:https?://[^/]+)?/t/[^/?#]+/(\d+)/(\d+)", href)
        if found and int(found.group(1)) == thread_id:
            numbers.add(int(found.group(2)))
    return numbers
