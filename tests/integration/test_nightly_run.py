"""The whole path through a real Airflow run: generated deliveries → published marts.

Runs ``airflow dags test`` for one region against the tests' own embedded warehouse, then checks
what analysts would see and that no raw identifier reached any table.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from stdnum.nl import bsn as stdnum_bsn

from informatiebeeld.config import reference
from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.ingest.read import iter_rows
from informatiebeeld.orchestration.airflow_env import airflow_environment
from informatiebeeld.publish.gate import GateFailed, run_gate
from informatiebeeld.publish.publication import build_candidate
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE, TEST_STATE, drop_project_schemas, dump_tables

pytestmark = pytest.mark.integration
REGION = "noord_nederland"
AIRFLOW = str(Path(sys.executable).parent / "airflow")


@pytest.fixture(scope="module")
def nightly_run(warehouse_params, dbt_manifest):  # type: ignore[no-untyped-def]
    drop_project_schemas(warehouse_params.conninfo())
    landing = TEST_STATE / "landing"
    subprocess.run(["rm", "-rf", str(landing), str(TEST_STATE / "quarantine")], check=True)
    files = demo.generate(landing, RUN_DATE, [REGION], scale=0.3, seed=7)
    env = {**os.environ, **airflow_environment(warehouse_params)}
    subprocess.run([AIRFLOW, "db", "migrate"], env=env, check=True, capture_output=True)
    run = subprocess.run(
        [AIRFLOW, "dags", "test", f"informatiebeeld_{REGION}", RUN_DATE.isoformat()],
        env=env,
        capture_output=True,
        text=True,
    )
    (TEST_STATE / "nightly_run.log").write_text(run.stdout + run.stderr, encoding="utf-8")
    assert run.returncode == 0, run.stderr[-4000:]
    return warehouse_params, files, run.stdout + run.stderr


def test_every_delivery_is_loaded_and_in_the_ledger(nightly_run) -> None:  # type: ignore[no-untyped-def]
    params, files, _ = nightly_run
    with psycopg.connect(params.conninfo()) as conn:
        rows = conn.execute(
            "select file_name, status, rows_read, rows_loaded from meta.load_ledger where region = %s",
            (REGION,),
        ).fetchall()
    assert sorted(r[0] for r in rows) == sorted(f.name for f in files)
    assert all(r[1] == "loaded" and r[2] == r[3] > 0 for r in rows), rows
    with psycopg.connect(params.conninfo()) as conn:
        summaries = conn.execute(
            "select succeeded, summary -> 'files' ->> 'loaded' from meta.run_summaries where region = %s", (REGION,)
        ).fetchall()
    assert summaries == [(True, str(len(files)))], "the DAG's last task records the night"


def test_published_marts_hold_every_gemeente_of_the_region(nightly_run) -> None:  # type: ignore[no-untyped-def]
    params, _, _ = nightly_run
    expected = set(reference.gemeenten_of_region(REGION))
    with psycopg.connect(params.conninfo()) as conn:
        for mart in ("gemeente_informatiebeeld", "gemeente_overzicht"):
            codes = {r[0] for r in conn.execute(f"select distinct gemeente_code from {REGION}_published.{mart}")}
            assert codes == expected, mart
        themes = conn.execute(f"select count(distinct thema_code) from {REGION}_published.thema_informatiebeeld")
        assert themes.fetchone()[0] == len(reference.thema_codes())
        signals = conn.execute(
            f"select sum(politie_incidenten + fiscale_signalen + riec_casussen) from {REGION}_marts.gemeente_overzicht"
        ).fetchone()[0]
        unexplained = conn.execute(
            f"select count(*) from {REGION}_published.gemeente_overzicht "
            "where politie_incidenten is null and not ('politie_incidenten' = any(onderdrukt))"
        ).fetchone()[0]
        published = conn.execute("select region from meta.publications").fetchall()
    assert signals > 0
    assert unexplained == 0, "a published cell is a value or marked suppressed"
    assert (REGION,) in published


def _raw_identifiers(files: list[Path]) -> set[str]:
    """Every identifier value in the deliveries, as typed and in compact form."""
    contracts = load_contracts()
    found: set[str] = set()
    free_text = re.compile(
        r"\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3}|\b\d{9}\b|[\w.+-]+@[\w-]+\.\w+|NL\d{2}[A-Z ]{4,5}[\d ]{10,13}"
    )
    for path in files:
        partner = path.parent.parent.name
        extract = contracts[partner].extract_for_file(path.name)
        rows = iter_rows(path, extract)
        next(rows)
        for _, values in rows:
            for column, value in zip(extract.columns, values, strict=True):
                if value in (None, "") or not column.identifier:
                    continue
                text = str(value).strip()
                if column.identifier == "free_text":
                    for match in free_text.findall(text):
                        if re.fullmatch(r"\d{9}", match) and not stdnum_bsn.is_valid(match):
                            continue
                        found.add(match)
                        found.add(re.sub(r"[\s.]", "", match))
                elif column.identifier == "birth_date":
                    found.add(value.isoformat() if hasattr(value, "isoformat") else text)
                elif column.identifier not in ("address",) and len(text) >= 5:
                    found.add(text)
                    if column.identifier in ("bsn", "iban", "kenteken", "phone"):
                        found.add(re.sub(r"[\s.\-]", "", text))
    return {f for f in found if len(f) >= 6}


def test_no_raw_identifier_reaches_any_table(nightly_run) -> None:  # type: ignore[no-untyped-def]
    params, files, _ = nightly_run
    needles = _raw_identifiers(files)
    assert len(needles) > 100, "the generated deliveries should be full of identifiers"
    table_count, text = dump_tables(params.conninfo(), exclude_schemas=("meta",))
    assert table_count > 10
    leaked = sorted(n for n in needles if n in text)
    assert leaked == [], leaked[:10]


def test_failing_gate_stops_publication_and_keeps_the_last_good_version(nightly_run) -> None:  # type: ignore[no-untyped-def]
    params, _, _ = nightly_run
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        before = conn.execute(
            f"select count(*), max(gemeente_naam) from {REGION}_published.gemeente_overzicht"
        ).fetchone()
        conn.execute(
            f"update {REGION}_marts.gemeente_overzicht set gemeente_naam = 'contact 06-12345678' "
            f"where gemeente_code = (select min(gemeente_code) from {REGION}_marts.gemeente_overzicht)"
        )
        try:
            build_candidate(params, REGION, "test-tampered", RUN_DATE)
            with pytest.raises(GateFailed) as failure:
                run_gate(params, REGION, "test-tampered")
            after = conn.execute(
                f"select count(*), max(gemeente_naam) from {REGION}_published.gemeente_overzicht"
            ).fetchone()
            recorded = conn.execute(
                "select bool_and(success) from meta.gate_results where run_id = 'test-tampered'"
            ).fetchone()[0]
        finally:
            conn.execute(f"drop table {REGION}_marts.gemeente_overzicht")
            conn.execute(
                f"create table {REGION}_marts.gemeente_overzicht as select * from {REGION}_published.gemeente_overzicht"
            )
    assert "gemeente_naam" in str(failure.value)
    assert after == before
    assert recorded is False


def test_deliveries_honour_their_contract_formats(nightly_run) -> None:  # type: ignore[no-untyped-def]
    _, files, _ = nightly_run
    by_name = {f.name: f for f in files}
    with by_name["afpakken.csv"].open(encoding="windows-1252", newline="") as handle:
        header = next(csv.reader(handle, delimiter=";"))
    assert header[0] == "afpak_nummer"
    assert "bibob_dossiers.xlsx" in by_name
