"""A corpus of malformed deliveries and what the ingest does with each, against the real warehouse.

Every case checks the outcome (loaded with rejected rows, quarantined, or duplicate), that counts
reconcile (rows read = loaded + rejected), that every violation names file, row or file level,
column and rule, and that the other deliveries of the night still load.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import psycopg
import pytest

from informatiebeeld.ingest.partner import ingest_partner
from informatiebeeld.warehouse import ledger
from tests.conftest import RUN_DATE, TEST_STATE

pytestmark = pytest.mark.integration

REGION = "noord_nederland"
DAY = "2026-11-22"
INCIDENT_HEADER = [
    "incident_nummer", "registratie_datum", "gemeente_code", "thema_code", "incident_soort",
    "pleegplaats_postcode", "omschrijving",
]  # fmt: skip
AFPAK_HEADER = "afpak_nummer;casus_nummer;gemeente_code;afpak_datum;afpak_soort;bedrag_eur"


def incident_rows(count: int = 40, gemeente: str = "GM0014") -> list[list[str]]:
    return [
        [f"I-{i:03d}", f"2026-11-{i % 20 + 1:02d}", gemeente, "drugs", "handel", "9711 AA", f"melding {i}"]
        for i in range(count)
    ]


def incidents_csv(rows: list[list[str]], header: list[str] = INCIDENT_HEADER, delimiter: str = ";") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def afpakken_csv(*rows: str) -> bytes:
    return ("\n".join([AFPAK_HEADER, *rows]) + "\n").encode("windows-1252")


def bibob_xlsx(sheets: list[str]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name in sheets:
        sheet = workbook.create_sheet(name)
        if name != "Bibob":
            sheet.append(["Toelichting bij deze levering"])
            continue
        sheet.append([
            "dossier_nummer", "gemeente_code", "aanvraag_datum", "vergunning_soort", "thema_code", "kvk_nummer",
            "lbb_advies_gevraagd", "uitkomst",
        ])  # fmt: skip
        sheet.append(["B-1", "GM0014", "01-10-2026", "exploitatie", "witwassen", "12345678", "nee", "lopend"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_row(rows: list[list[str]], index: int, column: str, value: str) -> list[list[str]]:
    changed = [list(r) for r in rows]
    changed[index][INCIDENT_HEADER.index(column)] = value
    return changed


@dataclass
class Case:
    partner: str
    deliveries: list[tuple[str, str, bytes]]  # (delivery day, file name, content)
    statuses: list[str]
    rules: set[str] = field(default_factory=set)
    rows_loaded: int | None = None


_garbage = random.Random(5).randbytes(3000)
_base = incident_rows()
_redelivered = incidents_csv([*incident_rows(38), ["I-900", "2026-11-21", "GM0014", "omg", "geweld", "", "correctie"]])

CASES: dict[str, Case] = {
    "wrong_delimiter": Case(
        "politie", [(DAY, "incidenten.csv", incidents_csv(_base, delimiter=","))], ["quarantined"], {"header"}
    ),
    "wrong_encoding": Case(
        "politie",
        [(DAY, "incidenten.csv", incidents_csv(_base).replace(b"melding 3\n", "café 3\n".encode("windows-1252")))],
        ["quarantined"],
        {"encoding"},
    ),
    "byte_order_mark": Case(
        "politie", [(DAY, "incidenten.csv", b"\xef\xbb\xbf" + incidents_csv(_base))], ["loaded"], set(), 40
    ),
    "truncated_last_line": Case(
        "politie", [(DAY, "incidenten.csv", incidents_csv(_base)[:-20])], ["loaded"], {"field_count"}, 39
    ),
    "unbalanced_quotes": Case(
        "politie",
        [(DAY, "incidenten.csv", incidents_csv(with_row(_base, 39, "omschrijving", '"begint met een quote')))],
        ["quarantined"],
        {"csv_syntax"},
    ),
    "missing_required_column": Case(
        "politie",
        [
            (
                DAY,
                "incidenten.csv",
                incidents_csv([r[:3] + r[4:] for r in _base], [h for h in INCIDENT_HEADER if h != "thema_code"]),
            )
        ],
        ["quarantined"],
        {"header"},
    ),
    "renamed_column": Case(
        "politie",
        [(DAY, "incidenten.csv", incidents_csv(_base, [*INCIDENT_HEADER[:-1], "beschrijving"]))],
        ["quarantined"],
        {"header"},
    ),
    "extra_column": Case(
        "politie",
        [(DAY, "incidenten.csv", incidents_csv([[*r, "x"] for r in _base], [*INCIDENT_HEADER, "extra"]))],
        ["quarantined"],
        {"header"},
    ),
    "wrong_type_row_policy": Case(
        "politie",
        [(DAY, "incidenten.csv", incidents_csv(with_row(_base, 5, "registratie_datum", "gisteren")))],
        ["loaded"],
        {"date_format"},
        39,
    ),
    "wrong_type_file_policy": Case(
        "belastingdienst",
        [
            (
                DAY,
                "afpakken.csv",
                afpakken_csv("A-1;;GM0014;03-02-2026;opgelegd;12,50", "A-2;;GM0014;03-02-2026;beslag;veel"),
            )
        ],
        ["quarantined"],
        {"decimal"},
    ),
    "other_date_format": Case(
        "politie",
        [(DAY, "incidenten.csv", incidents_csv(with_row(_base, 7, "registratie_datum", "07-11-2026")))],
        ["loaded"],
        {"date_format"},
        39,
    ),
    "impossible_date": Case(
        "politie",
        [(DAY, "incidenten.csv", incidents_csv(with_row(_base, 8, "registratie_datum", "2026-02-30")))],
        ["loaded"],
        {"date_format"},
        39,
    ),
    "negative_amount": Case(
        "belastingdienst",
        [(DAY, "afpakken.csv", afpakken_csv("A-1;;GM0014;03-02-2026;opgelegd;-12,50"))],
        ["quarantined"],
        {"minimum"},
    ),
    "unknown_gemeente_code": Case(
        "politie",
        [(DAY, "incidenten.csv", incidents_csv(with_row(_base, 9, "gemeente_code", "GM9999")))],
        ["loaded"],
        {"known_gemeente_code"},
        39,
    ),
    "duplicate_keys": Case(
        "politie", [(DAY, "incidenten.csv", incidents_csv([*_base, _base[0]]))], ["loaded"], {"unique_key"}, 40
    ),
    "empty_file": Case("politie", [(DAY, "incidenten.csv", b"")], ["quarantined"], {"not_empty"}),
    "header_only": Case("politie", [(DAY, "incidenten.csv", incidents_csv([]))], ["quarantined"], {"not_empty"}),
    "binary_garbage": Case("politie", [(DAY, "incidenten.csv", _garbage)], ["quarantined"], {"encoding"}),
    "xlsx_several_sheets": Case(
        "gemeente", [(DAY, "bibob_dossiers.xlsx", bibob_xlsx(["Toelichting", "Bibob"]))], ["loaded"], set(), 1
    ),
    "xlsx_without_contract_sheet": Case(
        "gemeente", [(DAY, "bibob_dossiers.xlsx", bibob_xlsx(["Blad1"]))], ["quarantined"], {"sheet"}
    ),
    "enormous_field": Case(
        "politie",
        [(DAY, "incidenten.csv", incidents_csv(with_row(_base, 3, "omschrijving", "x" * 200_000)))],
        ["quarantined"],
        {"csv_syntax"},
    ),
    "same_file_twice": Case(
        "politie",
        [("2026-11-21", "incidenten.csv", incidents_csv(_base)), (DAY, "incidenten.csv", incidents_csv(_base))],
        ["loaded", "duplicate"],
        set(),
        40,
    ),
    "wrong_region_folder": Case(
        "politie",
        [(DAY, "incidenten.csv", incidents_csv(incident_rows(40, "GM0935")))],
        ["quarantined"],
        {"gemeente_in_region", "max_rejected_share"},
    ),
    "dates_in_the_future": Case(
        "politie",
        [(DAY, "incidenten.csv", incidents_csv(with_row(_base, 11, "registratie_datum", "2027-01-01")))],
        ["loaded"],
        {"not_after_delivery_date"},
        39,
    ),
    "too_many_bad_rows": Case(
        "politie",
        [
            (
                DAY,
                "incidenten.csv",
                incidents_csv(
                    [with_row(_base, i, "thema_code", "voetbal")[i] if i < 10 else r for i, r in enumerate(_base)]
                ),
            )
        ],
        ["quarantined"],
        {"known_thema_code", "max_rejected_share"},
    ),
    "unknown_file_name": Case(
        "politie", [(DAY, "incidenten_v2.csv", incidents_csv(_base))], ["quarantined"], {"known_extract"}
    ),
    "invalid_bsn_is_masked": Case(
        "politie",
        [
            (
                DAY,
                "betrokkenen.csv",
                (
                    "incident_nummer;betrokkene_volgnummer;rol;bsn;achternaam;voornamen;geboortedatum;telefoonnummer;kenteken\n"
                    + "".join(f"I-{i};1;getuige;;;;;;\n" for i in range(30))
                    + "I-99;1;verdachte;123456789;;;;;\n"
                ).encode(),
            )
        ],
        ["loaded"],
        {"bsn_11_proef"},
        30,
    ),
    "odd_but_valid_formats": Case(
        "politie",
        [
            (
                DAY,
                "incidenten.csv",
                incidents_csv(
                    with_row(with_row(_base, 1, "pleegplaats_postcode", "9711aa"), 2, "gemeente_code", "gm0014")
                ),
            )
        ],
        ["loaded"],
        set(),
        40,
    ),
}


def _deliver(day: str, name: str, content: bytes, partner: str) -> Path:
    folder = TEST_STATE / "landing" / REGION / partner / day
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_malformed_delivery(case_name: str, clean_warehouse, region_key) -> None:  # type: ignore[no-untyped-def]
    case = CASES[case_name]
    for day, name, content in case.deliveries:
        _deliver(day, name, content, case.partner)
    # A good delivery of another partner the same night must load regardless.
    if case.partner != "belastingdienst":
        _deliver(DAY, "afpakken.csv", afpakken_csv("G-1;;GM0014;03-02-2026;opgelegd;1,00"), "belastingdienst")
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        results = ingest_partner(conn, REGION, case.partner, RUN_DATE, region_key, case_name)
        others = (
            []
            if case.partner == "belastingdienst"
            else ingest_partner(conn, REGION, "belastingdienst", RUN_DATE, region_key, case_name)
        )
        stored = conn.execute("select count(*) from meta.contract_violations").fetchone()[0]

    assert [r.status for r in results] == case.statuses
    assert all(r.status == "loaded" for r in others)
    for result in results:
        assert result.rows_read == result.rows_loaded + result.rows_rejected
        if result.status == "quarantined":
            assert result.rows_loaded == 0 and Path(result.report_path).exists()
    found_rules = {v.rule for r in results for v in r.violations}
    assert case.rules <= found_rules, found_rules
    if not case.rules:
        assert found_rules == set()
    assert stored == sum(len(r.violations) for r in results)
    for violation in (v for r in results for v in r.violations):
        text = str(violation)
        assert text.startswith(str(TEST_STATE / "landing")) and f"rule {violation.rule}" in text
        assert "123456789" not in text, "identifier values are masked in reports"
    if case.rows_loaded is not None:
        assert sum(r.rows_loaded for r in results) == case.rows_loaded


def test_corrected_redelivery_replaces_the_earlier_one_traceably(clean_warehouse, region_key) -> None:  # type: ignore[no-untyped-def]
    path = _deliver(DAY, "incidenten.csv", incidents_csv(_base), "politie")
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        first = ingest_partner(conn, REGION, "politie", RUN_DATE, region_key, "night-1")
        path.write_bytes(_redelivered)  # the partner overwrites the delivery of the same day
        second = ingest_partner(conn, REGION, "politie", RUN_DATE, region_key, "night-2")
        numbers = {r[0] for r in conn.execute("select incident_nummer from raw_noord_nederland.politie__incidenten")}
        history = conn.execute(
            "select delivery_id, status, superseded_by from meta.load_ledger order by delivery_id"
        ).fetchall()
    assert [r.status for r in first] == ["loaded"] and [r.status for r in second] == ["loaded"]
    assert numbers == {f"I-{i:03d}" for i in range(38)} | {"I-900"}
    assert history == [
        (first[0].delivery_id, "superseded", second[0].delivery_id),
        (second[0].delivery_id, "loaded", None),
    ]


def test_landing_and_quarantine_outside_the_state_folder(clean_warehouse, region_key, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The production layout: delivered files and their quarantine on volumes of their own
    (INFORMATIEBEELD_LANDING_DIR, INFORMATIEBEELD_QUARANTINE_DIR). A bad file is quarantined there, the
    good one loads, and nothing of either lands in the state folder."""
    landing, quarantine = tmp_path / "landing", tmp_path / "quarantine"
    monkeypatch.setenv("INFORMATIEBEELD_LANDING_DIR", str(landing))
    monkeypatch.setenv("INFORMATIEBEELD_QUARANTINE_DIR", str(quarantine))
    for partner, name, content in (
        ("politie", "incidenten.csv", incidents_csv(incident_rows(), header=INCIDENT_HEADER[:-1])),
        ("belastingdienst", "afpakken.csv", afpakken_csv("G-1;;GM0014;03-02-2026;opgelegd;1,00")),
    ):
        folder = landing / REGION / partner / DAY
        folder.mkdir(parents=True)
        (folder / name).write_bytes(content)
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        bad = ingest_partner(conn, REGION, "politie", RUN_DATE, region_key, "own-volumes")
        good = ingest_partner(conn, REGION, "belastingdienst", RUN_DATE, region_key, "own-volumes")
    assert [r.status for r in bad] == ["quarantined"] and [r.status for r in good] == ["loaded"]
    assert Path(bad[0].report_path).is_relative_to(quarantine / REGION)
    assert list((quarantine / REGION).rglob("delivered.csv")), "the evidence is kept in the quarantine volume"
    assert not (TEST_STATE / "landing").exists() and not (TEST_STATE / "quarantine").exists()
