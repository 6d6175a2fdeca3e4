"""A night's ingest of one partner for one region, and checking a single file without loading it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import psycopg

from informatiebeeld.config.contracts import PartnerContract, load_contracts
from informatiebeeld.ingest.check import RowTransformer
from informatiebeeld.ingest.discover import Delivery, discover
from informatiebeeld.ingest.load import LoadResult, LoadState, NullCopy, load_file, stream_rows
from informatiebeeld.ingest.quarantine import quarantine_file
from informatiebeeld.ingest.read import sha256_of
from informatiebeeld.ingest.violations import Violation
from informatiebeeld.privacy.keys import PseudonymKey
from informatiebeeld.warehouse import ledger, locks


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
    with locks.partner_lock(conn, region, partner):
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
    report = quarantine_file(delivery.path, delivery.region, contract.partner, delivery.delivery_date, [violation], 0)
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
    stream_rows(path, extract, transformer, state, NullCopy(), 0, date.today(), datetime.now())
    if state.rows_read == 0 and not state.violations:
        state.add([Violation(str(path), None, None, "not_empty", "the file holds no data rows")])
    return state.rows_read, state.violations
