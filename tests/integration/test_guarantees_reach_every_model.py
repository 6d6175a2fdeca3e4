"""Purge, key rotation and a corrected re-delivery reach every layer, incremental models included.

One region is run for real; then, one after the other: a delivery past its bewaartermijn is purged,
the key is rotated, a delivery is corrected by one that drops rows. After each, the next night's
dbt build must leave no purged row, no old-key pseudonym and no dropped row in raw, staging,
intermediate (the incremental tables too) or marts; after the last, the published schema neither.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import psycopg
import pytest
from psycopg import sql

from informatiebeeld.cli.main import main
from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.governance import retention
from informatiebeeld.orchestration import nightly
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld.warehouse import locks
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE, drop_project_schemas

pytestmark = pytest.mark.integration
REGION = "zeeland_west_brabant"
HEADER = "mutatie_nummer,kvk_nummer,vestigingsnummer,mutatie_soort,mutatie_datum,rechtsvorm,handelsnaam,sbi_code,straat,huisnummer,postcode,gemeente_code\n"  # noqa: E501
KEY_1, KEY_2 = "reach-key-one-" + "1" * 40, "reach-key-two-" + "2" * 40


def _mutaties(prefix: str, count: int, day: str) -> str:
    return HEADER + "".join(
        f"{prefix}{i:04d},{70000000 + i},{i:012d},inschrijving,{day},bv,Bedrijf {i},4719,Kade,{i + 1},4611 AA,GM0748\n"
        for i in range(count)
    )


def _deliver_kvk(day, text: str) -> None:  # type: ignore[no-untyped-def]
    folder = landing_dir() / REGION / "kvk" / day.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "handelsregister_mutaties.csv").write_text(text, encoding="utf-8")


def _region_text(conn: psycopg.Connection, layers: tuple[str, ...]) -> str:
    """Every row of every table and view of the region's layers, as text."""
    schemas = [f"raw_{REGION}" if layer == "raw" else f"{REGION}_{layer}" for layer in layers]
    relations = conn.execute(
        "select table_schema, table_name from information_schema.tables where table_schema = any(%s)", (schemas,)
    ).fetchall()
    assert relations, schemas
    parts = []
    for schema, table in relations:
        query = sql.SQL("select coalesce(string_agg(t::text, E'\\n'), '') from {} as t").format(
            sql.Identifier(schema, table)
        )
        parts.append(conn.execute(query).fetchone()[0])
    return "\n".join(parts)


def _night_without_publication(params, run_id: str) -> None:  # type: ignore[no-untyped-def]
    for partner in sorted(load_contracts()):
        nightly.ingest_partner(params, REGION, partner, RUN_DATE, run_id)
    nightly.run_dbt(params, ["build", *nightly.NIGHTLY_BUILD_FLAGS], REGION, RUN_DATE)
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        locks.release_region_lock(conn, REGION, run_id)


def _pseudonyms(conn: psycopg.Connection) -> set[str]:
    rows = conn.execute(
        f"select kvk_nummer_pseudoniem, vestigingsnummer_pseudoniem, adres_pseudoniem "
        f"from raw_{REGION}.kvk__handelsregister_mutaties"
    ).fetchall()
    return {value for row in rows for value in row if value}


LAYERS = ("raw", "staging", "intermediate", "marts")


def test_purge_rotation_and_redelivery_leave_nothing_behind_in_any_layer(warehouse_params, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    params = warehouse_params
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", params.conninfo())
    monkeypatch.setenv(env_var_name(REGION), KEY_1)
    drop_project_schemas(params.conninfo())
    shutil.rmtree(landing_dir(), ignore_errors=True)
    demo.generate(landing_dir(), RUN_DATE, [REGION], scale=0.1, seed=41)
    term = load_contracts()["kvk"].extract("handelsregister_mutaties").bewaartermijn_dagen
    old_day, corrected_day = RUN_DATE - timedelta(days=term + 3), RUN_DATE - timedelta(days=2)
    _deliver_kvk(old_day, _mutaties("OUD", 5, old_day.strftime("%Y%m%d")))
    _deliver_kvk(corrected_day, _mutaties("CORR", 6, corrected_day.strftime("%Y%m%d")))
    assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 0
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        before = _region_text(conn, LAYERS)
        assert "OUD0004" in before and "CORR0005" in before, "the planted rows reached the models"
        incremental = f"{REGION}_intermediate.int_handelsregister_mutaties"
        planted = conn.execute(f"select count(*) from {incremental} where mutatie_nummer like 'OUD%'").fetchone()[0]
        assert planted == 5, "the old delivery reached the incremental table"

        # 1. Purge past the bewaartermijn, then the next night.
        purged = retention.purge_region(conn, REGION, RUN_DATE)
        assert {(p.partner, p.delivery_date) for p in purged} == {("kvk", old_day)}
    _night_without_publication(params, "reach-after-purge")
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        left = [n for n in (f"OUD{i:04d}" for i in range(5)) if n in _region_text(conn, LAYERS)]
        assert left == [], f"purged rows still in a model: {left}"
        old_pseudonyms = _pseudonyms(conn)
        assert len(old_pseudonyms) > 10

    # 2. Rotate the key, then the next night with the new key.
    monkeypatch.setenv(f"{env_var_name(REGION)}_NEXT", KEY_2)
    monkeypatch.setenv(f"{env_var_name(REGION)}_NEXT_VERSION", "2")
    assert main(["rotate-key", "--region", REGION]) == 0
    monkeypatch.setenv(env_var_name(REGION), KEY_2)
    monkeypatch.setenv(f"{env_var_name(REGION)}_VERSION", "2")
    _night_without_publication(params, "reach-after-rotation")
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        text = _region_text(conn, LAYERS)
        stale = sorted(p for p in old_pseudonyms if p in text)
        assert stale == [], f"{len(stale)} old-key pseudonyms still in a model"

    # 3. A corrected re-delivery that drops rows, then the last night, published.
    _deliver_kvk(corrected_day, _mutaties("CORR", 4, corrected_day.strftime("%Y%m%d")))
    assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 0
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        text = _region_text(conn, (*LAYERS, "published"))
        assert "CORR0003" in text
        dropped = [n for n in ("CORR0004", "CORR0005") if n in text]
        assert dropped == [], f"rows the re-delivery dropped are still in a model: {dropped}"
        assert not [p for p in old_pseudonyms if p in text], "no old-key pseudonym in any layer, published included"
        assert "OUD0000" not in text
