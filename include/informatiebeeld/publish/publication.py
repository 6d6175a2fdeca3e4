"""Write-audit-publish: the candidate that is audited is the candidate that is published.

Write: ``build_candidate`` copies the marts into ``<region>_candidate``, suppresses small counts
and records a fingerprint of every row. Audit: the gate (gate.py) validates exactly that schema
and records its verdict with the fingerprint it saw. Publish: ``publish_region`` swaps the
candidate into ``<region>_published`` in one transaction, only for the run that holds the
region's lock, whose gate passed, on a candidate whose fingerprint is unchanged. Analysts read
only ``<region>_published`` (and the LIEC ``liec_published``), so they see either the previous
version or the new one, never a mix.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from informatiebeeld.config.contracts import load_regions
from informatiebeeld.config.publication import load_publication_config, published_marts
from informatiebeeld.publish.disclosure import suppress_marts
from informatiebeeld.publish.freshness import partner_freshness
from informatiebeeld.warehouse import ledger, locks, roles
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


class NotAudited(RuntimeError):
    """The candidate is not what this run's gate passed: nothing is published."""


def candidate_fingerprint(conn: psycopg.Connection, schema: str) -> tuple[str, dict[str, dict[str, object]]]:
    """A digest of every row of every table in ``schema``: (fingerprint, per table rows and md5).

    Row order does not matter; any changed, added or removed row or table changes the fingerprint."""
    tables: dict[str, dict[str, object]] = {}
    names = conn.execute(
        "select table_name from information_schema.tables where table_schema = %s order by table_name", (schema,)
    ).fetchall()
    for (table,) in names:
        rows, digest = conn.execute(
            sql.SQL(
                "select count(*), coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') from {} as t"
            ).format(sql.Identifier(schema, table))
        ).fetchone()  # type: ignore[misc]
        tables[table] = {"rows": int(rows), "md5": digest}
    overall = hashlib.sha256(json.dumps(tables, sort_keys=True).encode()).hexdigest()
    return overall, tables


def build_candidate(params: ConnectionParams, region: str, run_id: str, run_date: date | None) -> dict[str, object]:
    """Write: suppressed copies of the marts (and partner_actualiteit) in ``<region>_candidate``, the
    exact tables the gate audits and the swap publishes. Recorded with their fingerprint."""
    source, candidate = f"{region}_marts", candidate_schema(region)
    threshold = load_regions()[region].suppressie_drempel
    rules = load_publication_config().marts
    with connect(params) as conn:
        ledger.ensure_meta(conn)
        with conn.transaction():
            conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (f"informatiebeeld.publish.{region}",))
            conn.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(candidate)))
            conn.execute(sql.SQL("create schema {}").format(sql.Identifier(candidate)))
            for mart in published_marts():
                conn.execute(
                    sql.SQL("create table {} as select * from {}").format(
                        sql.Identifier(candidate, mart), sql.Identifier(source, mart)
                    )
                )
            suppressed_marts = {mart: rules[mart] for mart in published_marts() if mart in rules}
            suppressed = suppress_marts(conn, candidate, suppressed_marts, threshold)
            if run_date is not None:
                select = _freshness_select(partner_freshness(conn, region, run_date))
                conn.execute(
                    sql.SQL("create table {} as {}").format(sql.Identifier(candidate, "partner_actualiteit"), select)
                )
            roles.grant_candidate(conn, region)
            fingerprint, tables = candidate_fingerprint(conn, candidate)
            peildatum = {"peildatum": run_date.isoformat()} if run_date else {}  # the gate expects its gemeenten
            conn.execute(
                """insert into meta.candidates (region, run_id, fingerprint, tables) values (%s, %s, %s, %s)
                   on conflict (region, run_id) do update
                   set built_at = clock_timestamp(), fingerprint = excluded.fingerprint, tables = excluded.tables""",
                (region, run_id, fingerprint, Jsonb({"tables": tables, "suppressed_cells": suppressed, **peildatum})),
            )
    log.info("candidate for %s built (fingerprint %s, suppressed cells: %s)", region, fingerprint[:12], suppressed)
    return {"fingerprint": fingerprint, "suppressed_cells": suppressed}


def _audited_fingerprint(conn: psycopg.Connection, region: str, run_id: str) -> str:
    """The fingerprint this run's gate passed on, or NotAudited."""
    verdict = conn.execute(
        """select passed, candidate_fingerprint, failed_suites from meta.gate_verdicts
           where region = %s and run_id = %s order by checked_at desc limit 1""",
        (region, run_id),
    ).fetchone()
    if verdict is None:
        raise NotAudited(f"the gate has not run for run {run_id} of region {region}; nothing published")
    passed, fingerprint, failed = verdict
    if not passed:
        failures = ", ".join(failed)
        raise NotAudited(f"the gate failed for run {run_id} of region {region} ({failures}); nothing published")
    return str(fingerprint)


def publish_region(params: ConnectionParams, region: str, run_id: str) -> dict[str, int]:
    """Publish: swap the audited candidate into ``<region>_published`` in one transaction.

    Refuses unless this run holds the region's lock, this run's gate passed, and the candidate is
    still exactly what the gate audited (same fingerprint, computed again under an exclusive lock).
    Returns the published row counts."""
    candidate, target = candidate_schema(region), published_schema(region)
    counts: dict[str, int] = {}
    with connect(params) as conn:
        ledger.ensure_meta(conn)
        with conn.transaction():
            conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (f"informatiebeeld.publish.{region}",))
            locks.require_region_lock(conn, region, run_id)
            audited = _audited_fingerprint(conn, region, run_id)
            tables = [
                r[0]
                for r in conn.execute(
                    "select table_name from information_schema.tables where table_schema = %s order by table_name",
                    (candidate,),
                )
            ]
            for table in tables:  # nobody writes the candidate from here until the swap commits
                conn.execute(sql.SQL("lock table {} in exclusive mode").format(sql.Identifier(candidate, table)))
            fingerprint, _ = candidate_fingerprint(conn, candidate)
            if not tables or fingerprint != audited:
                raise NotAudited(
                    f"the candidate of region {region} changed after the gate passed (audited {audited[:12]}, "
                    f"now {fingerprint[:12]}); nothing published"
                )
            conn.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(target)))
            for table in tables:
                select = sql.SQL("select * from {}").format(sql.Identifier(candidate, table))
                counts[table] = _swap_in(conn, target, table, select)
            conn.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(candidate)))
            roles.apply_region_grants(conn, region)
            suppressed = conn.execute(
                "select tables -> 'suppressed_cells' from meta.candidates where region = %s and run_id = %s",
                (region, run_id),
            ).fetchone()
            conn.execute(
                "insert into meta.publications (region, run_id, tables) values (%s, %s, %s)",
                (region, run_id, Jsonb({**counts, "suppressed_cells": suppressed[0] if suppressed else {}})),
            )
    log.info("published %s from the audited candidate %s: %s", target, audited[:12], counts)
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
