"""Ingest against the real (embedded) warehouse: load, ledger, duplicates, quarantine."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from informatiebeeld.ingest.partner import ingest_partner
from informatiebeeld.warehouse import ledger
from tests.conftest import RUN_DATE, TEST_STATE

pytestmark = pytest.mark.integration

HEADER = "afpak_nummer;casus_nummer;gemeente_code;afpak_datum;afpak_soort;bedrag_eur\n"


def _deliver(partner: str, name: str, text: str, encoding: str = "windows-1252", day: str = "2026-11-20") -> Path:
    folder = TEST_STATE / "landing" / "noord_nederland" / partner / day
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def _ledger(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        "select file_name, status, rows_read, rows_loaded, rows_rejected from meta.load_ledger order by delivery_id"
    ).fetchall()


def test_good_file_loads_once_and_is_in_the_ledger(clean_warehouse, region_key) -> None:
    _deliver(
        "belastingdienst",
        "afpakken.csv",
        HEADER + "A-1;;GM0014;03-02-2026;opgelegd;12.345,67\nA-2;C-9;GM0014;04-02-2026;beslag;10,5\n",
    )
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        first = ingest_partner(conn, "noord_nederland", "belastingdienst", RUN_DATE, region_key, "run-1")
        second = ingest_partner(conn, "noord_nederland", "belastingdienst", RUN_DATE, region_key, "run-2")
        rows = conn.execute(
            "select afpak_nummer, bedrag_eur::text, _source_row from raw_noord_nederland.belastingdienst__afpakken "
            "order by afpak_nummer"
        ).fetchall()
        entries = _ledger(conn)
    assert [r.status for r in first] == ["loaded"]
    assert [r.status for r in second] == ["duplicate"]
    assert rows == [("A-1", "12345.67", 2), ("A-2", "10.5", 3)]
    assert entries == [("afpakken.csv", "loaded", 2, 2, 0), ("afpakken.csv", "duplicate", 0, 0, 0)]


def test_broken_file_is_quarantined_with_a_report_and_nothing_of_it_lands(clean_warehouse, region_key) -> None:
    good = _deliver("belastingdienst", "afpakken.csv", HEADER + "A-1;;GM0014;03-02-2026;opgelegd;1,00\n")
    broken = _deliver(
        "belastingdienst",
        "afpakken.csv",
        HEADER + "A-7;;GM0014;03-02-2026;opgelegd;1,00\nA-8;;GM0014;31-02-2026;geind_verrekend;-3,00\n",
        day="2026-11-21",
    )
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        results = ingest_partner(conn, "noord_nederland", "belastingdienst", RUN_DATE, region_key, "run-1")
        loaded = conn.execute("select afpak_nummer from raw_noord_nederland.belastingdienst__afpakken").fetchall()
        violations = conn.execute(
            "select row_number, column_name, rule from meta.contract_violations order by column_name"
        ).fetchall()
    assert [r.status for r in results] == ["loaded", "quarantined"]
    assert loaded == [("A-1",)], "the good delivery stays, nothing of the broken one lands"
    assert violations == [(3, "afpak_datum", "date_format"), (3, "bedrag_eur", "minimum")]
    assert good.exists() and not broken.exists()
    report = Path(results[1].report_path).read_text(encoding="utf-8")
    assert str(broken) in report
    assert "row 3, column afpak_datum: rule date_format" in report
    assert "row 3, column bedrag_eur: rule minimum" in report
    assert json.loads(Path(results[1].report_path).with_suffix(".json").read_text())


def test_wrong_encoding_is_reported_not_crashing(clean_warehouse, region_key) -> None:
    _deliver(
        "politie",
        "incidenten.csv",
        "incident_nummer;registratie_datum;gemeente_code;thema_code;incident_soort;pleegplaats_postcode;"
        "omschrijving\nI-1;2026-01-02;GM0014;drugs;handel;9711 AA;caf\xe9 gesloten\n",
        encoding="latin-1",
    )
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        results = ingest_partner(conn, "noord_nederland", "politie", RUN_DATE, region_key, "run-1")
    assert results[0].status == "quarantined"
    assert results[0].violations[0].rule == "encoding"


def test_raw_identifiers_never_land(clean_warehouse, region_key) -> None:
    header = (
        "incident_nummer;betrokkene_volgnummer;rol;bsn;achternaam;voornamen;geboortedatum;telefoonnummer;kenteken\n"
    )
    _deliver(
        "politie",
        "betrokkenen.csv",
        header + "I-1;1;verdachte;111222333;Jansen;Piet;1980-05-17;06-12345678;12-ABC-3\n",
        encoding="utf-8",
    )
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        ingest_partner(conn, "noord_nederland", "politie", RUN_DATE, region_key, "run-1")
        row = conn.execute("select * from raw_noord_nederland.politie__betrokkenen").fetchone()
    flat = " ".join(str(v) for v in row)
    for raw in ("111222333", "Jansen", "Piet", "1980-05-17", "0612345678", "12-ABC-3"):
        assert raw not in flat
    assert 1980 in row


CASUSREGISTER_HEADER = (
    "casus_nummer;casus_naam;startdatum;einddatum;gemeente_code;herkomst;handhavingsknelpunt_code;themas;"
    "ingebracht_door;adviezen_bestuurlijk;adviezen_bibob;adviezen_strafrechtelijk;adviezen_fiscaal;adviezen_overig\n"
)


def test_a_casus_without_inbrenger_or_thema_loads_and_a_separator_only_list_does_not(
    clean_warehouse, region_key
) -> None:  # type: ignore[no-untyped-def]
    """Real registers hold casussen without a registered inbrenger or thema: they load (as NULL), the
    rest of the register with them. A list of separators only is no list: that row is refused."""
    _deliver(
        "riec",
        "casusregister.csv",
        CASUSREGISTER_HEADER
        + "C-1;;2026-01-05;;GM0014;signaal_partner;;drugs|witwassen;politie|gemeente;1;0;0;0;0\n"
        + "C-2;;2026-02-05;;GM0014;signaal_partner;;;;0;0;0;0;0\n"
        + "C-3;;2026-03-05;;GM0014;signaal_partner;;drugs;;0;0;0;0;0\n",
        encoding="utf-8",
    )
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        ingest_partner(conn, "noord_nederland", "riec", RUN_DATE, region_key, "run-1")
        assert _ledger(conn) == [("casusregister.csv", "loaded", 3, 3, 0)]
        rows = conn.execute(
            "select casus_nummer, themas, ingebracht_door from raw_noord_nederland.riec__casusregister order by 1"
        ).fetchall()
    assert rows == [("C-1", "drugs|witwassen", "politie|gemeente"), ("C-2", None, None), ("C-3", "drugs", None)]

    _deliver(
        "riec",
        "casusregister.csv",
        CASUSREGISTER_HEADER + "C-4;;2026-01-05;;GM0014;signaal_partner;;|;politie;0;0;0;0;0\n",
        encoding="utf-8",
        day="2026-11-21",
    )
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ingest_partner(conn, "noord_nederland", "riec", RUN_DATE, region_key, "run-2")
        assert _ledger(conn)[-1][1] == "quarantined"
        rule = conn.execute("select rule, column_name from meta.contract_violations").fetchall()
    assert rule == [("allowed_values", "themas")]


BEELDEN_HEADER = "beeld_nummer;gemeente_code;opleverdatum;soort\n"


def test_a_header_only_delivery_loads_as_none_where_the_contract_allows_it(clean_warehouse, region_key) -> None:  # type: ignore[no-untyped-def]
    """No ondermijningsbeelden this month is a delivery (0 in Tabel 1, not gg); an empty file is not,
    (test_bad_deliveries: a header-only file of an extract whose contract does not allow it is refused)."""
    _deliver("riec", "ondermijningsbeelden.csv", BEELDEN_HEADER, encoding="utf-8", day="2026-11-18")
    _deliver("riec", "ondermijningsbeelden.csv", BEELDEN_HEADER, encoding="utf-8", day="2026-11-19")
    _deliver("riec", "ondermijningsbeelden.csv", "", encoding="utf-8", day="2026-11-20")
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        ingest_partner(conn, "noord_nederland", "riec", RUN_DATE, region_key, "run-1")
        assert _ledger(conn) == [
            ("ondermijningsbeelden.csv", "loaded", 0, 0, 0),
            ("ondermijningsbeelden.csv", "loaded", 0, 0, 0),  # the same bytes, another period: not a duplicate
            ("ondermijningsbeelden.csv", "quarantined", 0, 0, 0),
        ]
        rules = conn.execute("select rule from meta.contract_violations").fetchall()
    assert rules == [("not_empty",)]
