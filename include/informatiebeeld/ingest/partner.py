"""A night's ingest of one partner for one region, and checking a single file without loading it.

One file's failure is that file's failure: whatever goes wrong with one delivery (its content, its
name, its place in landing, the file system around it, the warehouse refusing its data) ends with
that delivery quarantined under a named rule, and the night goes on with the next one. Only a
warehouse that cannot be reached at all stops the partner's ingest.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime
from pathlib import Path

import psycopg

from informatiebeeld.config.contracts import Extract, PartnerContract, load_contracts, load_regions
from informatiebeeld.ingest import joint
from informatiebeeld.ingest.check import RowTransformer
from informatiebeeld.ingest.discover import NOT_A_DELIVERY, Delivery, discover
from informatiebeeld.ingest.failures import WAREHOUSE_GONE, unexpected
from informatiebeeld.ingest.load import LoadResult, LoadState, NullCopy, judge, load_file, stream_rows
from informatiebeeld.ingest.quarantine import quarantine_file
from informatiebeeld.ingest.read import iter_rows, sha256_of
from informatiebeeld.ingest.violations import RowError, Violation
from informatiebeeld.privacy.keys import PseudonymKey
from informatiebeeld.privacy.scrub import safe_name
from informatiebeeld.warehouse import ledger, locks

log = logging.getLogger(__name__)


def ingest_partner(
    conn: psycopg.Connection,
    region: str,
    partner: str,
    up_to: date,
    key: PseudonymKey,
    run_id: str | None = None,
    root: Path | None = None,
) -> list[LoadResult]:
    """Load every new delivery of one partner for one region; anything that cannot load is
    quarantined with its rule, and the others load."""
    contract = load_contracts()[partner]
    results = []
    with locks.partner_lock(conn, region, partner):
        ledger.require_current_key(conn, region, key)
        ledger.mark_interrupted(conn, region, partner)
        refused = joint.split_joint_deliveries(conn, region, contract, up_to, root)
        for delivery in [*refused, *discover(region, partner, up_to, root)]:
            try:
                results.append(_ingest_one(conn, delivery, contract, key, run_id))
            except WAREHOUSE_GONE:
                raise
            except Exception as error:  # the last safety net: never let one file end the night
                results.append(_refuse(conn, delivery, contract, key, run_id, *unexpected(error)))
    return results


def _ingest_one(
    conn: psycopg.Connection, delivery: Delivery, contract: PartnerContract, key: PseudonymKey, run_id: str | None
) -> LoadResult:
    extract = None if delivery.refused else contract.extract_for_file(delivery.path.name)
    if extract is None and delivery.refused in (None, "known_extract"):
        expected = ", ".join(e.file_name for e in contract.extracts)
        message = f"no extract of partner {contract.partner} has this file name (expected {expected})"
        return _refuse(conn, delivery, contract, key, run_id, "known_extract", message)
    if delivery.refused:
        message = {**NOT_A_DELIVERY, **joint.JOINT_REFUSALS}.get(delivery.refused, "the file could not be handled")
        return _refuse(conn, delivery, contract, key, run_id, delivery.refused, message)
    assert extract is not None
    return load_file(conn, delivery.region, contract, extract, delivery.path, delivery.delivery_date, key, run_id)


def _entry_sha256(path: Path) -> str:
    """The content's sha256 for a regular file; for anything else (never read) the hash of nothing."""
    if path.is_file() and not path.is_symlink():
        try:
            return sha256_of(path)
        except OSError:
            pass
    return hashlib.sha256(b"").hexdigest()


def _refuse(
    conn: psycopg.Connection,
    delivery: Delivery,
    contract: PartnerContract,
    key: PseudonymKey,
    run_id: str | None,
    rule: str,
    message: str,
) -> LoadResult:
    """Record an entry that is not loaded, move it into quarantine with its report."""
    digest = _entry_sha256(delivery.path)
    violation = Violation(str(delivery.path), None, None, rule, message)
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
        conn, delivery.region, contract.partner, "(unknown)", delivery.path, digest, delivery.delivery_date,
        key.version, run_id,
    )  # fmt: skip
    report: Path | None = None
    try:
        report = quarantine_file(
            delivery.path, delivery.region, contract.partner, delivery.delivery_date, delivery_id, [violation], 0
        )
    except OSError as error:  # it stays in landing; the ledger and the log still say why
        log.error("could not move %s into quarantine (%s)", safe_name(delivery.path.name), type(error).__name__)
    ledger.finish(
        conn, delivery_id, "quarantined", 0, 0, 0, report_path=str(report) if report else None,
        violations=[violation], action="file_quarantined",
    )  # fmt: skip
    log.warning("quarantined %s: rule %s", safe_name(delivery.path.name), rule)
    result.delivery_id, result.report_path = delivery_id, str(report) if report else None
    return result


# --- validate-extract: the night's checks on one file, nothing loaded ---------------------------


def _context_from_path(path: Path, partner: str) -> tuple[str | None, date | None]:
    """Region and delivery date when the file sits where landing puts it: <region>/<partner>/<date>/."""
    parts = path.resolve().parts
    if len(parts) >= 4 and parts[-3] == partner and parts[-4] in load_regions():
        try:
            return parts[-4], date.fromisoformat(parts[-2])
        except ValueError:
            return parts[-4], None
    return None, None


def _duplicate_rows(path: Path, extract: Extract, rejected: set[int]) -> list[Violation]:
    """Rows whose primary key repeats an earlier accepted row: what the load removes in SQL."""
    from informatiebeeld.ingest.parse import parse_value

    positions = [[c.name for c in extract.columns].index(name) for name in extract.primary_key]
    seen: set[tuple[object, ...]] = set()
    duplicates = []
    rows = iter_rows(path, extract)
    next(rows, None)  # the header
    for row_number, values in rows:
        if row_number in rejected or len(values) != len(extract.columns):
            continue
        try:
            key = tuple(parse_value(extract.columns[i], values[i], extract) for i in positions)
        except RowError:
            continue
        if key in seen:
            message = "primary key repeats an earlier row of this file"
            duplicates.append(Violation(str(path), row_number, ", ".join(extract.primary_key), "unique_key", message))
        seen.add(key)
    return duplicates


def validate_file(
    path: Path,
    partner: str,
    extract_name: str | None = None,
    region: str | None = None,
    delivery_date: date | None = None,
) -> tuple[LoadState, str, list[str]]:
    """Run on one file exactly the checks a night runs, without loading it.

    Returns the state (rows read, rejected rows, violations), the verdict (``loads``,
    ``loads with rejected rows`` or ``quarantined``) and the checks that could not run because the
    region or delivery date is unknown (pass them, or put the file where landing would)."""
    contract = load_contracts()[partner]
    state = LoadState()
    extract = contract.extract(extract_name) if extract_name else contract.extract_for_file(path.name)
    if extract is None:
        expected = ", ".join(e.file_name for e in contract.extracts)
        state.add([Violation(str(path), None, None, "known_extract", f"expected one of {expected}")])
        return state, "quarantined", []
    found_region, found_date = _context_from_path(path, partner)
    region, delivery_date = region or found_region, delivery_date or found_date
    skipped = []
    if region is None:
        skipped.append("gemeente_in_region (give --region)")
    if delivery_date is None:
        skipped.append("not_after_delivery_date (give --delivery-date)")
    checker_key = PseudonymKey(version="validation-only", secret=b"x" * 32)
    transformer = RowTransformer(extract, checker_key, str(path), region, delivery_date)
    stream_rows(path, extract, transformer, state, NullCopy(), 0, delivery_date or date.today(), datetime.now())
    verdict = judge(state, extract, str(path), lambda: _duplicate_rows(path, extract, state.rejected_rows))
    return state, verdict, skipped
