"""Hostile deliveries: files and landing entries that once stopped a night or made the ingest talk.

Each case plants recognisable personal values in the bad file, runs a real night's ingest of the
partner (through the nightly step, so what would travel as XCom is checked too) next to good files,
and asserts: the outcome and its rule, that the good files loaded, and that none of the planted
values appears in ``meta``, the quarantine reports, the log or the XCom summary.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.config.paths import landing_dir, quarantine_dir
from informatiebeeld.orchestration import nightly
from informatiebeeld.warehouse import ledger, locks
from tests.conftest import RUN_DATE, TEST_STATE, file_mode
from tests.integration.test_bad_deliveries import INCIDENT_HEADER, afpakken_csv, incident_rows, incidents_csv

pytestmark = pytest.mark.integration

REGION = "noord_nederland"
DAY = "2026-11-22"
# Planted in the bad files; none of them may come out anywhere.
BSN, NAME, PHONE, KENTEKEN = "123456782", "Pietersma-Öztürk", "0612345678", "XK-123-B"
NEEDLES = [BSN, NAME, PHONE, KENTEKEN, "Öztürk"]
BETROKKENEN_HEADER = (
    "incident_nummer;betrokkene_volgnummer;rol;bsn;achternaam;voornamen;geboortedatum;telefoonnummer;kenteken"
)
PERSON = f"I-001;1;verdachte;{BSN};{NAME};Jan;1980-04-01;{PHONE};{KENTEKEN}"


def betrokkenen_csv(*rows: str, header: bool = True) -> bytes:
    lines = ([BETROKKENEN_HEADER] if header else []) + list(rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def good_betrokkenen() -> bytes:
    return betrokkenen_csv(*(f"I-{i:03d};1;getuige;;;;;;" for i in range(20)))


def secret_incidents(extra: list[list[str]] | None = None) -> list[list[str]]:
    rows = incident_rows()
    rows[0][INCIDENT_HEADER.index("omschrijving")] = f"melding over {NAME} {PHONE}"
    return rows + (extra or [])


def xlsx_bytes(build: Callable[[openpyxl.Workbook], None]) -> bytes:
    workbook = openpyxl.Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bibob_with_formula(workbook: openpyxl.Workbook) -> None:
    sheet = workbook.active
    sheet.title = "Bibob"
    sheet.append(["dossier_nummer", "gemeente_code", "aanvraag_datum", "vergunning_soort", "thema_code",
                  "kvk_nummer", "lbb_advies_gevraagd", "uitkomst"])  # fmt: skip
    sheet.append(["B-1", "GM0014", "01-10-2026", "exploitatie", "witwassen", "=CONCAT(\"1234\",\"5678\")", "nee",
                  "lopend"])  # fmt: skip


def _corrupt_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", f"<Types>{NAME} {BSN}</Types")
    return buffer.getvalue()


def folder(day: str = DAY, partner: str = "politie") -> Path:
    path = landing_dir() / REGION / partner / day
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Case:
    partner: str
    setup: Callable[[], None]
    statuses: list[str]  # of the partner's results, in discovery order
    rules: set[str]
    loaded_rows: int | None = None
    extra_check: Callable[[list[dict[str, object]]], None] | None = None
    meta_needles: list[str] = field(default_factory=lambda: NEEDLES)


def _write(name: str | bytes, content: bytes, day: str = DAY, partner: str = "politie") -> Path:
    base = folder(day, partner)
    path = Path(os.fsdecode(os.path.join(os.fsencode(base), name))) if isinstance(name, bytes) else base / name
    path.write_bytes(content)
    return path


def _outside_file() -> Path:
    outside = TEST_STATE / "outside"
    outside.mkdir(parents=True, exist_ok=True)
    target = outside / "incidenten.csv"
    target.write_bytes(incidents_csv(secret_incidents()))
    return target


def _symlinked_file() -> None:
    (folder() / "incidenten.csv").symlink_to(_outside_file())


def _symlinked_date_folder() -> None:
    target = _outside_file().parent
    (landing_dir() / REGION / "politie").mkdir(parents=True, exist_ok=True)
    (landing_dir() / REGION / "politie" / DAY).symlink_to(target, target_is_directory=True)


def _cap_keeps_file_reason(results: list[dict[str, object]]) -> None:
    report = Path(str(results[0]["report_path"])).read_text(encoding="utf-8")
    assert "rule max_rejected_share" in report.splitlines()[5], "the file-level reason is listed first"


def _outside_untouched(results: list[dict[str, object]]) -> None:
    assert (TEST_STATE / "outside" / "incidenten.csv").is_file(), "the link's target is never moved or read"


def _nul_in_text() -> None:
    bad = ["I-777", "2026-11-02", "GM0014", "drugs", "handel", "", f"{NAME}\x00{BSN}"]
    _write("incidenten.csv", incidents_csv(secret_incidents([bad])))


def _decimal_beyond_numeric() -> None:
    _write("afpakken.csv", afpakken_csv("A-1;;GM0014;03-02-2026;opgelegd;1e999999"), partner="belastingdienst")


def _integer_beyond_bigint() -> None:
    rows = [f"I-{i:03d};1;getuige;;;;;;" for i in range(30)] + ["I-999;99999999999999999999;getuige;;;;;;"]
    _write("betrokkenen.csv", betrokkenen_csv(*rows))


def _header_row_missing() -> None:
    _write("betrokkenen.csv", betrokkenen_csv(PERSON, PERSON.replace("I-001", "I-002"), header=False))


def _file_in_a_subfolder() -> None:
    (folder() / "extra").mkdir()
    _write("extra/incidenten.csv", incidents_csv(secret_incidents()))


def _file_outside_a_date_folder() -> None:
    (folder().parent / "incidenten.csv").write_bytes(incidents_csv(secret_incidents()))


def _too_many_bad_rows_for_the_cap() -> None:
    _write("betrokkenen.csv", betrokkenen_csv(*(f"I-{i:05d};0;getuige;;;;;;" for i in range(12_000))))


def _identifier_in_a_plain_column() -> None:
    rows = incident_rows()
    rows[4][INCIDENT_HEADER.index("incident_soort")] = f"handel, gemeld door {PHONE}"
    rows[6][INCIDENT_HEADER.index("incident_nummer")] = BSN
    _write("incidenten.csv", incidents_csv(rows))


def _crlf_and_quoted_newlines() -> None:
    content = incidents_csv(incident_rows()).replace(b"\n", b"\r\n")
    _write("incidenten.csv", content.replace(b"melding 5", b'"melding\r\nover twee regels"'))


CASES: dict[str, Case] = {
    "nul_character_in_text": Case("politie", _nul_in_text, ["loaded"], {"nul_character"}, 40),
    "decimal_beyond_numeric": Case("belastingdienst", _decimal_beyond_numeric, ["quarantined"], {"decimal_range"}),
    "integer_beyond_bigint": Case("politie", _integer_beyond_bigint, ["loaded"], {"integer_range"}, 30),
    "file_name_not_utf8": Case(
        "politie",
        lambda: _write(b"incidenten\xff\xfe.csv", incidents_csv(secret_incidents())),
        ["quarantined"],
        {"known_extract"},
    ),
    "file_name_too_long_for_a_report": Case(
        "politie",
        lambda: _write("incidenten_" + "x" * 235 + ".csv", incidents_csv(secret_incidents())),
        ["quarantined"],
        {"known_extract"},
    ),
    "header_row_missing": Case("politie", _header_row_missing, ["quarantined"], {"header"}),
    "xlsx_formula_without_value": Case(
        "gemeente",
        lambda: _write("bibob_dossiers.xlsx", xlsx_bytes(_bibob_with_formula), partner="gemeente"),
        ["quarantined"],
        {"xlsx_formula_without_value"},
    ),
    "xlsx_not_a_workbook": Case(
        "gemeente",
        lambda: _write("bibob_dossiers.xlsx", _corrupt_xlsx(), partner="gemeente"),
        ["quarantined"],
        {"readable_file"},
    ),
    "symlink_to_a_file_outside_landing": Case(
        "politie", _symlinked_file, ["quarantined"], {"symlink"}, extra_check=_outside_untouched
    ),
    "symlinked_delivery_folder": Case(
        "politie", _symlinked_date_folder, ["quarantined"], {"symlink"}, extra_check=_outside_untouched
    ),
    "file_in_a_subfolder": Case("politie", _file_in_a_subfolder, ["quarantined"], {"unexpected_folder"}),
    "file_outside_a_date_folder": Case(
        "politie", _file_outside_a_date_folder, ["quarantined"], {"delivery_date_folder"}
    ),
    "named_pipe_in_landing": Case(
        "politie", lambda: os.mkfifo(folder() / "incidenten.csv"), ["quarantined"], {"not_a_file"}
    ),
    "violation_cap_keeps_the_file_reason": Case(
        "politie",
        _too_many_bad_rows_for_the_cap,
        ["quarantined"],
        {"minimum", "max_rejected_share"},
        extra_check=_cap_keeps_file_reason,
    ),
    "identifier_in_a_plain_column": Case(
        "politie", _identifier_in_a_plain_column, ["loaded"], {"identifier_in_plain_column"}, 38
    ),
    "crlf_and_quoted_newlines_are_fine": Case("politie", _crlf_and_quoted_newlines, ["loaded"], set(), 40),
}


def _meta_text(conn: psycopg.Connection) -> str:
    rows = conn.execute(
        "select l::text from meta.load_ledger l union all select v::text from meta.contract_violations v"
    ).fetchall()
    return "\n".join(r[0] for r in rows)


def _reports_text() -> str:
    texts = []
    for path in quarantine_dir().rglob("*"):
        if path.is_file() and path.name.startswith("report"):
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


@pytest.fixture()
def night(clean_warehouse, region_key, monkeypatch):  # type: ignore[no-untyped-def]
    shutil.rmtree(TEST_STATE / "outside", ignore_errors=True)
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    return clean_warehouse


def _run(params, partner: str, run_id: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    summary = nightly.ingest_partner(params, REGION, partner, RUN_DATE, run_id)
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        locks.release_region_lock(conn, REGION, run_id)
    return summary


GOOD_DAYS = ("2026-11-19", "2026-11-20")  # good files of the same night; every bad entry is dated later


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_one_bad_entry_is_one_entry_quarantined_and_never_echoed(case_name: str, night, caplog) -> None:  # type: ignore[no-untyped-def]
    case = CASES[case_name]
    caplog.set_level(logging.DEBUG)
    case.setup()
    # Good files of the same night: another partner's, and another file of the same partner.
    _write("afpakken.csv", afpakken_csv("G-1;;GM0014;03-02-2026;opgelegd;1,00"), GOOD_DAYS[0], "belastingdienst")
    if case.partner == "politie":
        _write("betrokkenen.csv", good_betrokkenen(), GOOD_DAYS[1])
    with psycopg.connect(night.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
    xcom = [_run(night, partner, case_name) for partner in sorted({case.partner, "belastingdienst"})]
    with psycopg.connect(night.conninfo(), autocommit=True) as conn:
        entries = conn.execute(
            """select delivery_date::text, status, rows_loaded, report_path from meta.load_ledger
               where run_id = %s order by delivery_id""",
            (case_name,),
        ).fetchall()
        rules = {
            r[0]
            for r in conn.execute(
                "select rule from meta.contract_violations join meta.load_ledger using (delivery_id) where run_id = %s",
                (case_name,),
            )
        }
        meta = _meta_text(conn)
    good = [e for e in entries if e[0] in GOOD_DAYS]
    bad = [e for e in entries if e[0] not in GOOD_DAYS]
    assert [e[1] for e in good] == ["loaded"] * (1 + (case.partner == "politie")), entries
    assert [e[1] for e in bad] == case.statuses, entries
    assert case.rules <= rules and (case.rules or not rules), rules
    if case.loaded_rows is not None:
        assert sum(e[2] or 0 for e in bad) == case.loaded_rows
    for entry in bad:
        if entry[1] == "quarantined":
            assert entry[3] and Path(entry[3]).exists(), "a quarantined entry has its report"
    if case.extra_check:
        case.extra_check([{"report_path": e[3]} for e in bad])
    spoken = "\n".join([meta, _reports_text(), caplog.text, json.dumps(xcom)])
    leaked = [n for n in case.meta_needles if n in spoken]
    assert leaked == [], f"{case_name}: delivered values in meta, reports, log or XCom: {leaked}"
    assert all(isinstance(v, int | str) for s in xcom for v in s.values()), "XCom carries counts only"


def test_summary_names_the_quarantined_file(night) -> None:  # type: ignore[no-untyped-def]
    _write("incidenten.csv", incidents_csv(secret_incidents()).replace(b"drugs", b"voetbal"))
    run_id = "hostile-summary"
    nightly.begin_night(night, REGION, run_id)
    nightly.ingest_partner(night, REGION, "politie", RUN_DATE, run_id)
    summary = nightly.summarise_run(night, REGION, run_id, RUN_DATE)
    assert [q["file"] for q in summary["quarantined"]] == ["politie/incidenten.csv"]
    assert Path(summary["quarantined"][0]["report"]).read_text(encoding="utf-8").count("max_rejected_share") == 1


@pytest.mark.parametrize(
    ("name", "content", "partner", "verdict"),
    [
        ("incidenten.csv", incidents_csv(incident_rows(40, "GM0935")), "politie", "quarantined"),
        (
            "incidenten.csv",
            incidents_csv([*incident_rows(), incident_rows()[0]]),
            "politie",
            "loads with rejected rows",
        ),  # noqa: E501
        ("incidenten.csv", incidents_csv(incident_rows()), "politie", "loads"),
        ("afpakken.csv", afpakken_csv("A-1;;GM0014;03-02-2026;opgelegd;1e999999"), "belastingdienst", "quarantined"),
    ],
)
def test_validate_extract_runs_the_nights_checks(name, content, partner, verdict, night, capsys) -> None:  # type: ignore[no-untyped-def]
    path = _write(name, content, partner=partner)
    code = main(["validate-extract", str(path), "--partner", partner])
    out = capsys.readouterr().out
    assert f"a night would say {verdict!r}" in out and "checked with the checks a night runs" in out
    assert code == (0 if verdict == "loads" else 1)
    with psycopg.connect(night.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
    run_id = f"validate-{verdict}"
    _run(night, partner, run_id)
    with psycopg.connect(night.conninfo(), autocommit=True) as conn:
        status, rejected = conn.execute(
            "select status, rows_rejected from meta.load_ledger where run_id = %s", (run_id,)
        ).fetchone()
    night_verdict = "quarantined" if status == "quarantined" else ("loads with rejected rows" if rejected else "loads")
    assert night_verdict == verdict


def test_a_second_bad_file_with_the_same_name_keeps_both_attempts(night) -> None:  # type: ignore[no-untyped-def]
    reports = []
    for night_number, amount in enumerate((f"{BSN}x", f"{PHONE}y"), start=1):
        _write("afpakken.csv", afpakken_csv(f"A-1;;GM0014;03-02-2026;opgelegd;{amount}"), partner="belastingdienst")
        with psycopg.connect(night.conninfo(), autocommit=True) as conn:
            ledger.ensure_meta(conn)
        _run(night, "belastingdienst", f"same-name-{night_number}")
        with psycopg.connect(night.conninfo(), autocommit=True) as conn:
            reports.append(conn.execute(
                "select report_path from meta.load_ledger where run_id = %s", (f"same-name-{night_number}",)
            ).fetchone()[0])  # fmt: skip
    folders = [Path(r).parent for r in reports]
    assert len(set(folders)) == 2, "the second attempt never overwrites the first one's evidence"
    contents = [(f / "delivered.csv").read_bytes() for f in folders]
    assert BSN.encode() in contents[0] and PHONE.encode() in contents[1], "each attempt keeps its own file"
    reports_text = " ".join((f / "report.txt").read_text() for f in folders)
    assert BSN not in reports_text and PHONE not in reports_text


def test_the_warehouse_refusing_a_file_quarantines_that_file_only(night) -> None:  # type: ignore[no-untyped-def]
    """A database error raised by a file's COPY (here a trigger that refuses a row, quoting it) is that
    file's failure: it is quarantined without the error's text, and the other files load."""
    _write("incidenten.csv", incidents_csv(secret_incidents()))
    _write("betrokkenen.csv", good_betrokkenen(), GOOD_DAYS[1])
    nightly.prepare(night, REGION)
    with psycopg.connect(night.conninfo(), autocommit=True) as conn:
        conn.execute(
            """create function raw_noord_nederland.refuse() returns trigger language plpgsql as $$
               begin raise exception 'refused %', new.omschrijving; end $$"""
        )
        conn.execute(
            "create trigger refuse before insert on raw_noord_nederland.politie__incidenten "
            "for each row when (new.omschrijving like 'melding over%') execute function raw_noord_nederland.refuse()"
        )
    summary = _run(night, "politie", "refused")
    with psycopg.connect(night.conninfo(), autocommit=True) as conn:
        entries = conn.execute(
            "select file_name, status from meta.load_ledger where run_id = 'refused' order by file_name"
        ).fetchall()
        messages = " ".join(r[0] for r in conn.execute("select message from meta.contract_violations"))
        rules = {r[0] for r in conn.execute("select rule from meta.contract_violations")}
    assert entries == [("betrokkenen.csv", "loaded"), ("incidenten.csv", "quarantined")]
    assert rules == {"warehouse_refused"} and "SQLSTATE P0001" in messages
    assert "melding" not in messages and summary["quarantined"] == 1


@pytest.mark.parametrize("delivered", ["file", "folder"])
def test_quarantine_is_private_to_the_service_user_whatever_the_umask(delivered: str, night, open_umask) -> None:  # type: ignore[no-untyped-def]
    """With umask 000 a partner's file lands 0666; in quarantine it is 0600, with its reports, in 0700 folders."""
    if delivered == "file":
        landed = _write(
            "afpakken.csv", afpakken_csv("A-1;;GM0014;03-02-2026;opgelegd;1e999999"), partner="belastingdienst"
        )
    else:
        _file_in_a_subfolder()
        landed = folder() / "extra" / "incidenten.csv"
    assert file_mode(landed) == 0o666
    with psycopg.connect(night.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
    partner = "belastingdienst" if delivered == "file" else "politie"
    _run(night, partner, f"private-{delivered}")
    with psycopg.connect(night.conninfo(), autocommit=True) as conn:
        (report_path,) = conn.execute(
            "select report_path from meta.load_ledger where run_id = %s and status = 'quarantined'",
            (f"private-{delivered}",),
        ).fetchone()
    attempt = Path(report_path).parent
    assert {p.name for p in attempt.iterdir()} == {
        "report.txt",
        "report.json",
        "delivered.csv" if delivered == "file" else "delivered",
    }
    folders = [attempt, *[p for p in attempt.parents if quarantine_dir() in (p, *p.parents)]]
    assert len(folders) == 5, "quarantine/<region>/<partner>/<date>/delivery-<id>"
    assert {f.relative_to(TEST_STATE).as_posix(): oct(file_mode(f)) for f in folders} == {
        f.relative_to(TEST_STATE).as_posix(): oct(0o700) for f in folders
    }
    assert file_mode(attempt / "report.txt") == file_mode(attempt / "report.json") == 0o600
    if delivered == "file":
        assert file_mode(attempt / "delivered.csv") == 0o600
    else:
        assert file_mode(attempt / "delivered") == 0o700
        assert file_mode(attempt / "delivered" / "incidenten.csv") == 0o600
