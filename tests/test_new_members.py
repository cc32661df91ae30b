"""New accounts and spam (as Discourse's trust level 0): few links in a new member's first
posts, few threads on an account's first day; moderators exempt. What was refused is said
on the form, the text is kept and nothing is written."""

from datetime import timedelta

import pytest

from forum.config import DefaultConfig
from forum.dbtypes import utcnow
from forum.demo import seed_demo
from forum.extensions import db
from forum.seed.demo_content import THREADS
from forum.threads.models import Post, Thread
from tests.helpers import page_text


@pytest.fixture
def app_config():
    return {"NEW_USER_LIMITS": True, "NEW_USER_POSTS": 3, "NEW_USER_MAX_LINKS": 2, "NEW_USER_MAX_THREADS_PER_DAY": 3}


def links(n: int) -> str:
    """A message with `n` links: Markdown ones and bare URLs (which are linked too)."""
    urls = [f"[guide {k}](https://example.org/{k})" if k % 2 else f"https://www.example{k}.ma/doc" for k in range(n)]
    return "Voici des ressources : " + " ; ".join(urls)


def test_a_new_member_may_put_two_links_in_a_reply_not_three(client, auth, member, make_thread, make_user):
    thread = make_thread(make_user("auteur"))
    auth.login(member)
    response = client.post(f"/t/{thread.id}/reply", data={"body": links(3), "submit": "1"})
    page = page_text(response)
    assert response.status_code == 200
    assert "New members may put at most 2 links in a message, and this one has 3." in page
    assert "once you have written 3 messages" in page
    assert "Voici des ressources" in page.split("<textarea", 1)[1]  # the text is kept
    assert db.session.query(Post).filter_by(author_id=member.id).count() == 0
    assert client.post(f"/t/{thread.id}/reply", data={"body": links(2), "submit": "1"}).status_code == 302


def test_links_within_the_forum_do_not_count(client, auth, member, make_thread, make_user):
    thread = make_thread(make_user("auteur"))
    auth.login(member)
    body = links(2) + f" et [le sujet](/t/{thread.slug}/{thread.id}/1), [ici](#p1), ![plan](https://example.org/p.png)"
    response = client.post(f"/t/{thread.id}/reply", data={"body": body, "submit": "1"})
    assert "this one has 3" in page_text(response)  # the image is a link that leaves the forum
    body = links(2) + f" et [le sujet](/t/{thread.slug}/{thread.id}/1), [ici](#p1)"
    assert client.post(f"/t/{thread.id}/reply", data={"body": body, "submit": "1"}).status_code == 302


def test_after_their_first_posts_members_may_put_more_links(client, auth, member, make_thread, make_user):
    thread = make_thread(make_user("auteur"))
    auth.login(member)
    for n in range(3):
        assert client.post(f"/t/{thread.id}/reply", data={"body": f"Merci {n}", "submit": "1"}).status_code == 302
    assert client.post(f"/t/{thread.id}/reply", data={"body": links(3), "submit": "1"}).status_code == 302


def test_a_new_member_cannot_add_links_by_editing(client, auth, member, make_thread, make_user):
    thread = make_thread(make_user("auteur"))
    auth.login(member)
    client.post(f"/t/{thread.id}/reply", data={"body": "Bonjour", "submit": "1"})
    post = db.session.query(Post).filter_by(author_id=member.id).one()
    response = client.post(f"/p/{post.id}/edit", data={"body": links(4), "submit": "1"})
    assert response.status_code == 200 and "this one has 4" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Post, post.id).body == "Bonjour"


def test_an_edit_that_adds_no_link_is_accepted(app, client, auth, member, make_thread, make_user):
    """A post written when the limit was higher keeps its links through a typo fix."""
    thread = make_thread(make_user("auteur"))
    app.config["NEW_USER_MAX_LINKS"] = 5
    auth.login(member)
    client.post(f"/t/{thread.id}/reply", data={"body": links(3), "submit": "1"})
    app.config["NEW_USER_MAX_LINKS"] = 2
    post = db.session.query(Post).filter_by(author_id=member.id).one()
    response = client.post(f"/p/{post.id}/edit", data={"body": links(3) + " (corrigé)", "submit": "1"})
    assert response.status_code == 302
    response = client.post(f"/p/{post.id}/edit", data={"body": links(4), "submit": "1"})
    assert "this one has 4" in page_text(response)


def test_a_new_member_opening_a_thread_with_three_links_is_refused(client, auth, member):
    auth.login(member)
    data = {"title": "Des ressources sur le forage", "kind": "question", "submit": "1"}
    response = client.post("/b/eau-assainissement/new", data={**data, "body": links(3)})
    assert response.status_code == 200 and "this one has 3" in page_text(response)
    assert db.session.query(Thread).count() == 0
    assert client.post("/b/eau-assainissement/new", data={**data, "body": links(2)}).status_code == 302


def test_a_new_account_opens_three_threads_on_its_first_day_not_four(client, auth, member, make_thread):
    auth.login(member)
    data = {"kind": "question", "body": "Nous cherchons des idées.", "submit": "1"}
    for n in range(3):
        response = client.post("/b/eau-assainissement/new", data={**data, "title": f"Question numéro {n}"})
        assert response.status_code == 302
    response = client.post("/b/eau-assainissement/new", data={**data, "title": "Ma quatrième question"})
    page = page_text(response)
    assert response.status_code == 200
    assert "A new account may open at most 3 threads on its first day. You can open this one from" in page
    assert "Ma quatrième question" in page and "Nous cherchons des idées." in page
    assert db.session.query(Thread).count() == 3
    # Replies are still welcome, and the next day threads are too.
    thread = db.session.query(Thread).first()
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Précision", "submit": "1"}).status_code == 302
    member.created_at = utcnow() - timedelta(days=1, minutes=1)
    db.session.commit()
    response = client.post("/b/eau-assainissement/new", data={**data, "title": "Ma quatrième question"})
    assert response.status_code == 302


def test_moderators_are_exempt(client, auth, moderator, make_user, make_thread):
    auth.login(moderator)
    data = {"kind": "question", "submit": "1"}
    for n in range(4):
        response = client.post("/b/eau-assainissement/new", data={**data, "title": f"Annonce numéro {n}",
                                                                   "body": links(5)})
        assert response.status_code == 302, page_text(response)
    post = db.session.query(Post).filter_by(number=1).first()
    assert client.post(f"/p/{post.id}/edit", data={"title": "Annonce révisée", "kind": "question",
                                                   "body": links(6), "submit": "1"}).status_code == 302


@pytest.mark.heavy  # seeds the whole demo forum (make test-heavy)
def test_the_demo_respects_the_new_account_limits(app):
    """`make run` seeds the demo with the default limits on: none of its posts is refused."""
    app.config.update({name: getattr(DefaultConfig, name) for name in (
        "NEW_USER_POSTS", "NEW_USER_MAX_LINKS", "NEW_USER_MAX_THREADS_PER_DAY")})
    seed_demo()
    assert db.session.query(Thread).count() == len(THREADS)
