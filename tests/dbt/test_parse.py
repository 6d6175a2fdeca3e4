"""A new night's peildatum leaves dbt's partial parse intact.

dbt re-parses every file that read an env var while parsing when that env var changes; the peildatum
changes every night, so no file may read it at parse time (it is read when a node executes; the
backfill tests show each night computed with its own date).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from informatiebeeld.config.paths import DBT_PROJECT_DIR
from informatiebeeld.orchestration.dbt_build import PEILDATUM_ENV_VAR, dbt_vars
from informatiebeeld.orchestration.manifest import PLACEHOLDER_ENV


def _parse(target: Path) -> object:
    from dbt.cli.main import dbtRunner

    paths = ["--project-dir", DBT_PROJECT_DIR, "--profiles-dir", DBT_PROJECT_DIR, "--target-path", target]
    arguments = ["parse", "--quiet", "--no-send-anonymous-usage-stats", *map(str, paths)]
    result = dbtRunner().invoke(
        [*arguments, "--log-path", str(target / "logs"), "--vars", json.dumps(dbt_vars("noord_nederland"))]
    )
    assert result.success, result.exception
    return result.result


def test_no_file_reads_the_peildatum_while_dbt_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in PLACEHOLDER_ENV.items():
        monkeypatch.setenv(name, value)
    manifest = _parse(tmp_path)
    assert PEILDATUM_ENV_VAR not in manifest.env_vars  # type: ignore[attr-defined]
