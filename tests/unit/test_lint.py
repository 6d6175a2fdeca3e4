"""The code base stays lint clean: ruff for Python, sqlfluff for the dbt SQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)


def test_ruff_check_and_format() -> None:
    check = _run(str(BIN / "ruff"), "check", "include", "dags", "tests")
    assert check.returncode == 0, check.stdout[-3000:]
    formatted = _run(str(BIN / "ruff"), "format", "--check", "include", "dags", "tests")
    assert formatted.returncode == 0, formatted.stdout[-3000:]


def test_sqlfluff_lint_dbt_project() -> None:
    lint = _run(str(BIN / "sqlfluff"), "lint", "dbt_project")
    assert lint.returncode == 0, lint.stdout[-3000:]
