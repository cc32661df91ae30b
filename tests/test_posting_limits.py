"""What a member may do how often: previews, edits and expert invitations are rate limited
(memory and, with TEST_REDIS_URL, Redis storage), and what a refused edit carried is kept."""

import pytest

from forum.extensions import db
from forum.matching.models import Invitation
from forum.threads.models import Post
from tests.helpers import RATE_LIMIT_STORAGES, page_text, rate_limited


@pytest.fixture(params=RATE_LIMIT_STORAGES)
def app_config(request):
    return rate_limited(
        request.param,
        POST_RATE_LIMIT="2 per minute",
        PREVIEW_RATE_LIMIT="3 per minute",
        EDIT_RATE_LIMIT="2 per minute",
        INVITE_RATE_LIMIT="2 per minute",
    )


pytestmark = pytest.mark.usefixtures("fresh_limits")


def test_previews_are_limited_per_member_across_every_form(client, auth, member, other_member, make_thread):
    thread = make_thread(member)
    auth.login(member)
    first = db.session.query(Post).filter_by(thread_id=thread.id).one()
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Aperçu *un*", "preview": "1"}).status_code == 200
    assert client.post("/b/eau-assainissement/new", data={"title": "Un titre assez long", "body": "Aperçu deux",
                                                           "kind": "question", "preview": "1"}).status_code == 200
    assert client.post(f"/p/{first.id}/edit", data={"body": "Aperçu trois", "preview": "1"}).status_code == 200
    response = client.post(f"/t/{thread.id}/reply", data={"body": "Mon aperçu précieux", "preview": "1"})
    assert response.status_code == 429
    assert "You are going too fast" in page_text(response) and "Mon aperçu précieux</textarea>" in page_text(response)
    # Publishing is counted apart, and another member previews freely.
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Ma réponse", "submit": "1"}).status_code == 302
    auth.logout()
    auth.login(other_member)
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Aperçu de Bob", "preview": "1"}).status_code == 200


def test_edits_are_limited_and_a_refused_edit_keeps_its_text(client, auth, member, make_thread):
    thread = make_thread(member, replies=1)
    post = db.session.query(Post).filter_by(thread_id=thread.id, number=2).one()
    auth.login(member)
    for n in range(2):
        response = client.post(f"/p/{post.id}/edit", data={"body": f"Version {n}", "submit": "1"})
        assert response.status_code == 302
    assert client.post(f"/p/{post.id}/edit", data={"body": "Aperçu", "preview": "1"}).status_code == 200
    response = client.post(f"/p/{post.id}/edit", data={"body": "Ma version soignée", "submit": "1"})
    assert response.status_code == 429
    page = page_text(response)
    assert "Ma version soignée</textarea>" in page and f'action="/p/{post.id}/edit"' in page
    db.session.expire_all()
    assert db.session.get(Post, post.id).body == "Version 1"


def test_expert_invitations_are_limited(client, auth, member, make_user, make_thread):
    thread = make_thread(member)
    experts = [make_user(f"expert{n}", kind="expert", display_name=f"Expert {n}") for n in range(3)]
    auth.login(member)
    for expert in experts[:2]:
        response = client.post(f"/t/{thread.id}/invite", data={"expert": expert.username}, follow_redirects=True)
        assert f"{expert.display_name} is invited to answer" in page_text(response)
    response = client.post(f"/t/{thread.id}/invite", data={"expert": experts[2].username})
    assert response.status_code == 429 and "You are going too fast" in page_text(response)
    assert db.session.query(Invitation).count() == 2
