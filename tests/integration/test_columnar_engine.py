"""The columnar engine against its reference, the row engine: on many files, against the real warehouse.

Each file is loaded twice into its raw table (each time in a transaction that is rolled back),
once per engine, and everything must match: rows read and loaded, rejected rows, every violation
(file, row, column, rule, message), whether the file is broken, and the rows as they landed
(unless the file is broken: load_file rolls those back).
"""

from __future__ import annotations

import codecs
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from informatiebeeld.config.contracts import Extract, load_contracts, raw_schema, raw_table_name
from informatiebeeld.ingest import columnar
from informatiebeeld.ingest.check import RowTransformer
from informatiebeeld.ingest.load import METADATA_COLUMNS, LoadState, NullCopy, ensure_raw_table, stream_rows
from informatiebeeld.ingest.partner import validate_file
from informatiebeeld.privacy.keys import PseudonymKey
from informatiebeeld_demo.generator import generate
from tests.integration.test_bad_deliveries import CASES, INCIDENT_HEADER

pytestmark = pytest.mark.integration

REGION = "noord_nederland"
DAY = date(2026, 11, 22)
LOADED_AT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
KEY = PseudonymKey(version="test", secret=b"k" * 32)
DELIVERY_ID = 987_654_321  # no delivery of the other tests has it


def _copy_sql(partner: str, extract: Extract) -> sql.Composed:
    columns = [name for name, _ in extract.loaded_columns()] + [name for name, _ in METADATA_COLUMNS]
    return sql.SQL("copy {}.{} ({}) from stdin").format(
        sql.Identifier(raw_schema(REGION)),
        sql.Identifier(raw_table_name(partner, extract.name)),
        sql.SQL(", ").join(map(sql.Identifier, columns)),
    )


def _load(conn: psycopg.Connection, path: Path, partner: str, extract: Extract, engine: str) -> tuple:
    transformer = RowTransformer(extract, KEY, str(path), REGION, DAY)
    state = LoadState()
    loaded = [sql.Identifier(name) for name, _ in extract.loaded_columns()] + [sql.Identifier("_source_row")]
    with conn.transaction(force_rollback=True):
        ensure_raw_table(conn, REGION, partner, extract)
        with conn.cursor() as cursor, cursor.copy(_copy_sql(partner, extract)) as copy:
            stream_rows(path, extract, transformer, state, copy, DELIVERY_ID, DAY, LOADED_AT, engine=engine)
        query = sql.SQL("select {} from {}.{} where _delivery_id = %s order by _source_row").format(
            sql.SQL(", ").join(loaded),
            sql.Identifier(raw_schema(REGION)),
            sql.Identifier(raw_table_name(partner, extract.name)),
        )
        rows = conn.execute(query, (DELIVERY_ID,)).fetchall()
    outcome = (state.rows_read, state.rows_loaded, sorted(state.rejected_rows), state.violations, state.file_broken)
    return outcome, rows


def assert_same(conn: psycopg.Connection, path: Path, partner: str, extract_name: str | None = None) -> tuple:
    contract = load_contracts()[partner]
    extract = contract.extract(extract_name) if extract_name else contract.extract_for_file(path.name)
    assert extract is not None and extract.format == "csv"
    reference = _load(conn, path, partner, extract, "row")
    columnar_result = _load(conn, path, partner, extract, "columnar")
    assert columnar_result[0] == reference[0], path
    if not reference[0][-1]:  # a broken file's rows are rolled back, whatever either engine sent
        assert columnar_result[1] == reference[1], path
    return reference


@pytest.fixture(scope="module")
def conn(warehouse_params):  # type: ignore[no-untyped-def]
    with psycopg.connect(warehouse_params.conninfo()) as connection:
        yield connection


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    files: list[Path] = []
    for seed, scale in ((3, 1.0), (11, 4.0)):
        folder = tmp_path_factory.mktemp(f"generated-{seed}")
        files += generate(folder, DAY, regions=[REGION], scale=scale, seed=seed)
    return [f for f in files if f.suffix == ".csv"]


def test_generated_deliveries_load_the_same(conn, generated: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    loaded = 0
    for path in generated:
        loaded += len(assert_same(conn, path, path.parts[-3])[1])
    assert loaded > 5000
    # Small blocks: records meet block ends everywhere, quoted fields among them.
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 700)
    for path in generated[:14]:
        assert_same(conn, path, path.parts[-3])


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_bad_deliveries_give_the_same_violations(conn, case_name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    case = CASES[case_name]
    for _, name, content in case.deliveries:
        if not name.endswith(".csv"):
            continue
        path = tmp_path / case.partner / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        contract = load_contracts()[case.partner]
        if contract.extract_for_file(name) is not None:
            assert_same(conn, path, case.partner)


def _incidents(*lines: str, header: str = ";".join(INCIDENT_HEADER), end: str = "\n") -> str:
    return end.join([header, *lines]) + end


_OK = "I-{n};2026-11-0{d};GM0014;drugs;handel;9711 AA;melding"
_GOOD = [_OK.format(n=n, d=n % 9 + 1) for n in range(30)]
_QUOTED = [
    'I-40;2026-11-02;GM0014;drugs;handel;9711 AA;"tekst; met puntkomma en ""quotes"""',
    'I-41;2026-11-02;GM0014;drugs;handel;"9711 AA";""',
    'I-42;2026-11-02;GM0014;drugs;handel;9711 AA;"over twee\nregels; bel 0612345678"',
    'I-43;2026-11-02;GM0014;drugs;handel;9711 AA;ab"c midden in een veld',
    'I-44;2026-11-02;GM0014;drugs;handel;9711 AA; "spatie voor de quote"',
]
_TEXTS = [
    "bel \u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",  # Arabic-Indic digits
    "fullwidth \uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18",
    "kwadraat m\u00b2 en \u2460",
    "Melder\u00a0Jansen belde",
    "Getuige:\u2003De Vries",
    "tab\there en back\\slash en \\N en \\.",
    "\\.",
    "\x1c rand \x1f",
    "\u00a0 harde spaties \u00a0",
    "Dorpsstraat\u20025",
    "kvk 12345678",
    "KVK-nummer 1234567",
    "mail a@b.example",
    "AB-12-CD gezien",
    "BSN 1234 56 782",
    "06 12 34 56 78",
    "verdachte van der Berg",
    "café € 10,- ",
]
_HOSTILE: dict[str, tuple[str, str, bytes]] = {
    "plain": ("politie", "incidenten.csv", _incidents(*_GOOD).encode()),
    "crlf": ("politie", "incidenten.csv", _incidents(*_GOOD, end="\r\n").encode()),
    "lone_cr": ("politie", "incidenten.csv", _incidents(*_GOOD[:5]).replace("\n", "\r", 3).encode()),
    "bom": ("politie", "incidenten.csv", codecs.BOM_UTF8 + _incidents(*_GOOD).encode()),
    "bom_only": ("politie", "incidenten.csv", codecs.BOM_UTF8),
    "empty_lines": ("politie", "incidenten.csv", _incidents(*_GOOD[:5], "", " ", "\t", *_GOOD[5:], "").encode()),
    "field_counts": (
        "politie",
        "incidenten.csv",
        _incidents(*_GOOD[:3], "I-90;2026-11-01;GM0014", _GOOD[3] + ";extra;;", ";;;;;;", ";;;;;;;").encode(),
    ),
    "quotes": ("politie", "incidenten.csv", _incidents(*_GOOD, *_QUOTED).encode()),
    "quote_then_text": ("politie", "incidenten.csv", _incidents(*_GOOD, 'I-50;"2026"-11-01;a;b;c;d;e').encode()),
    "unterminated_quote": ("politie", "incidenten.csv", _incidents(*_GOOD, 'I-51;2026-11-01;a;b;c;d;"open').encode()),
    "nul_bytes": (
        "politie",
        "incidenten.csv",
        _incidents(*_GOOD, "I-60;2026-11-01;GM0014;drugs;han\x00del;9711 AA;nul \x00 hier", "I-61\x00;;;;;;").encode(),
    ),
    "header_nul": ("politie", "incidenten.csv", _incidents(*_GOOD, header="incident\x00nummer;x").encode()),
    "long_field": ("politie", "incidenten.csv", _incidents(*_GOOD, _OK.format(n=70, d=1) + "x" * 140_000).encode()),
    "texts": (
        "politie",
        "incidenten.csv",
        _incidents(*[f"I-{80 + i};2026-11-01;GM0014;drugs;handel;9711 AA;{t}" for i, t in enumerate(_TEXTS)]).encode(),
    ),
    "values": (
        "politie",
        "incidenten.csv",
        _incidents(
            *[
                f"I-{100 + i};{d};{g};drugs;handel;{p};x"
                for i, (d, g, p) in enumerate(
                    [
                        ("2026-02-30", "GM0014", "9711aa"),
                        (" 2026-01-01 ", "gm0014", "9711 SA"),
                        ("2027-01-01", "GM9999", "9711-AA"),
                        ("2026-1-1", "GM0935", "NL9711AA"),
                        ("", " GM0014", "0711 AA"),
                        ("2026-11-22", "GM0014 ", " 9711 AA"),
                        ("2026-11-22", "GM0014", "9711\u00a0AA"),
                    ]
                )
            ]
        ).encode(),
    ),
    "numbers": (
        "riec",
        "casus_subjecten.csv",
        (
            "casus_nummer;subject_volgnummer;subject_soort;bsn;kvk_nummer;rol;toegevoegd_op\n"
            + "".join(
                f"C-{i};{n};persoon;{b};;hoofdsubject;2026-01-01\n"
                for i, (n, b) in enumerate(
                    [
                        ("1", "123456782"),
                        ("007", "1234.56.782"),
                        ("-0", "123456789"),
                        ("0", ""),
                        ("9223372036854775807", ""),
                        ("9223372036854775808", ""),
                        ("99999999999999999999999", ""),
                        ("-9223372036854775809", ""),
                        ("1e5", ""),
                        (" 12 ", " 123456782 "),
                        ("\u0661\u0662", ""),
                        ("1" * 5000, ""),
                    ]
                )
            )
        ).encode(),
    ),
    "decimals_cp1252": (
        "belastingdienst",
        "fiscale_signalen.csv",
        (
            "signaal_nummer;signaal_datum;gemeente_code;thema_code;onderdeel;bsn;kvk_nummer;iban;"
            "geschat_nadeel_eur;toelichting\r\n"
            + "".join(
                f"F-{i};01-02-2026;GM0014;drugs;fiod;;12345678;{iban};{amount};café € {i}\r\n"
                for i, (amount, iban) in enumerate(
                    [
                        ("12,50", "NL91ABNA0417164300"),
                        ("1.234,56", "nl91 abna 0417 1643 00"),
                        ("1e999999", "NL91ABNA0417164301"),
                        ("1e5", ""),
                        ("-0,00", ""),
                        ("-1,00", ""),
                        ("0012,5", ""),
                        ("12.5", ""),
                        ("NaN", ""),
                        ("Infinity", ""),
                        ("1" * 200, ""),
                        ("0," + "0" * 17000 + "1", ""),
                        (" 3 , 5 ", ""),
                    ]
                )
            )
        ).encode("windows-1252"),
    ),
    "undecodable_cp1252": (
        "belastingdienst",
        "afpakken.csv",
        b"afpak_nummer;casus_nummer;gemeente_code;afpak_datum;afpak_soort;bedrag_eur\r\n"
        + b"A-1;;GM0014;03-02-2026;opgelegd;1,00\r\n" * 50
        + b"A-\x81;;GM0014;03-02-2026;opgelegd;1,00\r\n",
    ),
    "undecodable_utf8_late": ("politie", "incidenten.csv", _incidents(*(_GOOD * 40)).encode() + b"I-99;\xff\n"),
}


@pytest.mark.parametrize("name", sorted(_HOSTILE))
def test_hostile_files_give_the_same_outcome(conn, name: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    partner, file_name, content = _HOSTILE[name]
    path = tmp_path / partner / file_name
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert_same(conn, path, partner)
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 64)
    assert_same(conn, path, partner)


def test_validate_file_runs_the_checks_of_a_night(tmp_path: Path) -> None:
    path = tmp_path / "incidenten.csv"
    path.write_bytes(_HOSTILE["values"][2] + _HOSTILE["field_counts"][2].split(b"\n", 1)[1])
    extract = load_contracts()["politie"].extract("incidenten")
    state = LoadState()
    checker_key = PseudonymKey(version="validation-only", secret=b"x" * 32)
    transformer = RowTransformer(extract, checker_key, str(path))
    stream_rows(path, extract, transformer, state, NullCopy(), 0, DAY, LOADED_AT, engine="row")
    validated, _, _ = validate_file(path, "politie")
    assert validated.rows_read == state.rows_read
    assert validated.violations[: len(state.violations)] == state.violations, "then the night's file-level rules"
    assert {v.rule for v in validated.violations} >= {"date_format", "field_count", "postcode"}
