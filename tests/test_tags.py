"""The tag vocabulary: its pages, and the community manager's tag tools."""

from forum.audit import ModAction
from forum.boards.services import get_board
from forum.extensions import db
from forum.tags.models import Tag
from forum.tags.services import get_tag
from tests.helpers import page_text


def log_actions():
    return [a.action for a in db.session.query(ModAction).order_by(ModAction.id)]


def test_tag_pages(client, member, make_thread):
    make_thread(member, title="Sujet étiqueté argan", tags=[get_tag("argan")], target_board=get_board("tourisme-artisanat-cooperatives"))
    assert "Sujet étiqueté argan" in page_text(client.get("/tags/argan"))
    assert "#argan" in page_text(client.get("/tags"))
    assert client.get("/tags/nope").status_code == 404


def test_tag_vocabulary_create_rename_merge_delete(client, auth, member, moderator, make_thread):
    auth.login(moderator)
    client.post("/mod/tags", data={"name": "Dessalement", "description": "Eau de mer"})
    tag = get_tag("dessalement")
    assert tag is not None
    duplicate = client.post("/mod/tags", data={"name": "dessalement"})
    assert "This tag already exists." in page_text(duplicate)
    client.post(f"/mod/tags/{tag.id}", data={"name": "Dessalement de l'eau", "submit": "1"})
    assert tag.slug == "dessalement-de-l-eau"

    both = make_thread(member, title="Sujet avec deux étiquettes", tags=[get_tag("forage"), get_tag("eau-potable")])
    only_forage = make_thread(member, title="Sujet avec forage seulement", tags=[get_tag("forage")])
    forage, water = get_tag("forage"), get_tag("eau-potable")
    client.post(f"/mod/tags/{forage.id}/merge", data={"merge-target": water.id, "merge-submit": "1"})
    assert get_tag("forage") is None
    db.session.expire_all()
    assert [t.slug for t in both.tags] == ["eau-potable"]
    assert [t.slug for t in only_forage.tags] == ["eau-potable"]

    client.post(f"/mod/tags/{water.id}/delete")
    assert db.session.get(Tag, water.id) is None
    db.session.expire_all()
    assert both.tags == []
    assert log_actions() == ["tag_created", "tag_renamed", "tag_merged", "tag_deleted"]
