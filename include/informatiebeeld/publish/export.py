"""Export of the jaarverslag tables (Tabel 1 Operationele resultaten, Tabel 2 Afpakken) as CSV and XLSX.

Reads the published marts ``jaarverslag_tabel1`` and ``jaarverslag_tabel2`` (by default from the
national schema ``liec_published``, the union of the regions' published marts) and writes them in the
layout of the annual report: one row per jaarverslag row, one column per RIEC as it reported that
year, and a national total. Regions that reported jointly that year (Taskforce-RIEC Brabant-Zeeland)
share one column. A cell is a number, ``gg`` (geen gegevens) or ``nvt`` (niet van toepassing), with a
footnote marker such as ``[1]`` when the mart gives a voetnoot; the footnotes follow the table.

A text cell that a spreadsheet would take for a formula (it starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return: CSV injection) is neutralised: in CSV it gets a leading ``'``, in XLSX it is
written as a string cell with Excel's quote prefix, never as a formula. Numbers, negative ones too,
stay numbers. The files are private to the service user (folder 0700, files 0600).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from informatiebeeld.config.private import open_private, private_dir
from informatiebeeld.warehouse.connection import ConnectionParams, connect
from informatiebeeld.warehouse.roles import NATIONAL_SCHEMA

TOTAL_LABEL = "Landelijk totaal"
PARTIAL_FOOTNOTE = (
    "Onvolledig: niet alle regio's in deze kolom leverden gegevens (gg of niet apart geregistreerd); "
    "het getal telt alleen de regio's met gegevens"
)
# How a status without a number is written in the table; its footnote says why.
SHOWN_AS = {"niet_apart": "nag"}
TABLES = {
    1: ("jaarverslag_tabel1", "waarde", "Tabel 1 Operationele resultaten"),
    2: ("jaarverslag_tabel2", "bedrag_eur", "Tabel 2 Afpakken"),
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What _render writes for a footnoted number, such as "-5 [1]": digits and markers, nothing to call.
_RENDERED_NUMBER = re.compile(r"-?\d+(\.\d+)?(e[+-]?\d+)?( \[\d+\])+")


def formula_like(value: Any) -> bool:
    """A text a spreadsheet program would evaluate as a formula (OWASP CSV injection)."""
    return isinstance(value, str) and value.startswith(FORMULA_START) and not _RENDERED_NUMBER.fullmatch(value)


def neutralise(value: Any) -> Any:
    """The OWASP way for CSV: a leading single quote makes a formula-like text plain text."""
    return "'" + value if formula_like(value) else value


@dataclass(frozen=True)
class Cell:
    """One mart row: a region's value for one jaarverslag row."""

    rapportage_regio_code: str
    rapportage_regio_naam: str
    rij_volgorde: int
    rij_code: str
    rij_omschrijving: str
    value: Decimal | None
    status: str
    voetnoot: str | None


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]
    footnotes: list[str] = field(default_factory=list)


def combine(cells: Sequence[Cell]) -> tuple[Decimal | None, str]:
    """Value and status of several regions' cells taken together (a joint RIEC or the national total).

    The numbers add up. Where some parts have a number and others are ``gg``, the sum is
    ``deels_gg``: a number that lacks those parts, shown with a footnote, never as a bare number. A
    cell with no number at all stays ``gg`` when any part is gg, else ``nvt``.
    """
    values = [c.value for c in cells if c.status == "waarde" and c.value is not None]
    if values:
        partial = any(c.status in ("gg", "niet_apart") for c in cells)
        return sum(values, Decimal(0)), "deels_gg" if partial else "waarde"
    for status in ("gg", "niet_apart"):
        if any(c.status == status for c in cells):
            return None, status
    return None, "nvt"


def _render(value: Decimal | None, status: str, markers: Iterable[int]) -> Any:
    marks = "".join(f" [{m}]" for m in sorted(set(markers)))
    if status not in ("waarde", "deels_gg") or value is None:
        return SHOWN_AS.get(status, status) + marks
    number: Any = int(value) if value == value.to_integral_value() else float(value)
    return f"{number}{marks}" if marks else number


def build_table(number: int, cells: Sequence[Cell]) -> Table:
    """The annual report's layout: rows in jaarverslag order, a column per reporting RIEC, then the total."""
    _, _, title = TABLES[number]
    columns = sorted({(c.rapportage_regio_naam, c.rapportage_regio_code) for c in cells})
    rows = sorted({(c.rij_volgorde, c.rij_code, c.rij_omschrijving) for c in cells})
    footnotes: list[str] = []

    def marker(text: str | None) -> list[int]:
        if not text:
            return []
        if text not in footnotes:
            footnotes.append(text)
        return [footnotes.index(text) + 1]

    body: list[list[Any]] = []
    for _, rij_code, omschrijving in rows:
        line: list[Any] = [omschrijving]
        in_row = [c for c in cells if c.rij_code == rij_code]
        for _, code in columns:
            parts = [c for c in in_row if c.rapportage_regio_code == code]
            value, status = combine(parts)
            marks = [m for c in parts for m in marker(c.voetnoot)]
            marks += marker(PARTIAL_FOOTNOTE) if status == "deels_gg" else []
            line.append(_render(value, status, marks))
        value, status = combine(in_row)
        line.append(_render(value, status, marker(PARTIAL_FOOTNOTE) if status == "deels_gg" else []))
        body.append(line)
    header = ["", *(naam for naam, _ in columns), TOTAL_LABEL]
    return Table(title=title, header=header, rows=body, footnotes=footnotes)


def load_cells(params: ConnectionParams, number: int, year: int, schema: str = NATIONAL_SCHEMA) -> list[Cell]:
    table, value_column, _ = TABLES[number]
    query = sql.SQL(
        "select rapportage_regio_code, rapportage_regio_naam, rij_volgorde, rij_code, rij_omschrijving, "
        "{value}, status, voetnoot from {schema}.{table} where jaar = %s and rapportage_regio_code is not null"
    ).format(value=sql.Identifier(value_column), schema=sql.Identifier(schema), table=sql.Identifier(table))
    with connect(params) as conn:
        try:
            rows = conn.execute(query, (year,)).fetchall()
        except (psycopg.errors.UndefinedTable, psycopg.errors.InvalidSchemaName) as error:
            raise ValueError(
                f"{schema}.{table} does not exist: run the national DAG (informatiebeeld_liec_nationaal) first"
            ) from error
    return [Cell(*row) for row in rows]


def write_csv(table: Table, path: Path) -> Path:
    """Semicolon-separated, UTF-8 with BOM: opens as a table in Dutch Excel."""
    lines: list[list[Any]] = [[table.title], table.header, *table.rows]
    if table.footnotes:
        lines.append([])
        lines.extend([f"[{n}] {text}"] for n, text in enumerate(table.footnotes, start=1))
    with open_private(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerows([neutralise(value) for value in line] for line in lines)
    return path


def write_xlsx(tables: Sequence[Table], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = workbook.create_sheet(table.title.split(" ", 2)[0] + " " + table.title.split(" ", 2)[1])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        for line in sheet.iter_rows(min_row=3, min_col=2):
            for cell in line:
                if isinstance(cell.value, int | float):
                    cell.number_format = "#,##0"
        if table.footnotes:
            sheet.append([])
            for n, text in enumerate(table.footnotes, start=1):
                sheet.append([f"[{n}] {text}"])
        sheet.column_dimensions["A"].width = 48
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl takes a text starting with "=" for a formula
                    cell.quotePrefix = formula_like(cell.value)
    with open_private(path, "wb") as handle:
        workbook.save(handle)
    return path


def export_jaarverslag(params: ConnectionParams, year: int, out_dir: Path, schema: str = NATIONAL_SCHEMA) -> list[Path]:
    """Write Tabel 1 and Tabel 2 of ``year`` as CSV (one file each) and as one XLSX workbook."""
    tables = []
    for number in TABLES:
        cells = load_cells(params, number, year, schema)
        if not cells:
            raise ValueError(f"{schema}.{TABLES[number][0]} has no figures for {year}: is the year published?")
        tables.append(build_table(number, cells))
    private_dir(out_dir)
    paths = [
        write_csv(table, out_dir / f"jaarverslag_{year}_tabel{n}.csv") for n, table in zip(TABLES, tables, strict=True)
    ]
    paths.append(write_xlsx(tables, out_dir / f"jaarverslag_{year}.xlsx"))
    return paths
