"""A backfill across the 2025 split of the Taskforce-RIEC Brabant-Zeeland, from the command line.

The register for 2024 is delivered once for the Taskforce (one file for both of today's regions); from
2025 each region delivers its own. The expected Tabel 1 cells are counted by hand from the rows below.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.config import reference
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.privacy.keys import env_var_name

pytestmark = pytest.mark.integration

ZWB, OB = "zeeland_west_brabant", "oost_brabant"
LAST_TASKFORCE_NIGHT, FIRST_OWN_NIGHT = date(2024, 12, 30), date(2025, 1, 6)
CASUSREGISTER_HEADER = (
    "casus_nummer;casus_naam;startdatum;einddatum;gemeente_code;herkomst;handhavingsknelpunt_code;themas;"
    "ingebracht_door;adviezen_bestuurlijk;adviezen_bibob;adviezen_strafrechtelijk;adviezen_fiscaal;adviezen_overig\n"
)
# The Taskforce's register at the end of 2024: three casussen in today's Zeeland-West-Brabant (one in
# Haaren, a gemeente that merged into Oisterwijk in 2021, under its old code), two in Oost-Brabant.
TASKFORCE_REGISTER = (
    "BZ-1;;2024-03-01;2024-06-30;GM0855;signaal_partner;;drugs;gemeente|politie;1;0;0;0;0\n"  # Tilburg
    "BZ-2;;2024-05-01;2024-11-30;GM0758;ondermijningsbeeld;;witwassen;om;0;1;0;0;0\n"  # Breda
    "BZ-3;;2024-02-01;2024-10-01;GM0796;signaal_partner;;drugs;politie;0;0;1;0;0\n"  # 's-Hertogenbosch
    "BZ-4;;2024-09-01;2024-12-01;GM0772;signaal_partner;;mensenhandel;gemeente;0;0;0;1;0\n"  # Eindhoven
    "BZ-5;;2024-07-01;2024-12-15;GM0788;signaal_partner;;drugs|witwassen;politie;0;0;0;0;1\n"  # Haaren
)
TASKFORCE_BEELDEN = "B-1;GM0855;2024-04-01;gemeentelijk\nB-2;GM0794;2024-08-01;thematisch\n"
OWN_REGISTERS = {
    ZWB: "Z-1;;2025-01-02;;GM1674;signaal_partner;;drugs;politie;0;0;0;0;0\n",  # Roosendaal
    OB: "O-1;;2025-01-03;;GM0794;signaal_partner;;witwassen;om;0;0;0;0;0\n"  # Helmond
    "O-2;;2025-01-03;;GM0772;signaal_partner;;drugs;gemeente;0;0;0;0;0\n",
}


def _deliver(region: str, day: date, name: str, text: str) -> Path:
    folder = landing_dir() / region / "riec" / day.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def _cells(conn: psycopg.Connection, schema: str, year: int) -> dict[tuple[str, str], tuple[object, str]]:
    rows = conn.execute(
        f"select riec_regio_code, rij_code, waarde, status, rapportage_regio_code from {schema}.jaarverslag_tabel1 "
        "where jaar = %s",
        (year,),
    ).fetchall()
    return {(region, rij): (waarde, status, reported) for region, rij, waarde, status, reported in rows}


def test_one_taskforce_delivery_for_2024_then_each_region_its_own(clean_warehouse, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    for region in (ZWB, OB):
        monkeypatch.setenv(env_var_name(region), f"split-test-key-{region}-" + "s" * 40)
    joint_register = _deliver("brabant_zeeland", LAST_TASKFORCE_NIGHT, "casusregister.csv",
                              CASUSREGISTER_HEADER + TASKFORCE_REGISTER)  # fmt: skip
    _deliver("brabant_zeeland", LAST_TASKFORCE_NIGHT, "ondermijningsbeelden.csv",
             "beeld_nummer;gemeente_code;opleverdatum;soort\n" + TASKFORCE_BEELDEN)  # fmt: skip
    # A subject list says nothing about gemeenten: it cannot be split and is refused, with what to do.
    _deliver("brabant_zeeland", LAST_TASKFORCE_NIGHT, "casus_subjecten.csv",
             "casus_nummer;subject_volgnummer;subject_soort;bsn;kvk_nummer;rol;toegevoegd_op\n")  # fmt: skip
    # A Taskforce file dated after the Taskforce ended is refused, not split.
    late = _deliver("brabant_zeeland", FIRST_OWN_NIGHT, "casusregister.csv", CASUSREGISTER_HEADER + TASKFORCE_REGISTER)
    for region, register in OWN_REGISTERS.items():
        _deliver(region, FIRST_OWN_NIGHT, "casusregister.csv", CASUSREGISTER_HEADER + register)

    for region in (ZWB, OB):
        assert main(["backfill", "--region", region, "--from", LAST_TASKFORCE_NIGHT.isoformat(),
                     "--to", FIRST_OWN_NIGHT.isoformat(), "--every", "7"]) == 0  # fmt: skip
    assert main(["national", "--date", FIRST_OWN_NIGHT.isoformat()]) == 0
    assert not joint_register.exists() and not late.exists()

    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        split = conn.execute(
            "select region, file_name, rows_data from meta.joint_deliveries order by file_name, region"
        ).fetchall()
        refused = conn.execute(
            "select ledger.region, ledger.delivery_date, violation.rule from meta.contract_violations as violation "
            "join meta.load_ledger as ledger using (delivery_id) order by 1, 2, 3"
        ).fetchall()
        raw = {
            region: sorted(r[0] for r in conn.execute(f"select casus_nummer from raw_{region}.riec__casusregister"))
            for region in (ZWB, OB)
        }
        national_2024 = _cells(conn, "liec_published", 2024)
        national_2025 = _cells(conn, "liec_published", 2025)
        nights = conn.execute("select region, run_date, succeeded from meta.run_summaries order by 1, 2").fetchall()
    assert split == [
        ("oost_brabant", "casusregister.csv", 2), ("zeeland_west_brabant", "casusregister.csv", 3),
        ("oost_brabant", "ondermijningsbeelden.csv", 1), ("zeeland_west_brabant", "ondermijningsbeelden.csv", 1),
    ]  # fmt: skip
    # The first region to reach a refused joint file quarantines it as its own delivery.
    assert refused == [
        (OB, LAST_TASKFORCE_NIGHT, "joint_delivery_needs_gemeente"),
        (OB, FIRST_OWN_NIGHT, "joint_form_ended"),
    ] or refused == [
        (ZWB, LAST_TASKFORCE_NIGHT, "joint_delivery_needs_gemeente"),
        (ZWB, FIRST_OWN_NIGHT, "joint_form_ended"),
    ]
    assert raw == {ZWB: ["BZ-1", "BZ-2", "BZ-5", "Z-1"], OB: ["BZ-3", "BZ-4", "O-1", "O-2"]}
    assert nights == [(OB, LAST_TASKFORCE_NIGHT, True), (OB, FIRST_OWN_NIGHT, True),
                      (ZWB, LAST_TASKFORCE_NIGHT, True), (ZWB, FIRST_OWN_NIGHT, True)]  # fmt: skip

    # 2024, by hand: the Taskforce column is the sum of its two parts, each reported as brabant_zeeland.
    def taskforce(rij: str) -> int:
        parts = [national_2024[(region, rij)] for region in (ZWB, OB)]
        assert {reported for _, _, reported in parts} == {"brabant_zeeland"}
        assert {status for _, status, _ in parts} == {"waarde"}
        return sum(int(value) for value, _, _ in parts)  # type: ignore[call-overload]

    assert taskforce("casussen_behandeld") == 5
    assert taskforce("casussen_uit_ondermijningsbeelden") == 1  # BZ-2
    assert taskforce("ondermijningsbeelden_opgeleverd") == 2
    assert taskforce("ingebracht_politie") == 3  # BZ-1, BZ-3, BZ-5
    assert taskforce("ingebracht_gemeenten") == 2  # BZ-1, BZ-4
    assert taskforce("ingebracht_om") == 1  # BZ-2
    assert taskforce("thema_drugs") == 3  # BZ-1, BZ-3, BZ-5
    assert taskforce("thema_witwassen") == 2  # BZ-2, BZ-5
    assert national_2024[(ZWB, "casussen_behandeld")][0] == 3 and national_2024[(OB, "casussen_behandeld")][0] == 2
    # 2025: two RIECs, each its own column; the Taskforce's casussen all ended in 2024.
    assert national_2025[(ZWB, "casussen_behandeld")] == (1, "waarde", ZWB)
    assert national_2025[(OB, "casussen_behandeld")] == (2, "waarde", OB)
    assert national_2025[(OB, "thema_drugs")] == (1, "waarde", OB)
    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        gemeenten = {
            region: {r[0] for r in conn.execute(f"select gemeente_code from {region}_published.gemeente_overzicht")}
            for region in (ZWB, OB)
        }
    assert gemeenten == {region: set(reference.gemeenten_of_region(region, FIRST_OWN_NIGHT)) for region in (ZWB, OB)}

    # The export for 2024 follows from the command line alone: one Taskforce column, as the report has it.
    assert main(["export-jaarverslag", "--year", "2024", "--out", str(tmp_path)]) == 0
    with (tmp_path / "jaarverslag_2024_tabel1.csv").open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    assert table[1] == ["", "Taskforce-RIEC Brabant-Zeeland", "Landelijk totaal"]
    rows = {row[0]: row[1:] for row in table[2:] if row}
    assert rows["Aantal behandelde casussen"] == ["5 [1]", "5"]
    assert rows["Aantal opgeleverde ondermijningsbeelden"] == ["2 [1]", "2"]
