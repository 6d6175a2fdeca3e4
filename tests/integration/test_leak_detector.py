"""The leak detector as a gate, against the tests' own embedded warehouse and real Great Expectations."""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path
from typing import Any

import openpyxl
import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.config.contracts import Column, Extract, load_contracts
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld.publish.expectations import ExpectColumnValuesToNotContainIdentifiers
from informatiebeeld.publish.gate import GateFailed, run_gate, scan_schemas
from informatiebeeld.publish.publication import build_candidate
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE, dump_tables, reset_warehouse

pytestmark = pytest.mark.integration
REGION = "limburg"

# Everything planted, in the odd ways people type it. Both BSNs pass the 11-proef, the IBAN checks out.
PLANTED_TEXT = (
    "Betrokkene Plantinga (bsn 123.456.782) bereikbaar op +31 (0)6 1357 2468 en (050) 246 80 13, "
    "x.planted@mail.example, rekening nl91 abna 0417 1643 00, woont 9731ab, 17, auto xz-931-k."
)
PLANTED_BY_TYPE = {"bsn": "1112.22.333", "iban": "nl91 abna 0417 1643 00", "phone": "+31 6 1357 2468"}
PLANTED_BY_IDENTIFIER = {"kenteken": "xz-931-k", "email": "x.planted@mail.example", "name": "Plantinga"}
NEEDLES = [
    "123.456.782",
    "123456782",
    "1112.22.333",
    "111222333",
    "1357 2468",
    "13572468",
    "246 80 13",
    "2468013",
    "planted@",
    "abna 0417",
    "abna0417",
    "9731ab",
    "xz-931-k",
    "xz931k",
    "plantinga",
]


def _planted(column: Column, value: Any) -> Any:
    if column.identifier == "free_text":
        return f"{value} {PLANTED_TEXT}" if column.type == "text" else f"Casus {PLANTED_TEXT}"
    if column.type in PLANTED_BY_TYPE:
        return PLANTED_BY_TYPE[column.type]
    if column.identifier in PLANTED_BY_IDENTIFIER:
        return PLANTED_BY_IDENTIFIER[column.identifier]
    if column.type == "postcode" and isinstance(value, str):
        return value.replace(" ", "").lower()
    if column.identifier == "address" and column.type == "string":
        return "17 bis" if "nummer" in column.name else "Plantstraat"
    return value


def _plant(path: Path, extract: Extract, rows: int = 1) -> bool:
    """Plant identifiers in the first data rows of a delivery; False when it has nowhere to put them."""
    targets = [i for i, c in enumerate(extract.columns) if c.identifier]
    if not targets:
        return False
    if extract.format == "xlsx":
        workbook = openpyxl.load_workbook(path)
        sheet = workbook[extract.sheet] if extract.sheet else workbook.active
        for row in sheet.iter_rows(min_row=2, max_row=1 + rows):
            for i in targets:
                row[i].value = _planted(extract.columns[i], row[i].value)
        workbook.save(path)
        return True
    with path.open(encoding=extract.encoding, newline="") as handle:
        lines = list(csv.reader(handle, delimiter=extract.delimiter))
    for line in lines[1 : 1 + rows]:
        for i in targets:
            line[i] = _planted(extract.columns[i], line[i])
    with path.open("w", encoding=extract.encoding, newline="") as handle:
        csv.writer(handle, delimiter=extract.delimiter).writerows(lines)
    return True


def _dump_every_table(conninfo: str) -> str:
    return dump_tables(conninfo)[1].lower()


def test_expectation_flags_an_odd_bsn_but_not_a_hex_pseudonym(clean_warehouse) -> None:  # type: ignore[no-untyped-def]
    import great_expectations as gx

    pseudonym = hashlib.sha256(b"111222333").hexdigest()
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        conn.execute("create schema detector_test")
        conn.execute("create table detector_test.meldingen (omschrijving text, bsn_pseudoniem text, aantal int)")
        conn.cursor().executemany(
            "insert into detector_test.meldingen values (%s, %s, %s)",
            [
                ("Betrokkene bekend onder bsn 1112 22 333 wil niet praten", pseudonym, 1),
                ("Melding over [BSN] en [TELEFOON], zaak PL0100-2024000021", pseudonym, 2),
                ("Bedrag 123.456.789 euro", pseudonym, 3),
                (f"Koppeling {pseudonym}: zie dossier", pseudonym, 5),
                (None, None, 4),
            ],
        )
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    context = gx.get_context(mode="ephemeral")
    datasource = context.data_sources.add_postgres("wh", connection_string=clean_warehouse.sqlalchemy_url())
    asset = datasource.add_table_asset("meldingen", table_name="meldingen", schema_name="detector_test")
    batch = asset.add_batch_definition_whole_table("all").get_batch()
    text_result = batch.validate(ExpectColumnValuesToNotContainIdentifiers(column="omschrijving"))
    pseudonym_result = batch.validate(ExpectColumnValuesToNotContainIdentifiers(column="bsn_pseudoniem"))
    assert not text_result.success
    assert text_result.result["unexpected_count"] == 1
    assert text_result.result["observed_value"]["kinds"] == {"bsn": 1}
    assert text_result.result["observed_value"]["values_scanned"] == 4
    assert text_result.result["partial_unexpected_list"] == ["bsn 9999 99 999"]
    assert "1112" not in str(text_result.to_json_dict())
    assert pseudonym_result.success
    assert pseudonym_result.result["unexpected_count"] == 0
    # What a published mart may hold: no identifier and no pseudonym, whole or inside a text.
    published = ExpectColumnValuesToNotContainIdentifiers(column="omschrijving", allow_pseudonyms=False)
    published_result = batch.validate(published)
    assert not published_result.success
    assert published_result.result["unexpected_count"] == 2
    assert published_result.result["observed_value"]["kinds"] == {"bsn": 1, "pseudonym": 1}
    assert pseudonym not in str(published_result.to_json_dict())
    whole = batch.validate(ExpectColumnValuesToNotContainIdentifiers(column="bsn_pseudoniem", allow_pseudonyms=False))
    assert (whole.success, whole.result["unexpected_count"], whole.result["observed_value"]["kinds"]) == (
        False,
        1,
        {"pseudonym": 1},
    )


@pytest.fixture(scope="module")
def planted_night(warehouse_params):  # type: ignore[no-untyped-def]
    """A night of the region on deliveries with identifiers planted in every file that has a place for
    one: (warehouse, files, names of the files planted, names of those with no identifier column)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", warehouse_params.conninfo())
        patch.setenv(env_var_name(REGION), "leak-test-key-" + "l" * 40)
        reset_warehouse(warehouse_params)
        files = demo.generate(landing_dir(), RUN_DATE, [REGION], scale=0.2, seed=11)
        contracts = load_contracts()
        planted, without_identifiers = [], []
        for path in files:
            extract = contracts[path.parent.parent.name].extract_for_file(path.name)
            (planted if _plant(path, extract) else without_identifiers).append(path.name)
        assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 0
        yield warehouse_params, files, planted, without_identifiers


def test_identifiers_planted_in_every_partner_file_reach_no_table(planted_night) -> None:  # type: ignore[no-untyped-def]
    clean_warehouse, files, planted, without_identifiers = planted_night
    contracts = load_contracts()
    # Only files whose contract has no identifier or free-text column at all are left alone.
    expected_without = sorted(
        e.file_name for c in contracts.values() for e in c.extracts if not any(col.identifier for col in e.columns)
    )
    assert sorted(without_identifiers) == expected_without
    assert "afpakken.csv" in expected_without and len(planted) == len(files) - len(expected_without) > 5

    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        ledger = conn.execute(
            "select file_name, status, rows_rejected from meta.load_ledger where region = %s", (REGION,)
        ).fetchall()
    assert {name for name, status, _ in ledger if status == "loaded"} == {p.name for p in files}
    text = _dump_every_table(clean_warehouse.conninfo())
    assert "[bsn]" in text and "[telefoon]" in text, "the planted free text was loaded, scrubbed"
    assert [n for n in NEEDLES if n in text] == []
    findings = scan_schemas(clean_warehouse, REGION)
    assert set(findings) == {f"raw_{REGION}", f"{REGION}_staging", f"{REGION}_intermediate", "meta"} | {
        f"{REGION}_marts",
        f"{REGION}_published",
    }
    assert all(columns == [] for columns in findings.values()), findings


def test_an_identifier_in_a_mart_fails_the_gate(planted_night) -> None:  # type: ignore[no-untyped-def]
    """On the planted night, which published: an IBAN and a pseudonym written into two marts after it."""
    clean_warehouse = planted_night[0]
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        conn.execute(
            f"update {REGION}_marts.thema_informatiebeeld set thema_naam = thema_naam || ' via NL91ABNA0417164300' "
            f"where thema_code = (select min(thema_code) from {REGION}_marts.thema_informatiebeeld)"
        )
        # a pseudonym is no identifier (the scan of the layers passes it) but is never published
        query = f"select subject_pseudoniem from {REGION}_intermediate.int_subjecten_in_scope"
        pseudonym = conn.execute(query + " where subject_pseudoniem is not null limit 1").fetchone()[0]
        conn.execute(
            f"update {REGION}_marts.gemeente_overzicht set gemeente_naam = gemeente_naam || ' ' || %s "
            f"where gemeente_code = (select min(gemeente_code) from {REGION}_marts.gemeente_overzicht)",
            (pseudonym,),
        )
    build_candidate(clean_warehouse, REGION, "leak-test", RUN_DATE)
    with pytest.raises(GateFailed) as failure:
        run_gate(clean_warehouse, REGION, "leak-test")
    message = str(failure.value)
    assert "NL91ABNA0417164300" not in message
    assert f"{REGION}_marts: " in message and "'column': 'thema_informatiebeeld.thema_naam'" in message
    assert "'column': 'gemeente_naam', 'check': 'no_identifier_or_pseudonym_published'" in message
    assert "'column': 'thema_naam', 'check': 'no_identifier_or_pseudonym_published'" in message
    assert "'iban': 1" in message and "'pseudonym': 1" in message and pseudonym not in message
    findings = scan_schemas(clean_warehouse, REGION)
    flagged = [(f.name, f.unexpected_count, f.kinds) for columns in findings.values() for f in columns]
    assert flagged == [
        (f"{REGION}_{layer}.thema_informatiebeeld.thema_naam", 1, {"iban": 1}) for layer in ("marts", "candidate")
    ]
    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        recorded = conn.execute(
            "select suite, success from meta.gate_results where run_id = 'leak-test' and not success"
        ).fetchall()
    assert sorted(recorded) == [
        ("gemeente_overzicht", False),
        (f"identifier_scan__{REGION}_candidate", False),
        (f"identifier_scan__{REGION}_marts", False),
        ("thema_informatiebeeld", False),
    ]


def test_scan_covers_arrays_jsonb_materialized_views_meta_and_files(clean_warehouse, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from informatiebeeld.publish.gate import scan_files

    schema = f"{REGION}_staging"
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        conn.execute(f"create schema if not exists {schema}")
        conn.execute("create schema if not exists meta")
        conn.execute(f"create table {schema}.lijsten (labels text[], extra jsonb, code varchar(20), kopie text)")
        conn.execute(
            f"insert into {schema}.lijsten values (array['ok', 'bel 06–12345678'], "
            """'{"notitie": "bsn:123456782"}', 'GM0363', 'bsn:123456782'), (null, null, 'GM0014', 'bsn:123456782')"""
        )
        # a view's columns are read in one pass, each reported on its own
        conn.execute(
            f"create view {schema}.lijsten_kopie as select code, kopie, kopie as nog_eens from {schema}.lijsten"
        )
        conn.execute(f"create materialized view {schema}.mv as select 'mail jan [at] voorbeeld [dot] nl'::text as t")
        conn.execute("create table meta.notities (region text, tekst text)")
        conn.execute(
            "insert into meta.notities values (%s, 'KvK-nr. 12345678'), ('utrecht', 'rekening NL91ABNA0417164300')",
            (REGION,),
        )
    findings = scan_schemas(clean_warehouse, REGION, [schema, "meta"])
    flagged = {f.name: f.kinds for columns in findings.values() for f in columns}
    assert flagged == {
        f"{schema}.lijsten.labels": {"phone": 1},
        f"{schema}.lijsten.extra": {"bsn": 1},
        f"{schema}.lijsten.kopie": {"bsn": 1},
        f"{schema}.lijsten_kopie.kopie": {"bsn": 1},
        f"{schema}.lijsten_kopie.nog_eens": {"bsn": 1},
        f"{schema}.mv.t": {"email": 1},
        "meta.notities.tekst": {"kvk": 1},  # the other region's row is not this region's business
    }
    assert "123456782" not in str(findings) and "12345678" not in str(findings)

    report = tmp_path / "quarantine" / REGION / "2026-11-23" / "report.json"
    report.parent.mkdir(parents=True)
    report.write_text('{"row": 3, "message": "value 9 characters: digits"}\n', encoding="utf-8")
    log = tmp_path / "logs" / "run.log"
    log.parent.mkdir()
    log.write_text("02:00 start\n02:01 melder belde vanaf +31 (0)6 1234 5678\n", encoding="utf-8")
    found = scan_files(REGION, [report, log])
    assert [(Path(f.path).name, f.kinds, f.examples) for f in found] == [
        ("run.log", {"phone": 1}, ["phone +99 (9)9 9999 9999"])
    ]
