"""Expert recruitment by e-mail: the community manager invites a list of addresses with a
personal message; the link opens the registration form set to "migrant expert" with the
address verified; /mod/invitations shows who joined and the counts."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from forum.auth.models import ExpertInvitation
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation.recruitment import RecruitmentCounts, recruitment_counts
from forum.people import services as people
from forum.threads import services as threads
from tests.helpers import RATE_LIMIT_STORAGES, count_queries, link_in, page_text, rate_limited

MESSAGE = "Bonjour Karim,\nvotre expérience des réseaux d’eau aiderait nos communes. <b>Merci</b> !"
PASSWORD = "figuier-de-barbarie-2026"


def invite(client, addresses, message=MESSAGE):
    return client.post("/mod/invitations", data={"addresses": addresses, "message": message})


def register(client, link, **overrides):
    page = page_text(client.get(link))
    token = re.search(r'name="invitation" type="hidden" value="([^"]*)"', page).group(1)
    data = {"username": "karim", "display_name": "Karim Ait", "email": "karim@example.org", "kind": "expert",
            "password": PASSWORD, "password_confirm": PASSWORD, "invitation": token, "email_frequency": "daily"}
    data.update(overrides)
    return client.post("/register", data=data)


@pytest.fixture
def cm(client, auth, moderator):
    auth.login(moderator)
    return moderator


def test_a_list_of_addresses_is_invited_with_the_personal_message(client, cm, member, mailbox, run_jobs):
    response = invite(client, "karim@example.org, Leila@Example.org\nkarim@example.org;\n alice@example.org")
    assert response.headers["Location"] == "/mod/invitations"
    page = page_text(client.get("/mod/invitations"))
    assert "Invitations sent to: karim@example.org, leila@example.org." in page
    assert "Not invited, they are already members: alice@example.org." in page
    assert "Given more than once, invited once: karim@example.org." in page
    run_jobs()
    assert sorted(m.to for m in mailbox.messages) == ["karim@example.org", "leila@example.org"]
    received = mailbox.messages[0]
    assert received.subject == "Nadia CM invites you to the Development Community"
    assert "votre expérience des réseaux d’eau" in received.text and "<b>Merci</b>" in received.text
    assert "&lt;b&gt;Merci&lt;/b&gt;" in received.html and "<b>Merci" not in received.html
    assert received["Reply-To"] == "Nadia CM <nadia@example.org>"
    assert "http://forum.test/register?invitation=" in received.text


def test_invalid_addresses_are_listed_back_and_nothing_is_sent(client, cm, mailbox, run_jobs):
    response = invite(client, "karim@example.org\npas-une-adresse\nleila@@example.org")
    assert response.status_code == 200
    page = page_text(response)
    assert "These addresses are not valid: pas-une-adresse, leila@@example.org." in page
    assert "nothing was sent" in page
    run_jobs()
    assert mailbox.messages == []
    assert db.session.query(ExpertInvitation).count() == 0


def test_an_empty_list_or_a_long_message_is_refused_with_a_message(client, cm):
    assert "This field is required." in page_text(invite(client, ""))
    assert "Enter at least one e-mail address." in page_text(invite(client, " , ;"))
    assert "at most 2000 characters" in page_text(invite(client, "karim@example.org", "x" * 2001)).lower()
    assert db.session.query(ExpertInvitation).count() == 0


def test_registering_through_the_link_makes_a_verified_expert(client, auth, cm, mailbox, run_jobs):
    invite(client, "karim@example.org")
    run_jobs()
    link = link_in(mailbox.messages[0], "/register")
    auth.logout()
    mailbox.clear()
    form = page_text(client.get(link))
    assert 'value="karim@example.org"' in form
    assert re.search(r'value="expert"[^>]*checked|checked[^>]*value="expert"', form)
    response = register(client, link)
    assert response.headers["Location"] == "/"
    assert "Welcome, Karim Ait!" in page_text(client.get("/"))
    karim = people.get_user_by_username("karim")
    assert karim.kind == "expert" and karim.email_verified_at is not None
    run_jobs()
    assert mailbox.messages == []  # no verification link needed
    invitation = db.session.query(ExpertInvitation).one()
    assert invitation.user_id == karim.id and invitation.joined_at is not None


def test_registering_through_the_link_with_another_address_needs_its_verification(client, auth, cm, mailbox,
                                                                                   run_jobs):
    invite(client, "karim@example.org")
    run_jobs()
    link = link_in(mailbox.messages[0], "/register")
    auth.logout()
    mailbox.clear()
    register(client, link, email="karim.perso@example.org")
    karim = people.get_user_by_username("karim")
    assert karim.email == "karim.perso@example.org" and karim.email_verified_at is None
    run_jobs()
    assert [m.subject for m in mailbox.messages] == ["Confirm your e-mail address"]
    assert db.session.query(ExpertInvitation).one().user_id == karim.id  # joined through the link


def test_an_expired_invitation_opens_the_ordinary_form(client, auth, cm, mailbox, run_jobs):
    invite(client, "karim@example.org")
    run_jobs()
    link = link_in(mailbox.messages[0], "/register")
    with transaction():
        db.session.execute(update(ExpertInvitation).values(expires_at=utcnow() - timedelta(seconds=1)))
    auth.logout()
    page = page_text(client.get(link))
    assert "This invitation has expired" in page and 'value="karim@example.org"' not in page
    register(client, link)
    assert people.get_user_by_username("karim").email_verified_at is None


def test_sending_again_mails_a_new_link_and_the_old_one_still_works(client, auth, cm, mailbox, run_jobs):
    invite(client, "karim@example.org")
    invite(client, "karim@example.org")
    run_jobs()
    first, second = (link_in(m, "/register") for m in mailbox.messages)
    assert first != second
    assert "Invited: 1" in page_text(client.get("/mod/invitations"))
    auth.logout()
    register(client, first)
    assert people.get_user_by_username("karim").email_verified_at is not None
    assert {i.user_id for i in db.session.query(ExpertInvitation)} == {people.get_user_by_username("karim").id}


def test_the_invitations_page_lists_who_joined_and_the_counts(client, auth, cm, member, make_thread, mailbox,
                                                              run_jobs):
    invite(client, "karim@example.org\nleila@example.org\nomar@example.org")
    run_jobs()
    links = {m.to: link_in(m, "/register") for m in mailbox.messages}
    auth.logout()
    register(client, links["karim@example.org"])
    client.post("/logout")
    register(client, links["leila@example.org"], username="leila", display_name="Leila B",
             email="leila@example.org")
    karim, leila = people.get_user_by_username("karim"), people.get_user_by_username("leila")
    question = make_thread(member)
    discussion = make_thread(member, title="Parlons du festival de l'amandier", kind="discussion")
    with transaction():
        threads.reply(question, karim, "Voici comment nous avons fait à Lyon.")
        threads.reply(discussion, leila, "Belle idée !")  # not an answer to a question or need
        threads.create_thread(question.board, leila, "Une question de Leila sur les forages", "Corps")
    assert recruitment_counts() == RecruitmentCounts(invited=3, joined=2, answered=1)
    client.post("/logout")
    auth.login(cm)
    page = page_text(client.get("/mod/invitations"))
    assert "Invited: 3" in page and "Joined: 2" in page and "Answered at least once: 1" in page
    assert "omar@example.org" in page and "Not yet" in page
    assert 'href="/u/karim">@karim</a>' in page and 'href="/u/nadia">@nadia</a>' in page


def test_the_counts_take_one_query(app, cm, client, mailbox):
    invite(client, "karim@example.org\nleila@example.org")
    with count_queries() as statements:
        recruitment_counts()
    assert len(statements) == 1


@pytest.mark.parametrize("who", ["member", "anonymous"])
def test_only_the_community_manager_and_admins_invite(client, auth, member, admin, mailbox, run_jobs, who):
    if who == "member":
        auth.login(member)
    for response in (client.get("/mod/invitations"), invite(client, "karim@example.org")):
        if who == "member":
            assert response.status_code == 403 and "Not allowed" in page_text(response)
        else:
            assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    run_jobs()
    assert mailbox.messages == [] and db.session.query(ExpertInvitation).count() == 0
    if who == "member":
        auth.logout()
    auth.login(admin)
    assert invite(client, "karim@example.org").status_code == 302


@pytest.mark.parametrize("app_config", [rate_limited(s, RECRUIT_RATE_LIMIT="2 per minute")
                                        for s in RATE_LIMIT_STORAGES])
def test_invitations_are_rate_limited(client, cm, fresh_limits):
    statuses = [invite(client, f"expert{n}@example.org").status_code for n in range(3)]
    assert statuses == [302, 302, 429]


def test_too_many_addresses_at_once_are_refused(app, client, cm):
    app.config["RECRUIT_MAX_ADDRESSES"] = 2
    response = invite(client, "a@example.org b@example.org c@example.org")
    assert "At most 2 addresses at a time." in page_text(response)


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_the_invitation_form_needs_its_csrf_token(client, moderator, mailbox, run_jobs):
    page = page_text(client.get("/login"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"login": "nadia", "password": "correct-horse-battery", "csrf_token": token})
    assert invite(client, "karim@example.org").status_code == 400
    page = page_text(client.get("/mod/invitations"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/mod/invitations", data={"addresses": "karim@example.org", "message": "",
                                                      "csrf_token": token})
    assert response.status_code == 302
    run_jobs()
    assert [m.to for m in mailbox.messages] == ["karim@example.org"]
