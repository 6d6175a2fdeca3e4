"""Splitting a joint Brabant-Zeeland delivery against the real warehouse: a split done twice is
recorded once, and a split the warehouse refuses is that file's refusal, not the end of the night."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import psycopg
import pytest

from informatiebeeld.ingest.partner import ingest_partner
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld.warehouse import ledger
from tests.conftest import TEST_STATE

pytestmark = pytest.mark.integration

OB = "oost_brabant"
NIGHT = date(2024, 12, 30)
BEELDEN = (
    "beeld_nummer;gemeente_code;opleverdatum;soort\n"
    "B-1;GM0855;2024-04-01;gemeentelijk\nB-2;GM0794;2024-08-01;thematisch\n"
)
AFPAKKEN = (
    "afpak_nummer;casus_nummer;gemeente_code;afpak_datum;afpak_soort;bedrag_eur\n"
    "A-1;;GM0772;02-11-2024;opgelegd;10,00\n"
)


def _deliver(region: str, partner: str, name: str, text: str) -> Path:
    folder = TEST_STATE / "landing" / region / partner / NIGHT.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


@pytest.fixture
def ob_key(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(env_var_name(OB), "joint-test-key-" + "j" * 40)
    from informatiebeeld.orchestration.connections import pseudonym_key

    return pseudonym_key(OB)


def _joint_rows(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        "select region, file_name, rows_data from meta.joint_deliveries order by region, file_name"
    ).fetchall()


def test_a_split_done_again_with_the_same_content_is_recorded_once(clean_warehouse, ob_key) -> None:  # type: ignore[no-untyped-def]
    joint = _deliver("brabant_zeeland", "riec", "ondermijningsbeelden.csv", BEELDEN)
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        first = ingest_partner(conn, OB, "riec", NIGHT, ob_key, "run-1")
        assert not joint.exists()
        # As if the night had stopped after recording the split but before removing the joint file.
        joint.write_text(BEELDEN, encoding="utf-8")
        second = ingest_partner(conn, OB, "riec", NIGHT, ob_key, "run-2")
        recorded = _joint_rows(conn)
    assert [r.status for r in first] == ["loaded"]
    assert [r.status for r in second] == ["duplicate"]
    assert recorded == [
        ("oost_brabant", "ondermijningsbeelden.csv", 1),
        ("zeeland_west_brabant", "ondermijningsbeelden.csv", 1),
    ]


def test_a_split_the_warehouse_refuses_is_quarantined_and_the_night_goes_on(clean_warehouse, ob_key) -> None:  # type: ignore[no-untyped-def]
    _deliver("brabant_zeeland", "riec", "ondermijningsbeelden.csv", BEELDEN)
    _deliver(OB, "belastingdienst", "afpakken.csv", AFPAKKEN)
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        # A warehouse that refuses the split's record (here a constraint no split can meet).
        conn.execute("alter table meta.joint_deliveries add constraint refuse_every_split check (rows_data < 0)")
        riec = ingest_partner(conn, OB, "riec", NIGHT, ob_key, "run-1")
        belastingdienst = ingest_partner(conn, OB, "belastingdienst", NIGHT, ob_key, "run-1")
        recorded = _joint_rows(conn)
        violations = conn.execute("select rule, message from meta.contract_violations").fetchall()
    assert [(r.status, Path(r.file).name) for r in riec] == [("quarantined", "ondermijningsbeelden.csv")]
    assert [r.status for r in belastingdienst] == ["loaded"]
    assert recorded == []
    assert [rule for rule, _ in violations] == ["warehouse_refused"]
    assert all("B-1" not in message and "GM0855" not in message for _, message in violations)
    evidence = list((TEST_STATE / "quarantine" / OB / "riec").rglob("delivered.csv"))
    assert [path.read_text(encoding="utf-8") for path in evidence] == [BEELDEN]
    # No part was placed, so neither region loads anything of the refused split later.
    assert not list((TEST_STATE / "landing").rglob("ondermijningsbeelden.csv"))
