"""The columnar engine for CSV deliveries: whole batches of rows checked and converted column by column.

The row engine (``check.RowTransformer`` over ``read.iter_rows``) is the reference: this engine gives
the same accepted rows, loaded values and violations (rule, row, column, message), only faster.

- Reading. The file is read in blocks cut at a line end and decoded with the contract's encoding.
  A block whose lines are all plain (every field unquoted without a quote character, or quoted
  as a whole on one line; no lone carriage return; no line longer than csv's field limit) is split
  by ``pyarrow.csv`` and its row numbers are its line numbers. Any other block is read by
  ``csv.reader`` itself, exactly as the row engine reads it (a quoted field may span lines and
  blocks). A block that does not decode hands the whole file to the row engine: it is broken, and
  the row engine says how, word for word.
- Checking. A value is converted vectorised only where the result is certain and equal to
  ``parse_value``'s (plain text, simple whole and decimal numbers, well-formed postcodes). Every
  other value goes through the row engine's own ``parse_value``, context check and privacy rule,
  once per **distinct** value; so every violation and its message come from the shared code.
  Free text is scrubbed only where ``scrub_prefilter()`` (a superset of what ``scrub_text`` can act
  on) matches; see ``scrub_prefilter``.
- Writing. Accepted rows go to the file's COPY as text-format lines built with pyarrow, one write
  per batch: memory stays flat, and no raw identifier reaches the database.
"""

from __future__ import annotations

import codecs
import csv
import ctypes
import functools
import io
import math
import re
import sys
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from informatiebeeld.config.contracts import Column, DerivedPseudonym, Extract
from informatiebeeld.ingest.check import RowTransformer, protect, row_error_message
from informatiebeeld.ingest.parse import parse_value
from informatiebeeld.ingest.violations import RowError, Violation
from informatiebeeld.privacy import detect

# Peak memory grows with the block (1M politie rows: 126 MB at 1 MB, 152 MB at 2 MB); with each RE2
# pattern run once per batch over all its columns, 1 MB blocks load as fast as 2 MB ones.
BLOCK_BYTES = 1 << 20
# Encodings in which a newline byte is always a newline (so a block can be cut there) and that
# the engine decodes block by block; any other encoding is read by the row engine.
_BLOCK_SAFE_ENCODINGS = {"utf-8", "utf-8-sig", "cp1252", "iso8859-1", "iso8859-15", "ascii"}


class NeedsRowEngine(Exception):
    """The file must be read by the row engine from its start (it does not decode, for one)."""


@functools.cache
def _libc() -> Any:
    try:
        return ctypes.CDLL("libc.so.6") if sys.platform.startswith("linux") else None
    except OSError:
        return None


@functools.cache
def return_memory_promptly() -> None:
    """Arrow allocates from the C library's heap, which ``release_batch_memory`` trims after every
    batch: a file of any size loads in the memory of one batch. Arrow's default pool (mimalloc)
    keeps what it freed; on a 300k-row politie file the peak RSS was 272 MB with it, 185 MB this
    way, at the same speed. Affects the whole process: the ingest runs in a process (task) of its own."""
    pa.set_memory_pool(pa.system_memory_pool())


def release_batch_memory() -> None:
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


# ---------------------------------------------------------------------------------------------
# The scrub pre-filter: RE2 (pyarrow) regex that matches every text scrub_text could change.


def scrub_prefilter() -> str:
    """The detector's finder guards for RE2 (``detect.guard_pattern``): it matches every
    text in which the detector could find an identifier, so every text scrub_text could change and
    every plain value the identifier check could refuse."""
    return detect.guard_pattern()


# A value that strip() leaves as it is and that holds no NUL: printable ASCII at both ends.
_PLAIN = r"^[!-~](?:[^\x00]*[!-~])?$"


def scrub_needed(texts: pa.Array) -> pa.Array:
    """Boolean per text: could scrub_text change it, or the identifier check refuse it? False is a
    guarantee, True a maybe."""
    return pc.match_substring_regex(texts, scrub_prefilter())


def from_numpy(values: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """A bool or int64 numpy array as an arrow array, zero-copy where it can be (``pa.array`` on
    numpy input imports pandas: 80 MB of memory for nothing)."""
    bitmap = None if valid is None else pa.py_buffer(np.packbits(valid, bitorder="little"))
    if values.dtype == np.bool_:
        bits = pa.py_buffer(np.packbits(values, bitorder="little"))
        return pa.Array.from_buffers(pa.bool_(), len(values), [bitmap, bits])
    data = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(data), [bitmap, pa.py_buffer(data)])


def strings(values: list[str | None]) -> pa.Array:
    """A string array of Python strings (None: null), without ``pa.array`` (which imports pandas)."""
    encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    valid = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    bitmap = None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(
        pa.string(), len(values), [bitmap, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    )


def text_scalar(value: str) -> pa.Scalar:
    """A string scalar without ``pa.scalar`` (which imports pandas); pyarrow.compute turns every
    Python argument into one that way, so the engine passes its constants as these."""
    return strings([value])[0]


@functools.cache
def false_scalar() -> pa.Scalar:
    return from_numpy(np.zeros(1, dtype=bool))[0]


def int_scalar(value: int) -> pa.Scalar:
    return from_numpy(np.array([value], dtype=np.int64))[0]


def to_numpy(values: pa.Array) -> np.ndarray:
    """A bool or integer arrow array without nulls as numpy (``to_numpy`` on bools imports pandas)."""
    if values.null_count:
        raise ValueError("to_numpy needs an array without nulls")
    if pa.types.is_boolean(values.type):
        bits = np.unpackbits(np.frombuffer(values.buffers()[1], dtype=np.uint8), bitorder="little")
        return bits[values.offset : values.offset + len(values)].astype(bool)
    dtype = np.dtype(values.type.to_pandas_dtype())
    return np.frombuffer(values.buffers()[1], dtype=dtype, count=len(values), offset=values.offset * dtype.itemsize)


# ---------------------------------------------------------------------------------------------
# Reading: blocks of lines, records with their row numbers (csv.reader's line_num).


@dataclass
class Batch:
    numbers: np.ndarray  # row number of every record with the contract's field count
    columns: list[pa.Array]  # one string array per contract column
    wrong: list[tuple[int, int]]  # (row number, field count) of records with another field count


def _codec(extract: Extract) -> str:
    # The row engine's choice: utf-8-sig accepts a byte order mark that some exports write.
    encoding = "utf-8-sig" if extract.encoding.lower().replace("_", "-") == "utf-8" else extract.encoding
    return codecs.lookup(encoding).name


def supports(extract: Extract) -> bool:
    try:
        return extract.format == "csv" and _codec(extract) in _BLOCK_SAFE_ENCODINGS
    except LookupError:
        return False


def _raw_blocks(path: Path, block_bytes: int) -> Iterator[bytes]:
    """The file in blocks that end at a newline byte (the last one at the end of the file)."""
    rest = b""
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(block_bytes)
            if not chunk:
                if rest:
                    yield rest
                return
            data = rest + chunk
            cut = data.rfind(b"\n")
            if cut < 0:
                rest = data
                continue
            yield data[: cut + 1]
            rest = data[cut + 1 :]


def _decode(raw: bytes, codec: str, first: bool) -> str:
    if codec == "utf-8-sig":
        if first and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        codec = "utf-8"
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        raise NeedsRowEngine("undecodable bytes") from error


class CsvBatches:
    """Records of one CSV file: the header first (``header()``), then batches of data records."""

    def __init__(self, path: Path, extract: Extract, block_bytes: int | None = None) -> None:
        self.extract = extract
        self.width = len(extract.columns)
        self.codec = _codec(extract)
        self.delimiter = extract.delimiter
        self._blocks = _raw_blocks(path, block_bytes or BLOCK_BYTES)
        self._first = True
        self._line_base = 0  # lines before the current block
        self._pending: deque[str] = deque()  # decoded lines still to be read by csv.reader
        self._header: tuple[int, list[str]] | None = None
        quoted = r'"(?:[^"\r\n]|"")*"'
        field = rf'(?:[^"{re.escape(self.delimiter)}\r\n]*|{quoted})'
        self._clean_line = rf"^{field}(?:{re.escape(self.delimiter)}{field})*\r?\n?$"
        self._quoted = quoted

    def _next_text(self) -> str | None:
        raw = next(self._blocks, None)
        if raw is None:
            return None
        text = _decode(raw, self.codec, self._first)
        self._first = False
        return text

    def __iter__(self) -> Iterator[Batch | tuple[int, list[str]]]:
        """Yields the header as (row number, values) first, then Batch objects."""
        while True:
            text = self._next_text()
            if text is None:
                return
            yield from self._block(text)

    # -- one block -------------------------------------------------------------------------

    def _block(self, text: str) -> Iterator[Batch | tuple[int, list[str]]]:
        data = text.encode("utf-8")
        if not data:
            return  # a byte order mark and nothing else
        lines = self._plain_lines(data)
        if lines is None:
            yield from self._csv_reader_block(text)
            return
        starts, ends = lines
        first = 0
        if self._header is None:
            self._header = (self._line_base + 1, self._csv_reader_one(data[starts[0] : ends[0]].decode("utf-8")))
            yield self._header
            first = 1
        if len(starts) > first:
            yield self._fast_batch(data, starts[first:], ends[first:], self._line_base + 1 + first)
        self._line_base += len(starts)

    def _plain_lines(self, data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(start, end) byte offsets of every line when the block is plain, else None."""
        if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
            return None  # a lone carriage return ends a line for csv.reader
        array = np.frombuffer(data, dtype=np.uint8)
        newlines = np.flatnonzero(array == 10)
        ends = newlines if data.endswith(b"\n") else np.append(newlines, len(data))
        starts = np.concatenate(([0], newlines[: len(ends) - 1] + 1)) if len(ends) else np.array([], dtype=np.int64)
        if len(ends) and int((ends - starts).max()) > csv.field_size_limit():
            return None
        if b'"' in data:
            line_array = pa.StringArray.from_buffers(
                len(starts), pa.py_buffer(np.append(starts, len(data)).astype(np.int32)), pa.py_buffer(data)
            )
            quoted = pc.match_substring(line_array, '"')
            clean = pc.match_substring_regex(pc.filter(line_array, quoted), self._clean_line)
            if not pc.all(clean).as_py():
                return None
        return starts.astype(np.int64), ends.astype(np.int64)

    def _field_counts(self, data: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        contents = ends - starts
        carriage = np.zeros(len(ends), dtype=bool)
        inside = ends > starts
        carriage[inside] = np.frombuffer(data, dtype=np.uint8)[ends[inside] - 1] == 13
        empty = (contents == 0) | ((contents == 1) & carriage)
        if b'"' in data:
            offsets = np.append(starts, ends[-1]).astype(np.int32)
            line_array = pa.StringArray.from_buffers(len(starts), pa.py_buffer(offsets), pa.py_buffer(data))
            unquoted = pc.replace_substring_regex(line_array, self._quoted, "")
            counts = to_numpy(pc.count_substring(unquoted, self.delimiter)) + 1
        else:
            positions = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord(self.delimiter))
            counts = np.searchsorted(positions, ends) - np.searchsorted(positions, starts) + 1
        return np.where(empty, 0, counts).astype(np.int64)

    def _fast_batch(self, data: bytes, starts: np.ndarray, ends: np.ndarray, first_number: int) -> Batch:
        counts = self._field_counts(data, starts, ends)
        numbers = np.arange(first_number, first_number + len(starts), dtype=np.int64)
        good = counts == self.width
        wrong = [(int(n), int(c)) for n, c in zip(numbers[~good], counts[~good], strict=True)]
        # Whole lines, newline included, of the good records only.
        next_starts = np.append(starts[1:], ends[-1] + 1)
        if good.all():
            payload = data[int(starts[0]) : int(next_starts[-1])]
        else:
            keep = np.repeat(good, (np.minimum(next_starts, len(data)) - starts).astype(np.int64))
            payload = np.frombuffer(data, dtype=np.uint8)[int(starts[0]) : int(starts[0]) + len(keep)][keep].tobytes()
        columns = self._parse(payload, int(good.sum()))
        return Batch(numbers[good], columns, wrong)

    def _parse(self, payload: bytes, expected_rows: int) -> list[pa.Array]:
        names = [f"c{i}" for i in range(self.width)]
        if expected_rows == 0:
            return [strings([]) for _ in names]

        def refuse(row: Any) -> str:
            raise NeedsRowEngine("pyarrow and the field counts disagree")  # never expected: see the tests

        table = pa_csv.read_csv(
            pa.py_buffer(payload),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=max(len(payload), 1 << 20)),
            parse_options=pa_csv.ParseOptions(
                delimiter=self.delimiter,
                quote_char='"' if b'"' in payload else False,
                double_quote=True,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
                invalid_row_handler=refuse,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        if table.num_rows != expected_rows:
            raise NeedsRowEngine("pyarrow read another number of rows")  # never expected: see the tests
        return [table.column(i).combine_chunks() for i in range(self.width)]

    # -- csv.reader for blocks that are not plain ------------------------------------------

    def _csv_reader_one(self, line: str) -> list[str]:
        return next(csv.reader(io.StringIO(line, newline=""), delimiter=self.delimiter, strict=True), [])

    def _lines_from(self, text: str) -> Iterator[str]:
        """Lines of this block and, while a record is open at its end, of the next blocks."""
        self._pending = deque(io.StringIO(text, newline=""))
        while True:
            while self._pending:
                yield self._pending.popleft()
            more = self._next_text()
            if more is None:
                return
            self._pending = deque(io.StringIO(more, newline=""))

    def _csv_reader_block(self, text: str) -> Iterator[Batch | tuple[int, list[str]]]:
        lines = _Counted(self._lines_from(text), self)
        reader = csv.reader(lines, delimiter=self.delimiter, strict=True)
        numbers: list[int] = []
        records: list[list[str]] = []
        wrong: list[tuple[int, int]] = []
        try:
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    break
                number = self._line_base + reader.line_num
                if self._header is None:
                    self._header = (number, values)
                    yield self._header
                elif len(values) == self.width:
                    numbers.append(number)
                    records.append(values)
                else:
                    wrong.append((number, len(values)))
                if lines.at_block_end():
                    break
        except csv.Error:
            yield self._slow_batch(numbers, records, wrong)
            raise
        self._line_base += reader.line_num
        yield self._slow_batch(numbers, records, wrong)

    def _slow_batch(self, numbers: list[int], records: list[list[str]], wrong: list[tuple[int, int]]) -> Batch:
        columns = [strings([r[i] for r in records]) for i in range(self.width)]
        return Batch(np.array(numbers, dtype=np.int64), columns, wrong)


class _Counted:
    """The line iterator csv.reader reads; knows when the lines of the current blocks ran out."""

    def __init__(self, lines: Iterator[str], owner: CsvBatches) -> None:
        self._lines = lines
        self._owner = owner

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> str:
        return next(self._lines)

    def at_block_end(self) -> bool:
        return not self._owner._pending


# ---------------------------------------------------------------------------------------------
# Checking: a batch's columns into COPY text or violations.


def _copy_text(value: Any) -> str | None:
    """A protected value as text for COPY (before escaping), as psycopg would write it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _escape(texts: pa.Array) -> pa.Array:
    """COPY text format: backslash, tab, newline and carriage return escaped; null as \\N."""
    if len(texts) and pc.any(pc.match_substring_regex(texts, r"[\\\t\n\r]")).as_py():
        for char, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
            texts = pc.replace_substring(texts, char, escaped)
    return pc.fill_null(texts, text_scalar("\\N"))


@dataclass
class _Pending:
    """One column of a batch between ``prepare`` and ``finish``."""

    column: Column
    size: int
    fast: pa.Array  # bool per row: converted vectorised
    fast_text: pa.Array | None
    positions: np.ndarray  # rows of the other values
    indices: np.ndarray  # per such row, its distinct value's index in ``parsed``
    parsed: list[Any]  # parse_value of each distinct other value (or its RowError)


def _is_scanned(column: Column) -> bool:
    """Is the column's text looked at by the detector: scrubbed, or refused when it holds an identifier?"""
    return column.privacy == "scrub" or (column.type == "string" and column.identifier is None)


def match_columns(arrays: list[pa.Array], pattern: str) -> list[pa.Array]:
    """``match_substring_regex`` of each string array, in one call over all of them."""
    if not arrays:
        return []
    matched = pc.fill_null(pc.match_substring_regex(pa.concat_arrays(arrays), pattern), false_scalar())
    slices, start = [], 0
    for array in arrays:
        slices.append(matched.slice(start, len(array)))
        start += len(array)
    return slices


@dataclass
class _Checked:
    """One column of a batch: COPY text per row (None when dropped) and the rows in error."""

    text: pa.Array | None
    errors: np.ndarray  # bool per row
    error_of: Callable[[int], RowError]  # row index -> its error, only for rows in error


_DECIMAL_PLAIN = {".": r"^-?[0-9]{1,15}(?:\.[0-9]{1,6})?$", ",": r"^-?[0-9]{1,15}(?:,[0-9]{1,6})?$"}


class ColumnChecker:
    """Checks and converts the columns of batches for one extract, with a RowTransformer's rules."""

    def __init__(self, transformer: RowTransformer) -> None:
        self.transformer = transformer
        self.extract = transformer.extract

    def _reference(self, column: Column) -> Callable[[str], Any]:
        """The row engine's conversion of one value: its protected value, or its RowError."""
        return lambda value: self._convert(column, [value])[0]

    def _convert(self, column: Column, values: list[str]) -> list[Any]:
        """The row engine's conversion of each value (its COPY text, or its RowError), running
        for each text only the detector's finders whose guard it matches."""
        parsed = self._parse(column, values)
        return self._protect(column, parsed, self._finders(column, parsed))

    def _parse(self, column: Column, values: list[str]) -> list[Any]:
        parsed: list[Any] = []
        for value in values:
            try:
                parsed.append(parse_value(column, value, self.extract))
            except RowError as error:
                parsed.append(error)
        return parsed

    def _protect(self, column: Column, parsed: list[Any], finders: list[frozenset[str] | None]) -> list[Any]:
        transformer, key = self.transformer, self.transformer.key
        results: list[Any] = []
        for value, hint in zip(parsed, finders, strict=True):
            if isinstance(value, RowError):
                results.append(value)
                continue
            try:
                transformer._check_context(column, value, hint)
            except RowError as error:
                results.append(error)
                continue
            results.append(_copy_text(protect(column, value, key, hint)))
        return results

    @staticmethod
    def _finders(column: Column, parsed: list[Any]) -> list[frozenset[str] | None]:
        """Per parsed value, the finders that could find something in it (None: all of them)."""
        return ColumnChecker._finders_of_columns([(column, parsed)])[0]

    @staticmethod
    def _finders_of_columns(work: list[tuple[Column, list[Any]]]) -> list[list[frozenset[str] | None]]:
        """``_finders`` for several columns, each guard matched once over all their texts."""
        scanned = [_is_scanned(column) and bool(parsed) for column, parsed in work]
        texts = [
            strings([v if isinstance(v, str) else "" for v in parsed])
            for (_, parsed), s in zip(work, scanned, strict=True)
            if s
        ]
        folding = match_columns(texts, detect.folding_guard())
        guards = detect.finder_guards()
        matched = {kind: match_columns(texts, guards[kind]) for kind in detect.FINDER_KINDS}
        hints: list[list[frozenset[str] | None]] = []
        done = 0
        for (_, parsed), is_scanned in zip(work, scanned, strict=True):
            if not is_scanned:
                hints.append([None] * len(parsed))
                continue
            fold, kinds = to_numpy(folding[done]), {kind: to_numpy(matched[kind][done]) for kind in detect.FINDER_KINDS}
            hints.append(
                [
                    None if fold[i] else frozenset(kind for kind in detect.FINDER_KINDS if kinds[kind][i])
                    for i in range(len(parsed))
                ]
            )
            done += 1
        return hints

    def _fast(
        self, column: Column, values: pa.Array, needs_scrub: pa.Array | None = None
    ) -> tuple[pa.Array, pa.Array | None]:
        """(mask of values converted vectorised, their COPY text) - exactly parse_value + protect.
        ``needs_scrub``: ``scrub_needed(values)`` if the caller has it already."""
        plain = pc.match_substring_regex(values, _PLAIN)
        kind, rule = column.type, column.privacy
        none = from_numpy(np.zeros(len(values), dtype=bool))
        if rule == "pseudonymise" or kind not in ("string", "text", "integer", "decimal", "postcode"):
            return none, None
        if kind in ("string", "text"):
            # Free text that scrubbing may change, and plain text that may hold an identifier (which
            # rejects the row), go to the row engine's code; the pre-filter is a superset of both.
            if _is_scanned(column):
                plain = pc.and_(plain, pc.invert(scrub_needed(values) if needs_scrub is None else needs_scrub))
            # normalise_text leaves such a value as it is only when it is already composed (NFC)
            plain = pc.and_(plain, pc.equal(values, pc.utf8_normalize(values, "NFC")))
            return plain, values
        if kind == "integer":
            mask = pc.match_substring_regex(values, r"^-?[0-9]{1,18}$")
            numbers = pc.cast(pc.if_else(mask, values, text_scalar("0")), pa.int64())
            if column.min is not None:
                mask = pc.and_(mask, pc.greater_equal(numbers, int_scalar(math.ceil(column.min))))
            return mask, pc.cast(numbers, pa.string())
        if kind == "decimal":
            mask = pc.match_substring_regex(values, _DECIMAL_PLAIN[self.extract.decimal_separator])
            if column.min is not None:
                if column.min > 0:
                    return none, None
                mask = pc.and_(mask, pc.invert(pc.starts_with(values, "-")))
            return mask, pc.replace_substring(values, ",", ".")
        # postcode, kept as its four digits: stdnum's validate() formats "1234 AB" and refuses SA/SD/SS.
        if rule != "pc4":
            return none, None
        mask = pc.and_(
            pc.match_substring_regex(values, r"^[1-9][0-9]{3} ?[A-Za-z]{2}$"),
            pc.invert(pc.match_substring_regex(values, r"(?i)(?:sa|sd|ss)$")),
        )
        return mask, pc.utf8_slice_codeunits(values, 0, 4)

    def check_columns(self, columns: list[pa.Array]) -> list[_Checked]:
        """``check`` for every column of a batch, running each RE2 pattern once over all the
        columns it applies to: RE2 compiles the pattern on every call (the pre-filter: ~4 ms)."""
        contract_columns = self.extract.columns
        scanned = [
            i
            for i, column in enumerate(contract_columns)
            if _is_scanned(column) and column.type in ("string", "text") and column.privacy != "pseudonymise"
        ]
        needs_scrub = dict(zip(scanned, match_columns([columns[i] for i in scanned], scrub_prefilter()), strict=True))
        pending = [
            self.prepare(column, values, needs_scrub.get(i))
            for i, (column, values) in enumerate(zip(contract_columns, columns, strict=True))
        ]
        finders = self._finders_of_columns([(p.column, p.parsed) for p in pending])
        return [self.finish(p, hints) for p, hints in zip(pending, finders, strict=True)]

    def prepare(self, column: Column, values: pa.Array, needs_scrub: pa.Array | None = None) -> _Pending:
        """The vectorised part of a column's check, and the row engine's parse of each distinct other value."""
        fast, fast_text = self._fast(column, values, needs_scrub)
        slow = pc.invert(fast)
        slow_values = pc.filter(values, slow)
        parsed: list[Any] = []
        positions = np.flatnonzero(to_numpy(slow))
        indices = np.array([], dtype=np.int64)
        if len(slow_values):
            encoded = pc.dictionary_encode(slow_values)
            parsed = self._parse(column, encoded.dictionary.to_pylist())
            indices = to_numpy(encoded.indices)
        return _Pending(column, len(values), fast, fast_text, positions, indices, parsed)

    def finish(self, pending: _Pending, finders: list[frozenset[str] | None]) -> _Checked:
        """The privacy rule on each distinct slow value, and the column's COPY text."""
        column, positions, indices, size = pending.column, pending.positions, pending.indices, pending.size
        results = self._protect(column, pending.parsed, finders)
        failed = np.array([isinstance(r, RowError) for r in results], dtype=bool)
        errors = np.zeros(size, dtype=bool)
        errors[positions] = failed[indices] if len(results) else False
        row_to_slow = np.full(size, -1, dtype=np.int64)
        row_to_slow[positions] = np.arange(len(positions))

        def error_of(row: int) -> RowError:
            return results[indices[row_to_slow[row]]]  # type: ignore[no-any-return]

        text = None
        if column.loaded_name:
            slow_texts = strings([None if isinstance(r, RowError) else r for r in results])
            slow_column = slow_texts.take(from_numpy(indices)) if len(results) else strings([])
            text = self._merge(pending.fast, pending.fast_text, slow_column, positions, size)
        return _Checked(text, errors, error_of)

    @staticmethod
    def _merge(
        fast: pa.Array, fast_text: pa.Array | None, slow_text: pa.Array, positions: np.ndarray, size: int
    ) -> pa.Array:
        if len(positions) == 0:
            return fast_text if fast_text is not None else pa.nulls(size, pa.string())
        if len(positions) == size or fast_text is None:
            spread = np.full(size, -1, dtype=np.int64)
            spread[positions] = np.arange(len(positions))
            return slow_text.take(from_numpy(spread, valid=spread >= 0))
        spread = np.zeros(size, dtype=np.int64)
        spread[positions] = np.arange(len(positions))
        return pc.if_else(fast, fast_text, slow_text.take(from_numpy(spread)))

    def derived(self, derived: DerivedPseudonym, raw: dict[str, pa.Array]) -> pa.Array:
        """A linkage pseudonym per row (rows without violations), once per distinct source values."""
        names = list(dict.fromkeys([*derived.from_, *([derived.only_without] if derived.only_without else [])]))
        joined = pc.binary_join_element_wise(*[raw[n] for n in names], text_scalar("\x00"))  # valid values hold no NUL
        encoded = pc.dictionary_encode(joined)
        columns = {n: self.extract.column(n) for n in names}
        results = []
        for combination in encoded.dictionary.to_pylist():
            values = zip(names, combination.split("\x00"), strict=True)
            parsed = {n: parse_value(columns[n], v, self.extract) for n, v in values}
            results.append(self.transformer._derived_pseudonym(derived, parsed))
        return strings(results).take(encoded.indices)


@dataclass
class BatchResult:
    numbers: np.ndarray  # row numbers of the accepted rows
    lines: pa.Array | None  # their COPY text lines (None when nothing is accepted or asked)
    rejected: list[int]  # row numbers of rejected rows, in order
    violations: list[Violation]


@dataclass(frozen=True)
class RowMetadata:
    """The metadata columns of every loaded row, as COPY text: before and after its row number."""

    delivery_id: int
    delivery_date: date
    loaded_at: datetime

    def after_row(self) -> str:
        return f"{self.delivery_date.isoformat()}\t{self.loaded_at.isoformat()}\n"


def check_batch(
    checker: ColumnChecker, batch: Batch, label: str, metadata: RowMetadata | None, room: int
) -> BatchResult:
    """Check one batch: the accepted rows as COPY lines (not built without ``metadata``), and the
    violations of the rejected rows in row and column order (at most ``room`` column violations)."""
    extract = checker.extract
    width = len(extract.columns)
    checked = checker.check_columns(batch.columns)
    bad = np.zeros(len(batch.numbers), dtype=bool)
    for column_result in checked:
        bad |= column_result.errors
    found: list[tuple[int, int, Violation]] = []
    for number, count in batch.wrong:
        message = f"has {count} fields, expected {width}"
        found.append((number, 0, Violation(label, number, None, "field_count", message)))
    built = 0
    for row in np.flatnonzero(bad):
        number = int(batch.numbers[row])
        for position, (column, column_result) in enumerate(zip(extract.columns, checked, strict=True), start=1):
            if column_result.errors[row] and built < room:
                error = column_result.error_of(int(row))
                message = row_error_message(error, position, width, batch.columns[position - 1][int(row)].as_py())
                found.append((number, position, Violation(label, number, column.name, error.rule, message)))
                built += 1
    found.sort(key=lambda item: (item[0], item[1]))
    rejected = sorted({n for n, _ in batch.wrong} | {int(n) for n in batch.numbers[bad]})
    good = ~bad
    numbers = batch.numbers[good]
    lines = None
    if metadata is not None and len(numbers):
        lines = _copy_lines(checker, batch, checked, good, numbers, metadata)
    return BatchResult(numbers, lines, rejected, [v for _, _, v in found])


def _copy_lines(
    checker: ColumnChecker,
    batch: Batch,
    checked: list[_Checked],
    good: np.ndarray,
    numbers: np.ndarray,
    metadata: RowMetadata,
) -> pa.Array:
    keep = from_numpy(good)
    parts: list[Any] = [_escape(pc.filter(c.text, keep)) for c in checked if c.text is not None]
    if checker.extract.derived_pseudonyms:
        raw = {c.name: pc.filter(v, keep) for c, v in zip(checker.extract.columns, batch.columns, strict=True)}
        null = text_scalar("\\N")
        parts += [pc.fill_null(checker.derived(d, raw), null) for d in checker.extract.derived_pseudonyms]
    delivery = text_scalar(str(metadata.delivery_id))
    parts += [delivery, pc.cast(from_numpy(numbers), pa.string()), text_scalar(metadata.after_row())]
    return pc.binary_join_element_wise(*parts, text_scalar("\t"))


def lines_payload(lines: pa.Array) -> bytes:
    """The bytes of a string array's values back to back: the COPY data of a batch."""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=len(lines) + 1, offset=lines.offset * 4)
    return lines.buffers()[2].to_pybytes()[int(offsets[0]) : int(offsets[-1])]
