"""Crashes, reruns and concurrency with real processes against the real warehouse.

Kills the loader during COPY and a run during dbt, starts a run with the warehouse unreachable,
reruns a night, and runs two regions side by side: the result is always exact and nothing is
half-published or loaded twice.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.config import reference
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.orchestration.notify import task_failure_callback
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld.warehouse import ledger, locks
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE

pytestmark = pytest.mark.integration
REGION = "limburg"
CLI = str(Path(sys.executable).parent / "informatiebeeld")


@pytest.fixture()
def cli_env(clean_warehouse, monkeypatch):  # type: ignore[no-untyped-def]
    """The warehouse and keys handed over as a CLI user would: environment variables."""
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    for region in (REGION, "zeeland_west_brabant", "noord_nederland"):
        monkeypatch.setenv(env_var_name(region), f"fault-test-key-{region}-" + "f" * 32)
    return clean_warehouse


def _published_checksums(conninfo: str, region: str) -> dict[str, str]:
    with psycopg.connect(conninfo) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "select table_name from information_schema.tables where table_schema = %s order by table_name",
                (f"{region}_published",),
            )
        ]
        return {
            table: conn.execute(
                f"select md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) "
                f'from "{region}_published"."{table}" as t'
            ).fetchone()[0]
            for table in tables
        }


def _wait_for(condition: Callable[[], bool], timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        time.sleep(0.05)


def _activity(conninfo: str, where: str) -> bool:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        return bool(conn.execute(f"select count(*) from pg_stat_activity where {where}").fetchone()[0])


def _kill(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_rerun_is_identical_and_a_run_killed_in_dbt_publishes_nothing(cli_env) -> None:  # type: ignore[no-untyped-def]
    conninfo = cli_env.conninfo()
    demo.generate(landing_dir(), RUN_DATE, [REGION], scale=0.2, seed=11)
    assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 0
    first = _published_checksums(conninfo, REGION)
    assert {"gemeente_informatiebeeld", "gemeente_overzicht", "partner_actualiteit"} <= set(first)

    # Kill a rerun while dbt is working: analysts keep exactly the first version.
    process = subprocess.Popen(
        [CLI, "run", "--region", REGION, "--date", RUN_DATE.isoformat()],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _wait_for(lambda: _activity(conninfo, "application_name like 'dbt%' and state = 'active'"))
    _kill(process)
    assert _published_checksums(conninfo, REGION) == first

    # The next run recovers and gives the identical result, loading nothing twice.
    assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 0
    assert _published_checksums(conninfo, REGION) == first
    with psycopg.connect(conninfo) as conn:
        loaded_twice = conn.execute(
            "select sha256 from meta.load_ledger where status = 'loaded' group by region, sha256 having count(*) > 1"
        ).fetchall()
        statuses = {r[0] for r in conn.execute("select status from meta.load_ledger where region = %s", (REGION,))}
    assert loaded_twice == []
    assert statuses == {"loaded", "duplicate"}


def test_load_killed_during_copy_leaves_nothing_and_the_retry_loads_exactly_once(cli_env) -> None:  # type: ignore[no-untyped-def]
    conninfo = cli_env.conninfo()
    # Large enough that the COPY is still running when it is killed; only the partner under test.
    paths = demo.generate(landing_dir(), RUN_DATE, [REGION], scale=60, seed=12, partners=["kvk"])
    kvk_file = next(p for p in paths if p.name == "handelsregister_mutaties.csv")
    expected_rows = sum(1 for _ in kvk_file.open(encoding="utf-8")) - 1
    script = (
        "import datetime, psycopg; from informatiebeeld.warehouse import ledger; "
        "from informatiebeeld.ingest.partner import ingest_partner; "
        "from informatiebeeld.orchestration.connections import pseudonym_key; "
        f"c = psycopg.connect({conninfo!r}, autocommit=True); ledger.ensure_meta(c); "
        f"ingest_partner(c, {REGION!r}, 'kvk', datetime.date.fromisoformat({RUN_DATE.isoformat()!r}), "
        f"pseudonym_key({REGION!r}), 'killed')"
    )
    process = subprocess.Popen([sys.executable, "-c", script], env=os.environ.copy(), start_new_session=True)
    _wait_for(lambda: _activity(conninfo, "query ilike 'copy %' and state = 'active'"))
    _kill(process)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        left = conn.execute("select status from meta.load_ledger where run_id = 'killed'").fetchall()
        table = conn.execute("select to_regclass('raw_limburg.kvk__handelsregister_mutaties')").fetchone()[0]
        rows_after_kill = conn.execute(f"select count(*) from {table}").fetchone()[0] if table else 0
    assert left == [("loading",)]
    assert rows_after_kill == 0, "a killed COPY leaves no partial file behind"

    # The retry of that load (what Airflow does with the failed task) in a process of its own.
    retry = subprocess.run([sys.executable, "-c", script.replace("'killed'", "'retry'")], env=os.environ.copy())
    assert retry.returncode == 0
    with psycopg.connect(conninfo) as conn:
        history = conn.execute(
            "select status, rows_loaded from meta.load_ledger where partner = 'kvk' order by delivery_id"
        ).fetchall()
        rows = conn.execute("select count(*) from raw_limburg.kvk__handelsregister_mutaties").fetchone()[0]
    assert history == [("interrupted", None), ("loaded", expected_rows)]
    assert rows == expected_rows


def test_unreachable_warehouse_fails_clearly_and_the_next_run_recovers_with_stale_partners_marked(  # type: ignore[no-untyped-def]
    cli_env, monkeypatch, capsys
) -> None:
    """The recovering night is also the one whose RIEC deliveries are 30 days old (one night, two checks):
    it publishes, and the published beeld marks them stale by each extract's own cadence."""
    demo.generate(landing_dir(), RUN_DATE, [REGION], scale=0.1, seed=15)
    riec = landing_dir() / REGION / "riec"
    old_day = (RUN_DATE - timedelta(days=30)).isoformat()
    shutil.move(str(riec / RUN_DATE.isoformat()), str(riec / old_day))
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", "postgresql://postgres:not-the-password@127.0.0.1:9/x")
    assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 3
    error = capsys.readouterr().err
    assert "cannot reach the warehouse at 127.0.0.1:9" in error and "not-the-password" not in error
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", cli_env.conninfo())
    assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 0
    with psycopg.connect(cli_env.conninfo()) as conn:
        rows = dict(
            conn.execute(
                f"select partner_code || '/' || extract, is_verouderd from {REGION}_published.partner_actualiteit"
            ).fetchall()
        )
    assert rows["riec/casusregister"] is True
    assert rows["riec/casus_subjecten"] is True, "weekly, like the casusregister"
    assert rows["riec/handhavingsknelpunten"] is False, "monthly: 30 days is not stale yet"
    assert rows["politie/incidenten"] is False
    capsys.readouterr()
    assert main(["status", "--region", REGION]) == 0
    out = capsys.readouterr().out
    assert "stale partners: riec/casus_subjecten, riec/casusregister" in out and "published" in out


def test_same_region_never_runs_twice_at_once(cli_env) -> None:  # type: ignore[no-untyped-def]
    with psycopg.connect(cli_env.conninfo(), autocommit=True) as holder:
        ledger.ensure_meta(holder)
        with locks.region_lock(holder, REGION, "scheduled__2026-11-23", "the nightly run"):
            assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 4


def test_two_regions_side_by_side_do_not_interfere(cli_env) -> None:  # type: ignore[no-untyped-def]
    regions = [REGION, "zeeland_west_brabant"]
    demo.generate(landing_dir(), RUN_DATE, regions, scale=0.2, seed=14)
    processes = [
        subprocess.Popen([CLI, "run", "--region", r, "--date", RUN_DATE.isoformat()], env=os.environ.copy(),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for r in regions
    ]  # fmt: skip
    for process in processes:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr.decode()[-2000:]
    with psycopg.connect(cli_env.conninfo()) as conn:
        for region in regions:
            codes = {r[0] for r in conn.execute(f"select gemeente_code from {region}_published.gemeente_overzicht")}
            assert codes == set(reference.gemeenten_of_region(region))
            own_codes = [c for c in reference.known_gemeente_codes() if reference.region_of_gemeente(c) == region]
            foreign = conn.execute(
                f"select count(*) from raw_{region}.politie__incidenten where gemeente_code <> all(%s)", (own_codes,)
            ).fetchone()[0]
            assert foreign == 0


def test_failure_notifier_posts_to_the_configured_webhook(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    received: list[dict[str, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    monkeypatch.setenv("INFORMATIEBEELD_NOTIFY_WEBHOOK_URL", f"http://127.0.0.1:{server.server_port}/hook")

    class TaskInstance:
        dag_id, task_id, try_number = "informatiebeeld_limburg", "validate.publication_gate", 1

    task_failure_callback({"ti": TaskInstance(), "run_id": "night-1", "exception": RuntimeError("gate failed")})
    thread.join(timeout=10)
    server.server_close()
    assert received and received[0]["task_id"] == "validate.publication_gate"
    assert "gate failed" in received[0]["error"]


def test_meta_ddl_and_grants_from_many_processes_at_once_do_not_collide(clean_warehouse) -> None:  # type: ignore[no-untyped-def]
    """Two nights starting together: one replaces meta's views while the other grants on them."""
    from informatiebeeld.warehouse import roles

    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        ledger.ensure_meta(conn)
    failures: list[str] = []

    def repeat(step: Callable[[psycopg.Connection], None]) -> None:
        for _ in range(15):
            try:
                with psycopg.connect(clean_warehouse.conninfo()) as conn, conn.transaction():
                    step(conn)
            except psycopg.Error as error:
                failures.append(f"{type(error).__name__}: {error}")

    steps: list[Callable[[psycopg.Connection], None]] = [
        ledger.ensure_meta,
        ledger.ensure_meta,
        lambda conn: roles.apply_region_grants(conn, REGION),
        lambda conn: roles.apply_region_grants(conn, "zeeland_west_brabant"),
    ]
    threads = [threading.Thread(target=repeat, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
