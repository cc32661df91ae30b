"""Threads and replies as a member uses them: write, preview, quote, edit, delete, navigate."""

import re

from flask import g

from forum.boards.services import get_board
from forum.extensions import db
from forum.tags.services import get_tag
from forum.threads.models import Post, Thread
from tests.helpers import count_queries, page_text


def new_thread(client, board_slug="eau-assainissement", **overrides):
    data = {"title": "Comment financer un forage d'eau potable ?", "body": "Nous avons **trois douars** sans eau.",
            "kind": "question", "submit": "1"}
    data.update(overrides)
    return client.post(f"/b/{board_slug}/new", data=data)


def test_create_thread_with_kind_and_tags(client, auth, member):
    auth.login(member)
    forage, eau = get_tag("forage"), get_tag("eau-potable")
    response = new_thread(client, tags=[str(forage.id), str(eau.id)], kind="need",
                          expectation="feasibility_study", time_frame="avant juin 2027")
    assert response.status_code == 302
    thread = db.session.query(Thread).one()
    assert response.headers["Location"] == f"/t/{thread.slug}/{thread.id}"
    page = page_text(client.get(response.headers["Location"]))
    assert '<h1 dir="auto">Comment financer un forage d&#39;eau potable ?</h1>' in page
    assert "<strong>trois douars</strong>" in page
    assert "#forage" in page and "#eau potable" in page and "Skill need" in page
    board = get_board("eau-assainissement")
    assert (board.thread_count, board.post_count) == (1, 1)


def test_preview_shows_rendered_markdown_and_saves_nothing(client, auth, member):
    auth.login(member)
    response = new_thread(client, preview="1", submit=None, body="Liste :\n\n- *un*\n- deux")
    page = page_text(response)
    assert response.status_code == 200
    assert '<section class="preview"' in page and "<em>un</em>" in page
    assert db.session.query(Thread).count() == 0


def test_title_and_body_limits_give_clear_messages_and_keep_the_text(client, auth, member, app):
    auth.login(member)
    page = page_text(new_thread(client, title="Court"))
    assert "At least 8 characters" in page
    long_body = "x" * (app.config["BODY_MAX_LENGTH"] + 1)
    page = page_text(new_thread(client, body=long_body))
    assert f"Too long: {len(long_body)} characters for at most {app.config['BODY_MAX_LENGTH']}" in page
    assert long_body in page  # nothing typed is lost
    assert db.session.query(Thread).count() == 0


def test_oversized_request_is_refused_with_413(client, auth, member, app):
    auth.login(member)
    response = new_thread(client, body="x" * (app.config["MAX_CONTENT_LENGTH"] + 10))
    assert response.status_code == 413
    assert "too large" in page_text(response)


def test_pathological_markdown_is_refused_quickly_with_a_message(client, auth, member):
    auth.login(member)
    import time

    started = time.monotonic()
    response = new_thread(client, body="[a](<b" * 3000)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert "too complex to format" in page_text(response)
    assert elapsed < 3
    assert db.session.query(Thread).count() == 0


def test_reply_and_stable_post_links(client, auth, member, other_member, make_thread, app):
    thread = make_thread(member)
    auth.login(other_member)
    response = client.post(f"/t/{thread.id}/reply", data={"body": "Voyez l'INDH.", "submit": "1"})
    assert response.headers["Location"] == f"/t/{thread.slug}/{thread.id}/2"
    target = client.get(response.headers["Location"])
    assert target.headers["Location"] == f"/t/{thread.slug}/{thread.id}#p2"
    page = page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    assert 'id="p2"' in page and "Voyez l'INDH." in page
    db.session.refresh(thread)
    assert thread.reply_count == 1 and thread.last_poster_id == other_member.id


def test_a_reply_costs_a_dozen_statements_and_a_redirect_no_bell(client, auth, member, other_member, make_thread,
                                                                  run_jobs):
    thread = make_thread(member)
    auth.login(member)
    client.post(f"/t/{thread.id}/reply", data={"body": f"Merci @{other_member.username} pour la piste.", "submit": "1"})
    run_jobs()  # other_member is notified of the mention
    auth.logout()
    auth.login(other_member)
    db.session.expire_all()
    with count_queries() as statements:
        response = client.post(f"/t/{thread.id}/reply", data={"body": "Voyez l'INDH de la province.", "submit": "1"})
    assert response.headers["Location"] == f"/t/{thread.slug}/{thread.id}/3"
    # The thread is read once (no refresh after the counters' UPDATE, no reload for the
    # redirect), and nothing shows the bell: 19 statements before, the number today.
    assert len([s for s in statements if s.startswith("SELECT") and "FROM threads" in s]) == 1, statements
    assert not [s for s in statements if "FROM notifications" in s], statements
    assert len(statements) <= 12, statements
    # The form shown again (too short) is a page: its bell has the unread count.
    response = client.post(f"/t/{thread.id}/reply", data={"body": "x", "submit": "1"})
    assert response.status_code == 200 and 'name="body"' in page_text(response)
    assert '<span class="count">1</span>' in page_text(response)
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).reply_count == 2


def test_post_link_lands_on_the_right_page(client, member, make_thread, app):
    per_page = app.config["POSTS_PER_PAGE"]
    thread = make_thread(member, replies=per_page + 3)
    number = per_page + 2
    response = client.get(f"/t/{thread.slug}/{thread.id}/{number}")
    assert response.headers["Location"] == f"/t/{thread.slug}/{thread.id}?page=2#p{number}"
    page = page_text(client.get(f"/t/{thread.slug}/{thread.id}?page=2"))
    assert f'id="p{number}"' in page and 'id="p1"' not in page


def test_wrong_slug_redirects_to_the_canonical_url(client, member, make_thread):
    thread = make_thread(member)
    response = client.get(f"/t/wrong-slug/{thread.id}?page=1")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/t/{thread.slug}/{thread.id}?page=1"
    assert client.get(f"/t/{thread.id}").status_code == 301
    assert client.get("/t/whatever/999999").status_code == 404


def test_quote_prefills_the_reply_with_the_quoted_post(client, auth, member, other_member, make_thread):
    thread = make_thread(member, body="Le débit est de 2 l/s.\nLa nappe est à 80 m.")
    first = db.session.query(Post).filter_by(thread_id=thread.id, number=1).one()
    auth.login(other_member)
    page = page_text(client.get(f"/t/{thread.id}/reply?quote={first.id}"))
    assert "&gt; Le débit est de 2 l/s.\n&gt; La nappe est à 80 m." in page
    assert f"/t/{thread.slug}/{thread.id}/1" in page
    body = "> Le débit est de 2 l/s.\n\nC'est peu pour trois douars."
    client.post(f"/t/{thread.id}/reply", data={"body": body, "submit": "1"})
    assert "<blockquote>" in page_text(client.get(f"/t/{thread.slug}/{thread.id}"))


def test_author_edits_title_kind_tags_and_body_of_the_first_post(client, auth, member, make_thread):
    thread = make_thread(member)
    first = db.session.query(Post).filter_by(thread_id=thread.id, number=1).one()
    auth.login(member)
    irrigation = get_tag("irrigation")
    response = client.post(f"/p/{first.id}/edit", data={
        "title": "Financer un forage pour l'irrigation", "kind": "funding", "tags": [str(irrigation.id)],
        "body": "Texte *corrigé*.", "submit": "1"})
    assert response.status_code == 302
    db.session.refresh(thread)
    assert thread.title == "Financer un forage pour l'irrigation" and thread.kind == "funding"
    assert [t.slug for t in thread.tags] == ["irrigation"]
    page = page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    assert "<em>corrigé</em>" in page and "Edited" in page


def test_deleted_reply_keeps_its_place_and_counts_follow(client, auth, member, other_member, make_thread):
    thread = make_thread(member)
    auth.login(other_member)
    client.post(f"/t/{thread.id}/reply", data={"body": "Un message regrettable", "submit": "1"})
    reply = db.session.query(Post).filter_by(thread_id=thread.id, number=2).one()
    assert client.post(f"/p/{reply.id}/delete").status_code == 302
    page = page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    assert 'id="p2"' in page and "This message was deleted." in page
    assert "Un message regrettable" not in page
    db.session.refresh(thread)
    assert thread.reply_count == 0
    assert db.session.get(Post, reply.id).body == "Un message regrettable"  # soft delete
    assert get_board("eau-assainissement").post_count == 1


def test_deleting_asks_for_confirmation_on_a_page_without_javascript(client, auth, member, other_member,
                                                                    make_thread):
    thread = make_thread(member)
    auth.login(other_member)
    client.post(f"/t/{thread.id}/reply", data={"body": "Un message **regrettable**", "submit": "1"})
    reply = db.session.query(Post).filter_by(thread_id=thread.id, number=2).one()
    page = page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    assert f'<a class="danger" href="/p/{reply.id}/delete">Delete</a>' in page
    assert f'action="/p/{reply.id}/delete"' not in page  # no one-tap delete on the thread page

    confirm = client.get(f"/p/{reply.id}/delete")
    assert confirm.status_code == 200
    page = page_text(confirm)
    assert "Delete this message?" in page and "Un message regrettable" in page
    assert f'<a href="/t/{thread.slug}/{thread.id}/2">Cancel</a>' in page
    assert re.search(rf'<form method="post" action="/p/{reply.id}/delete"[^>]*>.*?<button class="danger">Delete</button>',
                     page, flags=re.S)
    assert not db.session.get(Post, reply.id).is_deleted  # asking deletes nothing

    response = client.post(f"/p/{reply.id}/delete")
    assert response.headers["Location"] == f"/t/{thread.slug}/{thread.id}/2"
    db.session.expire_all()
    assert db.session.get(Post, reply.id).is_deleted
    assert client.get(f"/p/{reply.id}/delete").status_code == 403  # already deleted


def test_the_confirmation_of_a_first_post_says_the_thread_goes(client, auth, member, make_thread):
    thread = make_thread(member)
    auth.login(member)
    first = db.session.query(Post).filter_by(thread_id=thread.id, number=1).one()
    page = page_text(client.get(f"/p/{first.id}/delete"))
    assert "the whole thread will be deleted" in page


def test_deleting_the_first_post_deletes_the_thread_softly(client, auth, member, make_thread):
    thread = make_thread(member)
    auth.login(member)
    first = db.session.query(Post).filter_by(thread_id=thread.id, number=1).one()
    response = client.post(f"/p/{first.id}/delete")
    assert response.headers["Location"] == "/b/eau-assainissement"
    assert client.get(f"/t/{thread.slug}/{thread.id}").status_code == 404
    assert thread.title not in page_text(client.get("/b/eau-assainissement"))
    assert db.session.get(Thread, thread.id) is not None
    assert get_board("eau-assainissement").thread_count == 0


def test_moderator_sees_deleted_text_members_do_not(client, auth, member, moderator, make_thread):
    thread = make_thread(member, replies=1)
    reply = db.session.query(Post).filter_by(thread_id=thread.id, number=2).one()
    auth.login(member)
    client.post(f"/p/{reply.id}/delete")
    auth.logout()
    auth.login(moderator)
    page = page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    assert "Show the deleted message" in page and "Réponse numéro 1" in page


def test_board_lists_pinned_first_then_by_activity_with_counts(client, member, moderator, make_thread):
    from forum.moderation.services import set_pinned
    from forum.threads.services import reply

    old = make_thread(member, title="Premier sujet ancien du forum")
    pinned = make_thread(member, title="Charte de la rubrique eau")
    recent = make_thread(member, title="Sujet récent sur les forages")
    reply(old, member, "Relance")  # now the most active
    set_pinned(moderator, pinned, True)
    page = page_text(client.get("/b/eau-assainissement"))
    positions = [page.index(t.title) for t in (pinned, old, recent)]
    assert positions == sorted(positions)
    assert "1 reply" in page and "0 replies" in page


def test_board_filters_by_tag_and_kind_and_paginates(client, member, make_thread, app):
    forage = get_tag("forage")
    make_thread(member, title="Sujet avec l'étiquette forage", tags=[forage], kind="need")
    make_thread(member, title="Sujet sans étiquette aucune", kind="question")
    page = page_text(client.get("/b/eau-assainissement?tag=forage"))
    assert "Sujet avec l&#39;étiquette forage" in page and "Sujet sans étiquette" not in page
    page = page_text(client.get("/b/eau-assainissement?kind=question"))
    assert "Sujet sans étiquette" in page and "Sujet avec l" not in page
    for n in range(app.config["THREADS_PER_PAGE"]):
        make_thread(member, title=f"Sujet de remplissage {n:02d}")
    first, second = page_text(client.get("/b/eau-assainissement")), page_text(client.get("/b/eau-assainissement?page=2"))
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert client.get("/b/eau-assainissement?page=999").headers["Location"] == "/b/eau-assainissement?page=2"
    assert client.get("/b/eau-assainissement?page=abc").status_code == 200
    assert client.get("/b/nope").status_code == 404


def test_home_shows_latest_boards_and_unanswered_questions(client, member, other_member, make_thread, moderator):
    from forum.moderation.services import set_pinned
    from forum.threads.services import reply

    answered = make_thread(member, title="Question qui a reçu une réponse")
    reply(answered, other_member, "Voici la réponse")
    lonely = make_thread(member, title="Question restée sans réponse")
    practice = make_thread(member, title="Pratique : les bornes-fontaines", kind="practice")
    set_pinned(moderator, practice, True, on_home=True)
    page = page_text(client.get("/"))
    unanswered = page[page.index("Questions without an answer"):page.index("<h2>Boards")]
    assert lonely.title in unanswered and answered.title not in unanswered and practice.title not in unanswered
    latest = page[:page.index("Questions without an answer")]
    assert latest.index(practice.title) < latest.index(answered.title)
    assert "Eau et assainissement" in page and "Financement" in page


def test_every_page_has_one_h1_and_labelled_fields(client, auth, member, make_thread):
    thread = make_thread(member)
    auth.login(member)
    for url in ["/", "/b/eau-assainissement", "/b/eau-assainissement/new", f"/t/{thread.slug}/{thread.id}",
                f"/t/{thread.id}/reply", "/tags", "/tags/forage", "/u/alice", "/u/alice/edit", "/nope"]:
        page = page_text(client.get(url))
        assert page.count("<h1") == 1, url
        for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", page):
            if re.search(r'type="(hidden|submit)"', tag):
                continue
            field_id = re.search(r'id="([^"]+)"', tag).group(1)
            wrapped = re.search(rf'<label[^>]*>\s*<input[^>]*id="{re.escape(field_id)}"', page)
            assert f'for="{field_id}"' in page or wrapped, (url, tag)


def test_control_characters_in_posts_are_stored_safely(client, auth, member, make_thread):
    """NUL cannot go into PostgreSQL text: it is replaced, not a 500."""
    thread = make_thread(member)
    auth.login(member)
    response = client.post(f"/t/{thread.id}/reply", data={"body": "avant\x00après", "submit": "1"})
    assert response.status_code == 302
    assert "avant\ufffdaprès" in page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    response = client.post("/u/alice/edit", data={"display_name": "Ali\x00ce", "email": "alice@example.org",
                                                  "kind": "commune"})
    assert response.status_code == 302


def test_a_thread_page_names_each_author_s_kind_in_the_reader_s_language(app, make_user, make_thread):
    """The page translates each label once (forum.templating.label_texts): in the language of
    that page, whatever the page before it was in."""
    from forum.threads.services import reply

    expert, commune = make_user(kind="expert"), make_user(kind="commune", role="moderator")
    thread = make_thread(commune, title="Un forage pour le douar")
    for n in range(3):
        reply(thread, expert if n % 2 else commune, f"Réponse numéro {n}.")
    db.session.commit()
    url = f"/t/{thread.slug}/{thread.id}"
    english, french = app.test_client(), app.test_client()
    english.set_cookie("lang", "en")
    french.set_cookie("lang", "fr")

    def read(client):
        g.pop("_flask_babel", None)  # each request its own language, as served (the test keeps g)
        return page_text(client.get(url))

    for _ in range(2):
        page = read(english)
        assert "Migrant expert" in page and "Commune official · Community manager" in page
        assert "Expert migrant" not in page
        page = read(french)
        assert "Expert migrant" in page and "Représentant de commune · Animateur de communauté" in page
        assert "Migrant expert" not in page
