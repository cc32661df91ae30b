"""The notification preferences page (only the member themself) and the services behind it."""

import re

import pytest

from forum.db import transaction
from forum.notifications import preferences
from forum.notifications.models import Frequency, NotificationKind
from forum.notifications.preferences import DEFAULTS, Choice
from tests.helpers import PASSWORD, page_text


def url(user):
    return f"/u/{user.username}/notifications/preferences"


def form_data(**changes):
    """Every field as the page sends it, starting from the defaults; `changes`: kind=Choice."""
    data = {"submit": "1"}
    for kind, choice in {**DEFAULTS, **{NotificationKind(k): v for k, v in changes.items()}}.items():
        if choice.in_app:
            data[f"{kind}_in_app"] = "y"
        data[f"{kind}_email"] = str(choice.email)
    return data


def test_the_page_shows_each_kind_with_its_current_choice(member, auth, client):
    with transaction():
        preferences.set_choice(member.id, NotificationKind.MENTIONED, False, Frequency.WEEKLY)
    auth.login(member)
    text = page_text(client.get(url(member)))
    assert "A mention of my name (@me)" in text and "A new question or need on one of my skills" in text
    assert re.search(r'<option selected value="weekly">In a weekly digest</option>',
                     text.split('name="mentioned_email"')[1])
    assert 'id="mentioned_in_app" name="mentioned_in_app" type="checkbox" value="y">' in text  # unchecked
    assert re.search(r'checked id="replied_in_app"', text)
    # Questions on one's skills are an opt-in: off in the forum until the member asks for them.
    assert 'id="skill_match_in_app" name="skill_match_in_app" type="checkbox" value="y">' in text


def test_saving_the_page_records_every_choice(member, auth, client):
    auth.login(member)
    response = client.post(url(member), data=form_data(
        replied=Choice(True, Frequency.DAILY), skill_match=Choice(True, Frequency.IMMEDIATELY),
        new_thread=Choice(False, Frequency.NEVER)))
    assert response.status_code == 302 and response.headers["Location"] == url(member)
    assert "Your notification preferences are saved." in page_text(client.get(url(member)))
    choices = preferences.choices_of(member.id)
    assert choices[NotificationKind.REPLIED] == Choice(True, Frequency.DAILY)
    assert choices[NotificationKind.SKILL_MATCH] == Choice(True, Frequency.IMMEDIATELY)
    assert choices[NotificationKind.NEW_THREAD] == Choice(False, Frequency.NEVER)
    assert choices[NotificationKind.SOLVED] == DEFAULTS[NotificationKind.SOLVED]


def test_a_choice_that_does_not_exist_is_refused_with_a_message(member, auth, client):
    auth.login(member)
    data = form_data(replied=Choice(True, Frequency.DAILY))
    data["solved_email"] = "hourly"
    response = client.post(url(member), data=data)
    assert response.status_code == 200
    assert "Not a valid choice" in page_text(response)
    assert preferences.choices_of(member.id) == DEFAULTS  # nothing half saved


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_member_may_not_see_or_change_them(member, other_member, admin, auth, client, method):
    for intruder in (other_member, admin):
        auth.login(intruder)
        response = getattr(client, method)(url(member), data=form_data(replied=Choice(False, Frequency.NEVER)))
        assert response.status_code == 403
        auth.logout()
    assert preferences.choices_of(member.id) == DEFAULTS


def test_a_visitor_is_sent_to_the_login_page(member, client):
    response = client.get(url(member))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_unknown_member_is_a_404(member, auth, client):
    auth.login(member)
    assert client.get("/u/nobody/notifications/preferences").status_code == 404


def test_one_email_frequency_for_every_kind_keeps_the_forum_choices(member):
    with transaction():
        preferences.set_choice(member.id, NotificationKind.QUOTED, False, Frequency.IMMEDIATELY)
        changed = preferences.set_email_frequency_for_all(member.id, Frequency.DAILY)
    choices = preferences.choices_of(member.id)
    assert changed == len(NotificationKind) - 4  # three kinds were daily already; skills are opt-in
    assert {kind for kind, choice in choices.items() if choice.email != Frequency.DAILY} == {NotificationKind.SKILL_MATCH}
    assert choices[NotificationKind.QUOTED].in_app is False
    assert choices[NotificationKind.SKILL_MATCH].in_app is False


def token(page) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page_text(page)).group(1)


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_the_form_needs_its_token(self, member, client):
        client.post("/login", data={"login": member.username, "password": PASSWORD,
                                    "csrf_token": token(client.get("/login"))})
        data = form_data(replied=Choice(True, Frequency.NEVER))
        response = client.post(url(member), data=data)
        assert response.status_code == 400
        assert preferences.choices_of(member.id) == DEFAULTS
        response = client.post(url(member), data={**data, "csrf_token": token(client.get(url(member)))})
        assert response.status_code == 302
        assert preferences.choices_of(member.id)[NotificationKind.REPLIED].email == Frequency.NEVER


def test_the_members_own_profile_links_to_the_page(member, other_member, auth, client):
    auth.login(member)
    assert f'href="{url(member)}"' in page_text(client.get(f"/u/{member.username}"))
    assert "/notifications/preferences" not in page_text(client.get(f"/u/{other_member.username}"))
