"""AVG inzage: which deliveries, records, bookkeeping rows and files of a region concern a person.

The privacy officer gives what the person handed over: a BSN and, where known, name + birth date,
phone number, e-mail address, IBAN, kenteken, address (postcode + huisnummer) or KvK number. Each
is turned into its pseudonym with the region's key in memory and looked up in every raw column that
holds a pseudonym of that kind (the contracts say which), in ``meta`` and, by its clear form, in the
landed and quarantined files of the region. Nothing is created or altered: a member of
``informatiebeeld_privacy`` runs it with the grants that role has. The request is recorded in
``meta.inzage_log`` (who, when, how many records), never the identifiers or their pseudonyms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from informatiebeeld.config import reference
from informatiebeeld.config.contracts import load_contracts, raw_schema, raw_table_name
from informatiebeeld.config.paths import landing_dir, quarantine_dir
from informatiebeeld.privacy.detect import find_identifiers
from informatiebeeld.privacy.keys import PseudonymKey
from informatiebeeld.privacy.normalise import normalise_text
from informatiebeeld.privacy.pseudonyms import normalise_for_pseudonym, pseudonymise
from informatiebeeld.privacy.scrub import safe_path
from informatiebeeld.warehouse import ledger

PRIVACY_ROLE = "informatiebeeld_privacy"

# What the officer may give, and how to type it (the composite kinds join their parts with "|").
ASKED = {
    "bsn": "BSN",
    "name": "achternaam|voornamen|geboortedatum (JJJJ-MM-DD)",
    "phone": "telefoonnummer",
    "email": "e-mailadres",
    "iban": "IBAN",
    "kenteken": "kenteken",
    "address": "postcode|huisnummer",
    "kvk": "KvK-nummer",
}
# Kinds looked up in the files by their clear form; a name or address has no one clear form there.
FOUND_IN_FILES = ("bsn", "phone", "email", "iban", "kenteken", "kvk")
FIELD_SEPARATORS = re.compile(r"[;,\t|]")


class NotAuthorised(PermissionError):
    pass


@dataclass(frozen=True)
class InzageHit:
    partner: str
    extract: str
    file_name: str
    delivery_date: str
    status: str
    records: int
    matched_on: tuple[str, ...]


@dataclass(frozen=True)
class MetaHit:
    table: str
    rows: int


@dataclass(frozen=True)
class FileHit:
    path: str
    lines: int
    matched_on: tuple[str, ...]


@dataclass(frozen=True)
class InzageResult:
    records: list[InzageHit]
    meta: list[MetaHit]
    files: list[FileHit]

    @property
    def record_count(self) -> int:
        return sum(h.records for h in self.records)


Request = list[tuple[str, str]]


def parse_request(lines: Iterable[str]) -> Request:
    """``kind: value`` lines (kinds of ``ASKED``; a kind may come more than once, e.g. two phone
    numbers); a bare line is a BSN. Refuses what cannot be one, without repeating what was typed."""
    request: Request = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        kind, _, value = text.partition(":") if ":" in text else ("bsn", "", text)
        kind, value = kind.strip().lower(), value.strip()
        if kind not in ASKED:
            raise ValueError(f"line {number}: not one of the kinds {', '.join(ASKED)} before the colon")
        _check_value(number, kind, value)
        if (kind, value) not in request:
            request.append((kind, value))
    if not request:
        raise ValueError("nothing to look for: give at least a BSN or another identifier")
    return request


def _check_value(number: int, kind: str, value: str) -> None:
    parts = [p.strip() for p in value.split("|")]
    digits = re.sub(r"\D", "", normalise_text(value))
    valid = {
        "bsn": lambda: stdnum_bsn.is_valid(value),
        "iban": lambda: stdnum_iban.is_valid(value),
        "name": lambda: len(parts) == 3 and all(parts) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", parts[2]) is not None,
        "address": lambda: len(parts) == 2 and stdnum_postcode.is_valid(parts[0]) and bool(parts[1]),
        "phone": lambda: len(digits) >= 9,
        "kvk": lambda: len(digits) == 8,
        "email": lambda: re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value.replace(" ", "")) is not None,
        "kenteken": lambda: len(re.sub(r"[^0-9A-Za-z]", "", value)) == 6,
    }[kind]
    if not valid():
        raise ValueError(f"line {number}: not a valid {kind} ({ASKED[kind]})")


def check_authorised(conn: psycopg.Connection) -> None:
    row = conn.execute(
        """select rolsuper or exists (
               select from pg_roles as target
               where target.rolname = %s and pg_has_role(current_user, target.oid, 'member'))
               or exists (  -- the warehouse's owner (the pipeline login the CLI runs as)
                   select from pg_database
                   where datname = current_database() and pg_has_role(current_user, datdba, 'member'))
           from pg_roles where rolname = current_user""",
        (PRIVACY_ROLE,),
    ).fetchone()
    if not row or not row[0]:
        raise NotAuthorised(f"inzage requires membership of role {PRIVACY_ROLE}")


def _canonical(kind: str, value: str) -> str:
    """The value as the ingest hands it to the pseudonym (composite parts joined with "|")."""
    parts = [p.strip() for p in value.split("|")]
    if kind == "address":
        postcode, number = parts
        return f"{stdnum_postcode.compact(postcode)}|{int(number) if number.isdigit() else number}"
    return "|".join(parts) if kind == "name" else value


def _pseudonym_columns() -> Iterator[tuple[str, str, str, str]]:
    """(partner, extract, raw column, identifier kind) of every column holding a pseudonym."""
    for partner, contract in sorted(load_contracts().items()):
        for extract in contract.extracts:
            for column in extract.columns:
                if column.identifier and column.privacy == "pseudonymise" and column.loaded_name:
                    yield partner, extract.name, column.loaded_name, column.identifier
            for derived in extract.derived_pseudonyms:
                yield partner, extract.name, derived.name, derived.identifier


def _records(conn: psycopg.Connection, region: str, pseudonyms: dict[str, list[str]]) -> list[InzageHit]:
    by_table: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for partner, extract, column, kind in _pseudonym_columns():
        if kind in pseudonyms:
            by_table.setdefault((partner, extract), []).append((column, kind))
    hits = []
    for (partner, extract), columns in sorted(by_table.items()):
        name = f"{raw_schema(region)}.{raw_table_name(partner, extract)}"
        if conn.execute("select to_regclass(%s)", (name,)).fetchone()[0] is None:  # type: ignore[index]
            continue
        # Pseudonyms go as bound parameters, never into the query text (pg_stat_activity, server logs).
        matched = sql.SQL(" or ").join(
            sql.SQL("record.{} = any(%s)").format(sql.Identifier(column)) for column, _ in columns
        )
        kinds = sql.SQL(", ").join(
            sql.SQL("bool_or(record.{} = any(%s))").format(sql.Identifier(column)) for column, _ in columns
        )
        values = [pseudonyms[kind] for _, kind in columns]
        rows = conn.execute(
            sql.SQL(
                """select ledger.file_name, ledger.delivery_date::text, ledger.status, count(*), {kinds}
                   from {table} as record join meta.load_ledger as ledger on ledger.delivery_id = record._delivery_id
                   where {matched}
                   group by ledger.file_name, ledger.delivery_date, ledger.status
                   order by ledger.delivery_date, ledger.file_name"""
            ).format(
                kinds=kinds, table=sql.Identifier(raw_schema(region), raw_table_name(partner, extract)), matched=matched
            ),
            [*values, *values],
        ).fetchall()
        for file_name, delivery_date, status, count, *flags in rows:
            matched_on = tuple(sorted({kind for (_, kind), flag in zip(columns, flags, strict=True) if flag}))
            hits.append(InzageHit(partner, extract, file_name, delivery_date, status, count, matched_on))
    return hits


def _meta(conn: psycopg.Connection, pseudonyms: dict[str, list[str]]) -> list[MetaHit]:
    """Rows of ``meta`` that hold one of the pseudonyms anywhere in their text. The pseudonyms are
    the region's own (its key), so other regions' rows cannot match."""
    tables = conn.execute(
        "select table_name from information_schema.tables where table_schema = 'meta' order by table_name"
    ).fetchall()
    patterns = [f"%{p}%" for values in pseudonyms.values() for p in values]
    hits = []
    for (table,) in tables:
        try:
            with conn.transaction():
                count = conn.execute(
                    sql.SQL("select count(*) from {} as t where t::text like any(%s)").format(
                        sql.Identifier("meta", table)
                    ),
                    (patterns,),
                ).fetchone()[0]  # type: ignore[index]
        except psycopg.errors.InsufficientPrivilege:
            continue
        if count:
            hits.append(MetaHit(f"meta.{table}", count))
    return hits


def _needles(request: Request) -> list[tuple[str, str]]:
    return [(kind, normalise_for_pseudonym(kind, value)) for kind, value in request if kind in FOUND_IN_FILES]


def _quick_form(kind: str, needle: str) -> str:
    """What every written form of the identifier contains once separators are gone (a phone number's
    last nine digits: +31 6..., 06... and 0031 6... all end in them)."""
    compact = re.sub(r"[^0-9a-z@.]", "", needle.lower())
    return compact[-9:] if kind == "phone" else compact


def _line_matches(line: str, needles: list[tuple[str, str]]) -> set[str]:
    """The kinds of the request this line of a file holds, by field or by what the detector finds."""
    folded = normalise_text(line)
    compact = re.sub(r"[^0-9a-z@.]", "", folded.lower())
    candidates = [(k, n) for k, n in needles if _quick_form(k, n) in compact]
    if not candidates:
        return set()
    pieces = [field for field in FIELD_SEPARATORS.split(folded) if field.strip()]
    pieces += [folded[f.start : f.end] for f in find_identifiers(folded)]
    return {kind for kind, needle in candidates if any(normalise_for_pseudonym(kind, p) == needle for p in pieces)}


def _file_lines(path: Path) -> Iterator[str]:
    if path.suffix.lower() == ".xlsx":
        try:
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True, data_only=True)
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    yield ";".join("" if v is None else str(v) for v in row)
            return
        except Exception:  # a broken workbook (it may be why it was quarantined): read its bytes
            pass
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    yield from text.splitlines()


def _files(region: str, request: Request) -> list[FileHit]:
    needles = _needles(request)
    if not needles:
        return []
    hits = []
    # A joint region's deliveries (Brabant-Zeeland until 2024) wait in its own folder until split.
    joint_folders = [landing_dir() / form for form in reference.forms_of_region(region)]
    for root in (landing_dir() / region, quarantine_dir() / region, *joint_folders):
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            if root.parent == quarantine_dir() and path.name in ("report.txt", "report.json"):
                continue  # the quarantine's own reports: positions and shapes, no delivered value
            lines, kinds = 0, set()
            for line in _file_lines(path):
                found = _line_matches(line, needles)
                if found:
                    lines += 1
                    kinds |= found
            if lines:
                hits.append(FileHit(safe_path(path), lines, tuple(sorted(kinds))))
    return hits


def find(conn: psycopg.Connection, region: str, request: Request, key: PseudonymKey, requested_by: str) -> InzageResult:
    """Everything of the region that concerns the person behind ``request`` (see ``parse_request``)."""
    check_authorised(conn)
    if conn.execute("select to_regclass('meta.inzage_log')").fetchone()[0] is None:  # type: ignore[index]
        raise ValueError("the warehouse has no bookkeeping yet (meta): nothing was ever loaded")
    # With a key other than the one the data was pseudonymised with, nothing would match: a false "none".
    ledger.require_current_key(conn, region, key)
    pseudonyms: dict[str, list[str]] = {}
    for kind, value in request:
        pseudonyms.setdefault(kind, []).append(pseudonymise(key, kind, _canonical(kind, value)))
    result = InzageResult(_records(conn, region, pseudonyms), _meta(conn, pseudonyms), _files(region, request))
    with conn.transaction():
        conn.execute(
            "insert into meta.inzage_log (region, requested_by, records_found) values (%s, %s, %s)",
            (region, requested_by, result.record_count),
        )
    return result
