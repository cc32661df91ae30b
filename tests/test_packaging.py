"""The lock files install what pyproject.toml asks for (make install / install-dev read them),
and the forum starts without the production extra."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _pins(lock: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / lock).read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


@pytest.mark.parametrize("lock, requirements", [
    ("requirements.lock", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["prod"]),
    ("requirements-dev.lock",
     PROJECT["dependencies"] + PROJECT["optional-dependencies"]["prod"] + PROJECT["optional-dependencies"]["dev"]),
])
def test_every_dependency_is_pinned_within_its_range(lock, requirements):
    pins = _pins(lock)
    for text in requirements:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is missing from {lock}: run pip-compile (README)"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, outside {requirement.specifier}: run pip-compile (README)")


PROD_ONLY = ("psycopg", "gunicorn", "redis")


def test_production_servers_are_an_extra_and_both_locks_pin_the_same_versions():
    base = {canonicalize_name(Requirement(text).name) for text in PROJECT["dependencies"]}
    assert not base & set(PROD_ONLY), "production-only packages belong in the [prod] extra"
    assert {canonicalize_name(Requirement(text).name) for text in PROJECT["optional-dependencies"]["prod"]} >= {
        "psycopg", "gunicorn"}
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime, "run pip-compile (README)"


BASE_ONLY_START = """
import importlib.abc, sys

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {names!r}:
            raise ImportError(f"{{name}} is a [prod] dependency")

sys.meta_path.insert(0, Refuse())
from forum import create_app
from forum.db import transaction
from forum.extensions import db
from forum.boards.services import seed_boards_and_tags

app = create_app({{"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp}/forum.db",
                  "SEARCH_INDEX_DIR": "{tmp}/index"}})
with app.app_context():
    db.create_all()
    with transaction():
        seed_boards_and_tags()
assert app.test_client().get("/").status_code == 200
assert not [name for name in sys.modules if name.split(".")[0] in {names!r}]
print("started")
"""


@pytest.mark.heavy  # a fresh interpreter (make test-heavy)
def test_the_forum_starts_with_the_base_dependencies_only(tmp_path):
    """SQLite, in-process search and memory rate limits: nothing of [prod] is imported."""
    script = BASE_ONLY_START.format(names=set(PROD_ONLY), tmp=tmp_path)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "started" in result.stdout, result.stderr[-3000:]
