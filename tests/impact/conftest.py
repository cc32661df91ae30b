"""Fixtures of the impact tests: the hand-made world of dash_dataset.py and a coordinator."""

import pytest

from tests.impact.dash_dataset import build


@pytest.fixture
def world(app):
    return build()


@pytest.fixture
def coordinator(make_user):
    return make_user("samira", role="coordinator", display_name="Samira Coord")


@pytest.fixture
def as_coordinator(client, auth, coordinator):
    auth.login(coordinator)
    return client
