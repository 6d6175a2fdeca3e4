"""Bewaartermijnen: purge what is older than its extract's retention period.

For every delivery of a region whose delivery date lies more than the extract's
``bewaartermijn_dagen`` before the reference date, the rows it loaded are deleted from the raw
schema, its landed (or quarantined) file is deleted, and the ledger entry becomes ``purged``.
The ledger entry itself stays (what was processed, when, under which basis) and every purge is
logged in ``meta.retention_log``. Derived marts drop the data at the next dbt build.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import psycopg
from psycopg import sql

from informatiebeeld.config.contracts import load_contracts, raw_schema, raw_table_name
from informatiebeeld.config.paths import landing_dir, quarantine_dir
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


def _delete_file(region: str, partner: str, delivered: date, file_name: str) -> bool:
    deleted = False
    for root in (landing_dir(), quarantine_dir()):
        folder = root / region / partner / delivered.isoformat()
        for path in (folder / file_name, folder / f"{file_name}.report.txt", folder / f"{file_name}.report.json"):
            if path.is_file():
                path.unlink()
                deleted = True
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return deleted


def purge_region(conn: psycopg.Connection, region: str, reference_date: date) -> list[Purge]:
    """Purge every delivery of the region that is past its bewaartermijn on ``reference_date``."""
    if not conn.autocommit:
        raise ValueError("purge_region needs an autocommit connection: each delivery is purged in its own transaction")
    ledger.ensure_meta(conn)
    # The region's lock keeps a nightly run from auditing data that is being purged under it.
    with locks.region_lock(conn, region, f"retention:{uuid.uuid4()}", "a bewaartermijn purge"):
        return _purge_expired(conn, region, reference_date)


def _purge_expired(conn: psycopg.Connection, region: str, reference_date: date) -> list[Purge]:
    purges: list[Purge] = []
    for partner, contract in sorted(load_contracts().items()):
        for extract in contract.extracts:
            cutoff = reference_date - timedelta(days=extract.bewaartermijn_dagen)
            expired = conn.execute(
                """select delivery_id, delivery_date, file_name, status from meta.load_ledger
                   where region = %s and partner = %s and extract = %s and delivery_date < %s and status <> 'purged'
                   order by delivery_id""",
                (region, partner, extract.name, cutoff),
            ).fetchall()
            table = sql.Identifier(raw_schema(region), raw_table_name(partner, extract.name))
            table_exists = conn.execute(
                "select to_regclass(%s) is not null", (f"{raw_schema(region)}.{raw_table_name(partner, extract.name)}",)
            ).fetchone()[0]  # type: ignore[index]
            for delivery_id, delivered, file_name, _status in expired:
                with conn.transaction():
                    rows = 0
                    if table_exists:
                        rows = conn.execute(
                            sql.SQL("delete from {} where _delivery_id = %s").format(table), (delivery_id,)
                        ).rowcount
                    conn.execute("update meta.load_ledger set status = 'purged' where delivery_id = %s", (delivery_id,))
                    file_deleted = _delete_file(region, partner, delivered, file_name)
                    conn.execute(
                        """insert into meta.retention_log
                               (region, partner, extract, delivery_id, delivery_date, bewaartermijn_dagen,
                                rows_purged, file_deleted)
                           values (%s, %s, %s, %s, %s, %s, %s, %s)""",
                        (region, partner, extract.name, delivery_id, delivered, extract.bewaartermijn_dagen, rows,
                         file_deleted),
                    )  # fmt: skip
                purges.append(Purge(delivery_id, partner, extract.name, delivered, rows, file_deleted))
                log.info(
                    "purged delivery %s (%s/%s of %s, past %s days): %s row(s), file deleted: %s",
                    delivery_id, partner, extract.name, delivered, extract.bewaartermijn_dagen, rows, file_deleted,
                )  # fmt: skip
    return purges
