"""AVG inzage: which deliveries and records of a region concern a person, found by BSN.

The BSN is used only in memory to compute its pseudonym with the region's key; it is never stored
or logged. The request itself is recorded in ``meta.inzage_log`` (who, when, how many records),
without the BSN or its pseudonym.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql
from stdnum.nl import bsn as stdnum_bsn

from informatiebeeld.config.contracts import load_contracts, raw_schema, raw_table_name
from informatiebeeld.privacy.keys import PseudonymKey
from informatiebeeld.privacy.pseudonyms import pseudonymise
from informatiebeeld.warehouse import ledger

PRIVACY_ROLE = "informatiebeeld_privacy"


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


def _bsn_tables(region: str) -> list[tuple[str, str, str]]:
    """(partner, extract, column) of every raw table holding a BSN pseudonym."""
    found = []
    for partner, contract in sorted(load_contracts().items()):
        for extract in contract.extracts:
            for column in extract.columns:
                if column.identifier == "bsn" and column.privacy == "pseudonymise":
                    found.append((partner, extract.name, column.loaded_name or column.name))
    return found


def check_authorised(conn: psycopg.Connection) -> None:
    row = conn.execute(
        """select rolsuper or exists (
               select from pg_roles as target
               where target.rolname = %s and pg_has_role(current_user, target.oid, 'member'))
           from pg_roles where rolname = current_user""",
        (PRIVACY_ROLE,),
    ).fetchone()
    if not row or not row[0]:
        raise NotAuthorised(f"inzage requires membership of role {PRIVACY_ROLE}")


def find(conn: psycopg.Connection, region: str, bsn: str, key: PseudonymKey, requested_by: str) -> list[InzageHit]:
    """Deliveries and record counts in the region's raw data that concern this BSN."""
    if not stdnum_bsn.is_valid(bsn):
        raise ValueError("not a valid BSN (11-proef)")
    check_authorised(conn)
    pseudonym = pseudonymise(key, "bsn", bsn)
    hits: list[InzageHit] = []
    for partner, extract, column in _bsn_tables(region):
        table = sql.Identifier(raw_schema(region), raw_table_name(partner, extract))
        if (
            conn.execute(
                "select to_regclass(%s)", (f"{raw_schema(region)}.{raw_table_name(partner, extract)}",)
            ).fetchone()[0]
            is None
        ):  # noqa: E501
            continue
        rows = conn.execute(
            sql.SQL(
                """select ledger.file_name, ledger.delivery_date::text, ledger.status, count(*)
                   from {table} as record join meta.load_ledger as ledger on ledger.delivery_id = record._delivery_id
                   where record.{column} = %s
                   group by ledger.file_name, ledger.delivery_date, ledger.status
                   order by ledger.delivery_date, ledger.file_name"""
            ).format(table=table, column=sql.Identifier(column)),
            (pseudonym,),
        ).fetchall()
        hits += [InzageHit(partner, extract, *row) for row in rows]
    with conn.transaction():
        ledger.ensure_meta(conn)
        conn.execute(
            "insert into meta.inzage_log (region, requested_by, records_found) values (%s, %s, %s)",
            (region, requested_by, sum(h.records for h in hits)),
        )
    return hits
