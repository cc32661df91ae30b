"""Dependencies point one way: the layer table of DESIGN.md, read from every module's imports.

A module of a package may import its own package and the packages of the layers below, never a
package of its own layer or above. Views and CLI modules are the top layer (they compose pages
from any package's read services), as are the app factory, the demo and its seed data. Imports
inside functions count: a late import is still a dependency.
"""

import ast
from pathlib import Path

import pytest

FORUM = Path(__file__).resolve().parent.parent / "forum"

CORE = 0
TOP = 99
LAYERS = {
    # core: infrastructure every domain may use, importing no domain
    **dict.fromkeys(
        ("config", "extensions", "db", "dbtypes", "dbsetup", "markup", "markup_worker", "permissions", "errors",
         "routing", "audit", "assets", "security", "templating", "forms", "slugs", "text"),
        CORE,
    ),
    # DESIGN.md puts mail beside jobs; mail sends *as* a job, so it sits just above it.
    "jobs": 1, "mail": 1.5, "pagecache": 1.5,
    "tags": 2, "communes": 2,
    "people": 3, "boards": 3,
    "threads": 4, "auth": 4,
    "matching": 5, "moderation": 5, "search": 5, "notifications": 5,
    "impact": 6,
    "__init__": TOP, "cli": TOP, "demo": TOP, "seed": TOP,
}
TOP_MODULES = {"views", "cli"}  # in any package: where pages and commands are composed


def _unit(parts: tuple[str, ...]) -> str:
    """The layer-table entry a module belongs to: its top-level package or core module."""
    return parts[0] if parts else "__init__"


def _module_parts(path: Path, root: Path) -> tuple[str, ...]:
    parts = path.relative_to(root).with_suffix("").parts
    return parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts


def _imported(node: ast.AST, parts: tuple[str, ...], is_package: bool, package: str) -> list[tuple[str, ...]]:
    """The forum modules an import statement names, as parts below the root package."""
    if isinstance(node, ast.Import):
        names = [alias.name.split(".") for alias in node.names]
        return [tuple(n[1:]) for n in names if n[0] == package]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = list(parts) if is_package else list(parts[:-1])
        base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
        target = base + (node.module.split(".") if node.module else [])
    elif node.module and node.module.split(".")[0] == package:
        target = node.module.split(".")[1:]
    else:
        return []
    # `from forum.threads import views`: the name may be a module, resolved by the caller.
    return [tuple(target + [alias.name]) for alias in node.names]


def _existing_module(root: Path, target: tuple[str, ...]) -> tuple[str, ...]:
    """`a.b.name` is the module a.b.name if it exists, else the module a.b (name is an attribute)."""
    *base, name = target
    candidate = root.joinpath(*target)
    return target if candidate.is_dir() or candidate.with_suffix(".py").exists() else tuple(base) or target


def layer_violations(root: Path, layers: dict[str, int] = LAYERS) -> list[str]:
    """Every import that goes up or sideways, as 'module -> imported (why)'."""
    package = root.name
    problems = []
    for path in sorted(root.rglob("*.py")):
        parts = _module_parts(path, root)
        is_package = path.name == "__init__.py"
        unit = _unit(parts)
        if unit not in layers:
            problems.append(f"{'.'.join(parts)}: not in the layer table")
            continue
        here = TOP if parts[-1] in TOP_MODULES or not parts else layers[unit]
        if here == TOP:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _imported(node, parts, is_package, package):
                target = _existing_module(root, target)
                other = _unit(target)
                if other == unit:
                    continue
                there = layers.get(other)
                if there is None:
                    problems.append(f"{'.'.join(parts)} -> {'.'.join(target)} (not in the layer table)")
                elif target[-1:] and target[-1] in TOP_MODULES and len(target) > 1:
                    problems.append(f"{'.'.join(parts)} -> {'.'.join(target)} (a views/CLI module)")
                elif there > here or (there == here and here != CORE):
                    problems.append(f"{'.'.join(parts)} (layer {here}) -> {'.'.join(target)} (layer {there})")
    return problems


def test_the_forum_depends_one_way():
    assert layer_violations(FORUM) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "forum"
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return root


CLEAN = {
    "__init__.py": "from .threads.views import bp\n",
    "extensions.py": "",
    "tags/__init__.py": "",
    "tags/models.py": "from forum.extensions import db\n",
    "people/__init__.py": "",
    "people/models.py": "from forum.tags.models import Tag\nfrom ..extensions import db\n",
    "threads/__init__.py": "",
    "threads/services.py": "from forum.people import models\nfrom . import models as own\n",
    "threads/views.py": "from forum.search.service import similar\nfrom forum.matching import services\n",
    "search/__init__.py": "",
    "search/service.py": "from forum.threads.services import visible_to\n",
    "matching/__init__.py": "",
    "matching/services.py": "import forum.threads.services\n",
}


def test_a_tree_that_follows_the_table_passes(tmp_path):
    assert layer_violations(_tree(tmp_path, CLEAN)) == []


@pytest.mark.parametrize(
    ("module", "source", "reported"),
    [
        ("tags/models.py", "from forum.people.models import User\n", "tags.models (layer 2) -> people.models (layer 3)"),
        ("people/models.py", "def f():\n    from ..threads import services\n",
         "people.models (layer 3) -> threads.services (layer 4)"),
        ("search/service.py", "import forum.matching.services\n", "search.service (layer 5) -> matching.services (layer 5)"),
        ("extensions.py", "from forum.people.models import User\n", "extensions (layer 0) -> people.models (layer 3)"),
        ("matching/services.py", "from forum.threads.views import bp\n", "matching.services -> threads.views (a views/CLI module)"),
        ("threads/services.py", "from forum.widgets import x\n", "threads.services -> widgets (not in the layer table)"),
    ],
)
def test_a_forbidden_import_is_reported(tmp_path, module, source, reported):
    root = _tree(tmp_path, {**CLEAN, module: CLEAN.get(module, "") + source})
    assert layer_violations(root) == [reported]
