"""The jaarverslag layout: joint RIECs share a column, 0 / gg / nvt stay distinct, footnotes are numbered.

The written files: formula-like text is neutralised (CSV injection), numbers stay numbers, and the
files are private (0600 in a 0700 folder) whatever the umask.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from informatiebeeld.publish import export
from informatiebeeld.publish.export import Cell, build_table, combine
from tests.conftest import file_mode


def _cell(code: str, naam: str, rij: str, value: int | None, status: str, voetnoot: str | None = None) -> Cell:
    volgorde = {"casussen_behandeld": 20, "ingebracht_om": 31}[rij]
    return Cell(
        code, naam, volgorde, rij, rij.replace("_", " "), None if value is None else Decimal(value), status, voetnoot
    )


def test_combine_keeps_zero_gg_and_nvt_apart() -> None:
    zero = _cell("a", "A", "ingebracht_om", 0, "waarde")
    gg = _cell("b", "B", "ingebracht_om", None, "gg")
    nvt = _cell("c", "C", "ingebracht_om", None, "nvt")
    assert combine([zero, gg]) == (Decimal(0), "deels_gg"), "a number lacking a gg part says so"
    assert combine([zero, zero]) == (Decimal(0), "waarde")
    assert combine([gg, nvt]) == (None, "gg")
    assert combine([nvt]) == (None, "nvt")


def test_joint_riec_shares_a_column_and_the_total_adds_up() -> None:
    joint = "Gezamenlijk gerapporteerd als Taskforce-RIEC Brabant-Zeeland"
    cells = [
        _cell("brabant_zeeland", "Taskforce-RIEC Brabant-Zeeland", "casussen_behandeld", 7, "waarde", joint),
        _cell("brabant_zeeland", "Taskforce-RIEC Brabant-Zeeland", "casussen_behandeld", 5, "waarde", joint),
        _cell("limburg", "RIEC Limburg", "casussen_behandeld", 4, "waarde"),
        _cell("brabant_zeeland", "Taskforce-RIEC Brabant-Zeeland", "ingebracht_om", None, "gg"),
        _cell("limburg", "RIEC Limburg", "ingebracht_om", 0, "waarde"),
    ]
    table = build_table(1, cells)
    assert table.header == ["", "RIEC Limburg", "Taskforce-RIEC Brabant-Zeeland", "Landelijk totaal"]
    assert table.rows == [
        ["casussen behandeld", 4, "12 [1]", 16],
        ["ingebracht om", 0, "gg", "0 [2]"],
    ]
    assert table.footnotes == [joint, export.PARTIAL_FOOTNOTE]


def test_a_joint_cell_with_a_gg_half_is_never_a_bare_number() -> None:
    """Brabant-Zeeland 2024: Oost-Brabant counted 5, Zeeland-West-Brabant registered nothing (gg)."""
    joint = "Gezamenlijk gerapporteerd als Taskforce-RIEC Brabant-Zeeland"
    cells = [
        _cell("brabant_zeeland", "Taskforce-RIEC Brabant-Zeeland", "ingebracht_om", 5, "waarde", joint),
        _cell("brabant_zeeland", "Taskforce-RIEC Brabant-Zeeland", "ingebracht_om", None, "gg", joint),
        _cell("limburg", "RIEC Limburg", "ingebracht_om", 3, "waarde"),
    ]
    table = build_table(1, cells)
    assert table.rows == [["ingebracht om", 3, "5 [1] [2]", "8 [2]"]]
    assert table.footnotes[1].startswith("Onvolledig") and "gg" in table.footnotes[1]


def test_a_row_not_registered_separately_is_nag_with_its_footnote() -> None:
    note = "Niet apart geregistreerd: geteld onder witwassen"
    cells = [
        _cell("limburg", "RIEC Limburg", "ingebracht_om", None, "niet_apart", note),
        _cell("rotterdam", "RIEC Rotterdam", "ingebracht_om", 2, "waarde"),
    ]
    table = build_table(1, cells)
    assert table.rows == [["ingebracht om", "nag [1]", 2, "2 [2]"]]
    assert table.footnotes == [note, export.PARTIAL_FOOTNOTE]


HOSTILE = ["=1+1", '=HYPERLINK("http://example.invalid","x")', "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _hostile_cells() -> list[Cell]:
    """A row label and a region name per hostile text, and numbers: negative, zero, negative with a footnote."""
    cells = []
    for i, text in enumerate(HOSTILE):
        cells.append(Cell(f"r{i}", text, i, f"rij{i}", text, Decimal(-5), "waarde", None))
    cells.append(Cell("voet", "RIEC Voet", 99, "voet", "met voetnoot", Decimal(-7), "waarde", "=cmd|' /C calc'!A0"))
    return cells


@pytest.fixture()
def exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_umask: None) -> list[Path]:
    """export_jaarverslag end to end with the warehouse read replaced by hostile mart rows."""
    monkeypatch.setattr(export, "load_cells", lambda params, number, year, schema: _hostile_cells())
    return export.export_jaarverslag(None, 2025, tmp_path / "exports" / "2025")  # type: ignore[arg-type]


def test_formula_like_text_is_neutralised_in_csv(exported: list[Path]) -> None:
    with exported[0].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    written = {value for row in rows for value in row}
    for text in HOSTILE:
        assert "'" + text in written and text not in written, text
    unneutralised = [v for v in written if v.startswith(export.FORMULA_START) and not re.fullmatch(r"-\d+", v)]
    assert unneutralised == ["-7 [1]"], "only numbers start with a minus"
    labels = {row[0]: row[1:] for row in rows[2:] if row}
    assert labels["'=1+1"].count("-5") == 2, "a negative number (and the total) is written as the number"
    assert "-7 [1]" in labels["met voetnoot"], "a footnoted number is digits and a marker, not a formula"
    assert rows[-1] == ["[1] =cmd|' /C calc'!A0"]


def test_formula_like_text_is_never_a_formula_in_xlsx(exported: list[Path]) -> None:
    workbook = openpyxl.load_workbook(exported[-1])
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    # XML reads a carriage return back as a line feed; the cell is the same string cell.
    hostile = [c for c in cells if c.value in HOSTILE or c.value == "\n=1"]
    assert len(hostile) == 2 * 2 * len(HOSTILE), "each text as a row label and as a column header, in both sheets"
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)
    negatives = [c for c in cells if c.value == -5]
    assert negatives and all(c.data_type == "n" and isinstance(c.value, int) for c in negatives)


def test_export_files_are_private_whatever_the_umask(exported: list[Path]) -> None:
    assert [p.name for p in exported] == [
        "jaarverslag_2025_tabel1.csv",
        "jaarverslag_2025_tabel2.csv",
        "jaarverslag_2025.xlsx",
    ]
    for path in exported:
        assert file_mode(path) == 0o600, path
    for folder in (exported[0].parent, exported[0].parent.parent):
        assert file_mode(folder) == 0o700, folder


def test_an_export_over_an_existing_file_makes_it_private(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "tabel.csv"
    path.write_text("old")
    path.chmod(0o644)
    export.write_csv(export.Table("Tabel 1 X", ["", "A"], [["rij", 1]]), path)
    assert file_mode(path) == 0o600
    assert "old" not in path.read_text(encoding="utf-8-sig")
