"""Accessibility and right-to-left text, read from the HTML the pages send.

No id is used twice on a page, whoever looks at it; every element holding text that people
typed (titles, posts, names, tags...) carries dir="auto", so Arabic reads right to left; a form
sent back with errors starts with a summary that links to each field in error; the composer
puts the message right after the title and offers a board's usual tags first.
"""

from collections import Counter
from html.parser import HTMLParser

import pytest

from forum.boards.services import get_tag
from forum.extensions import db
from forum.moderation.services import set_pinned
from forum.threads.services import reply, thread_posts
from tests.conftest import PASSWORD

# Void elements never get an end tag; html.parser reports them as start tags only.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children: list = []  # Elements and strings, in order

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()


class Tree(HTMLParser):
    """A forgiving DOM: enough to find elements, their attributes and their text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#root", {}, None)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(response) -> Element:
    assert response.status_code == 200, (response.status_code, response.request.path)
    return Tree(response.get_data(as_text=True)).root


def duplicate_ids(root: Element) -> list[str]:
    counts = Counter(e.attrs["id"] for e in root.walk() if e.attrs.get("id"))
    return sorted(name for name, n in counts.items() if n > 1)


# -- no duplicate ids ---------------------------------------------------------------------

@pytest.fixture
def forum_content(app, member, other_member, moderator, make_thread, make_user):
    """A bit of everything: a question with replies, a need, a pinned thread, a log entry."""
    question = make_thread(member, tags=[get_tag("forage")], replies=2)
    reply(question, other_member, "Nous l’avons fait à Tafraout.")
    need = make_thread(member, title="Besoin d’une étude de faisabilité", kind="need",
                       expectation="feasibility_study", time_frame="Avant juin 2027", tags=[get_tag("forage")])
    set_pinned(moderator, question, True)
    db.session.commit()
    return {"question": question, "need": need}


def _main_pages(content, member, board):
    question, need = content["question"], content["need"]
    return [
        "/", f"/b/{board.slug}", f"/t/{question.slug}/{question.id}", f"/t/{need.slug}/{need.id}",
        "/questions", "/needs", "/tags", "/tags/forage", "/search?q=forage", f"/u/{member.username}",
        "/u", "/experts", "/communes",
    ]


ROLE_PAGES = {
    "anonymous": lambda c, user, board: ["/login", "/register"],
    "member": lambda c, user, board: [f"/b/{board.slug}/new", f"/t/{c['question'].id}/reply",
                                      f"/p/{thread_posts(c['question'], 1).items[0].id}/edit", f"/u/{user.username}/edit"],
    "moderator": lambda c, user, board: ["/mod/log", "/mod/tags", f"/mod/tags/{get_tag('forage').id}", "/search/log",
                                         f"/b/{board.slug}/new", f"/u/{user.username}/edit"],
    "admin": lambda c, user, board: ["/admin/boards/", f"/admin/boards/{board.id}", "/admin/communes",
                                     "/u/alice", "/mod/log", f"/u/{user.username}/edit"],
}


def log_in_with_token(client, user):
    """Log in through the real form, CSRF token included."""
    token = csrf_token(client.get("/login"))
    response = client.post("/login", data={"login": user.username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def csrf_token(response) -> str:
    return next(e.attrs["value"] for e in parse(response).walk() if e.attrs.get("name") == "csrf_token")


# CSRF on: every form then carries its token, as in production.
@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
@pytest.mark.parametrize("role", ["anonymous", "member", "moderator", "admin"])
def test_no_page_uses_an_id_twice(role, client, forum_content, member, moderator, admin, board):
    viewer = {"anonymous": None, "member": member, "moderator": moderator, "admin": admin}[role]
    urls = _main_pages(forum_content, member, board)
    if viewer is not None:
        log_in_with_token(client, viewer)
    urls += ROLE_PAGES[role](forum_content, viewer, board)
    found = {url: duplicate_ids(parse(client.get(url))) for url in urls}
    assert {url: ids for url, ids in found.items() if ids} == {}


def test_forms_sent_back_with_errors_use_no_id_twice(client, auth, member, board):
    urls = {"/register": {}, "/login": {}}
    found = {url: duplicate_ids(Tree(client.post(url, data=data).get_data(as_text=True)).root)
             for url, data in urls.items()}
    auth.login(member)
    found[f"/b/{board.slug}/new"] = duplicate_ids(parse(client.post(f"/b/{board.slug}/new", data={"kind": "need"})))
    assert {url: ids for url, ids in found.items() if ids} == {}
