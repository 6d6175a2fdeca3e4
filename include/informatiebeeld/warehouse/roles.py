"""Database roles: who may read what.

- ``informatiebeeld_engineer_<region>``: the region's schemas (raw, ref, staging, intermediate,
  marts, published) and the bookkeeping schema ``meta``.
- ``informatiebeeld_analist_<region>``: read-only on ``<region>_published`` only.
- ``informatiebeeld_liec``: read-only on the national ``liec_published`` only.
- ``informatiebeeld_privacy``: the privacy officer's role for AVG inzage (raw schemas and meta).

These are group roles without login; people get a login role that is a member of one of them.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from informatiebeeld.warehouse.owner import is_superuser

NATIONAL_ROLE = "informatiebeeld_liec"
PRIVACY_ROLE = "informatiebeeld_privacy"
NATIONAL_SCHEMA = "liec_published"
PRIVACY_ONLY = ("inzage_log", "key_rotations")


def engineer_role(region: str) -> str:
    return f"informatiebeeld_engineer_{region}"


def analyst_role(region: str) -> str:
    return f"informatiebeeld_analist_{region}"


def region_schemas(region: str) -> list[str]:
    return [f"raw_{region}", *(f"{region}_{layer}" for layer in ("ref", "staging", "intermediate", "marts"))]


def ensure_role(conn: psycopg.Connection, role: str) -> None:
    conn.execute(
        sql.SQL(
            "do $$ begin if not exists (select from pg_roles where rolname = {}) then create role {} nologin; "
            "end if; end $$"
        ).format(sql.Literal(role), sql.Identifier(role))
    )


def let_owner_read_as(conn: psycopg.Connection, role: str) -> None:
    """Documents are read as the analysts see the data (``SET ROLE``): the pipeline's login may switch
    to ``role`` and gains none of its privileges otherwise (no ``INHERIT``). A superuser needs no grant."""
    if not is_superuser(conn):
        conn.execute(sql.SQL("grant {} to current_user with inherit false, set true").format(sql.Identifier(role)))


def ensure_login(conn: psycopg.Connection, login: str, group: str, password: str) -> None:
    """A login role that is a member of ``group`` only (created, or its password renewed)."""
    ensure_role(conn, group)
    exists = conn.execute("select 1 from pg_roles where rolname = %s", (login,)).fetchone()
    verb = "alter" if exists else "create"
    conn.execute(
        sql.SQL("{} role {} login password {}").format(sql.SQL(verb), sql.Identifier(login), sql.Literal(password))
    )
    conn.execute(sql.SQL("grant {} to {}").format(sql.Identifier(group), sql.Identifier(login)))


def _existing(conn: psycopg.Connection, schemas: list[str]) -> list[str]:
    rows = conn.execute("select nspname from pg_namespace where nspname = any(%s)", (schemas,)).fetchall()
    return sorted(r[0] for r in rows)


def _grant_read(conn: psycopg.Connection, schema: str, role: str) -> None:
    conn.execute(sql.SQL("grant usage on schema {} to {}").format(sql.Identifier(schema), sql.Identifier(role)))
    conn.execute(
        sql.SQL("grant select on all tables in schema {} to {}").format(sql.Identifier(schema), sql.Identifier(role))
    )


def apply_region_grants(conn: psycopg.Connection, region: str) -> None:
    """Grant the region's roles on the schemas that exist now (run after every publication)."""
    # GRANTs on shared objects (roles, meta) from two regions at once fail with "tuple concurrently
    # updated": serialise them for the rest of the transaction.
    conn.execute("select pg_advisory_xact_lock(hashtext('informatiebeeld.grants'))")
    engineer, analyst = engineer_role(region), analyst_role(region)
    for role in (engineer, analyst, PRIVACY_ROLE):
        ensure_role(conn, role)
    let_owner_read_as(conn, analyst)
    published = f"{region}_published"
    for schema in _existing(conn, [*region_schemas(region), published, "meta"]):
        _grant_read(conn, schema, engineer)
    if _existing(conn, ["meta"]):
        # Row-level security limits meta to the region's rows; who asked for inzage and key
        # rotations are the privacy officer's alone.
        for table in PRIVACY_ONLY:
            conn.execute(
                sql.SQL("revoke select on meta.{} from {}").format(sql.Identifier(table), sql.Identifier(engineer))
            )
    if _existing(conn, [published]):
        _grant_read(conn, published, analyst)
    for schema in _existing(conn, [f"raw_{region}", "meta"]):
        _grant_read(conn, schema, PRIVACY_ROLE)
    if _existing(conn, ["meta"]):
        conn.execute("grant insert on meta.inzage_log to informatiebeeld_privacy")


def grant_candidate(conn: psycopg.Connection, region: str) -> None:
    """Engineers may read the candidate the gate audits (to debug a failed gate); analysts may not."""
    conn.execute("select pg_advisory_xact_lock(hashtext('informatiebeeld.grants'))")
    ensure_role(conn, engineer_role(region))
    _grant_read(conn, f"{region}_candidate", engineer_role(region))


def apply_national_grants(conn: psycopg.Connection) -> None:
    conn.execute("select pg_advisory_xact_lock(hashtext('informatiebeeld.grants'))")
    ensure_role(conn, NATIONAL_ROLE)
    let_owner_read_as(conn, NATIONAL_ROLE)
    if _existing(conn, [NATIONAL_SCHEMA]):
        _grant_read(conn, NATIONAL_SCHEMA, NATIONAL_ROLE)
