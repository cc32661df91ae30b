"""Every search test that builds an app runs once per registered backend (forum.search.backend),
so that another engine is held to the same pages, bounds and quality bars as Whoosh."""

import pytest

from forum.search import backend


@pytest.fixture(scope="module", params=backend.registered())
def search_backend(request) -> str:
    """The name of the backend under test (SEARCH_BACKEND)."""
    return request.param


@pytest.fixture
def app_config(search_backend):
    return {"SEARCH_BACKEND": search_backend}
