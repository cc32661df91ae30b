"""Accessibility and right-to-left text, read from the HTML the pages send.

No id is used twice on a page, whoever looks at it; every element holding text that people
typed (titles, posts, names, tags...) carries dir="auto", so Arabic reads right to left; a form
sent back with errors starts with a summary that links to each field in error; the composer
puts the message right after the title and offers a board's usual tags first.
"""

from collections import Counter
from html.parser import HTMLParser

import pytest

from forum.boards.services import get_board
from forum.extensions import db
from forum.moderation.services import set_pinned
from forum.tags.services import get_tag
from forum.threads.needs import NeedDetails
from forum.threads.services import delete_post, reply, thread_posts
from tests.helpers import PASSWORD

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
                       need=NeedDetails("feasibility_study", "Avant juin 2027"), tags=[get_tag("forage")])
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


# -- right-to-left text -------------------------------------------------------------------

AR_TITLE = "كيف نمول حفر بئر للماء الصالح للشرب؟"
AR_BODY = "نبحث عن خبراء في الهيدروجيولوجيا لمساعدة الجماعة"
AR_NAME = "ليلى الحسني"
AR_TIME_FRAME = "قبل نهاية السنة"


def elements_holding(root: Element, text: str) -> list[Element]:
    """The innermost elements of <body> whose text contains `text`, plus form fields whose
    value does."""
    body = next((e for e in root.walk() if e.tag == "body"), root)  # a fragment has no <body>
    found = []
    for e in body.walk():
        if e.tag in ("script", "option"):
            continue
        in_value = e.tag == "input" and text in e.attrs.get("value", "")
        innermost = text in e.text() and not any(text in c.text() for c in e.children if isinstance(c, Element))
        if in_value or innermost:
            found.append(e)
    return found


def in_a_sentence(element: Element, text: str) -> bool:
    """A name inside a translated sentence ("by …" in a meta line, "Welcome, …" in a flash):
    the sentence keeps the page's direction (left undone: isolating the name in it)."""
    classes = element.attrs.get("class", "").split()
    return bool({"meta", "flash"} & set(classes)) and element.text().strip() != text


def without_dir_auto(root: Element, text: str) -> list[str]:
    """Elements holding `text` where neither they nor their parent say dir="auto"."""
    holders = elements_holding(root, text)
    assert holders, f"{text!r} is not on the page"
    return [f"<{e.tag} {e.attrs}>" for e in holders
            if e.attrs.get("dir") != "auto" and (e.parent is None or e.parent.attrs.get("dir") != "auto")
            and not in_a_sentence(e, text)]


@pytest.fixture
def arabic_thread(app, make_user, make_thread):
    author = make_user("laila", kind="commune", display_name=AR_NAME)
    thread = make_thread(author, title=AR_TITLE, body=AR_BODY, kind="need", need=NeedDetails("advice",
                         AR_TIME_FRAME), tags=[get_tag("forage")])
    reply(thread, author, AR_BODY + " (2)")
    return thread


def test_arabic_titles_bodies_and_names_carry_dir_auto_on_every_page(client, auth, arabic_thread, member, board):
    thread = arabic_thread
    first_post = thread_posts(thread, 1).items[0]
    auth.login(thread.author)
    pages = {
        f"/t/{thread.slug}/{thread.id}": [AR_TITLE, AR_BODY, AR_NAME, AR_TIME_FRAME],
        "/": [AR_TITLE], f"/b/{board.slug}": [AR_TITLE], "/questions": [AR_TITLE], "/needs": [AR_TITLE, AR_TIME_FRAME],
        "/tags/forage": [AR_TITLE], "/search?q=" + AR_TITLE.split()[2]: [AR_NAME],
        f"/u/{thread.author.username}": [AR_NAME], "/u": [AR_NAME],
        f"/t/{thread.id}/reply": [AR_TITLE], f"/p/{first_post.id}/edit": [AR_TITLE, AR_BODY],
        f"/search/similar?title={AR_TITLE}": [AR_TITLE],
    }
    missing = {}
    for url, texts in pages.items():
        root = parse(client.get(url))
        for text in texts:
            if bad := without_dir_auto(root, text):
                missing[(url, text[:12])] = bad
    assert missing == {}


def test_text_fields_let_the_browser_pick_the_direction(client, auth, member, board):
    auth.login(member)
    root = parse(client.get(f"/b/{board.slug}/new"))
    fields = {e.attrs.get("name"): e for e in root.walk() if e.tag in ("input", "textarea")}
    assert fields["title"].attrs.get("dir") == "auto" and fields["body"].attrs.get("dir") == "auto"


# -- the composer ---------------------------------------------------------------------------

def form_controls(root: Element) -> list[str]:
    """The names of the thread form's fields, in document order (each once)."""
    form = next(e for e in root.walk() if e.tag == "form" and "data-similar-url" in e.attrs)
    names = [e.attrs["name"] for e in form.walk() if e.tag in ("input", "textarea", "select") and e.attrs.get("name")]
    return list(dict.fromkeys(n for n in names if n != "csrf_token"))


def test_the_message_box_comes_right_after_the_title(client, auth, member, board):
    auth.login(member)
    names = form_controls(parse(client.get(f"/b/{board.slug}/new")))
    assert names[:3] == ["title", "body", "kind"]
    assert names.index("expectation") < names.index("tags")


def test_the_boards_usual_tags_come_first_and_the_others_behind_more(app, client, auth, member, make_thread, board):
    used = {"forage": 3, "eau-potable": 2, "irrigation": 1}
    for slug, n in used.items():
        for _ in range(n):
            make_thread(member, tags=[get_tag(slug)])
    make_thread(member, tags=[get_tag("subventions")], target_board=get_board("financement-partenariats"))
    for _ in range(4):  # deleted threads do not count
        delete_post(member, thread_posts(make_thread(member, tags=[get_tag("energie-solaire")]), 1).items[0])
    app.config["COMPOSER_USUAL_TAGS"] = 2
    auth.login(member)
    root = parse(client.get(f"/b/{board.slug}/new"))
    fieldset = next(e for e in root.walk() if e.tag == "fieldset" and "Tags" in e.text())
    details = next(e for e in fieldset.walk() if e.tag == "details")
    first = [e.attrs["value"] for e in fieldset.walk() if e.tag == "input" and not _inside(e, details)]
    rest = [e.attrs["value"] for e in details.walk() if e.tag == "input"]
    assert sorted(first) == sorted(str(get_tag(slug).id) for slug in ("forage", "eau-potable"))
    assert {str(get_tag(slug).id) for slug in ("irrigation", "subventions", "energie-solaire")} <= set(rest)
    assert "More tags" in details.text() and "open" not in details.attrs


def _inside(element: Element, ancestor: Element) -> bool:
    while element is not None:
        if element is ancestor:
            return True
        element = element.parent
    return False


def test_a_tag_ticked_among_the_others_keeps_them_open(client, auth, member, board):
    auth.login(member)
    response = client.post(f"/b/{board.slug}/new", data={"title": "Trop court", "kind": "question",
                                                           "tags": [get_tag("subventions").id], "body": ""})
    details = next(e for e in parse(response).walk() if e.tag == "details" and "More tags" in e.text())
    assert "open" in details.attrs


def test_the_need_details_are_still_checked_by_the_server(client, auth, member, board):
    auth.login(member)
    page = client.post(f"/b/{board.slug}/new", data={
        "title": "Besoin d’un hydrogéologue", "kind": "need", "body": "Pour la commune.", "expectation": ""})
    assert page.status_code == 200
    assert "Choose what you expect from the experts." in page.get_data(as_text=True)


# -- errors after a failed submit ----------------------------------------------------------

def test_a_failed_submit_starts_with_a_summary_linking_to_each_field(client, auth, member, board):
    auth.login(member)
    root = parse(client.post(f"/b/{board.slug}/new", data={"kind": "need", "title": "Court"}))
    summary = next(e for e in root.walk() if e.attrs.get("role") == "alert")
    assert summary.attrs.get("tabindex") == "-1" and "autofocus" in summary.attrs
    links = [e.attrs["href"] for e in summary.walk() if e.tag == "a"]
    assert links == ["#title", "#body", "#expectation", "#time_frame"]
    assert "Title — At least 8 characters, please." in summary.text()
    ids = {e.attrs.get("id"): e for e in root.walk()}
    assert all(ids[link[1:]].attrs.get("aria-invalid") == "true" for link in links)
    assert ids["kind-0"].attrs.get("aria-invalid") is None
    form = next(e for e in root.walk() if e.tag == "form" and "data-similar-url" in e.attrs)
    assert _inside(summary, form)


def test_a_form_without_errors_has_no_summary(client, auth, member, board):
    auth.login(member)
    root = parse(client.get(f"/b/{board.slug}/new"))
    assert not [e for e in root.walk() if e.attrs.get("role") == "alert"]
    assert not [e for e in root.walk() if "aria-invalid" in e.attrs]
