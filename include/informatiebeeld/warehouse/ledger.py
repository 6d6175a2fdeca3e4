"""The load ledger and other bookkeeping tables in the ``meta`` schema."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import psycopg
from psycopg.types.json import Jsonb

from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.privacy.keys import PseudonymKey, StaleKeyError, connection_id, env_var_name, key_check
from informatiebeeld.privacy.scrub import safe_name, safe_path


class RecordedViolation(Protocol):
    """What the ledger keeps of a contract violation (ingest's ``Violation`` is one)."""

    row: int | None
    column: str | None
    rule: str
    message: str


META_DDL = """
create schema if not exists meta;
create table if not exists meta.load_ledger (
    delivery_id bigserial primary key,
    region text not null,
    partner text not null,
    extract text not null,
    file_name text not null,
    landed_path text not null,
    sha256 text not null,
    delivery_date date not null,
    status text not null
        check (status in ('loading', 'loaded', 'quarantined', 'duplicate', 'superseded', 'interrupted', 'purged')),
    rows_read integer,
    rows_loaded integer,
    rows_rejected integer,
    key_version text,
    run_id text,
    report_path text,
    superseded_by bigint references meta.load_ledger (delivery_id),
    started_at timestamptz not null default clock_timestamp(),
    finished_at timestamptz
);
-- A file loads once per region; a header-only file (an empty delivery the contract allows) has the
-- same bytes every period, so it loads once per delivery date.
drop index if exists meta.load_ledger_loaded_once;
create unique index if not exists load_ledger_loaded_once_per_period
    on meta.load_ledger (region, sha256, (coalesce(case when rows_loaded = 0 then delivery_date end, 'infinity')))
    where status = 'loaded';
create table if not exists meta.contract_violations (
    delivery_id bigint not null references meta.load_ledger (delivery_id),
    row_number integer,
    column_name text,
    rule text not null,
    message text not null,
    action text not null check (action in ('row_rejected', 'file_quarantined'))
);
create table if not exists meta.partner_grondslag (
    partner text primary key,
    partner_naam text not null,
    grondslag text not null
);
create or replace view meta.verwerkingsregister with (security_invoker = true) as
select
    ledger.region,
    ledger.run_id,
    ledger.partner,
    grondslag.partner_naam,
    ledger.extract,
    ledger.file_name,
    ledger.sha256,
    ledger.delivery_date,
    ledger.status,
    ledger.rows_read,
    ledger.rows_loaded,
    ledger.rows_rejected,
    ledger.key_version,
    grondslag.grondslag,
    ledger.started_at as verwerkt_vanaf,
    ledger.finished_at as verwerkt_tot
from meta.load_ledger as ledger
left join meta.partner_grondslag as grondslag on ledger.partner = grondslag.partner;
create table if not exists meta.retention_log (
    purged_at timestamptz not null default clock_timestamp(),
    region text not null,
    partner text not null,
    extract text not null,
    delivery_id bigint not null references meta.load_ledger (delivery_id),
    delivery_date date not null,
    bewaartermijn_dagen integer not null,
    rows_purged integer not null,
    file_deleted boolean not null
);
create table if not exists meta.key_rotations (
    rotated_at timestamptz not null default clock_timestamp(),
    region text not null,
    old_version text not null,
    new_version text not null,
    deliveries integer not null,
    rows_rekeyed bigint not null
);
-- Added columns, guarded: "add column if not exists" takes an exclusive lock even when it exists.
do $$
begin
    if not exists (select from information_schema.columns where table_schema = 'meta'
                   and table_name = 'key_rotations' and column_name = 'new_key_check') then
        alter table meta.key_rotations add column new_key_check text;
    end if;
    if not exists (select from information_schema.columns where table_schema = 'meta'
                   and table_name = 'load_ledger' and column_name = 'key_check') then
        alter table meta.load_ledger add column key_check text;
    end if;
end $$;
create table if not exists meta.inzage_log (
    requested_at timestamptz not null default clock_timestamp(),
    region text not null,
    requested_by text not null,
    database_user text not null default current_user,
    records_found integer not null
);
create table if not exists meta.run_summaries (
    region text not null,
    run_id text not null,
    run_date date not null,
    recorded_at timestamptz not null default clock_timestamp(),
    succeeded boolean not null,
    summary jsonb not null,
    primary key (region, run_id)
);
create table if not exists meta.gate_results (
    region text not null,
    run_id text not null,
    checked_at timestamptz not null default clock_timestamp(),
    suite text not null,
    table_name text not null,
    success boolean not null,
    failed_expectations jsonb not null
);
create table if not exists meta.region_locks (
    region text primary key,
    holder text not null,
    purpose text not null,
    acquired_at timestamptz not null default clock_timestamp(),
    expires_at timestamptz not null
);
create table if not exists meta.candidates (
    region text not null,
    run_id text not null,
    built_at timestamptz not null default clock_timestamp(),
    fingerprint text not null,
    tables jsonb not null,
    primary key (region, run_id)
);
create table if not exists meta.gate_verdicts (
    region text not null,
    run_id text not null,
    checked_at timestamptz not null default clock_timestamp(),
    candidate_fingerprint text not null,
    passed boolean not null,
    failed_suites text[] not null
);
-- A delivery for a joint region (Brabant-Zeeland until 2024) split into one delivery per part.
create table if not exists meta.joint_deliveries (
    region text not null,
    joint_region text not null,
    partner text not null,
    delivery_date date not null,
    file_name text not null,
    joint_sha256 text not null,
    sha256 text not null,
    rows_data integer not null,
    split_at timestamptz not null default clock_timestamp()
);
create table if not exists meta.publications (
    region text not null,
    run_id text not null,
    published_at timestamptz not null default clock_timestamp(),
    tables jsonb not null
);
"""


# Tables of meta whose rows belong to one region; contract_violations belongs through its delivery.
REGIONAL_TABLES = (
    "load_ledger", "retention_log", "key_rotations", "inzage_log", "run_summaries", "gate_results",
    "publications", "region_locks", "candidates", "gate_verdicts", "joint_deliveries",
)  # fmt: skip

# Row-level security: a region's engineers see that region's rows, the privacy officer every row.
# The pipeline's owner role bypasses it. Policies are created only when missing: CREATE POLICY locks
# the table, and ensure_meta runs at every step, also while other regions load.
META_ROW_SECURITY = """
create or replace function meta.may_see_region(row_region text) returns boolean
language sql stable as $$
    select exists (
        select from pg_roles as r
        where r.rolname in ('informatiebeeld_engineer_' || row_region, 'informatiebeeld_privacy')
          and pg_has_role(current_user, r.oid, 'member')
    )
$$;
do $$
declare
    regional text;
begin
    foreach regional in array %(tables)s loop
        if not exists (select from pg_policies where schemaname = 'meta' and tablename = regional
                       and policyname = 'own_region_only') then
            execute format('alter table meta.%%I enable row level security', regional);
            execute format(
                'create policy own_region_only on meta.%%I for select using (meta.may_see_region(region))', regional
            );
        end if;
    end loop;
    -- Who may record an inzage is decided by the grant (the privacy role only); the policy lets it in.
    if not exists (select from pg_policies where schemaname = 'meta' and tablename = 'inzage_log'
                   and policyname = 'recorded_by_grantees') then
        create policy recorded_by_grantees on meta.inzage_log for insert with check (true);
    end if;
    if not exists (select from pg_policies where schemaname = 'meta' and tablename = 'contract_violations'
                   and policyname = 'own_region_only') then
        alter table meta.contract_violations enable row level security;
        create policy own_region_only on meta.contract_violations for select using (
            exists (select from meta.load_ledger as ledger
                    where ledger.delivery_id = contract_violations.delivery_id
                      and meta.may_see_region(ledger.region))
        );
    end if;
end $$;
"""


def ensure_meta(conn: psycopg.Connection) -> None:
    with conn.transaction():
        # The same lock as every GRANT (roles.py, the dbt hooks): replacing meta's views and functions
        # while another process grants on them fails with "tuple concurrently updated".
        conn.execute("select pg_advisory_xact_lock(hashtext('informatiebeeld.grants'))")
        conn.execute(META_DDL)
        tables = "array[" + ", ".join(f"'{t}'" for t in REGIONAL_TABLES) + "]"
        conn.execute(META_ROW_SECURITY.replace("%(tables)s", tables).replace("%%", "%"))
        for contract in load_contracts().values():
            conn.execute(
                """insert into meta.partner_grondslag (partner, partner_naam, grondslag) values (%s, %s, %s)
                   on conflict (partner) do update
                   set partner_naam = excluded.partner_naam, grondslag = excluded.grondslag""",
                (contract.partner, contract.name, contract.grondslag),
            )


def require_current_key(conn: psycopg.Connection, region: str, key: PseudonymKey) -> None:
    """Refuse a key that is not the region's current one: after a rotation every loaded row carries
    the new key's pseudonyms, and a load with the old key would silently mix the two."""
    rotation = conn.execute(
        """select new_version, new_key_check, rotated_at from meta.key_rotations
           where region = %s order by rotated_at desc limit 1""",
        (region,),
    ).fetchone()
    if rotation is not None:
        version, check, rotated_at = rotation
        if key.version != version or (check is not None and not hmac.compare_digest(check, key_check(key))):
            raise StaleKeyError(
                f"the pseudonymisation key handed over for region {region} (version {key.version}) is not the "
                f"key the rotation of {rotated_at:%Y-%m-%d %H:%M} moved to (version {version}): switch "
                f"{env_var_name(region)} or connection {connection_id(region)} to the new key; nothing was loaded"
            )
    other_keys = conn.execute(
        "select count(*) from meta.load_ledger where region = %s and status = 'loaded' "
        "and key_version = %s and key_check is not null and key_check <> %s",
        (region, key.version, key_check(key)),
    ).fetchone()[0]  # type: ignore[index]
    if other_keys:
        raise StaleKeyError(
            f"region {region} holds deliveries pseudonymised with another key of version {key.version} than "
            f"the one handed over: restore the region's key, or rotate (informatiebeeld rotate-key) with a new "
            "version; nothing was loaded"
        )
    others = conn.execute(
        "select distinct key_version from meta.load_ledger where region = %s and status = 'loaded' "
        "and key_version is distinct from %s order by 1",
        (region, key.version),
    ).fetchall()
    if others:
        versions = ", ".join(str(v) for (v,) in others)
        raise StaleKeyError(
            f"region {region} holds deliveries pseudonymised with key version {versions}, the key handed over "
            f"is version {key.version}: rotate the key (informatiebeeld rotate-key) instead of switching it; "
            "nothing was loaded"
        )


def already_loaded(conn: psycopg.Connection, region: str, sha256: str, delivery_date: date) -> bool:
    """The same bytes were loaded before (an empty delivery only counts on the same delivery date)."""
    row = conn.execute(
        "select 1 from meta.load_ledger where region = %s and sha256 = %s and status = 'loaded' "
        "and (rows_loaded is distinct from 0 or delivery_date = %s)",
        (region, sha256, delivery_date),
    ).fetchone()
    return row is not None


def start(
    conn: psycopg.Connection,
    region: str,
    partner: str,
    extract: str,
    path: Path,
    sha256: str,
    delivery_date: date,
    key_version: str,
    run_id: str | None,
    key_check_value: str | None = None,
) -> int:
    with conn.transaction():
        row = conn.execute(
            """insert into meta.load_ledger
                   (region, partner, extract, file_name, landed_path, sha256, delivery_date, status,
                    key_version, run_id, key_check)
               values (%s, %s, %s, %s, %s, %s, %s, 'loading', %s, %s, %s) returning delivery_id""",
            (
                region,
                partner,
                extract,
                safe_name(path.name),
                safe_path(path),
                sha256,
                delivery_date,
                key_version,
                run_id,
                key_check_value,
            ),
        ).fetchone()
    return int(row[0])  # type: ignore[index]


def finish(
    conn: psycopg.Connection,
    delivery_id: int,
    status: str,
    rows_read: int,
    rows_loaded: int,
    rows_rejected: int,
    report_path: str | None = None,
    violations: Iterable[RecordedViolation] = (),
    action: str = "file_quarantined",
) -> None:
    with conn.transaction():
        conn.execute(
            """update meta.load_ledger set status = %s, rows_read = %s, rows_loaded = %s,
                   rows_rejected = %s, report_path = %s, finished_at = clock_timestamp()
               where delivery_id = %s""",
            (status, rows_read, rows_loaded, rows_rejected, report_path, delivery_id),
        )
        with conn.cursor() as cursor:
            cursor.executemany(
                """insert into meta.contract_violations (delivery_id, row_number, column_name, rule, message, action)
                   values (%s, %s, %s, %s, %s, %s)""",
                [(delivery_id, v.row, v.column, v.rule, v.message, action) for v in violations],
            )


def supersede(conn: psycopg.Connection, earlier: list[int], delivery_id: int) -> None:
    conn.execute(
        "update meta.load_ledger set status = 'superseded', superseded_by = %s where delivery_id = any(%s)",
        (delivery_id, earlier),
    )


def mark_interrupted(conn: psycopg.Connection, region: str, partner: str) -> int:
    """Loads left 'loading' by a killed process (we hold the partner lock, so none is running)."""
    with conn.transaction():
        cursor = conn.execute(
            """update meta.load_ledger set status = 'interrupted', finished_at = clock_timestamp()
               where region = %s and partner = %s and status = 'loading'""",
            (region, partner),
        )
    return cursor.rowcount


def record_run_summary(
    conn: psycopg.Connection, region: str, run_id: str, run_date: date, succeeded: bool, summary: dict[str, Any]
) -> None:
    with conn.transaction():
        conn.execute(
            """insert into meta.run_summaries (region, run_id, run_date, succeeded, summary)
               values (%s, %s, %s, %s, %s)
               on conflict (region, run_id) do update
               set recorded_at = clock_timestamp(), succeeded = excluded.succeeded, summary = excluded.summary""",
            (region, run_id, run_date, succeeded, Jsonb(summary)),
        )


def record_duplicate(
    conn: psycopg.Connection,
    region: str,
    partner: str,
    extract: str,
    path: Path,
    sha256: str,
    delivery_date: date,
    key_version: str,
    run_id: str | None,
) -> int:
    """A file whose content was loaded before: recorded, not loaded again."""
    delivery_id = start(conn, region, partner, extract, path, sha256, delivery_date, key_version, run_id)
    finish(conn, delivery_id, "duplicate", 0, 0, 0)
    return delivery_id


def record_gate(
    conn: psycopg.Connection,
    region: str,
    run_id: str,
    suite: str,
    table: str,
    success: bool,
    failed: list[dict[str, Any]],
) -> None:
    with conn.transaction():
        conn.execute(
            """insert into meta.gate_results (region, run_id, suite, table_name, success, failed_expectations)
               values (%s, %s, %s, %s, %s, %s)""",
            (region, run_id, suite, table, success, Jsonb(failed)),
        )


def record_gate_verdict(
    conn: psycopg.Connection, region: str, run_id: str, fingerprint: str, passed: bool, failed_suites: list[str]
) -> None:
    """The gate's verdict on one candidate, bound to the fingerprint it audited."""
    with conn.transaction():
        conn.execute(
            """insert into meta.gate_verdicts (region, run_id, candidate_fingerprint, passed, failed_suites)
               values (%s, %s, %s, %s, %s)""",
            (region, run_id, fingerprint, passed, failed_suites),
        )
