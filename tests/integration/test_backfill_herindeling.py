"""A backfill across a gemeentelijke herindeling: Brielle, Hellevoetsluis and Westvoorne became
Voorne aan Zee on 1 January 2023. Each night publishes the gemeenten of its own date."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld_demo import generator as demo

pytestmark = pytest.mark.integration

REGION = "rotterdam"
BEFORE, AFTER = date(2022, 12, 26), date(2023, 1, 2)
MERGED, VOORNE_AAN_ZEE = {"GM0501", "GM0530", "GM0614"}, "GM1992"


def _published(conn: psycopg.Connection) -> set[str]:
    return {r[0] for r in conn.execute(f"select gemeente_code from {REGION}_published.gemeente_overzicht")}


def test_each_night_publishes_the_gemeenten_of_its_date(clean_warehouse, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    monkeypatch.setenv(env_var_name(REGION), "herindeling-test-key-" + "h" * 40)
    demo.generate(landing_dir(), BEFORE, [REGION], scale=0.1, seed=5)
    delivered = "".join(p.read_text(encoding="windows-1252", errors="replace") for p in landing_dir().rglob("*.csv"))
    assert any(code in delivered for code in MERGED) and VOORNE_AAN_ZEE not in delivered, "records of their time"

    assert main(["backfill", "--region", REGION, "--from", BEFORE.isoformat(), "--to", BEFORE.isoformat()]) == 0
    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        before = _published(conn)
    assert before >= MERGED and VOORNE_AAN_ZEE not in before, "the gemeenten of 26 December 2022"

    # No new politie delivery: its 2022 records, delivered under the old codes, stay the latest ones.
    others = [partner for partner in load_contracts() if partner != "politie"]
    demo.generate(landing_dir(), AFTER, [REGION], scale=0.1, seed=6, partners=others)
    assert main(["backfill", "--region", REGION, "--from", AFTER.isoformat(), "--to", AFTER.isoformat()]) == 0
    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        after = _published(conn)
        # The incidents delivered under the old codes now count for Voorne aan Zee.
        staged = conn.execute(
            f"select gemeente_code, count(*) from {REGION}_staging.stg_politie__incidenten "
            "where gemeente_code_geleverd = any(%s) group by 1",
            (sorted(MERGED),),
        ).fetchall()
        nights = conn.execute(
            "select run_date, succeeded from meta.run_summaries where region = %s order by 1", (REGION,)
        ).fetchall()
    assert VOORNE_AAN_ZEE in after and not MERGED & after, "the gemeenten of 2 January 2023"
    assert after == (before - MERGED) | {VOORNE_AAN_ZEE}
    assert [code for code, _ in staged] == [VOORNE_AAN_ZEE] and staged[0][1] > 0
    assert nights == [(BEFORE, True), (AFTER, True)]

    # Going back to the older night would replace the newer picture: refused unless asked for.
    capsys.readouterr()
    assert main(["backfill", "--region", REGION, "--from", BEFORE.isoformat(), "--to", BEFORE.isoformat()]) == 2
    assert f"publishes the night of {AFTER}" in capsys.readouterr().err
