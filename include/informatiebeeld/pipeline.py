"""The nightly steps of a region, callable from Airflow tasks and from the CLI alike.

Every step returns a small JSON-able summary (no identifiers, no keys), so it can travel as XCom.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

from informatiebeeld import gate, ingest, ledger, publish
from informatiebeeld.contracts import load_contracts
from informatiebeeld.keys import pseudonym_key
from informatiebeeld.paths import DBT_PROJECT_DIR, state_dir
from informatiebeeld.warehouse import ConnectionParams, connect

log = logging.getLogger(__name__)


def partners() -> list[str]:
    return sorted(load_contracts())


def prepare(params: ConnectionParams) -> None:
    with connect(params) as conn:
        ledger.ensure_meta(conn)


def ingest_partner(
    params: ConnectionParams,
    region: str,
    partner: str,
    up_to: date,
    run_id: str,
    landing_root: Path | None = None,
) -> dict[str, Any]:
    key = pseudonym_key(region)
    with connect(params, autocommit=True) as conn:
        ledger.ensure_meta(conn)
        results = ingest.ingest_partner(conn, region, partner, up_to, key, run_id, landing_root)
    summary = {
        "region": region,
        "partner": partner,
        "files": [r.summary() for r in results],
        "loaded": sum(r.status == "loaded" for r in results),
        "quarantined": sum(r.status == "quarantined" for r in results),
        "duplicates": sum(r.status == "duplicate" for r in results),
        "rows_loaded": sum(r.rows_loaded for r in results),
    }
    log.info("ingest %s/%s: %s", region, partner, json.dumps({k: v for k, v in summary.items() if k != "files"}))
    return summary


def dbt_vars(region: str, peildatum: date) -> dict[str, str]:
    return {"region": region, "peildatum": peildatum.isoformat()}


def run_dbt(params: ConnectionParams, args: list[str], region: str, peildatum: date) -> None:
    """Run dbt in-process against the warehouse (used by the CLI; Airflow renders dbt with cosmos)."""
    from dbt.cli.main import dbtRunner

    os.environ.update(params.dbt_env())
    target = state_dir() / "dbt" / region
    command = [
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target / "target"),
        "--log-path",
        str(target / "logs"),
        "--vars",
        json.dumps(dbt_vars(region, peildatum)),
    ]
    result = dbtRunner().invoke(command)
    if not result.success:
        raise RuntimeError(f"dbt {' '.join(args)} failed for region {region}: {result.exception or 'see log above'}")


def validate(params: ConnectionParams, region: str, run_id: str) -> dict[str, Any]:
    outcomes = gate.run_gate(params, region, run_id)
    return {"region": region, "suites": {o.suite: o.success for o in outcomes}}


def publish_region(params: ConnectionParams, region: str, run_id: str) -> dict[str, Any]:
    return {"region": region, "published": publish.publish_region(params, region, run_id)}


def run_region(params: ConnectionParams, region: str, run_date: date, run_id: str) -> dict[str, Any]:
    """All steps for one region, outside Airflow: ingest, dbt build, gate, publish."""
    prepare(params)
    ingested = [ingest_partner(params, region, p, run_date, run_id) for p in partners()]
    run_dbt(params, ["build"], region, run_date)
    validated = validate(params, region, run_id)
    published = publish_region(params, region, run_id)
    return {"ingest": ingested, "gate": validated, "publish": published}
