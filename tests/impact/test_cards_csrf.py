"""The card forms and buttons carry a CSRF token; without it, nothing changes."""

import re

import pytest

from forum.db import transaction
from forum.extensions import db
from forum.impact.models import Card
from forum.threads import services as threads
from forum.threads import solutions
from tests.helpers import PASSWORD, page_text


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def _token(response) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page_text(response)).group(1)


def test_card_forms_carry_a_token_and_refuse_a_post_without(client, member, other_member, moderator, make_thread):
    thread = make_thread(member, title="Une question résolue")
    with transaction():
        solutions.mark_solution(member, threads.reply(thread, other_member, "La réponse"))
    client.post("/login", data={"login": "nadia", "password": PASSWORD, "csrf_token": _token(client.get("/login"))})
    data = {"title": "Une fiche", "board": str(thread.board_id), "problem": "p", "solution": "s", "save": "1"}
    assert client.post(f"/t/{thread.id}/card/new", data=data).status_code == 400
    assert db.session.query(Card).count() == 0
    token = _token(client.get(f"/t/{thread.id}/card/new"))
    assert client.post(f"/t/{thread.id}/card/new", data={**data, "csrf_token": token}).status_code == 302
    card = db.session.scalar(db.select(Card))
    page = page_text(client.get(f"/bibliotheque/{card.id}"))
    forms = re.findall(r'<form[^>]*method="post".*?</form>', page, flags=re.S)
    assert len(forms) >= 2  # publish, send back (and the footer's language form)
    for form in forms:
        assert re.search(r'name="csrf_token"', form), form[:200]
    assert client.post(f"/cards/{card.id}/publish").status_code == 400
    db.session.expire_all()
    assert card.status == "draft"
