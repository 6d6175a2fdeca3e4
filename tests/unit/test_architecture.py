"""The package's rooms and the direction of their dependencies, read from the source's import graph.

Every import counts, also those inside functions: a lazy import hides a cycle from Python, not from
a reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

INCLUDE = Path(__file__).resolve().parents[2] / "include"
PACKAGE = "informatiebeeld"
DEMO_PACKAGE = "informatiebeeld_demo"

# Lowest first: a room may import from its own and lower rooms only.
LAYERS = ["config", "privacy", "warehouse", "ingest", "governance", "publish", "documents", "orchestration", "cli"]

# Which rooms may import the heavy frameworks at all (inside functions or not).
FRAMEWORKS = {
    "airflow": {"orchestration"},
    "cosmos": {"orchestration"},
    "dbt": {"orchestration", "cli"},
    "great_expectations": {"publish"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(INCLUDE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Absolute names of every module imported anywhere in the file (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # "from informatiebeeld.publish import gate" imports the submodule gate
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for root in (PACKAGE, DEMO_PACKAGE) for p in sorted((INCLUDE / root).rglob("*.py"))}
    return {name: {i for i in _imports(path) if i in modules and i != name} for name, path in modules.items()}


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == PACKAGE and len(parts) > 1 else None


def test_the_package_is_split_into_rooms() -> None:
    rooms = {p.name for p in (INCLUDE / PACKAGE).iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert rooms == set(LAYERS)
    loose = sorted(p.name for p in (INCLUDE / PACKAGE).glob("*.py") if p.name != "__init__.py")
    assert loose == [], "every module lives in a room"


def test_no_import_cycles() -> None:
    graph = _graph()
    # A module's own parent packages are not dependencies: importing a.b always runs a/__init__.
    edges = {m: {d for d in deps if d not in _parents(m)} for m, deps in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)


def _parents(module: str) -> set[str]:
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def test_rooms_only_import_their_own_or_lower_rooms() -> None:
    wrong = []
    for module, deps in _graph().items():
        room = _room(module)
        if room is None:
            continue
        for dep in deps:
            target = _room(dep)
            if target is not None and LAYERS.index(target) > LAYERS.index(room):
                wrong.append(f"{module} imports {dep} ({room} below {target})")
    assert wrong == []


def test_heavy_frameworks_are_imported_only_where_they_belong() -> None:
    wrong = []
    for path in sorted((INCLUDE / PACKAGE).rglob("*.py")):
        module = _module_name(path)
        room = _room(module)
        for imported in _imports(path):
            top = imported.split(".")[0]
            if top in FRAMEWORKS and room not in FRAMEWORKS[top]:
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_the_demo_generator_is_outside_the_production_package() -> None:
    graph = _graph()
    production_uses_demo = [
        f"{m} imports {d}"
        for m, deps in graph.items()
        if m.startswith(PACKAGE + ".") and _room(m) != "cli"
        for d in deps
        if d.startswith(DEMO_PACKAGE)
    ]
    assert production_uses_demo == [], "only the CLI's demo commands may reach the demo generator"
    demo_uses = {
        d for m, deps in graph.items() if m.startswith(DEMO_PACKAGE) for d in deps if d.startswith(PACKAGE + ".")
    }
    assert {_room(d) for d in demo_uses} <= {"config"}, demo_uses
