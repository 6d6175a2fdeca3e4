"""Bewaartermijnen: purge what is older than its extract's retention period.

For every delivery of a region whose delivery date lies more than the extract's
``bewaartermijn_dagen`` before the reference date, the rows it loaded are deleted from the raw
schema, its landed (or quarantined) file is deleted, and the ledger entry becomes ``purged``.
The ledger entry itself stays (what was processed, when, under which basis) and every purge is
logged in ``meta.retention_log``. Derived marts drop the data at the next dbt build.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import psycopg
from psycopg import sql

from informatiebeeld.config.contracts import load_contracts, raw_schema, raw_table_name
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.ingest.quarantine import attempt_dir
from informatiebeeld.warehouse import ledger, locks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Purge:
    delivery_id: int
    partner: str
    extract: str
    delivery_date: date
    rows_purged: int
    file_deleted: bool


def _delete_file(region: str, partner: str, delivered: date, file_name: str, delivery_id: int) -> bool:
    """The landed file, and the quarantine folder of this delivery's attempt, if they are there."""
    deleted = False
    folder = landing_dir() / region / partner / delivered.isoformat()
    landed = folder / file_name
    if landed.is_file() and not landed.is_symlink():
        landed.unlink()
        deleted = True
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    evidence = attempt_dir(region, partner, delivered, delivery_id)
    if evidence.is_dir():
        shutil.rmtree(evidence)
        deleted = True
    return deleted


def purge_region(conn: psycopg.Connection, region: str, reference_date: date) -> list[Purge]:
    """Purge every delivery of the region that is past its bewaartermijn on ``reference_date``."""
    if not conn.autocommit:
        raise ValueError("purge_region needs an autocommit connection: each delivery is purged in its own transaction")
    ledger.ensure_meta(conn)
    # The region's lock keeps a nightly run from auditing data that is being purged under it.
    with locks.region_lock(conn, region, f"retention:{uuid.uuid4()}", "a bewaartermijn purge"):
        return _purge_expired(conn, region, reference_date)


UNKNOWN_EXTRACT = "(unknown)"  # refused entries: no extract, the partner's shortest bewaartermijn applies


def _purge_expired(conn: psycopg.Connection, region: str, reference_date: date) -> list[Purge]:
    purges: list[Purge] = []
    for partner, contract in sorted(load_contracts().items()):
        terms = [(extract.name, extract.bewaartermijn_dagen) for extract in contract.extracts]
        terms.append((UNKNOWN_EXTRACT, min(days for _, days in terms)))
        for extract_name, days in terms:
            purges += _purge_extract(conn, region, partner, extract_name, days, reference_date)
    return purges


def _purge_extract(
    conn: psycopg.Connection, region: str, partner: str, extract_name: str, days: int, reference_date: date
) -> list[Purge]:
    purges = []
    expired = conn.execute(
        """select delivery_id, delivery_date, file_name from meta.load_ledger
           where region = %s and partner = %s and extract = %s and delivery_date < %s and status <> 'purged'
           order by delivery_id""",
        (region, partner, extract_name, reference_date - timedelta(days=days)),
    ).fetchall()
    name = f"{raw_schema(region)}.{raw_table_name(partner, extract_name)}"
    exists = (
        extract_name != UNKNOWN_EXTRACT and conn.execute("select to_regclass(%s) is not null", (name,)).fetchone()[0]
    )  # type: ignore[index]
    table = sql.Identifier(raw_schema(region), raw_table_name(partner, extract_name))
    for delivery_id, delivered, file_name in expired:
        with conn.transaction():
            rows = 0
            if exists:
                rows = conn.execute(
                    sql.SQL("delete from {} where _delivery_id = %s").format(table), (delivery_id,)
                ).rowcount
            conn.execute("update meta.load_ledger set status = 'purged' where delivery_id = %s", (delivery_id,))
            file_deleted = _delete_file(region, partner, delivered, file_name, delivery_id)
            conn.execute(
                """insert into meta.retention_log
                       (region, partner, extract, delivery_id, delivery_date, bewaartermijn_dagen,
                        rows_purged, file_deleted)
                   values (%s, %s, %s, %s, %s, %s, %s, %s)""",
                (region, partner, extract_name, delivery_id, delivered, days, rows, file_deleted),
            )
        purges.append(Purge(delivery_id, partner, extract_name, delivered, rows, file_deleted))
        log.info(
            "purged delivery %s (%s/%s of %s, past %s days): %s row(s), file deleted: %s",
            delivery_id, partner, extract_name, delivered, days, rows, file_deleted,
        )  # fmt: skip
    return purges
