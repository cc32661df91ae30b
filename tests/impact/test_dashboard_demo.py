"""The demo: its coordinator opens the dashboard on the project's period and targets."""

import re
import time
from datetime import date

import pytest

from forum.demo import seed_demo
from forum.extensions import db
from forum.impact.models import ImpactSettings
from forum.seed import demo_content as content
from forum.seed.impact_settings import twelve_months_before
from tests.helpers import page_text


@pytest.mark.heavy  # seeds the whole demo forum (make test-heavy)
def test_the_demo_coordinator_sees_the_dashboard_of_the_last_twelve_months(app, client):
    seed_demo()
    settings = db.session.get(ImpactSettings, 1)
    assert (settings.target_migrants, settings.target_communes_engaged, settings.target_actors,
            settings.target_communes_strengthened, settings.end_date) == (40, 7, 40, 7, None)
    assert settings.start_date == twelve_months_before(settings.updated_at.date())
    client.post("/login", data={"login": "coord_samira", "password": content.PASSWORD})
    started = time.perf_counter()
    response = client.get("/impact")
    elapsed = time.perf_counter() - started
    page = page_text(response)
    assert response.status_code == 200 and "Hello Samira — coordinatrice!" in page
    counts = [int(n) for n in re.findall(r'<strong>(\d+)</strong> / \d+', page)]
    assert len(counts) == 4 and counts[0] > 0 and counts[1] > 0
    assert f'value="{settings.start_date.isoformat()}"' in page
    assert elapsed < 1.0, elapsed


def test_twelve_months_before_a_29_february():
    assert twelve_months_before(date(2028, 2, 29)) == date(2027, 2, 28)
    assert twelve_months_before(date(2026, 12, 2)) == date(2025, 12, 2)
