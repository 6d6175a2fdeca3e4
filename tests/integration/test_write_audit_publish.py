"""Write-audit-publish is bound to what was audited, under the region's lock for the whole night.

Each test drives the nightly steps one by one (as the DAG's tasks do) on a region that has published
once, and changes data between the steps the way another process could.
"""

from __future__ import annotations

import shutil
from datetime import date

import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.governance import retention
from informatiebeeld.orchestration import nightly
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld.publish.gate import GateFailed
from informatiebeeld.publish.publication import NotAudited
from informatiebeeld.warehouse import locks
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE, drop_project_schemas

pytestmark = pytest.mark.integration
REGION = "oost_brabant"


@pytest.fixture(scope="module")
def published_region(warehouse_params):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", warehouse_params.conninfo())
        patch.setenv(env_var_name(REGION), "wap-test-key-" + "w" * 40)
        drop_project_schemas(warehouse_params.conninfo())
        shutil.rmtree(landing_dir(), ignore_errors=True)
        demo.generate(landing_dir(), RUN_DATE, [REGION], scale=0.1, seed=31)
        assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 0
        yield warehouse_params


def _published(conn: psycopg.Connection) -> dict[str, str]:
    """md5 of every published table's rows, per table."""
    tables = conn.execute(
        "select table_name from information_schema.tables where table_schema = %s order by table_name",
        (f"{REGION}_published",),
    ).fetchall()
    return {
        table: conn.execute(
            f"select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from {REGION}_published.{table} t"
        ).fetchone()[0]
        for (table,) in tables
    }


def _write_and_audit(params, run_id: str) -> None:  # type: ignore[no-untyped-def]
    nightly.begin_night(params, REGION, run_id)
    nightly.build_candidate(params, REGION, run_id, RUN_DATE)
    nightly.validate(params, REGION, run_id)


def test_a_mart_changed_after_the_gate_is_not_published(published_region) -> None:  # type: ignore[no-untyped-def]
    params, run_id = published_region, "wap-mart-changed"
    _write_and_audit(params, run_id)
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        audited = conn.execute(f"select count(*) from {REGION}_candidate.gemeente_overzicht").fetchone()[0]
        conn.execute(f"update {REGION}_marts.gemeente_overzicht set gemeente_naam = 'na de gate gewijzigd'")
        nightly.publish_region(params, REGION, run_id)
        nightly.summarise_run(params, REGION, run_id, RUN_DATE)
        names = conn.execute(f"select distinct gemeente_naam from {REGION}_published.gemeente_overzicht").fetchall()
        published_rows = conn.execute(f"select count(*) from {REGION}_published.gemeente_overzicht").fetchone()[0]
        conn.execute(
            f"update {REGION}_marts.gemeente_overzicht as m set gemeente_naam = p.gemeente_naam "
            f"from {REGION}_published.gemeente_overzicht as p where p.gemeente_code = m.gemeente_code"
        )
    assert ("na de gate gewijzigd",) not in names and len(names) > 1
    assert published_rows == audited


def test_a_candidate_changed_after_the_gate_is_refused(published_region) -> None:  # type: ignore[no-untyped-def]
    params, run_id = published_region, "wap-candidate-changed"
    _write_and_audit(params, run_id)
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        before = _published(conn)
        conn.execute(
            f"update {REGION}_candidate.thema_informatiebeeld set thema_naam = 'na de gate gewijzigd' "
            f"where thema_code = (select min(thema_code) from {REGION}_candidate.thema_informatiebeeld)"
        )
        with pytest.raises(NotAudited, match="changed after the gate passed"):
            nightly.publish_region(params, REGION, run_id)
        after = _published(conn)
    nightly.summarise_run(params, REGION, run_id, RUN_DATE)
    assert after == before


def test_a_candidate_changed_during_the_gate_or_never_audited_is_refused(published_region) -> None:  # type: ignore[no-untyped-def]
    params = published_region
    nightly.begin_night(params, REGION, "wap-not-audited")
    nightly.build_candidate(params, REGION, "wap-not-audited", RUN_DATE)
    with pytest.raises(NotAudited, match="has not run"):
        nightly.publish_region(params, REGION, "wap-not-audited")
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        # The candidate changed between its build and the gate: the gate fails, nothing publishes.
        conn.execute(f"delete from {REGION}_candidate.thema_dekking where jaar = (select min(jaar) from "
                     f"{REGION}_candidate.thema_dekking)")  # fmt: skip
        before = _published(conn)
        with pytest.raises(GateFailed, match="candidate_as_built"):
            nightly.validate(params, REGION, "wap-not-audited")
        with pytest.raises(NotAudited, match="gate failed"):
            nightly.publish_region(params, REGION, "wap-not-audited")
        assert _published(conn) == before
    nightly.summarise_run(params, REGION, "wap-not-audited", RUN_DATE)


def test_the_region_lock_spans_the_night_and_keeps_others_out(published_region, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    params, run_id = published_region, "scheduled__wap-lock"
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", params.conninfo())
    nightly.begin_night(params, REGION, run_id)
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        # While the night runs (between its tasks, in no process at all), nobody else gets in.
        assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 4
        monkeypatch.setenv(f"{env_var_name(REGION)}_NEXT", "wap-next-key-" + "n" * 40)
        monkeypatch.setenv(f"{env_var_name(REGION)}_NEXT_VERSION", "2")
        assert main(["rotate-key", "--region", REGION]) == 4
        with pytest.raises(locks.ConcurrentRunError, match="locked by the nightly run"):
            retention.purge_region(conn, REGION, date(2099, 1, 1))
        with pytest.raises(locks.ConcurrentRunError):
            nightly.begin_night(params, REGION, "scheduled__another-night")
        nightly.build_candidate(params, REGION, run_id, RUN_DATE)
        nightly.validate(params, REGION, run_id)
        # A run that does not hold the lock cannot publish, not even this run's audited candidate.
        conn.execute("update meta.region_locks set holder = 'someone else' where region = %s", (REGION,))
        with pytest.raises(locks.ConcurrentRunError):
            nightly.publish_region(params, REGION, run_id)
        conn.execute("update meta.region_locks set holder = %s where region = %s", (run_id, REGION))
        published = nightly.publish_region(params, REGION, run_id)
        summary = nightly.summarise_run(params, REGION, run_id, RUN_DATE)
        held = conn.execute("select count(*) from meta.region_locks where region = %s", (REGION,)).fetchone()[0]
    assert published["published"] and summary["succeeded"]
    assert held == 0, "the summary releases the lock"
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        assert retention.purge_region(conn, REGION, RUN_DATE) == [], "free again once the night ended"
