"""The admins' board management and the seeded PCD boards."""

from forum.boards.models import Board
from forum.boards.services import get_board, seed_boards_and_tags
from forum.extensions import db
from tests.helpers import page_text


def test_seed_creates_the_pcd_boards_once(app):
    names = [b.name for b in db.session.query(Board).order_by(Board.position)]
    assert names[0] == "Eau et assainissement" and "Études de faisabilité" in names and len(names) == 14
    assert seed_boards_and_tags() == 0


def test_init_command_migrates_and_seeds(tmp_path):
    from forum import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'f.sqlite'}"})
    result = app.test_cli_runner().invoke(args=["forum", "init"])
    assert result.exit_code == 0, result.output
    assert "14 boards created" in result.output
    again = app.test_cli_runner().invoke(args=["forum", "init"])
    assert "0 boards created" in again.output


def test_admin_creates_edits_reorders_and_archives_boards(client, auth, admin, member):
    auth.login(admin)
    client.post("/admin/boards/", data={"name": "Numérique et e-administration", "description": "Guichets"})
    board = get_board("numerique-et-e-administration")
    assert board is not None
    client.post(f"/admin/boards/{board.id}", data={"name": "Numérique", "description": "Services en ligne"})
    assert board.name == "Numérique" and board.slug == "numerique-et-e-administration"
    last_position = board.position
    client.post(f"/admin/boards/{board.id}/up")
    assert board.position == last_position - 1
    client.post(f"/admin/boards/{board.id}/archive")
    assert board.is_archived
    auth.logout()
    auth.login(member)
    assert client.get("/b/numerique-et-e-administration").status_code == 404
    assert "Numérique" not in page_text(client.get("/"))
    assert client.get("/b/numerique-et-e-administration/new").status_code == 404


def test_archived_board_is_read_only_even_for_staff(client, auth, admin, member, make_thread):
    thread = make_thread(member)
    auth.login(admin)
    client.post(f"/admin/boards/{thread.board_id}/archive")
    assert client.get(f"/t/{thread.slug}/{thread.id}").status_code == 200
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Trop tard", "submit": "1"}).status_code == 403
    assert client.get("/b/eau-assainissement/new").status_code == 403


def test_board_and_tag_edit_pages_show_their_forms(client, auth, admin):
    auth.login(admin)
    for url in ("/admin/boards/", "/admin/boards/1", "/mod/tags", "/mod/tags/1"):
        response = client.get(url)
        assert response.status_code == 200 and 'name="name"' in page_text(response), url
