"""The incremental models give the same table as a full refresh.

Two nights against the tests' warehouse for Noord-Holland: the first on 31 December 2021, the day
before Heerhugowaard and Langedijk merged into Dijk en Waard, the second after a new delivery and on
the run date, incremental. A full refresh on
the same data and peildatum must then give exactly the same rows: new records, corrections from the
later delivery and gemeente codes mapped after a herindeling all included.
"""

from __future__ import annotations

import shutil
from datetime import date
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from informatiebeeld.config.paths import landing_dir
from informatiebeeld.orchestration import nightly
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld.warehouse import locks
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE

pytestmark = pytest.mark.integration
REGION = "noord_holland"
# the day before Heerhugowaard (GM0398) and Langedijk (GM0416) became Dijk en Waard (GM1980)
FIRST_NIGHT = date(2021, 12, 31)
DIJK_EN_WAARD_OUD = {"GM0398", "GM0416"}
MODELS = {"int_politie_incidenten": "incident_nummer", "int_handelsregister_mutaties": "mutatie_nummer"}


def _rows(params: Any, model: str) -> list[dict[str, Any]]:
    with psycopg.connect(params.conninfo(), row_factory=dict_row) as conn:
        return conn.execute(f"select * from {REGION}_intermediate.{model} order by {MODELS[model]}").fetchall()


def _ingest(params: Any, up_to: date) -> None:
    run_id = f"test-incremental-{up_to}"
    for partner in nightly.partners():
        nightly.ingest_partner(params, REGION, partner, up_to, run_id)
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        locks.release_region_lock(conn, REGION, run_id)


@pytest.fixture(scope="module")
def two_nights(warehouse_params):  # type: ignore[no-untyped-def]
    with psycopg.connect(warehouse_params.conninfo(), autocommit=True) as conn:
        for (schema,) in conn.execute(
            "select nspname from pg_namespace where nspname not like 'pg\\_%' "
            "and nspname not in ('information_schema', 'public')"
        ).fetchall():
            conn.execute(f'drop schema "{schema}" cascade')
    shutil.rmtree(landing_dir(), ignore_errors=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(env_var_name(REGION), "incremental-test-key-" + "i" * 40)
        select = ["--select", *MODELS]
        upstream = [f"+{m}" for m in MODELS]
        demo.generate(landing_dir(), date(2026, 10, 1), [REGION], scale=0.5, seed=5)
        _ingest(warehouse_params, date(2026, 10, 1))
        nightly.run_dbt(warehouse_params, ["seed"], REGION, FIRST_NIGHT)
        nightly.run_dbt(warehouse_params, ["run", "--select", *upstream], REGION, FIRST_NIGHT)
        first = {m: _rows(warehouse_params, m) for m in MODELS}
        demo.generate(landing_dir(), RUN_DATE, [REGION], scale=0.5, seed=6)
        _ingest(warehouse_params, RUN_DATE)
        # as a nightly build does: the views upstream are rebuilt for the new peildatum
        nightly.run_dbt(warehouse_params, ["run", "--select", *upstream], REGION, RUN_DATE)
        incremental = {m: _rows(warehouse_params, m) for m in MODELS}
        nightly.run_dbt(warehouse_params, ["run", "--full-refresh", *select], REGION, RUN_DATE)
        full = {m: _rows(warehouse_params, m) for m in MODELS}
    return first, incremental, full


@pytest.mark.parametrize("model", sorted(MODELS))
def test_full_refresh_gives_the_same_table(two_nights, model: str) -> None:  # type: ignore[no-untyped-def]
    first, incremental, full = two_nights
    assert first[model], "the first night should load rows"
    assert len(incremental[model]) > len(first[model]), "the second delivery adds records"
    assert incremental[model] == full[model]


def test_second_night_maps_heerhugowaard_and_langedijk_to_dijk_en_waard(two_nights) -> None:  # type: ignore[no-untyped-def]
    first, incremental, _ = two_nights

    def old_codes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in rows if r["gemeente_code_geleverd"] in DIJK_EN_WAARD_OUD]

    before = [r for m in MODELS for r in old_codes(first[m])]
    after = [r for m in MODELS for r in old_codes(incremental[m])]
    assert before and after, "the demo delivers some records with the old codes"
    assert {r["gemeente_code"] for r in before} == DIJK_EN_WAARD_OUD
    # after the merger the records count under Dijk en Waard; the delivered code is kept (history)
    assert {r["gemeente_code"] for r in after} == {"GM1980"}
    assert {r["gemeente_code_geleverd"] for r in after} <= DIJK_EN_WAARD_OUD
