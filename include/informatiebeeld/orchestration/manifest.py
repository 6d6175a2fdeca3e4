"""The dbt manifest the DAGs render from (cosmos ``LoadMode.DBT_MANIFEST``).

One recipe for every place that needs it: the image build (``RUN informatiebeeld manifest``),
``make manifest``, the demo and the tests. ``dbt parse`` reads the project and the profile but
never connects to a database, so no connection and no secret is needed: the profile's variables
get placeholder values, only where they are not already set and only while dbt parses.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from informatiebeeld.config.paths import DBT_PROJECT_DIR
from informatiebeeld.orchestration.dbt_build import PEILDATUM_ENV_VAR

MANIFEST_PATH = DBT_PROJECT_DIR / "target" / "manifest.json"
PARTIAL_PARSE_PATH = MANIFEST_PATH.with_name("partial_parse.msgpack")

# What dbt_project/profiles.yml reads. Placeholders, not credentials: dbt parse does not connect.
PLACEHOLDER_ENV = {
    "INFORMATIEBEELD_PGHOST": "dbt-parse.invalid",
    "INFORMATIEBEELD_PGPORT": "5432",
    "INFORMATIEBEELD_PGUSER": "dbt_parse_placeholder",
    "INFORMATIEBEELD_PGPASSWORD": "placeholder-not-a-secret",
    "INFORMATIEBEELD_PGDATABASE": "informatiebeeld",
    # What the models read as the night's date; the DAGs render from the graph, never from this date.
    PEILDATUM_ENV_VAR: "2026-01-01",
}


@contextmanager
def _placeholder_env() -> Iterator[None]:
    added = [name for name in PLACEHOLDER_ENV if name not in os.environ]
    os.environ.update({name: PLACEHOLDER_ENV[name] for name in added})
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


def build_manifest() -> Path:
    """Run ``dbt parse`` on dbt_project/ and return the path of the manifest.json it wrote."""
    from dbt.cli.main import dbtRunner

    command = [
        "parse",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--no-partial-parse",
        "--no-send-anonymous-usage-stats",
        "--log-level-file",
        "none",
        "--quiet",
    ]
    with _placeholder_env():
        result = dbtRunner().invoke(command)
    if not result.success:
        raise RuntimeError(f"dbt parse failed: {result.exception or 'see the dbt output above'}")
    if not MANIFEST_PATH.is_file():
        raise RuntimeError(f"dbt parse succeeded but wrote no {MANIFEST_PATH}")
    # dbt writes its partial-parse state even with --no-partial-parse. Made with the placeholder
    # profile, it matches no real run, and cosmos prefers the newer of it and the state its producer
    # cached last night: left here, it made every night's dbt build parse the whole project again.
    PARTIAL_PARSE_PATH.unlink(missing_ok=True)
    return MANIFEST_PATH
