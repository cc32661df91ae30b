"""/impact/links: every record for the impact readers, overdue follow-ups first, filters, CSV."""

import csv
import io
from datetime import date, timedelta

from sqlalchemy import update

from forum.db import transaction
from forum.extensions import db
from forum.impact.models import LinkingRecord
from tests.helpers import count_queries, page_text
from tests.impact import test_links_records as base

world, record = base.world, base.record  # the same fixture and factory


def test_only_impact_readers_see_the_list(client, auth, world):
    assert client.get("/impact/links").status_code == 302
    for name in ("member", "amina", "karim"):
        auth.login(world[name])
        assert client.get("/impact/links").status_code == 403
        assert client.get("/impact/links.csv").status_code == 403
        auth.logout()
    for name in ("coordinator", "moderator"):
        auth.login(world[name])
        assert client.get("/impact/links").status_code == 200
        auth.logout()


def test_overdue_follow_ups_come_first_and_filters_apply(client, auth, world):
    late = record(world, expert_id=world["secret"].id, kind="mission")
    record(world, kind="call", occurred_on=date.today() - timedelta(days=3))
    with transaction():
        long_ago = late.created_at - timedelta(days=40)
        db.session.execute(update(LinkingRecord).where(LinkingRecord.id == late.id)
                           .values(created_at=long_ago, updated_at=long_ago))
    auth.login(world["coordinator"])
    page = page_text(client.get("/impact/links?from=2020-01-01"))
    overdue, everything = page.split("All records")
    assert "Mission on site" in overdue and "30 days: 10 days late" in overdue
    assert "Call or video call" not in overdue
    assert "Samir Discret" in overdue  # impact readers always see the expert's name
    assert "Call or video call" in everything and "Mission on site" in everything
    other_commune = page_text(client.get(f"/impact/links?commune={world['commune'].id + 1}"))
    assert "Unknown commune." in other_commune
    past = page_text(client.get(f"/impact/links?from=2020-01-01&to={(date.today() - timedelta(days=1)).isoformat()}"))
    assert "Call or video call" in past.split("All records")[1] and "Mission on site" not in past.split("All records")[1]
    for bad in ("from=2026-13-45", "to=%00", "axis=99999999999", "province=Nowhere", "page=999999999"):
        assert client.get(f"/impact/links?{bad}").status_code in (200, 302), bad


def test_the_list_takes_the_same_statements_whatever_its_size(client, auth, world):
    auth.login(world["coordinator"])
    record(world)
    client.get("/impact/links")
    with count_queries() as few:
        client.get("/impact/links")
    for n in range(12):
        record(world, expert_id=(world["leila"] if n % 2 else world["secret"]).id, partner_id=world["coop"].id)
    client.get("/")  # the logged-in member loaded again after the commits above
    with count_queries() as many:
        assert client.get("/impact/links").status_code == 200
    assert len(many) == len(few)


def test_the_csv_has_every_column(client, auth, world):
    record(world, kind="funding", status="completed", amount="1250,5", currency="MAD", organisation="=INDH",
           note="Convention signée")
    auth.login(world["coordinator"])
    response = client.get("/impact/links.csv")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert "Amount" in header and "Currency" in header and len(rows) == 2
    assert row["Amount"] == "1250,50" and row["Currency"] == "MAD"
    assert row["Migrant expert"] == "Karim Expert" and row["Commune"] == "Tafraout" and row["Province"] == "Tiznit"
    assert row["What happened"] == "Funding obtained" and row["Status"] == "Completed"
    assert row["Organisations involved"] == "'=INDH" and row["Short note"] == "Convention signée"
    assert row["Thread"] == "Comment réhabiliter une khettara ?"
