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

from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.config.paths import DBT_PROJECT_DIR, state_dir
from informatiebeeld.ingest import partner as partner_ingest
from informatiebeeld.ingest.load import ensure_raw_table
from informatiebeeld.orchestration.connections import pseudonym_key
from informatiebeeld.publish import gate, publication
from informatiebeeld.publish.freshness import partner_freshness
from informatiebeeld.warehouse import ledger, locks
from informatiebeeld.warehouse.connection import ConnectionParams, connect

log = logging.getLogger(__name__)


def partners() -> list[str]:
    return sorted(load_contracts())


def prepare(params: ConnectionParams, region: str | None = None) -> None:
    """Bookkeeping schema, and for a region an (empty) raw table per extract, so that a partner
    that never delivered leaves an empty source rather than a broken dbt build."""
    with connect(params, autocommit=True) as conn:
        ledger.ensure_meta(conn)
        if region is None:
            return
        for partner, contract in sorted(load_contracts().items()):
            for extract in contract.extracts:
                with conn.transaction():
                    ensure_raw_table(conn, region, partner, extract)


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
        results = partner_ingest.ingest_partner(conn, region, partner, up_to, key, run_id, landing_root)
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


def publish_region(params: ConnectionParams, region: str, run_id: str, run_date: date) -> dict[str, Any]:
    return {"region": region, "published": publication.publish_region(params, region, run_id, run_date)}


def run_region(params: ConnectionParams, region: str, run_date: date, run_id: str) -> dict[str, Any]:
    """All steps for one region, outside Airflow: ingest, dbt build, gate, publish, summary."""
    prepare(params, region)
    with connect(params, autocommit=True) as lock_conn, locks.region_lock(lock_conn, region):
        try:
            for partner in partners():
                ingest_partner(params, region, partner, run_date, run_id)
            run_dbt(params, ["build"], region, run_date)
            validate(params, region, run_id)
            publish_region(params, region, run_id, run_date)
        finally:
            summary = summarise_run(params, region, run_id, run_date)
    return summary


def summarise_run(params: ConnectionParams, region: str, run_id: str, run_date: date) -> dict[str, Any]:
    """What a night did for a region: loads, rejections, quarantine, gate, publication, stale partners."""
    with connect(params, autocommit=True) as conn:
        ledger.ensure_meta(conn)
        files = conn.execute(
            """select partner, extract, file_name, status, rows_read, rows_loaded, rows_rejected, report_path
               from meta.load_ledger where region = %s and run_id = %s order by delivery_id""",
            (region, run_id),
        ).fetchall()
        gate_rows = conn.execute(
            """select suite, success, failed_expectations from meta.gate_results
               where region = %s and run_id = %s order by checked_at""",
            (region, run_id),
        ).fetchall()
        published = conn.execute(
            "select tables from meta.publications where region = %s and run_id = %s", (region, run_id)
        ).fetchone()
        freshness = partner_freshness(conn, region, run_date)
        summary: dict[str, Any] = {
            "region": region,
            "run_id": run_id,
            "run_date": run_date.isoformat(),
            "files": {status: sum(1 for f in files if f[3] == status) for status in sorted({f[3] for f in files})},
            "rows_loaded": sum(f[5] or 0 for f in files),
            "rows_rejected": sum(f[6] or 0 for f in files if f[3] == "loaded"),
            "quarantined": [{"file": f"{f[0]}/{f[2]}", "report": f[7]} for f in files if f[3] == "quarantined"],
            "gate": {suite: success for suite, success, _ in gate_rows},
            "gate_failures": [item for _, success, failed in gate_rows if not success for item in failed][:20],
            "published": published[0] if published else None,
            "stale_partners": sorted({f"{r['partner_code']}/{r['extract']}" for r in freshness if r["is_verouderd"]}),
        }
        succeeded = bool(published) and bool(gate_rows) and all(success for _, success, _ in gate_rows)
        summary["succeeded"] = succeeded
        ledger.record_run_summary(conn, region, run_id, run_date, succeeded, summary)
    return summary
