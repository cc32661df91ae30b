"""Solutions: the asker (or a moderator) marks the reply that answered; everybody sees it."""

import re

import pytest

from forum.audit import ModAction
from forum.boards.services import get_board, set_board_archived
from forum.db import transaction
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.search.service import search
from forum.tags.services import get_tag
from forum.threads import services
from forum.threads.models import Thread
from forum.threads.needs import NeedDetails
from forum.threads.solutions import mark_solution, unmark_solution
from tests.helpers import count_queries, page_text

ANSWER = "Demandez l'étude hydrogéologique à l'Agence du bassin hydraulique avant de creuser."


@pytest.fixture
def question(make_thread, member, other_member, make_user):
    """A question by alice with three replies: bob (2) and carla (1)."""
    carla = make_user("carla", kind="expert", display_name="Carla Expert")
    thread = make_thread(member, tags=[get_tag("forage")])
    services.reply(thread, other_member, "Première piste : la commune voisine a fait pareil.")
    services.reply(thread, other_member, ANSWER)
    services.reply(thread, carla, "Pensez au pompage solaire.")
    return thread


def _post(thread, number):
    return next(p for p in services.thread_posts(thread, 1).items if p.number == number)


def _url(thread):
    return f"/t/{thread.slug}/{thread.id}"


def _reload(thread) -> Thread:
    db.session.expire_all()
    return db.session.get(Thread, thread.id)


# -- marking through the pages --------------------------------------------------------------

def test_author_marks_a_reply_and_the_page_shows_it_under_the_question(client, auth, member, question):
    auth.login(member)
    page = page_text(client.get(_url(question)))
    assert page.count(">Mark as solution<") == 3  # one per live reply, none on the question
    response = client.post(f"/p/{_post(question, 3).id}/solution")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/t/{question.slug}/{question.id}/3"
    assert _reload(question).solution_post_id == _post(question, 3).id

    page = page_text(client.get(_url(question)))
    aside = re.search(r'<aside class="solution".*?</aside>', page, flags=re.S).group(0)
    assert "agence du bassin hydraulique" in aside.lower()
    assert "Bob Expert" in aside
    assert f'href="/t/{question.slug}/{question.id}/3"' in aside
    # Right under the question: after post #1, before the first reply.
    assert page.index('id="p1"') < page.index('<aside class="solution"') < page.index('id="p2"')
    solution_article = re.search(r'<article class="post solution-post" id="p3">.*?</article>', page, flags=re.S)
    assert solution_article and "Solution" in solution_article.group(0) and ">Unmark<" in solution_article.group(0)
    assert page.count(">Mark as solution<") == 2
    assert "✓</span> Solved" in page


def _solution_box(page: str) -> str:
    return re.search(r'<aside class="solution".*?</aside>', page, flags=re.S).group(0)


def test_the_solution_box_shows_the_answer_s_own_words_not_what_it_quotes(client, auth, member, other_member,
                                                                            question):
    auth.login(other_member)
    quote = page_text(client.get(f"/t/{question.id}/reply?quote={_post(question, 1).id}"))
    assert "&gt; Nous cherchons des idées." in quote  # the reply form starts with the quote
    body = (f"[**@alice** #1](/t/{question.slug}/{question.id}/1) :\n> Nous cherchons des idées.\n\n"
            "Un forage solaire coûte moins cher.\n\n> Et le financement ?\n\nL'INDH finance ce genre de projet.")
    answer = services.reply(question, other_member, body)
    with transaction():
        mark_solution(member, answer)
    box = _solution_box(page_text(client.get(_url(question))))
    assert "Un forage solaire coûte moins cher. L&#39;INDH finance ce genre de projet." in box
    assert "Nous cherchons" not in box and "@alice" not in box and "Et le financement" not in box


def test_a_solution_that_is_only_a_quote_shows_the_quote(client, member, other_member, question):
    answer = services.reply(question, other_member, "> Pensez au pompage solaire.")
    with transaction():
        mark_solution(member, answer)
    box = _solution_box(page_text(client.get(_url(question))))
    assert "Pensez au pompage solaire." in box


def test_marking_another_reply_changes_the_solution_and_unmark_removes_it(client, auth, member, question):
    auth.login(member)
    client.post(f"/p/{_post(question, 2).id}/solution")
    client.post(f"/p/{_post(question, 4).id}/solution")
    assert _reload(question).solution_post_id == _post(question, 4).id
    page = page_text(client.get(_url(question)))
    assert page.count('class="post solution-post"') == 1 and 'class="post solution-post" id="p4"' in page

    response = client.post(f"/t/{question.id}/solution/unmark")
    assert response.status_code == 302
    assert _reload(question).solution_post_id is None
    page = page_text(client.get(_url(question)))
    assert '<aside class="solution"' not in page and "solution-post" not in page
    assert page.count(">Mark as solution<") == 3


def test_only_the_author_or_a_moderator_may_mark(client, auth, question, other_member):
    auth.login(other_member)  # replied, but did not ask
    page = page_text(client.get(_url(question)))
    assert "Mark as solution" not in page
    assert client.post(f"/p/{_post(question, 3).id}/solution").status_code == 403
    assert _reload(question).solution_post_id is None
    with transaction():
        mark_solution(question.author, _post(question, 3))
    assert client.post(f"/t/{question.id}/solution/unmark").status_code == 403
    assert _reload(question).solution_post_id is not None
    auth.logout()
    assert client.post(f"/p/{_post(question, 2).id}/solution").status_code == 302  # to the login page
    assert _reload(question).solution_post_id == _post(question, 3).id


def test_the_question_itself_or_a_deleted_reply_cannot_be_the_solution(client, auth, member, question):
    with pytest.raises(InvalidInput):
        mark_solution(member, _post(question, 1))
    reply = _post(question, 4)
    services.delete_post(reply.author, reply)
    with pytest.raises(InvalidInput):
        mark_solution(member, _post(question, 4))
    auth.login(member)
    response = client.post(f"/p/{_post(question, 1).id}/solution", follow_redirects=True)
    assert "Only a reply that is still there can be the solution." in page_text(response)
    assert _reload(question).solution_post_id is None


def test_a_reply_of_another_thread_is_refused_through_its_own_thread(member, other_member, question, make_thread):
    """A post always belongs to one thread: marking it acts on that thread, with its rules."""
    other = make_thread(other_member, title="Une autre question sur l'eau potable")
    services.reply(other, member, "Une réponse ailleurs.")
    with pytest.raises(NotAllowed):
        mark_solution(member, _post(other, 2))
    assert _reload(other).solution_post_id is None and _reload(question).solution_post_id is None


@pytest.mark.parametrize("kind", ["discussion", "practice", "funding"])
def test_only_questions_and_needs_have_solutions(client, auth, member, other_member, make_thread, kind):
    thread = make_thread(member, kind=kind)
    services.reply(thread, other_member, "Merci pour le partage.")
    auth.login(member)
    assert "Mark as solution" not in page_text(client.get(_url(thread)))
    assert client.post(f"/p/{_post(thread, 2).id}/solution").status_code == 403
    assert _reload(thread).solution_post_id is None


def test_a_need_can_be_solved_too(member, other_member, make_thread):
    need = make_thread(member, kind="need", need=NeedDetails("advice", "2027"))
    services.reply(need, other_member, "Je peux vous aider.")
    with transaction():
        mark_solution(member, _post(need, 2))
    assert _reload(need).is_solved


def test_archived_board_and_deleted_thread_refuse_marking(member, other_member, moderator, question, admin):
    set_board_archived(admin, get_board("eau-assainissement"), True)
    with pytest.raises(NotAllowed):
        mark_solution(member, _post(question, 2))
    with pytest.raises(NotAllowed):
        mark_solution(moderator, _post(question, 2))
    assert _reload(question).solution_post_id is None


def test_a_moderator_marking_is_logged_the_author_is_not(client, auth, member, moderator, question):
    with transaction():
        mark_solution(member, _post(question, 2))
    with transaction():
        unmark_solution(member, question)
    assert db.session.query(ModAction).count() == 0
    auth.login(moderator)
    client.post(f"/p/{_post(question, 3).id}/solution")
    client.post(f"/t/{question.id}/solution/unmark")
    assert [a.action for a in db.session.query(ModAction).order_by(ModAction.id)] == [
        "solution_marked", "solution_unmarked"]
    page = page_text(client.get("/mod/log"))
    assert "solution marked" in page and "solution unmarked" in page


def test_deleting_the_solution_clears_it(client, auth, member, other_member, question):
    with transaction():
        mark_solution(member, _post(question, 3))
    auth.login(other_member)
    client.post(f"/p/{_post(question, 3).id}/delete")
    thread = _reload(question)
    assert thread.solution_post_id is None and not thread.is_solved
    page = page_text(client.get(_url(question)))
    assert '<aside class="solution"' not in page and "Solved" not in page


def test_search_finds_solved_threads_with_status_solved(member, other_member, question, make_thread):
    make_thread(member, title="Forage sans réponse retenue", body="Un autre forage à financer.")
    viewer = other_member
    assert search(viewer, "forage status:solved").total == 0
    with transaction():
        mark_solution(member, _post(question, 3))
    found = search(viewer, "forage status:solved")
    assert [hit.thread.id for hit in found.hits] == [question.id]
    with transaction():
        unmark_solution(member, question)
    assert search(viewer, "forage status:solved").total == 0


def test_solved_threads_are_marked_in_every_list(client, member, question, make_thread):
    make_thread(member, title="Question encore ouverte sur le forage", tags=[get_tag("forage")])
    with transaction():
        mark_solution(member, _post(question, 3))
    for url in ["/", "/b/eau-assainissement", "/tags/forage", "/questions", f"/u/{member.username}"]:
        page = page_text(client.get(url))
        items = re.findall(r'<li class="thread.*?</li>', page, flags=re.S)
        solved = [item for item in items if "✓</span> Solved" in item]
        assert solved, url
        assert all("Comment financer un forage" in item for item in solved), url
        assert any("Question encore ouverte" in item and "Solved" not in item for item in items), url


# -- who answered --------------------------------------------------------------------------

def test_who_answered_lists_each_replier_once_with_counts_and_marks_the_solution(client, member, question):
    with transaction():
        mark_solution(member, _post(question, 3))
    page = page_text(client.get(_url(question)))
    section = re.search(r'<section class="answerers".*?</section>', page, flags=re.S).group(0)
    people = re.findall(r"<li>.*?</li>", section, flags=re.S)
    assert len(people) == 2
    assert "Bob Expert" in people[0] and "2 replies" in people[0] and "Solution" in people[0]
    assert "Carla Expert" in people[1] and "1 reply" in people[1] and "Solution" not in people[1]
    assert "Alice Commune" not in section  # the asker's question is not an answer


def _answered(client, url) -> list[str]:
    section = re.search(r'<section class="answerers".*?</section>', page_text(client.get(url)), flags=re.S).group(0)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li)).strip() for li in re.findall(r"<li>.*?</li>", section, flags=re.S)]


@pytest.mark.parametrize("pages", [1, 2], ids=["one page", "two pages"])
def test_who_answered_counts_the_whole_thread_whatever_page_is_shown(app, client, member, moderator, make_user,
                                                                     make_thread, pages):
    """One page: counted from the posts shown; more: by the database. The same list either way."""
    per_page = app.config["POSTS_PER_PAGE"]
    thread = make_thread(member)
    early, late = make_user("early", kind="expert", display_name="Early Expert"), make_user(
        "late", kind="expert", display_name="Late Expert")
    with transaction():
        services.reply(thread, early, "Première réponse, gardée.")
        deleted = services.reply(thread, early, "Deuxième réponse, effacée ensuite.")
        for n in range(per_page if pages == 2 else 3):
            services.reply(thread, member, f"Relance numéro {n} de la commune.")
        services.reply(thread, late, "Une réponse tardive.")
        services.delete_post(moderator, deleted)
    assert _answered(client, _url(thread)) == [
        f"Alice Commune Commune official · {per_page if pages == 2 else 3} replies",
        "Early Expert Migrant expert · 1 reply", "Late Expert Migrant expert · 1 reply"]


def test_who_answered_is_absent_without_replies(client, member, make_thread):
    thread = make_thread(member)
    assert '<section class="answerers"' not in page_text(client.get(_url(thread)))


def test_thread_page_with_a_solution_has_a_bounded_query_count(client, auth, member, make_user, question):
    auth.login(member)
    with transaction():
        mark_solution(member, _post(question, 3))

    def queries():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(_url(question)).status_code == 200
        return len(statements)

    few = queries()
    for n in range(12):
        services.reply(question, make_user(kind="expert"), f"Encore une idée, numéro {n}.")
    with transaction():
        mark_solution(member, _post(question, 10))
    assert queries() == few
    assert few <= 16


# -- profiles ------------------------------------------------------------------------------

def test_user_solutions_and_solution_count(member, other_member, make_thread, admin, question):
    second = make_thread(member, title="Deuxième question sur les routes",
                         target_board=get_board("routes-infrastructures"))
    services.reply(second, other_member, "Voyez avec la province.")
    with transaction():
        mark_solution(member, _post(question, 3))
    with transaction():
        mark_solution(member, _post(second, 2))
    assert services.solution_count(other_member) == 2
    assert [p.thread.id for p in services.user_solutions(member, other_member)] == [second.id, question.id]
    assert services.user_solutions(member, other_member, limit=1)[0].thread_id == second.id
    assert services.solution_count(member) == 0 and services.user_solutions(member, member) == []

    # An archived board hides its threads from members, not from moderators.
    set_board_archived(admin, get_board("routes-infrastructures"), True)
    assert [p.thread_id for p in services.user_solutions(member, other_member)] == [question.id]
    assert len(services.user_solutions(admin, other_member)) == 2

    # A deleted solution no longer counts.
    services.delete_post(other_member, _post(question, 3))
    assert services.solution_count(other_member) == 1
    assert services.user_solutions(member, other_member) == []


def test_the_profile_counts_and_lists_the_solutions(client, question, member, other_member):
    with transaction():
        mark_solution(member, _post(question, 3))
    page = page_text(client.get(f"/u/{other_member.username}"))
    assert "2 answers · 1 answer chosen as the solution" in page
    assert re.search(r'✓ Solution</span> <a href="/t/[^"]+/3" dir="auto">Comment financer un forage', page)
    with transaction():
        unmark_solution(member, question)
    page = page_text(client.get(f"/u/{other_member.username}"))
    assert "2 answers · 0 answers chosen as the solution" in page and "✓ Solution" not in page
