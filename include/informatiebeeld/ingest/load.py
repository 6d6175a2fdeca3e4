"""Loading one delivered file with COPY into ``raw_<region>``, in one transaction, with the ledger.

A file loads completely or not at all: its rows are copied inside one transaction that is rolled
back when the file as a whole breaks the contract. A broken file is moved to quarantine with a
report that names file, row, column and rule (values masked). Every delivery is recorded in
``meta.load_ledger``; a file whose sha256 was loaded before for the region is recorded as a
duplicate and not loaded again.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
from psycopg import sql
from psycopg.copy import LibpqWriter

from informatiebeeld.config.contracts import Extract, PartnerContract, raw_schema, raw_table_name
from informatiebeeld.ingest import columnar
from informatiebeeld.ingest.check import RowTransformer
from informatiebeeld.ingest.quarantine import quarantine_file
from informatiebeeld.ingest.read import iter_rows, sha256_of
from informatiebeeld.ingest.violations import MAX_STORED_VIOLATIONS, RowError, Violation
from informatiebeeld.privacy.keys import PseudonymKey, key_check
from informatiebeeld.privacy.scrub import safe_path
from informatiebeeld.warehouse import ledger

log = logging.getLogger(__name__)


METADATA_COLUMNS = [
    ("_delivery_id", "bigint not null"),
    ("_source_row", "integer not null"),
    ("_delivery_date", "date not null"),
    ("_loaded_at", "timestamptz not null"),
]


@dataclass
class LoadResult:
    region: str
    partner: str
    extract: str
    file: str
    sha256: str
    status: str  # loaded | quarantined | duplicate
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    delivery_id: int | None = None
    report_path: str | None = None
    violations: list[Violation] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data["violations"] = [str(v) for v in self.violations[:5]]
        return data


def ensure_raw_table(conn: psycopg.Connection, region: str, partner: str, extract: Extract) -> None:
    schema, table = raw_schema(region), raw_table_name(partner, extract.name)
    conn.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
    columns = [(name, pg_type) for name, pg_type in extract.loaded_columns()] + METADATA_COLUMNS
    definition = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(pg_type)) for name, pg_type in columns
    )
    conn.execute(
        sql.SQL("create table if not exists {}.{} ({})").format(
            sql.Identifier(schema), sql.Identifier(table), definition
        )
    )
    # A contract that gained a column: add it, older deliveries keep null there.
    for name, pg_type in columns:
        conn.execute(
            sql.SQL("alter table {}.{} add column if not exists {} {}").format(
                sql.Identifier(schema),
                sql.Identifier(table),
                sql.Identifier(name),
                sql.SQL(pg_type.replace(" not null", "")),
            )
        )


class _Rollback(Exception):
    """Raised inside the load transaction to undo a file that cannot be loaded."""


@dataclass
class LoadState:
    """What streaming one file found: counts, violations and whether the file as a whole is unusable."""

    rows_read: int = 0
    rows_loaded: int = 0
    rejected_rows: set[int] = field(default_factory=set)
    violations: list[Violation] = field(default_factory=list)
    file_broken: bool = False

    def add(self, violations: list[Violation]) -> None:
        """Keep violations up to the cap; a file-level one (no row) is always kept, it says why."""
        room = MAX_STORED_VIOLATIONS - len(self.violations)
        kept = violations[: max(room, 0)]
        self.violations += kept + [v for v in violations[len(kept) :] if v.row is None]


def stream_rows(
    path: Path,
    extract: Extract,
    transformer: RowTransformer,
    state: LoadState,
    copy: Any,
    delivery_id: int,
    delivery_date: date,
    loaded_at: datetime,
    engine: str = "auto",
) -> None:
    """Stream a file into COPY; bad rows are skipped and recorded, a broken file stops the stream.

    ``engine``: ``columnar`` (CSV only, see columnar.py) or ``row`` (the reference, and XLSX);
    ``auto`` takes the columnar engine wherever it can read the file. Both give the same state
    and the same loaded rows."""
    metadata = (delivery_id, delivery_date, loaded_at)
    args = (path, extract, transformer, state)
    after_writes = False
    if engine != "row" and columnar.supports(extract):
        written = _Written(copy)
        try:
            _read_guarded(path, extract, state, partial(_stream_columnar, *args, written, *metadata))
            return
        except columnar.NeedsRowEngine:
            # A file that does not decode (or that pyarrow refuses): reread from the start with the row
            # engine, which says how it is broken. Rows already sent are rolled back with the broken file.
            state.__init__()  # type: ignore[misc]
            after_writes = written.any
    _read_guarded(
        path, extract, state, partial(_stream_row_engine, *args, NullCopy() if after_writes else copy, *metadata)
    )
    if after_writes and not state.file_broken:
        raise RuntimeError(f"{path}: the columnar engine failed on a file the row engine reads")


class _Written:
    """The COPY of the columnar engine; remembers whether any rows were sent."""

    def __init__(self, copy: Any) -> None:
        self.copy = copy
        self.any = False
        self.null = isinstance(copy, NullCopy)

    def write(self, data: bytes) -> None:
        self.any = True
        self.copy.write(data)


def _read_guarded(path: Path, extract: Extract, state: LoadState, body: Any) -> None:  # noqa: C901
    """Run ``body`` (one engine's read of the file); a file that cannot be read is broken, not the run."""
    try:
        body()
    except columnar.NeedsRowEngine:
        raise
    except UnicodeDecodeError as error:
        message = f"bytes are not valid {extract.encoding} near byte {error.start}"
        state.add([Violation(str(path), state.rows_read + 2, None, "encoding", message)])
        state.file_broken = True
    except csv.Error:
        message = "not valid CSV here: an unbalanced quote, a stray quote or a field beyond 131,072 characters"
        state.add([Violation(str(path), state.rows_read + 2, None, "csv_syntax", message)])
        state.file_broken = True
    except RowError as error:
        state.add([Violation(str(path), None, None, error.rule, str(error))])
        state.file_broken = True
    except Exception as error:  # unreadable workbook and the like: the file is broken, not the run
        if isinstance(error, psycopg.Error):
            raise
        if isinstance(error, pa.ArrowException):
            raise columnar.NeedsRowEngine(type(error).__name__) from error
        # third-party texts (openpyxl, zipfile) may quote the content: keep only the kind of error
        message = f"the file cannot be read as {extract.format.upper()} ({type(error).__name__})"
        state.add([Violation(str(path), None, None, "readable_file", message)])
        state.file_broken = True


def _header(transformer: RowTransformer, state: LoadState, row_number: int, values: list[Any]) -> bool:
    """Check the header row; False when the file is broken by it."""
    header_violations = transformer.check_header(row_number, values)
    if header_violations:
        state.add(header_violations)
        state.file_broken = True
        return False
    return True


def _empty(path: Path, state: LoadState) -> None:
    state.add([Violation(str(path), None, None, "not_empty", "the file is empty")])
    state.file_broken = True


def _stream_row_engine(
    path: Path,
    extract: Extract,
    transformer: RowTransformer,
    state: LoadState,
    copy: Any,
    delivery_id: int,
    delivery_date: date,
    loaded_at: datetime,
) -> None:
    quarantine_on_row = extract.on_error == "quarantine_file"
    header_seen = False
    for row_number, values in iter_rows(path, extract):
        if not header_seen:
            header_seen = True
            if not _header(transformer, state, row_number, values):
                return
            continue
        state.rows_read += 1
        out, violations = transformer.transform(row_number, values)
        if violations:
            state.rejected_rows.add(row_number)
            state.add(violations)
            continue
        if not (quarantine_on_row and state.rejected_rows):
            copy.write_row([*out, delivery_id, row_number, delivery_date, loaded_at])  # type: ignore[misc]
            state.rows_loaded += 1
    if not header_seen:
        _empty(path, state)


def _stream_columnar(
    path: Path,
    extract: Extract,
    transformer: RowTransformer,
    state: LoadState,
    copy: _Written,
    delivery_id: int,
    delivery_date: date,
    loaded_at: datetime,
) -> None:
    quarantine_on_row = extract.on_error == "quarantine_file"
    columnar.return_memory_promptly()
    checker = columnar.ColumnChecker(transformer)
    metadata = None if copy.null else columnar.RowMetadata(delivery_id, delivery_date, loaded_at)
    header_seen = False
    for item in columnar.CsvBatches(path, extract):
        if isinstance(item, tuple):
            header_seen = True
            if not _header(transformer, state, *item):
                return
            continue
        room = MAX_STORED_VIOLATIONS - len(state.violations)
        result = columnar.check_batch(checker, item, transformer.file_label, metadata, room)
        earlier_rejected = bool(state.rejected_rows)
        state.rows_read += len(item.numbers) + len(item.wrong)
        state.rejected_rows.update(result.rejected)
        state.add(result.violations)
        lines, numbers = result.lines, result.numbers
        if quarantine_on_row and (earlier_rejected or result.rejected):
            # Like the row engine: with one bad row the file is quarantined; no rows after it are sent.
            before = numbers < (result.rejected[0] if result.rejected and not earlier_rejected else 0)
            numbers = numbers[before]
            lines = lines.filter(columnar.from_numpy(before)) if lines is not None else None
        state.rows_loaded += len(numbers)
        if lines is not None and len(lines):
            copy.write(columnar.lines_payload(lines))
        del lines, result
        columnar.release_batch_memory()
    if not header_seen:
        _empty(path, state)


def reject_duplicate_keys(
    conn: psycopg.Connection, schema: str, table: str, extract: Extract, delivery_id: int, label: str
) -> list[Violation]:
    """Keep the first row of each primary key within the delivery; later ones are rejected."""
    key_columns = [extract.column(name).loaded_name or name for name in extract.primary_key]
    keys = sql.SQL(", ").join(map(sql.Identifier, key_columns))
    query = sql.SQL(
        """with ranked as (
               select ctid as row_id, row_number() over (partition by {keys} order by _source_row) as occurrence
               from {schema}.{table} where _delivery_id = %s
           )
           delete from {schema}.{table} where ctid in (select row_id from ranked where occurrence > 1)
           returning _source_row"""
    ).format(keys=keys, schema=sql.Identifier(schema), table=sql.Identifier(table))
    rows = sorted(r[0] for r in conn.execute(query, (delivery_id,)))
    column = ", ".join(extract.primary_key)
    message = "primary key repeats an earlier row of this file"
    return [Violation(label, row, column, "unique_key", message) for row in rows]


def _supersede_earlier(
    conn: psycopg.Connection, region: str, partner: str, extract: Extract, delivery_date: date, delivery_id: int
) -> list[int]:
    """A corrected re-delivery replaces the earlier delivery of the same extract and delivery date."""
    earlier = [
        r[0]
        for r in conn.execute(
            """select delivery_id from meta.load_ledger
               where region = %s and partner = %s and extract = %s and delivery_date = %s
                 and status = 'loaded' and delivery_id <> %s""",
            (region, partner, extract.name, delivery_date, delivery_id),
        )
    ]
    if earlier:
        schema, table = raw_schema(region), raw_table_name(partner, extract.name)
        conn.execute(
            sql.SQL("delete from {}.{} where _delivery_id = any(%s)").format(
                sql.Identifier(schema), sql.Identifier(table)
            ),
            (earlier,),
        )
        ledger.supersede(conn, earlier, delivery_id)
        log.info("delivery %s replaces earlier delivery(s) %s of %s/%s", delivery_id, earlier, partner, extract.name)
    return earlier


def load_file(
    conn: psycopg.Connection,
    region: str,
    contract: PartnerContract,
    extract: Extract,
    path: Path,
    delivery_date: date,
    key: PseudonymKey,
    run_id: str | None = None,
) -> LoadResult:
    """Load one delivered file in one transaction: all its good rows, or nothing."""
    if not conn.autocommit:
        raise ValueError("load_file needs an autocommit connection: each file is its own transaction")
    file_label = safe_path(path)
    digest = sha256_of(path)
    result = LoadResult(region, contract.partner, extract.name, file_label, digest, "loaded")
    if ledger.already_loaded(conn, region, digest, delivery_date):
        result.status = "duplicate"
        result.delivery_id = ledger.record_duplicate(
            conn, region, contract.partner, extract.name, path, digest, delivery_date, key.version, run_id
        )
        log.info("%s was loaded before (sha256 %s); not loading it again", file_label, digest[:12])
        return result

    delivery_id = ledger.start(
        conn, region, contract.partner, extract.name, path, digest, delivery_date, key.version, run_id, key_check(key)
    )
    result.delivery_id = delivery_id
    transformer = RowTransformer(extract, key, file_label, region, delivery_date)
    schema, table = raw_schema(region), raw_table_name(contract.partner, extract.name)
    columns = [name for name, _ in extract.loaded_columns()] + [name for name, _ in METADATA_COLUMNS]
    copy_sql = sql.SQL("copy {}.{} ({}) from stdin").format(
        sql.Identifier(schema), sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    state = LoadState()
    try:
        with conn.transaction():
            ensure_raw_table(conn, region, contract.partner, extract)
            loaded_at = conn.execute("select now()").fetchone()[0]  # type: ignore[index]
            # A synchronous writer: the default queued one buffers every batch in memory while COPY catches up.
            with conn.cursor() as cursor, cursor.copy(copy_sql, writer=LibpqWriter(cursor)) as copy:
                stream_rows(path, extract, transformer, state, copy, delivery_id, delivery_date, loaded_at)
            verdict = judge(
                state,
                extract,
                file_label,
                lambda: reject_duplicate_keys(conn, schema, table, extract, delivery_id, file_label),
            )
            if verdict == "quarantined":
                raise _Rollback
            _supersede_earlier(conn, region, contract.partner, extract, delivery_date, delivery_id)
            result.rows_read, result.rows_rejected = state.rows_read, len(state.rejected_rows)
            result.rows_loaded = state.rows_read - result.rows_rejected
            result.violations = state.violations
            ledger.finish(
                conn,
                delivery_id,
                "loaded",
                result.rows_read,
                result.rows_loaded,
                result.rows_rejected,
                violations=state.violations,
                action="row_rejected",
            )
    except _Rollback:
        _quarantine_loaded(conn, result, state, path, delivery_date, delivery_id)
    except (psycopg.OperationalError, psycopg.InterfaceError):
        raise  # the warehouse is gone: no file could load, the caller stops
    except psycopg.Error as error:  # the warehouse refused this file's data; the message may quote it
        message = f"the warehouse refused the file's data ({type(error).__name__}, SQLSTATE {error.sqlstate})"
        state.add([Violation(file_label, None, None, "warehouse_refused", message)])
        _quarantine_loaded(conn, result, state, path, delivery_date, delivery_id)
    except OSError as error:
        message = f"the file could not be read to the end ({type(error).__name__}, errno {error.errno})"
        state.add([Violation(file_label, None, None, "file_system", message)])
        _quarantine_loaded(conn, result, state, path, delivery_date, delivery_id)
    if result.status == "loaded" and result.rows_rejected:
        log.warning("%s: %d of %d row(s) rejected", file_label, result.rows_rejected, result.rows_read)
    return result


def _quarantine_loaded(
    conn: psycopg.Connection, result: LoadResult, state: LoadState, path: Path, delivery_date: date, delivery_id: int
) -> None:
    """The file's transaction was rolled back: nothing of it is loaded; move it into quarantine."""
    result.status = "quarantined"
    result.rows_read, result.rows_loaded, result.rows_rejected = state.rows_read, 0, state.rows_read
    result.violations = state.violations
    report = quarantine_file(
        path, result.region, result.partner, delivery_date, delivery_id, state.violations, state.rows_read
    )
    result.report_path = str(report)
    ledger.finish(
        conn,
        delivery_id,
        "quarantined",
        state.rows_read,
        0,
        state.rows_read,
        report_path=str(report),
        violations=state.violations,
        action="file_quarantined",
    )
    first = next((v for v in state.violations if v.row is None), state.violations[0] if state.violations else None)
    log.warning("quarantined %s: %d violation(s); first: %s", result.file, len(state.violations), first)


def judge(state: LoadState, extract: Extract, label: str, find_duplicates: Callable[[], list[Violation]]) -> str:
    """Decide, after streaming, whether the file loads (perhaps with rejected rows) or is
    quarantined; adds the violations that decide it. ``find_duplicates`` gives the rows whose primary
    key repeats an earlier row (in SQL after COPY for a load, in Python for validate-extract)."""
    if state.file_broken:
        return "quarantined"
    if state.rows_read == 0 and not extract.empty_means_zero:
        state.add([Violation(label, None, None, "not_empty", "the file holds no data rows")])
        return "quarantined"
    duplicates = find_duplicates()
    state.rejected_rows.update(v.row for v in duplicates if v.row is not None)
    state.add(duplicates)
    if state.rejected_rows and extract.on_error == "quarantine_file":
        return "quarantined"
    share = len(state.rejected_rows) / state.rows_read if state.rows_read else 0.0
    if share > extract.max_rejected_share:
        message = (
            f"{len(state.rejected_rows)} of {state.rows_read} rows rejected ({share:.0%}), "
            f"more than the {extract.max_rejected_share:.0%} the contract allows"
        )
        state.add([Violation(label, None, None, "max_rejected_share", message)])
        return "quarantined"
    return "loads with rejected rows" if state.rejected_rows else "loads"


class NullCopy:
    """A COPY that sends nothing: checking a file without loading it."""

    def write_row(self, row: list[Any]) -> None:
        pass

    def write(self, data: bytes) -> None:
        pass
