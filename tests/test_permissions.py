"""Who may do what, checked on the server: every action against every kind of user.

Expected outcomes: "ok" (the action happened), "login" (sent to the login page), 403, 404.
A refused action changes nothing: no moderation-log entry, no new or changed post.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date

import pytest

from forum.audit import ModAction
from forum.boards.services import get_board
from forum.db import transaction
from forum.extensions import db
from forum.impact.links.services import create_record
from forum.impact.models import Card, ImpactSettings, LinkingRecord
from forum.notifications.models import NotificationKind, Preference, Watch
from forum.people.models import User
from forum.tags.services import get_tag
from forum.threads.models import Post, Thread
from forum.threads.services import reply
from tests.helpers import ON_POSTGRES

ROLES = ("anonymous", "member", "author", "coordinator", "moderator", "admin")


@dataclass
class World:
    thread: object
    first: object
    reply: object
    users: dict


def _build_world(make_user, make_thread) -> World:
    """Five members (alice wrote the thread and a reply; bob is anybody) and a contact alice
    recorded with the expert karim (the linking-record actions act on it)."""
    users = {
        "member": make_user("bob"),
        "author": make_user("alice", kind="commune"),
        "coordinator": make_user("claire", role="coordinator"),
        "moderator": make_user("nadia", role="moderator"),
        "admin": make_user("root", role="admin"),
    }
    thread = make_thread(users["author"])
    answer = reply(thread, users["author"], "Une réponse de l'auteur")
    first = db.session.query(Post).filter_by(thread_id=thread.id, number=1).one()
    expert = make_user("karim", kind="expert")
    with transaction():
        create_record(users["author"], thread, {
            "kind": "call", "status": "planned", "occurred_on": date(2026, 1, 10), "expert_id": expert.id,
            "partner_id": None, "commune_id": None, "organisation": "", "amount": "", "currency": "", "note": ""})
    return World(thread, first, answer, users)


# SQLite: the world is built once per test process, then copied into each test's fresh
# database (the backup API, about a millisecond) instead of being built again for each of
# several hundred cases. Its rows and ids are the same every time.
_snapshot: tuple[sqlite3.Connection, dict] | None = None


@pytest.fixture
def world(app, make_user, make_thread):
    global _snapshot
    if ON_POSTGRES:
        return _build_world(make_user, make_thread)
    if _snapshot is None:
        built = _build_world(make_user, make_thread)
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        raw = db.engine.raw_connection()
        raw.driver_connection.backup(copy)
        raw.close()
        _snapshot = (copy, {"thread": built.thread.id, "first": built.first.id, "reply": built.reply.id,
                            "users": {role: user.id for role, user in built.users.items()}})
        return built
    copy, ids = _snapshot
    db.session.remove()
    raw = db.engine.raw_connection()
    copy.backup(raw.driver_connection)
    raw.close()
    return World(db.session.get(Thread, ids["thread"]), db.session.get(Post, ids["first"]),
                 db.session.get(Post, ids["reply"]),
                 {role: db.session.get(User, user_id) for role, user_id in ids["users"].items()})


def _everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


# The coordinator reads the impact dashboard and moderates nothing: a member everywhere else.
STAFF_ONLY = {"anonymous": "login", "member": 403, "author": 403, "coordinator": 403, "moderator": "ok", "admin": "ok"}
ADMIN_ONLY = {"anonymous": "login", "member": 403, "author": 403, "coordinator": 403, "moderator": 403, "admin": "ok"}
MEMBERS = {"anonymous": "login", "member": "ok", "author": "ok", "coordinator": "ok", "moderator": "ok", "admin": "ok"}
SELF_ONLY = {"anonymous": "login", "member": "ok", "author": 403, "coordinator": 403, "moderator": 403, "admin": 403}
AUTHOR_OR_STAFF = {"anonymous": "login", "member": 403, "author": "ok", "coordinator": 403, "moderator": "ok",
                   "admin": "ok"}
IMPACT_READERS = {"anonymous": "login", "member": 403, "author": 403, "coordinator": "ok", "moderator": "ok",
                  "admin": "ok"}

class _LinkExpert:
    """links: the expert of the world's linking record, by id, read when a form is sent."""

    def __str__(self) -> str:
        return str(db.session.query(LinkingRecord.expert_id).order_by(LinkingRecord.id).limit(1).scalar())


# name: (method, url(world), form data, expected outcome by role)
ACTIONS = {
    "read thread": ("GET", lambda w: f"/t/{w.thread.slug}/{w.thread.id}", None, _everyone("ok")),
    "open new-thread form": ("GET", lambda w: "/b/eau-assainissement/new", None, MEMBERS),
    "create thread": ("POST", lambda w: "/b/eau-assainissement/new",
                      {"title": "Un nouveau sujet de test", "body": "Corps", "kind": "question", "submit": "1"}, MEMBERS),
    "reply": ("POST", lambda w: f"/t/{w.thread.id}/reply", {"body": "Merci !", "submit": "1"}, MEMBERS),
    "edit first post": ("POST", lambda w: f"/p/{w.first.id}/edit",
                        {"title": "Titre modifié du sujet", "body": "Modifié", "kind": "question", "submit": "1"},
                        AUTHOR_OR_STAFF),
    "edit reply": ("POST", lambda w: f"/p/{w.reply.id}/edit", {"body": "Modifié", "submit": "1"}, AUTHOR_OR_STAFF),
    "ask to delete reply": ("GET", lambda w: f"/p/{w.reply.id}/delete", None, AUTHOR_OR_STAFF),
    "ask to delete answered thread": ("GET", lambda w: f"/p/{w.first.id}/delete", None, STAFF_ONLY),
    "delete reply": ("POST", lambda w: f"/p/{w.reply.id}/delete", {}, AUTHOR_OR_STAFF),
    # The author may not delete a first post that has replies: it would take the replies with it.
    "delete answered thread": ("POST", lambda w: f"/p/{w.first.id}/delete", {}, STAFF_ONLY),
    "pin": ("POST", lambda w: f"/mod/t/{w.thread.id}/pin", {}, STAFF_ONLY),
    "pin on home": ("POST", lambda w: f"/mod/t/{w.thread.id}/pin_home", {}, STAFF_ONLY),
    "close": ("POST", lambda w: f"/mod/t/{w.thread.id}/close", {}, STAFF_ONLY),
    "move": ("POST", lambda w: f"/mod/t/{w.thread.id}/move", {"board": "__funding__"}, STAFF_ONLY),
    "retag": ("POST", lambda w: f"/mod/t/{w.thread.id}/tags", {"tags": "__forage__"}, STAFF_ONLY),
    "read moderation log": ("GET", lambda w: "/mod/log", None, STAFF_ONLY),
    "open expert invitations": ("GET", lambda w: "/mod/invitations", None, STAFF_ONLY),
    "create tag": ("POST", lambda w: "/mod/tags", {"name": "Nouvelle étiquette"}, STAFF_ONLY),
    "delete tag": ("POST", lambda w: f"/mod/tags/{get_tag('argan').id}/delete", {}, STAFF_ONLY),
    "manage boards": ("GET", lambda w: "/admin/boards/", None, ADMIN_ONLY),
    "create board": ("POST", lambda w: "/admin/boards/", {"name": "Nouvelle rubrique"}, ADMIN_ONLY),
    "archive board": ("POST", lambda w: f"/admin/boards/{w.thread.board_id}/archive", {}, ADMIN_ONLY),
    "grant moderator": ("POST", lambda w: "/u/bob/role", {"role": "moderator"},
                        {**ADMIN_ONLY, "member": 403}),
    # "member" is bob himself here: editing one's own profile is allowed.
    "edit bob's profile": ("POST", lambda w: "/u/bob/edit",
                                    {"display_name": "Piraté", "email": "bob@example.org", "kind": "other"},
                                    {"anonymous": "login", "member": "ok", "author": 403, "coordinator": 403,
                                     "moderator": 403, "admin": "ok"}),
    # Notification preferences: bob's own, not even the staff's.
    "open bob's notification preferences": ("GET", lambda w: "/u/bob/notifications/preferences", None, SELF_ONLY),
    "change bob's notification preferences": ("POST", lambda w: "/u/bob/notifications/preferences",
                                              {**{f"{kind}_email": "never" for kind in NotificationKind},
                                               "submit": "1"}, SELF_ONLY),
    "read notifications": ("GET", lambda w: "/notifications", None, MEMBERS),
    "mark all notifications read": ("POST", lambda w: "/notifications/read", {}, MEMBERS),
    "watch thread": ("POST", lambda w: f"/t/{w.thread.id}/watch", {"watch-level": "watching"}, MEMBERS),
    "watch board": ("POST", lambda w: "/b/eau-assainissement/watch", {"watch-level": "watching_first_post"}, MEMBERS),
    "mute tag": ("POST", lambda w: "/tags/forage/watch", {"watch-level": "muted"}, MEMBERS),
    # "author" is alice: what a member watches is theirs (and the admins').
    "see alice's watching page": ("GET", lambda w: "/u/alice/watching", None,
                                  {"anonymous": "login", "member": 403, "author": "ok", "coordinator": 403,
                                   "moderator": 403, "admin": "ok"}),
    # -- impact: the dashboard, its lists, exports and settings (forum/impact/views.py)
    "open impact dashboard": ("GET", lambda w: "/impact", None, IMPACT_READERS),
    **{f"open impact list {name}": ("GET", lambda w, name=name: f"/impact/{name}", None, IMPACT_READERS)
       for name in ("migrants", "communes-engaged", "actors", "communes-strengthened")},
    **{f"download impact list {name}": ("GET", lambda w, name=name: f"/impact/{name}.csv", None, IMPACT_READERS)
       for name in ("migrants", "communes-engaged", "actors", "communes-strengthened")},
    "download monthly impact figures": ("GET", lambda w: "/impact/monthly.csv", None, IMPACT_READERS),
    "open impact report": ("GET", lambda w: "/impact/report", None, IMPACT_READERS),
    "open impact settings": ("GET", lambda w: "/impact/settings", None, ADMIN_ONLY),
    "save impact settings": ("POST", lambda w: "/impact/settings",
                             {"start_date": "2025-09-01", "end_date": "", "target_migrants": "45",
                              "target_communes_engaged": "8", "target_actors": "50",
                              "target_communes_strengthened": "9", "submit": "1"}, ADMIN_ONLY),
    # -- impact: funnel and gaps (forum/impact/community)
    "open the needs funnel": ("GET", lambda w: "/impact/needs", None, IMPACT_READERS),
    "export the needs funnel": ("GET", lambda w: "/impact/needs.csv", None, IMPACT_READERS),
    "export the unanswered needs": ("GET", lambda w: "/impact/needs/unanswered.csv", None, IMPACT_READERS),
    "open the gaps": ("GET", lambda w: "/impact/gaps", None, IMPACT_READERS),
    "export the unmet tags": ("GET", lambda w: "/impact/gaps/tags.csv", None, IMPACT_READERS),
    "export the idle experts": ("GET", lambda w: "/impact/gaps/experts.csv", None, IMPACT_READERS),
    "export the quiet communes": ("GET", lambda w: "/impact/gaps/communes.csv", None, IMPACT_READERS),
    # -- impact: linking records (forum/impact/links)
    "open the form recording a link": ("GET", lambda w: f"/t/{w.thread.id}/links/new", None, AUTHOR_OR_STAFF),
    # (alice recorded one contact with the expert karim: built with the world;
    # the form names karim by id, read when it is sent: the record's expert)
    "record a link": ("POST", lambda w: f"/t/{w.thread.id}/links/new",
                      {"kind": "call", "occurred_on": "2026-01-15", "status": "planned", "expert_id": _LinkExpert()},
                      AUTHOR_OR_STAFF),
    "open a link's form": ("GET", lambda w: f"/links/{_link_id()}/edit", None, AUTHOR_OR_STAFF),
    "update a link": ("POST", lambda w: f"/links/{_link_id()}/edit",
                      {"kind": "visit", "occurred_on": "2026-01-15", "status": "completed", "expert_id": _LinkExpert()},
                      AUTHOR_OR_STAFF),
    "delete a link": ("POST", lambda w: f"/links/{_link_id()}/delete", {}, STAFF_ONLY),
    "read linking records": ("GET", lambda w: "/impact/links", None, IMPACT_READERS),
    "read linking records (CSV)": ("GET", lambda w: "/impact/links.csv", None, IMPACT_READERS),
    # -- impact: capitalisation cards (forum/impact/cards)
    "read the library": ("GET", lambda w: "/bibliotheque", None, _everyone("ok")),
    "read the booklet": ("GET", lambda w: "/bibliotheque/livret", None, _everyone("ok")),
    "open the card review queue": ("GET", lambda w: "/mod/cards", None, STAFF_ONLY),
    # Nobody writes a card from a thread without a solution...
    "open the card form of an unsolved thread": ("GET", lambda w: f"/t/{w.thread.id}/card/new", None,
                                                 {**_everyone(403), "anonymous": "login"}),
    # ...and, once solved (_solved_url marks the author's reply: nothing _state sees), the asker or a moderator.
    "open the card form": ("GET", lambda w: _solved_url(w, "/t/{id}/card/new"), None, AUTHOR_OR_STAFF),
    "write a card": ("POST", lambda w: _solved_url(w, "/t/{id}/card/new"),
                     {"title": "Une fiche d'expérience", "board": "__funding__", "problem": "Le problème",
                      "solution": "La solution", "save": "1"}, AUTHOR_OR_STAFF),
}


def _fill(data):
    data = dict(data or {})
    if data.get("board") == "__funding__":
        data["board"] = get_board("financement").id
    if data.get("tags") == "__forage__":
        data["tags"] = get_tag("forage").id
    return data


def _state(world):
    db.session.expire_all()
    impact = ([(r.id, r.kind, r.status, r.note, r.updated_at) for r in db.session.query(LinkingRecord).order_by(LinkingRecord.id)],
              [(c.id, c.status, c.title, c.updated_at) for c in db.session.query(Card).order_by(Card.id)],
              [(s.start_date, s.target_migrants, s.updated_at) for s in db.session.query(ImpactSettings)])
    posts = [(p.id, p.body, p.is_deleted) for p in db.session.query(Post).order_by(Post.id)]
    users = [(u.id, u.display_name, u.role) for u in world.users.values()]
    t = world.thread
    watches = [(w.user_id, w.thread_id, w.board_id, w.tag_id, w.level) for w in db.session.query(Watch).order_by(Watch.id)]
    preferences = db.session.query(Preference.user_id, Preference.kind, Preference.in_app, Preference.email).all()
    return (posts, users, db.session.query(ModAction).count(), (t.title, t.is_pinned, t.is_locked, t.board_id),
            watches, sorted(preferences), impact)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(client, auth, world, action, role):
    method, url, data, expected = ACTIONS[action]
    expected = expected[role]
    if role != "anonymous":
        auth.login(world.users[role])
    before = _state(world)
    if method == "GET":
        response = client.get(url(world))
    else:
        response = client.post(url(world), data=_fill(data))
    location = response.headers.get("Location", "")
    if expected == "ok":
        # Success is a page (GET) or a post/redirect/get (POST); a form error would be a 200.
        assert response.status_code == (200 if method == "GET" else 302), response.status_code
        assert not location.startswith("/login")
    elif expected == "login":
        assert response.status_code == 302 and location.startswith("/login")
    else:
        assert response.status_code == expected
        assert "Not allowed" in response.get_data(as_text=True)
    if expected != "ok":
        assert _state(world) == before, "a refused action changed something"
    elif method == "POST" and action not in ("create thread", "reply", "create tag", "create board",
                                             "mark all notifications read"):
        assert _state(world) != before, "an allowed action changed nothing"


# -- links: the world's linking record (alice's, with the expert karim) ---------------------------

def _link_id() -> int:
    return db.session.query(LinkingRecord.id).order_by(LinkingRecord.id).limit(1).scalar()


# -- cards: a solved world thread (the solution is not part of _state) ------------------------------

def _solved_url(world, pattern: str) -> str:
    from forum.db import transaction
    from forum.threads.solutions import mark_solution

    with transaction():
        mark_solution(world.users["author"], world.reply)
    return pattern.format(id=world.thread.id)
