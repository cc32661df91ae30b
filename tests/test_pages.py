"""Page weight and query counts: light pages for weak rural connections, no N+1 queries."""

import gzip
import re

import pytest
from flask import g

from forum.extensions import db
from forum.matching.services import invite_expert
from forum.moderation.services import set_pinned
from forum.people.models import EXPERT_PUBLIC_FIELDS, join_codes
from forum.tags.services import get_tag
from forum.threads.needs import NeedDetails
from forum.threads.services import reply, thread_posts
from forum.threads.solutions import mark_solution
from tests.helpers import PASSWORD, count_queries

REALISTIC_REPLY = (
    "Bonjour, nous avons fait la même chose à **Aït Baha** en 2023. Trois points :\n\n"
    "1. Demandez l'étude hydrogéologique à l'Agence du bassin hydraulique.\n"
    "2. Le coût du forage tourne autour de 1 200 MAD le mètre.\n"
    "3. Prévoyez le pompage solaire dès le départ.\n\n"
    "> La nappe est à 80 m\n\nC'est profond mais faisable. Voir https://www.example.org/guide-forage."
)


def page_weight(client, url) -> int:
    """HTML plus every stylesheet and script it links to, uncompressed, in bytes."""
    html = client.get(url).get_data()
    total = len(html)
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
        with client.get(asset.decode()) as response:
            total += len(response.get_data())
    return total


def test_a_20_post_thread_page_weighs_under_60_kb(client, auth, make_user, make_thread, moderator, app):
    """The heaviest thread page: a skill need with 20 posts, its solution, who answered, five
    suggested experts, two invitations, seen by a moderator (every button and tool shows)."""
    assert app.config["POSTS_PER_PAGE"] >= 20
    tags = [get_tag("forage"), get_tag("eau-potable"), get_tag("energie-solaire")]
    people = [make_user(kind="expert") for _ in range(5)]
    for expert in people:
        expert.skills, expert.public_fields = tags, join_codes(EXPERT_PUBLIC_FIELDS)
    commune = make_user(kind="commune")
    thread = make_thread(commune, tags=tags, kind="need", need=NeedDetails("feasibility_study", "Avant 2027"))
    for n in range(19):
        reply(thread, people[n % 5], REALISTIC_REPLY)
    mark_solution(commune, thread_posts(thread, 1).items[3])
    invite_expert(commune, thread, people[0])
    invite_expert(commune, thread, people[1])
    auth.login(moderator)
    url = f"/t/{thread.slug}/{thread.id}"
    html = client.get(url).get_data(as_text=True)
    assert html.count('class="post') == 20 and html.count("Invite") >= 3 and "Mark as solution" in html
    weight = page_weight(client, url)
    print(f"20-post thread page: {weight} bytes")
    assert weight < 60_000, f"{weight} bytes"


def _twenty_post_question(make_user, make_thread):
    """A solved question of 20 posts by five experts whose skills are its tags."""
    tags = [get_tag("forage"), get_tag("eau-potable"), get_tag("energie-solaire")]
    people = [make_user(kind="expert") for _ in range(5)]
    for expert in people:
        expert.skills, expert.public_fields = tags, join_codes(EXPERT_PUBLIC_FIELDS)
    thread = make_thread(make_user(kind="commune"), tags=tags)
    for n in range(19):
        reply(thread, people[n % 5], REALISTIC_REPLY)
    mark_solution(thread.author, thread_posts(thread, 1).items[3])
    db.session.commit()
    return thread


def test_an_anonymous_20_post_thread_page_runs_at_most_6_statements(app, make_user, make_thread):
    thread = _twenty_post_question(make_user, make_thread)
    visitor, url = app.test_client(use_cookies=False), f"/t/{thread.slug}/{thread.id}"
    db.session.remove()  # the request's own session, as in production: nothing loaded yet
    with count_queries() as statements:
        page = visitor.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.count('class="post') == 20 and "Experts who could help" in html
    assert len(statements) <= 6, "\n".join(s[:120] for s in statements)


def test_a_member_s_20_post_thread_page_runs_at_most_9_statements(app, make_user, make_thread):
    """Logged in, nothing unread: the visitor's 6, the member (session), the bell, the watch
    level; the bell at 0 spares looking for the thread's unread notifications (issue 12)."""
    thread = _twenty_post_question(make_user, make_thread)
    member = make_user(kind="expert").username
    url = f"/t/{thread.slug}/{thread.id}"
    db.session.commit()
    client = app.test_client()
    assert client.post("/login", data={"login": member, "password": PASSWORD}).status_code == 302
    client.get(url)
    db.session.remove()  # the request's own session, as in production: nothing loaded yet,
    g.pop("_login_user", None)  # not even the member (the test keeps one app context, and g)
    with count_queries() as statements:
        page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.count('class="post') == 20 and "Your reply" in html
    assert len(statements) <= 9, "\n".join(s[:120] for s in statements)


def test_an_anonymous_20_post_thread_page_is_under_20_kb_gzipped_with_its_css_and_js(app, make_user, make_thread):
    thread = _twenty_post_question(make_user, make_thread)
    visitor = app.test_client(use_cookies=False)
    html = visitor.get(f"/t/{thread.slug}/{thread.id}").get_data()
    total = len(gzip.compress(html, 6))
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
        with visitor.get(asset.decode()) as response:
            total += len(gzip.compress(response.get_data(), 6))
    print(f"20-post thread page, gzip with CSS and JS: {total} bytes")
    assert total <= 20_000, f"{total} bytes"


def _fill_board(make_user, make_thread, n_threads, replies_each):
    authors = [make_user(kind="expert") for _ in range(3)]
    threads = []
    for n in range(n_threads):
        thread = make_thread(authors[n % 3], title=f"Sujet numéro {n:03d} sur l'eau",
                             tags=[get_tag("forage"), get_tag("irrigation")])
        for r in range(replies_each):
            reply(thread, authors[(n + r + 1) % 3], "Merci pour ces informations.")
        threads.append(thread)
    return threads


def _queries_for(client, url) -> int:
    db.session.commit()  # the setup's own writes: the thread page's transaction would commit them
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/", "/b/eau-assainissement", "/tags/forage", "/u/{author}", "/t/{slug}/{id}"])
def test_query_count_does_not_grow_with_what_the_page_shows(client, auth, make_user, make_thread, moderator, url):
    auth.login(moderator)
    small = _fill_board(make_user, make_thread, n_threads=2, replies_each=2)
    target = small[0]
    page = url.format(author=target.author.username, slug=target.slug, id=target.id)
    few = _queries_for(client, page)
    more = _fill_board(make_user, make_thread, n_threads=20, replies_each=15)
    set_pinned(moderator, more[3], True)
    target = more[0]
    page = url.format(author=target.author.username, slug=target.slug, id=target.id)
    many = _queries_for(client, page)
    assert many == few, f"{page}: {few} queries with little content, {many} with more"
    assert many <= 16  # +1: the linking records of the thread (forum.impact.links)
