"""The community manager's powers and the moderation log."""

from forum.audit import ModAction
from forum.boards.services import get_board
from forum.extensions import db
from forum.tags.services import get_tag
from tests.helpers import page_text


def log_actions():
    return [a.action for a in db.session.query(ModAction).order_by(ModAction.id)]


def test_pin_unpin_and_pin_on_home(client, auth, member, moderator, make_thread):
    thread = make_thread(member)
    auth.login(moderator)
    for action in ("pin", "pin_home", "unpin", "unpin_home"):
        assert client.post(f"/mod/t/{thread.id}/{action}").status_code == 302
    assert log_actions() == ["pinned", "pinned_home", "unpinned", "unpinned_home"]
    assert not thread.is_pinned and not thread.is_pinned_home


def test_closed_thread_refuses_replies_until_reopened(client, auth, member, moderator, make_thread):
    thread = make_thread(member)
    auth.login(moderator)
    client.post(f"/mod/t/{thread.id}/close")
    auth.logout()
    auth.login(member)
    page = page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    assert "This thread is closed" in page and "Your reply" not in page
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Encore moi", "submit": "1"}).status_code == 403
    auth.logout()
    auth.login(moderator)
    client.post(f"/mod/t/{thread.id}/reopen")
    auth.logout()
    auth.login(member)
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Encore moi", "submit": "1"}).status_code == 302
    assert log_actions() == ["closed", "reopened"]


def test_move_thread_updates_both_boards(client, auth, member, moderator, make_thread):
    thread = make_thread(member, replies=2)
    funding = get_board("financement")
    auth.login(moderator)
    client.post(f"/mod/t/{thread.id}/move", data={"board": funding.id})
    water = get_board("eau-assainissement")
    assert thread.board_id == funding.id
    assert (water.thread_count, water.post_count) == (0, 0)
    assert (funding.thread_count, funding.post_count) == (1, 3)
    assert thread.title in page_text(client.get("/b/financement"))
    entry = db.session.query(ModAction).one()
    assert entry.action == "moved" and "Eau et assainissement -> Financement" in entry.summary


def test_retag_any_thread(client, auth, member, moderator, make_thread):
    thread = make_thread(member, tags=[get_tag("forage")])
    auth.login(moderator)
    client.post(f"/mod/t/{thread.id}/tags", data={"tags": [get_tag("irrigation").id, get_tag("subventions").id]})
    assert sorted(t.slug for t in thread.tags) == ["irrigation", "subventions"]
    assert "+irrigation +subventions -forage" in db.session.query(ModAction).one().summary


def test_mod_log_page_shows_who_did_what(client, auth, member, moderator, make_thread):
    thread = make_thread(member, title="Sujet à épingler pour le test")
    auth.login(moderator)
    client.post(f"/mod/t/{thread.id}/pin")
    page = page_text(client.get("/mod/log"))
    assert "@nadia" in page and "pinned" in page and "Sujet à épingler pour le test" in page


def test_moderator_may_reply_to_a_closed_thread(client, auth, member, moderator, make_thread):
    thread = make_thread(member)
    auth.login(moderator)
    client.post(f"/mod/t/{thread.id}/close")
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Sujet fermé, merci à tous.", "submit": "1"}).status_code == 302
