"""Write-audit-publish: copy gated marts into the region's published schema in one transaction.

Analysts read only ``<region>_published`` (and the LIEC ``liec_published``). Each publish
builds new tables and swaps them in within one transaction, so readers see either the previous
version or the new one, never a mix; when the gate fails nothing here runs.
"""

from __future__ import annotations

import logging
from datetime import date

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from informatiebeeld.config.contracts import load_regions
from informatiebeeld.config.publication import load_publication_config, published_marts
from informatiebeeld.publish.disclosure import suppress_table
from informatiebeeld.publish.freshness import partner_freshness
from informatiebeeld.warehouse import ledger, roles
from informatiebeeld.warehouse.connection import ConnectionParams, connect

log = logging.getLogger(__name__)


def published_schema(region: str) -> str:
    return f"{region}_published"


def _swap_in(conn: psycopg.Connection, schema: str, table: str, select: sql.Composable) -> int:
    staged = f"{table}__new"
    conn.execute(sql.SQL("drop table if exists {}.{}").format(sql.Identifier(schema), sql.Identifier(staged)))
    conn.execute(sql.SQL("create table {}.{} as {}").format(sql.Identifier(schema), sql.Identifier(staged), select))
    conn.execute(sql.SQL("drop table if exists {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
    conn.execute(
        sql.SQL("alter table {}.{} rename to {}").format(
            sql.Identifier(schema), sql.Identifier(staged), sql.Identifier(table)
        )
    )
    row = conn.execute(
        sql.SQL("select count(*) from {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
    ).fetchone()
    return int(row[0])  # type: ignore[index]


def _freshness_select(rows: list[dict[str, object]]) -> sql.Composable:
    """partner_actualiteit: how current each partner's data in this beeld is."""
    values = sql.SQL(", ").join(
        sql.SQL("({}, {}, {}, {}::date, {}::integer, {}::integer, {}::boolean)").format(
            *(sql.Literal(row[k]) for k in FRESHNESS_COLUMNS)
        )
        for row in rows
    )
    names = sql.SQL(", ").join(map(sql.Identifier, FRESHNESS_COLUMNS))
    return sql.SQL("select * from (values {}) as actualiteit ({})").format(values, names)


FRESHNESS_COLUMNS = (
    "partner_code", "extract", "cadans", "laatste_levering", "dagen_oud", "max_dagen_oud", "is_verouderd",
)  # fmt: skip


def candidate_schema(region: str) -> str:
    return f"{region}_candidate"


def _build_candidates(conn: psycopg.Connection, region: str, run_date: date | None) -> dict[str, int]:
    """Suppressed copies of the marts in ``<region>_candidate``; not readable by analysts."""
    source, candidate = f"{region}_marts", candidate_schema(region)
    threshold = load_regions()[region].suppressie_drempel
    rules = load_publication_config().marts
    suppressed: dict[str, int] = {}
    conn.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(candidate)))
    conn.execute(sql.SQL("create schema {}").format(sql.Identifier(candidate)))
    for mart in published_marts():
        conn.execute(
            sql.SQL("create table {} as select * from {}").format(
                sql.Identifier(candidate, mart), sql.Identifier(source, mart)
            )
        )
        if mart in rules:
            suppressed[mart] = suppress_table(conn, candidate, mart, rules[mart], threshold)
    if run_date is not None:
        select = _freshness_select(partner_freshness(conn, region, run_date))
        conn.execute(sql.SQL("create table {} as {}").format(sql.Identifier(candidate, "partner_actualiteit"), select))
    return suppressed


def publish_region(params: ConnectionParams, region: str, run_id: str, run_date: date | None = None) -> dict[str, int]:
    """Write-audit-publish: suppressed candidates, the disclosure gate, then one swap into
    ``<region>_published``. Returns the published row counts."""
    from informatiebeeld.publish.gate import run_disclosure_gate

    candidate, target = candidate_schema(region), published_schema(region)
    lock = f"informatiebeeld.publish.{region}"
    with connect(params) as conn:
        ledger.ensure_meta(conn)
        with conn.transaction():
            conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (lock,))
            suppressed = _build_candidates(conn, region, run_date)
    run_disclosure_gate(params, region, run_id, candidate, load_regions()[region].suppressie_drempel)
    counts: dict[str, int] = {}
    with connect(params) as conn, conn.transaction():
        conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (lock,))
        conn.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(target)))
        tables = [
            r[0]
            for r in conn.execute(
                "select table_name from information_schema.tables where table_schema = %s order by table_name",
                (candidate,),
            )
        ]
        for table in tables:
            select = sql.SQL("select * from {}").format(sql.Identifier(candidate, table))
            counts[table] = _swap_in(conn, target, table, select)
        conn.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(candidate)))
        roles.apply_region_grants(conn, region)
        conn.execute(
            "insert into meta.publications (region, run_id, tables) values (%s, %s, %s)",
            (region, run_id, Jsonb({**counts, "suppressed_cells": suppressed})),
        )
    log.info("published %s: %s (suppressed cells: %s)", target, counts, suppressed)
    return counts


def publish_national(params: ConnectionParams, run_id: str) -> dict[str, int]:
    """LIEC picture: the union of every region's published marts, nothing else."""
    counts: dict[str, int] = {}
    with connect(params) as conn:
        ledger.ensure_meta(conn)
        existing = {
            r[0]
            for r in conn.execute(
                "select table_schema || '.' || table_name from information_schema.tables where table_schema like %s",
                ("%\\_published",),
            )
        }
        with conn.transaction():
            conn.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(roles.NATIONAL_SCHEMA)))
            for mart in published_marts():
                parts = [
                    sql.SQL("select * from {}.{}").format(sql.Identifier(published_schema(r)), sql.Identifier(mart))
                    for r in sorted(load_regions())
                    if f"{published_schema(r)}.{mart}" in existing
                ]
                if not parts:
                    continue
                counts[mart] = _swap_in(conn, roles.NATIONAL_SCHEMA, mart, sql.SQL(" union all ").join(parts))
            roles.apply_national_grants(conn)
            conn.execute(
                "insert into meta.publications (region, run_id, tables) values (%s, %s, %s)",
                ("liec", run_id, Jsonb(counts)),
            )
    return counts


def published_counts(params: ConnectionParams) -> dict[str, dict[str, int]]:
    """Row counts of every published mart, per published schema."""
    counts: dict[str, dict[str, int]] = {}
    with connect(params) as conn:
        tables = conn.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like %s order by table_schema, table_name",
            ("%\\_published",),
        ).fetchall()
        for schema, table in tables:
            row = conn.execute(
                sql.SQL("select count(*) from {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            ).fetchone()
            counts.setdefault(schema, {})[table] = int(row[0])  # type: ignore[index]
    return counts
