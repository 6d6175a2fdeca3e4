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
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet_name = extract.sheet or workbook.sheetnames[0]
        if sheet_name not in workbook.sheetnames:
            raise RowError("sheet", f"sheet {sheet_name!r} not found (sheets: {', '.join(workbook.sheetnames)})")
        for number, values in enumerate(workbook[sheet_name].iter_rows(values_only=True), start=1):
            if all(v is None for v in values):
                continue
            yield number, list(values)
    finally:
        workbook.close()


def iter_rows(path: Path, extract: Extract) -> Iterator[tuple[int, list[Any]]]:
    """(row number in the file, raw values) for every row, header included, streaming."""
    if extract.format == "xlsx":
        return _iter_xlsx(path, extract)
    return _iter_csv(path, extract)
