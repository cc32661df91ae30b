"""@mentions: a link to the profile of a member who may see the thread, never in code, quotes
or links, inert whatever the input; and the notification the mentioned member gets."""

import pytest

from forum import markup
from forum.boards.services import set_board_archived
from forum.db import transaction
from forum.threads import services as threads
from forum.threads.mentions import link_mentions
from tests.helpers import page_text
from tests.test_markup import unsafe_parts
from tests.testdata import xss_payloads


@pytest.fixture
def thread(make_thread, member):
    return make_thread(member, title="Forage à Taliouine : quel débit ?")


def _linked(thread, text):
    return link_mentions(markup.render_unbounded(text), thread)


def test_a_mention_links_to_the_profile_whatever_the_case(thread, other_member):
    html, mentioned = _linked(thread, "Merci @BOB, et @bob encore.")
    assert html.count('<a class="mention" href="/u/bob">@bob</a>') == 2
    assert mentioned == [other_member]


def test_unknown_names_and_addresses_stay_text(thread, other_member):
    html, mentioned = _linked(thread, "Écrire à bob@example.org ou à @personne, pas @.")
    assert "mention" not in html and mentioned == []


def test_a_sentence_may_end_right_after_the_name(thread, other_member):
    html, mentioned = _linked(thread, "Je pense à @bob.")
    assert '<a class="mention" href="/u/bob">@bob</a>.' in html and mentioned == [other_member]


@pytest.mark.parametrize("text", [
    "`@bob`", "```\n@bob\n```", "    @bob en code indenté", "> @bob a dit", "[écrire à @bob](https://example.org)",
])
def test_code_quotes_and_links_do_not_mention(thread, other_member, text):
    html, mentioned = _linked(thread, text)
    assert mentioned == [] and 'class="mention"' not in html


def test_only_members_who_may_see_the_thread_are_mentioned(app, thread, other_member, moderator, admin):
    with transaction():
        set_board_archived(admin, thread.board, True)
    html, mentioned = _linked(thread, "@bob et @nadia")
    assert mentioned == [moderator] and "/u/bob" not in html


def test_hostile_input_around_mentions_stays_inert(thread, other_member):
    failures = []
    for payload in xss_payloads()[::5]:
        for text in (f"@bob {payload}", f"{payload}@bob", f"@bob{payload} @bob"):
            html, _ = _linked(thread, text)
            if unsafe_parts(html):
                failures.append((text, unsafe_parts(html)))
    assert not failures, failures[:3]


def test_a_reply_with_a_mention_shows_the_link_and_notifies(client, auth, thread, other_member, make_user, run_jobs):
    carla = make_user("carla")
    auth.login(carla)
    response = client.post(f"/t/{thread.id}/reply", data={"body": "Voyez avec @Bob, il connaît.", "submit": "1"})
    assert response.status_code == 302
    assert '<a class="mention" href="/u/bob">@bob</a>' in page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    run_jobs(kinds=["threads.post_created"])
    auth.logout()
    auth.login(other_member)
    page = page_text(client.get("/notifications"))
    assert "carla mentioned you in “Forage à Taliouine : quel débit ?”" in page


def test_an_edit_links_new_mentions(thread, member, other_member):
    post = threads.thread_posts(thread, 1).items[0]
    with transaction():
        threads.edit_post(member, post, "Une question pour @bob.")
    assert 'href="/u/bob"' in post.body_html
