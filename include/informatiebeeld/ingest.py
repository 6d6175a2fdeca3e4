"""Ingest partner deliveries: stream, check against the contract, pseudonymise, COPY, ledger.

A file loads completely or not at all: its rows are copied inside one transaction that is rolled
back when any row breaks the contract. A broken file is moved to quarantine with a report that
names file, row, column and rule (values masked). Every delivery is recorded in ``meta.load_ledger``;
a file whose sha256 was loaded before for the region is recorded as a duplicate and not loaded again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from informatiebeeld import detect, ledger, privacy, reference
from informatiebeeld.contracts import (
    Column,
    DerivedPseudonym,
    Extract,
    PartnerContract,
    load_contracts,
    raw_schema,
    raw_table_name,
)
from informatiebeeld.keys import PseudonymKey
from informatiebeeld.paths import landing_dir, quarantine_dir

log = logging.getLogger(__name__)

MAX_REPORTED_VIOLATIONS = 100
METADATA_COLUMNS = [
    ("_delivery_id", "bigint not null"),
    ("_source_row", "integer not null"),
    ("_delivery_date", "date not null"),
    ("_loaded_at", "timestamptz not null"),
]
_TRUE = {"ja", "j", "true", "1", "yes", "y", "waar"}
_FALSE = {"nee", "n", "false", "0", "no", "onwaar"}


@dataclass(frozen=True)
class Violation:
    file: str
    row: int | None
    column: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        column = f", column {self.column}" if self.column else ""
        return f"{self.file}: {where}{column}: rule {self.rule}: {self.message}"


class RowError(ValueError):
    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule


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


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- reading ---------------------------------------------------------------------------------


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


# --- parsing one value -----------------------------------------------------------------------


def _parse_decimal(text: str, separator: str) -> Decimal:
    cleaned = text.replace(" ", "")
    if separator == ",":
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", cleaned):
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as error:
        raise RowError("decimal", f"not a number with decimal separator {separator!r}") from error
    if not number.is_finite():
        raise RowError("decimal", "not a finite number")
    return number


def _parse_date(value: Any, date_format: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(str(value).strip(), date_format).date()
    except ValueError as error:
        raise RowError("date_format", f"not a date in format {date_format}") from error


def _parse_typed(column: Column, value: Any, extract: Extract) -> Any:  # noqa: C901 - one branch per type
    kind = column.type
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    if kind in ("string", "text"):
        return text
    if kind == "integer":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if not re.fullmatch(r"-?\d+", text):
            raise RowError("integer", "not a whole number")
        return int(text)
    if kind == "decimal":
        return (
            Decimal(str(value)) if isinstance(value, int | float) else _parse_decimal(text, extract.decimal_separator)
        )
    if kind == "date":
        return _parse_date(value, extract.date_format)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise RowError("boolean", "not ja/nee")
    if kind == "enum":
        if text not in (column.values or ()):
            raise RowError("allowed_values", f"not one of {', '.join(column.values or ())}")
        return text
    if kind in ("list", "thema_list"):
        allowed = reference.thema_codes() if kind == "thema_list" else frozenset(column.values or ())
        items = [item.strip() for item in text.split(extract.list_separator) if item.strip()]
        unknown = [item for item in items if item not in allowed]
        if not items or unknown:
            raise RowError("allowed_values", f"unknown or empty list items {unknown}")
        return extract.list_separator.join(items)
    if kind == "gemeente_code":
        code = text.upper()
        if not re.fullmatch(r"GM\d{4}", code):
            raise RowError("gemeente_code_format", "not a CBS gemeente code GMxxxx")
        if code not in reference.known_gemeente_codes():
            raise RowError("known_gemeente_code", "not a current or merged CBS gemeente code")
        return code
    if kind == "thema_code":
        if text not in reference.thema_codes():
            raise RowError("known_thema_code", "not a thema of ref_themas")
        return text
    if kind == "sbi_code":
        code = text.replace(".", "")
        if not re.fullmatch(r"\d{4,5}", code):
            raise RowError("sbi_code_format", "not an SBI code of 4 or 5 digits")
        return code
    if kind == "postcode":
        try:
            return stdnum_postcode.validate(text)
        except StdnumValidationError as error:
            raise RowError("postcode", "not a valid Dutch postcode") from error
    if kind == "bsn":
        if not stdnum_bsn.is_valid(text):
            raise RowError("bsn_11_proef", "not a valid BSN (11-proef)")
        return stdnum_bsn.compact(text)
    if kind == "iban":
        if not stdnum_iban.is_valid(text):
            raise RowError("iban_checksum", "not a valid IBAN")
        return stdnum_iban.compact(text)
    if kind == "kvk_nummer":
        if not re.fullmatch(r"\d{8}", text):
            raise RowError("kvk_nummer_format", "not a KvK number of 8 digits")
        return text
    if kind == "phone":
        normalised = privacy.normalise_phone(text)
        if normalised is None:
            raise RowError("phone_format", "not a Dutch phone number")
        return normalised
    if kind == "email":
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
            raise RowError("email_format", "not an e-mail address")
        return text.lower()
    raise RowError("type", f"unknown type {kind}")


def parse_value(column: Column, value: Any, extract: Extract) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        if column.required:
            raise RowError("required", "value is required")
        return None
    parsed = _parse_typed(column, value, extract)
    if column.min is not None and isinstance(parsed, int | Decimal) and parsed < column.min:
        raise RowError("minimum", f"below the minimum {column.min:g}")
    return parsed


def protect(column: Column, parsed: Any, key: PseudonymKey) -> Any:
    """Apply the column's privacy rule to a parsed value."""
    if parsed is None:
        return None
    rule = column.privacy
    if rule == "pseudonymise":
        return privacy.pseudonymise(key, column.identifier or column.name, str(parsed))
    if rule == "year":
        return parsed.year
    if rule == "pc4":
        return str(parsed)[:4]
    if rule == "scrub":
        return privacy.scrub_text(str(parsed))
    return parsed


# --- checking and transforming rows ----------------------------------------------------------


class RowTransformer:
    """Turns raw rows of one extract into the values that may land, or violations."""

    def __init__(
        self,
        extract: Extract,
        key: PseudonymKey,
        file_label: str,
        region: str | None = None,
        delivery_date: date | None = None,
    ) -> None:
        self.extract = extract
        self.key = key
        self.file_label = file_label
        self.region = region
        self.delivery_date = delivery_date
        self.expected_header = [c.name for c in extract.columns]

    def _check_context(self, column: Column, parsed: Any) -> None:
        """Rules that need the delivery's region and date."""
        if parsed is None:
            return
        if column.type == "gemeente_code" and self.region and reference.region_of_gemeente(parsed) != self.region:
            raise RowError("gemeente_in_region", f"gemeente is not in region {self.region} (wrong region's folder?)")
        if (
            column.type == "date"
            and not column.future_allowed
            and self.delivery_date is not None
            and parsed > self.delivery_date
        ):
            raise RowError("not_after_delivery_date", f"date lies after the delivery date {self.delivery_date}")

    def _derived_pseudonym(self, derived: DerivedPseudonym, parsed: dict[str, Any]) -> str | None:
        if derived.only_without and parsed.get(derived.only_without) is not None:
            return None
        parts = [parsed[name] for name in derived.from_]
        if any(p is None for p in parts):
            return None
        joined = "|".join(p.isoformat() if isinstance(p, date) else str(p) for p in parts)
        return privacy.pseudonymise(self.key, derived.identifier, joined)

    def check_header(self, row_number: int, header: list[Any]) -> list[Violation]:
        names = [str(h).strip().lower() if h is not None else "" for h in header]
        if names == self.expected_header:
            return []
        missing = [n for n in self.expected_header if n not in names]
        extra = [n for n in names if n not in self.expected_header]
        parts = []
        if missing:
            parts.append(f"missing columns {missing}")
        if extra:
            parts.append(f"unexpected columns {extra}")
        if not parts:
            parts.append(f"columns out of order; expected {self.expected_header}")
        return [Violation(self.file_label, row_number, None, "header", "; ".join(parts))]

    def transform(self, row_number: int, values: list[Any]) -> tuple[list[Any] | None, list[Violation]]:
        if len(values) != len(self.expected_header):
            message = f"has {len(values)} fields, expected {len(self.expected_header)}"
            return None, [Violation(self.file_label, row_number, None, "field_count", message)]
        parsed: dict[str, Any] = {}
        violations: list[Violation] = []
        for column, value in zip(self.extract.columns, values, strict=True):
            try:
                parsed[column.name] = parse_value(column, value, self.extract)
                self._check_context(column, parsed[column.name])
            except RowError as error:
                sensitive = column.identifier or column.type == "text" or detect.contains_identifier(str(value))
                shown = privacy.mask(value) if sensitive else repr(value)[:60]
                violations.append(
                    Violation(self.file_label, row_number, column.name, error.rule, f"{error} (value {shown})")
                )
        if violations:
            return None, violations
        out = [protect(c, parsed[c.name], self.key) for c in self.extract.columns if c.loaded_name]
        for derived in self.extract.derived_pseudonyms:
            out.append(self._derived_pseudonym(derived, parsed))
        return out, []


# --- loading ---------------------------------------------------------------------------------


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


# Violations that make a whole file unusable, whatever the extract's policy.
MAX_STORED_VIOLATIONS = 10_000


def _quarantine(
    path: Path, region: str, partner: str, delivery_date: date, violations: list[Violation], rows_read: int
) -> Path:
    target_dir = quarantine_dir() / region / partner / delivery_date.isoformat()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    shutil.move(str(path), target)
    report = target_dir / f"{path.name}.report.txt"
    lines = [
        f"Quarantined delivery: {path}",
        f"Region {region}, partner {partner}, delivery date {delivery_date}",
        f"Rows read: {rows_read}. Nothing of this file was loaded.",
        f"Contract violations (first {MAX_REPORTED_VIOLATIONS}):",
        *[f"  - {v}" for v in violations[:MAX_REPORTED_VIOLATIONS]],
        "Fix the export and deliver the corrected file again; it will be loaded the next night.",
    ]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (target_dir / f"{path.name}.report.json").write_text(
        json.dumps([asdict(v) for v in violations[:MAX_REPORTED_VIOLATIONS]], indent=2), encoding="utf-8"
    )
    return report


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
        room = MAX_STORED_VIOLATIONS - len(self.violations)
        if room > 0:
            self.violations += violations[:room]


def stream_rows(  # noqa: C901 - one except per way a file can be unreadable
    path: Path,
    extract: Extract,
    transformer: RowTransformer,
    state: LoadState,
    copy: Any,
    delivery_id: int,
    delivery_date: date,
    loaded_at: datetime,
) -> None:
    """Stream a file into COPY; bad rows are skipped and recorded, a broken file stops the stream."""
    quarantine_on_row = extract.on_error == "quarantine_file"
    try:
        header_seen = False
        for row_number, values in iter_rows(path, extract):
            if not header_seen:
                header_seen = True
                header_violations = transformer.check_header(row_number, values)
                if header_violations:
                    state.add(header_violations)
                    state.file_broken = True
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
            state.add([Violation(str(path), None, None, "not_empty", "the file is empty")])
            state.file_broken = True
    except UnicodeDecodeError as error:
        message = f"bytes are not valid {extract.encoding} near byte {error.start}"
        state.add([Violation(str(path), state.rows_read + 2, None, "encoding", message)])
        state.file_broken = True
    except csv.Error as error:
        state.add([Violation(str(path), state.rows_read + 2, None, "csv_syntax", str(error))])
        state.file_broken = True
    except RowError as error:
        state.add([Violation(str(path), None, None, error.rule, str(error))])
        state.file_broken = True
    except Exception as error:  # unreadable workbook and the like: the file is broken, not the run
        if isinstance(error, psycopg.Error):
            raise
        message = f"{type(error).__name__}: {error}"
        state.add([Violation(str(path), None, None, "readable_file", message)])
        state.file_broken = True


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
    file_label = str(path)
    digest = sha256_of(path)
    result = LoadResult(region, contract.partner, extract.name, file_label, digest, "loaded")
    if ledger.already_loaded(conn, region, digest):
        result.status = "duplicate"
        result.delivery_id = ledger.record(conn, result, delivery_date, key.version, run_id)
        log.info("%s was loaded before (sha256 %s); not loading it again", file_label, digest[:12])
        return result

    delivery_id = ledger.start(
        conn, region, contract.partner, extract.name, path, digest, delivery_date, key.version, run_id
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
            with conn.cursor() as cursor, cursor.copy(copy_sql) as copy:
                stream_rows(path, extract, transformer, state, copy, delivery_id, delivery_date, loaded_at)
            _judge(conn, state, extract, schema, table, delivery_id, file_label)
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
        result.status = "quarantined"
        result.rows_read, result.rows_loaded, result.rows_rejected = state.rows_read, 0, state.rows_read
        result.violations = state.violations
        report = _quarantine(path, region, contract.partner, delivery_date, state.violations, state.rows_read)
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
        log.warning(
            "quarantined %s: %d violation(s); first: %s", file_label, len(state.violations), state.violations[0]
        )
    if result.status == "loaded" and result.rows_rejected:
        log.warning("%s: %d of %d row(s) rejected", file_label, result.rows_rejected, result.rows_read)
    return result


def _judge(
    conn: psycopg.Connection,
    state: LoadState,
    extract: Extract,
    schema: str,
    table: str,
    delivery_id: int,
    label: str,
) -> None:
    """Decide, after streaming, whether the file loads (with rejected rows) or is quarantined."""
    if state.file_broken:
        raise _Rollback
    if state.rows_read == 0:
        state.add([Violation(label, None, None, "not_empty", "the file holds no data rows")])
        raise _Rollback
    duplicates = reject_duplicate_keys(conn, schema, table, extract, delivery_id, label)
    state.rejected_rows.update(v.row for v in duplicates if v.row is not None)
    state.add(duplicates)
    if state.rejected_rows and extract.on_error == "quarantine_file":
        raise _Rollback
    share = len(state.rejected_rows) / state.rows_read
    if share > extract.max_rejected_share:
        message = (
            f"{len(state.rejected_rows)} of {state.rows_read} rows rejected ({share:.0%}), "
            f"more than the {extract.max_rejected_share:.0%} the contract allows"
        )
        state.add([Violation(label, None, None, "max_rejected_share", message)])
        raise _Rollback


# --- a night's deliveries --------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    region: str
    partner: str
    delivery_date: date
    path: Path


def discover(region: str, partner: str, up_to: date, root: Path | None = None) -> list[Delivery]:
    """Delivered files of a partner for a region with a delivery date on or before ``up_to``."""
    partner_dir = (root or landing_dir()) / region / partner
    found: list[Delivery] = []
    if not partner_dir.is_dir():
        return found
    for date_dir in sorted(partner_dir.iterdir()):
        try:
            delivered = date.fromisoformat(date_dir.name)
        except ValueError:
            log.warning("ignoring %s: folder name is not a delivery date (YYYY-MM-DD)", date_dir)
            continue
        if delivered > up_to or not date_dir.is_dir():
            continue
        found += [Delivery(region, partner, delivered, f) for f in sorted(date_dir.iterdir()) if f.is_file()]
    return found


def ingest_partner(
    conn: psycopg.Connection,
    region: str,
    partner: str,
    up_to: date,
    key: PseudonymKey,
    run_id: str | None = None,
    root: Path | None = None,
) -> list[LoadResult]:
    """Load every new delivery of one partner for one region; broken files go to quarantine."""
    contract = load_contracts()[partner]
    results = []
    with ledger.partner_lock(conn, region, partner):
        ledger.mark_interrupted(conn, region, partner)
        for delivery in discover(region, partner, up_to, root):
            extract = contract.extract_for_file(delivery.path.name)
            if extract is None:
                results.append(_quarantine_unknown(conn, delivery, contract, key, run_id))
                continue
            results.append(
                load_file(conn, region, contract, extract, delivery.path, delivery.delivery_date, key, run_id)
            )
    return results


def _quarantine_unknown(
    conn: psycopg.Connection,
    delivery: Delivery,
    contract: PartnerContract,
    key: PseudonymKey,
    run_id: str | None,
) -> LoadResult:
    digest = sha256_of(delivery.path)
    expected = ", ".join(e.file_name for e in contract.extracts)
    violation = Violation(
        str(delivery.path),
        None,
        None,
        "known_extract",
        f"no extract of partner {contract.partner} is named {delivery.path.name} (expected {expected})",
    )
    result = LoadResult(
        delivery.region,
        contract.partner,
        "(unknown)",
        str(delivery.path),
        digest,
        "quarantined",
        violations=[violation],
    )
    delivery_id = ledger.start(
        conn,
        delivery.region,
        contract.partner,
        "(unknown)",
        delivery.path,
        digest,
        delivery.delivery_date,
        key.version,
        run_id,
    )
    report = _quarantine(delivery.path, delivery.region, contract.partner, delivery.delivery_date, [violation], 0)
    ledger.finish(
        conn,
        delivery_id,
        "quarantined",
        0,
        0,
        0,
        report_path=str(report),
        violations=[violation],
        action="file_quarantined",
    )
    result.delivery_id, result.report_path = delivery_id, str(report)
    return result


def validate_file(path: Path, partner: str, extract_name: str | None = None) -> tuple[int, list[Violation]]:
    """Check a file against its contract without loading it: (rows read, violations)."""
    contract = load_contracts()[partner]
    extract = contract.extract(extract_name) if extract_name else contract.extract_for_file(path.name)
    if extract is None:
        expected = ", ".join(e.file_name for e in contract.extracts)
        return 0, [Violation(str(path), None, None, "known_extract", f"expected one of {expected}")]
    checker_key = PseudonymKey(version="validation-only", secret=b"x" * 32)
    state = LoadState()
    transformer = RowTransformer(extract, checker_key, str(path))
    stream_rows(path, extract, transformer, state, _NullCopy(), 0, date.today(), datetime.now())
    if state.rows_read == 0 and not state.violations:
        state.add([Violation(str(path), None, None, "not_empty", "the file holds no data rows")])
    return state.rows_read, state.violations


class _NullCopy:
    def write_row(self, row: list[Any]) -> None:
        pass
