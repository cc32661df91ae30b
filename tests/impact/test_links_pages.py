"""Linking records on the commune page and on profiles, with the experts' privacy respected."""

import pytest

from tests.helpers import count_queries, page_text
from tests.impact import test_links_records as base

world, record = base.world, base.record


def test_the_commune_page_lists_its_records(client, auth, world):
    record(world, kind="study", expert_id=world["karim"].id)
    record(world, kind="training", expert_id=world["secret"].id, amount="900", currency="EUR")
    page = page_text(client.get("/c/tafraout"))
    section = page.split('id="links"')[1].split("</section>")[0]
    assert "Study delivered" in section and "Training" in section
    assert "Karim Expert" in section and "Samir Discret" not in section and "a migrant expert" in section
    assert "Comment réhabiliter une khettara ?" in section and "900" not in section
    auth.login(world["coordinator"])
    section = page_text(client.get("/c/tafraout")).split('id="links"')[1]
    assert "Samir Discret" in section and "900,00 EUR" in section


def test_a_profile_lists_the_records_of_its_member(client, auth, world):
    record(world, kind="mission", expert_id=world["karim"].id, partner_id=world["coop"].id)
    record(world, kind="advice", expert_id=world["secret"].id, partner_id=world["coop"].id)
    karim = page_text(client.get("/u/karim"))
    assert "Mission on site" in karim and "Advice given" not in karim
    # A partner's page lists both; the hidden expert stays unnamed.
    coop = page_text(client.get("/u/coop"))
    assert "Mission on site" in coop and "Advice given" in coop and "Samir Discret" not in coop
    # An expert who does not show "links": nothing on their page, but to themself and the impact readers.
    assert "Advice given" not in page_text(client.get("/u/secret"))
    for viewer in ("secret", "coordinator"):
        auth.login(world[viewer])
        assert "Advice given" in page_text(client.get("/u/secret")), viewer
        auth.logout()
    auth.login(world["member"])
    assert "Advice given" not in page_text(client.get("/u/secret"))


def test_the_profile_form_offers_to_show_the_records(client, auth, world):
    auth.login(world["karim"])
    page = page_text(client.get("/u/karim/edit"))
    assert "My contacts with communes (missions, studies...)" in page


def test_the_pages_take_the_same_statements_whatever_the_number_of_records(client, world):
    record(world)
    pages = ("/c/tafraout", "/u/coop", f"/t/{world['thread'].slug}/{world['thread'].id}")
    few = {}
    for url in pages:
        client.get(url)
        with count_queries() as statements:
            client.get(url)
        few[url] = len(statements)
    for n in range(10):
        record(world, expert_id=(world["leila"] if n % 2 else world["secret"]).id, partner_id=world["coop"].id)
    for url in pages:
        client.get(url)
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        assert len(statements) == few[url], url


@pytest.mark.heavy  # seeds the whole demo forum (make test-heavy)
def test_the_demo_has_records_of_several_kinds_and_overdue_follow_ups(app, client, auth):
    from datetime import date

    from sqlalchemy import func, select

    from forum.demo import seed_demo
    from forum.extensions import db
    from forum.impact.links import followups
    from forum.impact.models import LinkingRecord
    from forum.jobs.models import Job
    from forum.people.services import get_user_by_username

    seed_demo()
    kinds = set(db.session.scalars(select(LinkingRecord.kind)))
    statuses = set(db.session.scalars(select(LinkingRecord.status)))
    assert len(kinds) == 8 and statuses == {"planned", "in_progress", "completed", "abandoned"}
    assert db.session.scalar(select(func.count(LinkingRecord.id))) >= 20
    assert set(db.session.scalars(select(LinkingRecord.currency).where(LinkingRecord.currency.is_not(None)))) == {
        "MAD", "EUR"}
    assert len({record.commune_id for record in db.session.scalars(select(LinkingRecord))}) >= 5
    assert 3 <= len(followups.overdue(date.today())) <= 4
    assert db.session.scalar(select(func.count(Job.id)).where(Job.kind == "impact.follow_up_due")) == 0
    auth.login(get_user_by_username("cm_nadia"), password="demo-password-2026")
    page = page_text(client.get("/impact/links"))
    assert page.count("days late") >= 3
