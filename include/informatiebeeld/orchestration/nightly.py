"""The nightly steps of a region, callable from Airflow tasks and from the CLI alike.

A night: ``begin_night`` takes the region's lock for the run, ``prepare``, ``ingest_partner`` per
partner, dbt build, ``build_candidate`` (write), ``validate`` (audit the candidate), ``publish``
(swap exactly the audited candidate), ``summarise_run`` (always, and releases the lock). Every step
that changes the region checks that this run still holds the lock, so a CLI run, a key rotation or a
retention purge cannot change the data between audit and publish.

Every step returns a small JSON-able summary (no identifiers, no keys), so it can travel as XCom.
The publish steps import their modules (and through them pandas and Great Expectations) only when
they run, so an ingest or dbt task never loads them.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.config.paths import DBT_PROJECT_DIR, state_dir
from informatiebeeld.config.private import private_dir
from informatiebeeld.ingest import partner as partner_ingest
from informatiebeeld.ingest.load import ensure_raw_table
from informatiebeeld.orchestration.connections import pseudonym_key
from informatiebeeld.orchestration.dbt_build import NIGHTLY_BUILD_FLAGS, PEILDATUM_ENV_VAR, dbt_vars
from informatiebeeld.warehouse import ledger, locks, roles
from informatiebeeld.warehouse.connection import ConnectionParams, connect
from informatiebeeld.warehouse.owner import refuse_superuser

log = logging.getLogger(__name__)

NIGHT_PURPOSE = "the nightly run"


def partners() -> list[str]:
    return sorted(load_contracts())


def prepare(params: ConnectionParams, region: str | None = None) -> None:
    """Bookkeeping schema, and for a region an (empty) raw table per extract, so that a partner
    that never delivered leaves an empty source rather than a broken dbt build; and the region's
    roles with their grants on what exists so far (dbt grants its own models)."""
    with connect(params, autocommit=True) as conn:
        refuse_superuser(conn)
        ledger.ensure_meta(conn)
        if region is None:
            return
        for partner, contract in sorted(load_contracts().items()):
            for extract in contract.extracts:
                with conn.transaction():
                    ensure_raw_table(conn, region, partner, extract)
        with conn.transaction():
            roles.apply_region_grants(conn, region)


def begin_night(params: ConnectionParams, region: str, run_id: str) -> dict[str, Any]:
    """Take the region's lock for this run (renewed by every later step, released by the summary)."""
    with connect(params, autocommit=True) as conn:
        ledger.ensure_meta(conn)
        locks.acquire_region_lock(conn, region, run_id, NIGHT_PURPOSE)
    return {"region": region, "locked_by": run_id}


def _renew_lock(params: ConnectionParams, region: str, run_id: str) -> None:
    with connect(params, autocommit=True) as conn:
        locks.acquire_region_lock(conn, region, run_id, NIGHT_PURPOSE)


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
        locks.acquire_region_lock(conn, region, run_id, NIGHT_PURPOSE)
        results = partner_ingest.ingest_partner(conn, region, partner, up_to, key, run_id, landing_root)
    # XCom carries counts only; what each file did is in meta.load_ledger and the quarantine reports.
    summary = {
        "region": region,
        "partner": partner,
        "files": len(results),
        "loaded": sum(r.status == "loaded" for r in results),
        "quarantined": sum(r.status == "quarantined" for r in results),
        "duplicates": sum(r.status == "duplicate" for r in results),
        "rows_loaded": sum(r.rows_loaded for r in results),
    }
    log.info("ingest %s/%s: %s", region, partner, json.dumps(summary))
    return summary


def run_dbt(params: ConnectionParams, args: list[str], region: str, peildatum: date) -> None:
    """Run dbt in-process against the warehouse (used by the CLI; Airflow renders dbt with cosmos)."""
    from dbt.cli.main import dbtRunner

    os.environ.update(params.dbt_env())
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"  # and dbt docs then embeds no tracking call
    os.environ[PEILDATUM_ENV_VAR] = peildatum.isoformat()
    target = private_dir(state_dir() / "dbt" / region)  # 0700: dbt's target and logs stay the service user's
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
        json.dumps(dbt_vars(region)),
    ]
    result = dbtRunner().invoke(command)
    if not result.success:
        raise RuntimeError(f"dbt {' '.join(args)} failed for region {region}: {result.exception or 'see log above'}")


def build_candidate(params: ConnectionParams, region: str, run_id: str, run_date: date) -> dict[str, Any]:
    """Write: the suppressed copy of the marts that the gate will audit and publish will swap in."""
    from informatiebeeld.publish import publication

    _renew_lock(params, region, run_id)
    return {"region": region, **publication.build_candidate(params, region, run_id, run_date)}


def validate(params: ConnectionParams, region: str, run_id: str) -> dict[str, Any]:
    """Audit: the gate on this run's candidate."""
    from informatiebeeld.publish import gate

    _renew_lock(params, region, run_id)
    outcomes = gate.run_gate(params, region, run_id)
    return {"region": region, "suites": {o.suite: o.success for o in outcomes}}


def publish_region(params: ConnectionParams, region: str, run_id: str) -> dict[str, Any]:
    """Publish: swap in exactly the candidate this run's gate passed."""
    from informatiebeeld.publish import publication

    return {"region": region, "published": publication.publish_region(params, region, run_id)}


def render_documents(params: ConnectionParams, region: str) -> dict[str, Any]:
    """The region's informatiebeelden as documents, from what it just published, and its dbt docs."""
    from informatiebeeld.documents.render import render_region

    with connect(params, autocommit=True) as conn:
        rendered = render_region(conn, region)
    return {"region": region, **rendered.counts()}


def generate_dbt_docs(params: ConnectionParams, region: str, peildatum: date) -> dict[str, Any]:
    """dbt docs of the region's project (models, columns, lineage; no data), for the local portal."""
    run_dbt(params, ["docs", "generate"], region, peildatum)
    return {"region": region, "dbt_docs": str(dbt_docs_dir(region))}


def dbt_docs_dir(region: str) -> Path:
    return state_dir() / "dbt" / region / "target"


def render_national_documents(params: ConnectionParams, on: date | None = None) -> dict[str, Any]:
    from informatiebeeld.documents.render import render_national

    with connect(params, autocommit=True) as conn:
        return render_national(conn, on=on).counts()


def run_region(
    params: ConnectionParams, region: str, run_date: date, run_id: str, documents: bool = False
) -> dict[str, Any]:
    """All steps for one region, outside Airflow, under the region's lock for the whole run; with
    ``documents``, also the DAG's documents group (documents and dbt docs) after a night that published."""
    prepare(params, region)
    seconds: dict[str, float] = {}  # wall time per step, returned with the summary (benchmarks read it)

    def step(name: str, action: Callable[[], object]) -> None:
        started = time.perf_counter()
        action()
        seconds[name] = round(time.perf_counter() - started, 1)

    def ingest_all() -> None:
        for partner in partners():
            ingest_partner(params, region, partner, run_date, run_id)

    with connect(params, autocommit=True) as lock_conn:
        locks.acquire_region_lock(lock_conn, region, run_id, f"{NIGHT_PURPOSE} (command line)")
        try:
            step("ingest", ingest_all)
            step("dbt_build", lambda: run_dbt(params, ["build", *NIGHTLY_BUILD_FLAGS], region, run_date))
            step("candidate", lambda: build_candidate(params, region, run_id, run_date))
            step("gate", lambda: validate(params, region, run_id))
            step("publish", lambda: publish_region(params, region, run_id))
        finally:
            summary = summarise_run(params, region, run_id, run_date)
            summary["step_seconds"] = seconds
    if documents and summary["succeeded"]:
        summary["documents"] = render_documents(params, region)
        generate_dbt_docs(params, region, run_date)
    return summary


def summarise_run(params: ConnectionParams, region: str, run_id: str, run_date: date) -> dict[str, Any]:
    """What a night did for a region: loads, rejections, quarantine, gate, publication, stale
    partners. Always runs last, and releases the region's lock this run holds."""
    from informatiebeeld.publish.freshness import partner_freshness

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
        locks.release_region_lock(conn, region, run_id)
    return summary
