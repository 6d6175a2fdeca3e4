"""Dependencies: what the code imports is declared, what is declared is used, and the lock pins it all with hashes."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Declared without being imported: the warehouse connection type, tools and plugins, the build backend.
NOT_IMPORTED = {
    "apache-airflow-providers-postgres": "the postgres connection type of the warehouse connection",
    "apache-airflow-providers-standard": "Airflow's standard operators and sensors",
    "pytest-xdist": "pytest plugin",
    "ruff": "linter",
    "sqlfluff": "SQL linter",
    "setuptools": "build backend of the editable install",
}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    lines = (REPO_ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()
    return {_normalise(re.split(r"[<>=!\[; ]", line.strip())[0]) for line in lines if line.strip() and line[0] != "#"}


# Meta packages that ship no module of their own: what they stand for.
PROVIDES = {"apache-airflow": {"airflow"}, "dbt-postgres": {"dbt"}, "psycopg": {"psycopg"}}


def _provided_modules() -> dict[str, set[str]]:
    """Declared distribution -> the top-level modules it (or, for a meta package, its core) provides."""
    provided: dict[str, set[str]] = {}
    for module, distributions in packages_distributions().items():
        for distribution in distributions:
            provided.setdefault(_normalise(distribution), set()).add(module)
    return {d: PROVIDES.get(d, provided.get(d, set())) for d in _declared()}


def _imported_modules() -> set[str]:
    found = set()
    for folder in ("include", "dags", "tests", "benchmarks"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    local = top.startswith("informatiebeeld") or top == "tests" or (path.parent / f"{top}.py").exists()
                    if top not in sys.stdlib_module_names and not local:
                        found.add(top)
    return found


def test_every_imported_library_is_declared() -> None:
    declared_modules = set().union(*_provided_modules().values())
    assert _imported_modules() - declared_modules == set()


def test_every_declared_library_is_used() -> None:
    imported = _imported_modules()
    unused = {d for d, modules in _provided_modules().items() if not modules & imported} - set(NOT_IMPORTED)
    assert unused == set()


def test_the_lock_pins_every_package_with_hashes() -> None:
    text = (REPO_ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", text, flags=re.MULTILINE)
    assert len(pins) > 100
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1])
    without_hash = [b.split()[0] for b in blocks if "==" in b.split()[0] and "--hash=sha256:" not in b]
    assert without_hash == []
    locked = {_normalise(name.split("[")[0]) for name, _ in pins}
    assert _declared() <= locked
