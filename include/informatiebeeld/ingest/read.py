"""Reading delivered files: rows as raw values, streamed, header included."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from informatiebeeld.config.contracts import Extract
from informatiebeeld.ingest.violations import RowError


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _iter_csv(path: Path, extract: Extract) -> Iterator[tuple[int, list[Any]]]:
    # utf-8-sig accepts a byte order mark that some exports write.
    encoding = "utf-8-sig" if extract.encoding.lower().replace("_", "-") == "utf-8" else extract.encoding
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=extract.delimiter, strict=True)
        for values in reader:
            yield reader.line_num, values


def _iter_xlsx(path: Path, extract: Extract) -> Iterator[tuple[int, list[Any]]]:
    """Cell values as the workbook last computed them. A formula whose value was never computed
    and saved (a workbook written by a tool, not by a spreadsheet program) has no value to load:
    that is an error, not an empty cell."""
    import openpyxl

    values_book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    formulas_book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        sheet_name = extract.sheet or values_book.sheetnames[0]
        if sheet_name not in values_book.sheetnames:
            count = len(values_book.sheetnames)
            raise RowError("sheet", f"the contract's sheet {sheet_name!r} is not in the workbook ({count} sheet(s))")
        rows = zip(
            values_book[sheet_name].iter_rows(values_only=True),
            formulas_book[sheet_name].iter_rows(values_only=True),
            strict=False,
        )
        for number, (values, formulas) in enumerate(rows, start=1):
            for position, (value, formula) in enumerate(zip(values, formulas, strict=False), start=1):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    raise RowError(
                        "xlsx_formula_without_value",
                        f"row {number}, column {position} holds a formula without a computed value: open and "
                        "save the workbook in a spreadsheet program, or export values, and deliver it again",
                    )
            if all(v is None for v in values):
                continue
            yield number, list(values)
    finally:
        values_book.close()
        formulas_book.close()


def iter_rows(path: Path, extract: Extract) -> Iterator[tuple[int, list[Any]]]:
    """(row number in the file, raw values) for every row, header included, streaming."""
    if extract.format == "xlsx":
        return _iter_xlsx(path, extract)
    return _iter_csv(path, extract)
