"""Delivery files exactly as a contract describes them, and byte for byte the same for the same rows.

CSV: the contract's encoding (windows-1252 files end lines with CRLF), delimiter, date format,
decimal separator, list separator and ``ja``/``nee`` booleans. XLSX: real dates, numbers and
booleans, with fixed timestamps in the workbook and the zip. Every value is checked against its
column's enum or list values first, so a producer that drifts from its contract fails loudly.
"""

from __future__ import annotations

import csv
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.packaging.core import DocumentProperties
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.xml.functions import tostring

from informatiebeeld.config.contracts import Column, Extract
from informatiebeeld_demo.common.context import Row

FIXED_TIMESTAMP = datetime(2020, 1, 1)
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


class ContractMismatch(ValueError):
    """The generator produced a value its contract does not allow: update the partner's producer."""


def _check_value(value: object, column: Column, extract: Extract) -> None:
    if column.type == "enum" and value not in (column.values or ()):
        raise ContractMismatch(f"{extract.name}.{column.name}: {value!r} is not one of {column.values}")
    if column.type == "list" and isinstance(value, list):
        unknown = [v for v in value if v not in (column.values or ())]
        if unknown:
            raise ContractMismatch(f"{extract.name}.{column.name}: {unknown} not in {column.values}")


def _csv_text(value: object, extract: Extract) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date):
        return value.strftime(extract.date_format)
    if isinstance(value, Decimal | float):
        text = f"{value:.2f}"
        return text.replace(".", ",") if extract.decimal_separator == "," else text
    if isinstance(value, list | tuple):
        return extract.list_separator.join(str(v) for v in value)
    return str(value)


def _excel_number_format(date_format: str) -> str:
    result = date_format
    for python, excel in (("%d", "dd"), ("%m", "mm"), ("%Y", "yyyy"), ("%y", "yy")):
        result = result.replace(python, excel)
    return result


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: object, extract: Extract) -> WriteOnlyCell | None:
    if value is None:
        return None
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=datetime(value.year, value.month, value.day))
        cell.number_format = _excel_number_format(extract.date_format)
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, list | tuple):
        return WriteOnlyCell(sheet, value=extract.list_separator.join(str(v) for v in value))
    return WriteOnlyCell(sheet, value=value)


def _ordered(row: Row, extract: Extract) -> list[object]:
    values = []
    for column in extract.columns:
        value = row.get(column.name)
        if value is not None:
            _check_value(value, column, extract)
        values.append(value)
    return values


def write_csv(path: Path, extract: Extract, rows: Iterator[Row]) -> None:
    windows = extract.encoding.lower().replace("_", "-") in ("windows-1252", "cp1252")
    with path.open("w", encoding=extract.encoding, newline="", errors="strict") as handle:
        writer = csv.writer(handle, delimiter=extract.delimiter, lineterminator="\r\n" if windows else "\n")
        writer.writerow([c.name for c in extract.columns])
        for row in rows:
            writer.writerow([_csv_text(v, extract) for v in _ordered(row, extract)])


def write_xlsx(path: Path, extract: Extract, rows: Iterator[Row]) -> None:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "informatiebeeld demo"
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    sheet = workbook.create_sheet(title=extract.sheet or extract.name[:31])
    sheet.append([c.name for c in extract.columns])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v, extract) for v in _ordered(row, extract)])
    raw = path.with_name(path.name + ".raw")
    workbook.save(raw)
    try:
        _normalise_zip(raw, path)
    finally:
        raw.unlink()


def _normalise_zip(source: Path, target: Path) -> None:
    """Rewrite a saved workbook with fixed timestamps, so that the same data gives the same bytes.

    openpyxl stamps docProps/core.xml with the save time and zip entries with the wall clock.
    """
    core = DocumentProperties(creator="informatiebeeld demo", created=FIXED_TIMESTAMP, modified=FIXED_TIMESTAMP)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            if info.filename == "docProps/core.xml":
                zout.writestr(entry, tostring(core.to_tree()))
                continue
            with zin.open(info) as src, zout.open(entry, "w") as dst:
                shutil.copyfileobj(src, dst)
