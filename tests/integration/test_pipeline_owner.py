"""The pipeline runs as its own login: owner of its databases, not a superuser, and a night refuses
to run as one. Every other integration test connects as this login too (``warehouse_params``)."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from informatiebeeld.orchestration import nightly
from informatiebeeld.warehouse.connection import AIRFLOW_DB, WAREHOUSE_DB
from informatiebeeld.warehouse.embedded import EmbeddedWarehouse
from informatiebeeld.warehouse.owner import PIPELINE_LOGIN, SuperuserPipelineError, ensure_pipeline_owner
from tests.conftest import TEST_STATE


def _admin(dbname: str = "postgres"):  # type: ignore[no-untyped-def]
    return EmbeddedWarehouse(root=TEST_STATE / "warehouse").admin_params(dbname)


def test_the_pipeline_login_owns_its_databases_and_nothing_more(warehouse_params) -> None:  # type: ignore[no-untyped-def]
    assert warehouse_params.user == PIPELINE_LOGIN
    with psycopg.connect(warehouse_params.conninfo(), autocommit=True) as conn:
        superuser, createdb, bypassrls, replication = conn.execute(
            "select rolsuper, rolcreatedb, rolbypassrls, rolreplication from pg_roles where rolname = current_user"
        ).fetchone()
        assert not (superuser or createdb or bypassrls or replication)
        owned = {
            name
            for (name,) in conn.execute(
                "select datname from pg_database where pg_get_userbyid(datdba) = current_user"
            ).fetchall()
        }
        assert owned == {WAREHOUSE_DB, AIRFLOW_DB}
        for statement in (
            "alter system set work_mem = '1MB'",
            "create database informatiebeeld_copy",
            "copy (select 1) to program 'true'",
            "select rolpassword from pg_authid",
            "alter role postgres password 'taken-over'",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)


def test_a_night_refuses_to_run_as_a_superuser(warehouse_params) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SuperuserPipelineError, match="superuser"):
        nightly.prepare(_admin(WAREHOUSE_DB), "noord_nederland")
    with pytest.raises(SuperuserPipelineError, match="admin"):
        ensure_pipeline_owner(_admin(), _admin(), [WAREHOUSE_DB])


def test_the_owner_takes_over_what_the_admin_made_before_it_existed(warehouse_params) -> None:  # type: ignore[no-untyped-def]
    """A warehouse made when everything ran as the superuser: after the bootstrap, the pipeline
    login alters, grants and drops the admin's schemas, tables, views, sequences, functions and the
    project's roles (and logins in them), and not a role of another application on the server."""
    with psycopg.connect(_admin(WAREHOUSE_DB).conninfo(), autocommit=True) as conn:
        conn.execute("drop schema if exists legacy_made_by_admin cascade")
        for role in ("legacy_analist", "informatiebeeld_legacy_engineer", "other_application"):
            conn.execute(f"drop role if exists {role}")
        conn.execute("create schema legacy_made_by_admin")
        conn.execute("create table legacy_made_by_admin.ledger (id serial primary key, note text)")
        conn.execute("create view legacy_made_by_admin.notes as select note from legacy_made_by_admin.ledger")
        conn.execute("create function legacy_made_by_admin.one() returns int language sql as 'select 1'")
        conn.execute("create role informatiebeeld_legacy_engineer nologin")
        conn.execute("create role legacy_analist login in role informatiebeeld_legacy_engineer")
        conn.execute("create role other_application nologin")  # a shared server's role, not the project's
    ensure_pipeline_owner(_admin(), warehouse_params, [WAREHOUSE_DB, AIRFLOW_DB])
    with psycopg.connect(warehouse_params.conninfo(), autocommit=True) as conn:
        conn.execute("alter table legacy_made_by_admin.ledger add column extra text")
        conn.execute("insert into legacy_made_by_admin.ledger (note) values ('after the take-over')")
        conn.execute(
            "create or replace view legacy_made_by_admin.notes as select note, extra from legacy_made_by_admin.ledger"
        )
        conn.execute("alter function legacy_made_by_admin.one() rename to still_one")
        conn.execute("grant usage on schema legacy_made_by_admin to informatiebeeld_legacy_engineer")
        conn.execute("drop schema legacy_made_by_admin cascade")
        conn.execute("alter role legacy_analist password 'renewed-by-the-owner'")
        conn.execute("drop role legacy_analist")
        conn.execute("drop role informatiebeeld_legacy_engineer")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("drop role other_application")
    with psycopg.connect(_admin(WAREHOUSE_DB).conninfo(), autocommit=True) as conn:
        conn.execute("drop role other_application")


def test_commands_starting_at_once_bootstrap_the_owner_one_after_the_other(warehouse_params) -> None:  # type: ignore[no-untyped-def]
    """Every command that starts the embedded warehouse renews the owner's login; four at once must
    not collide on the catalog rows they update."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = [
            pool.submit(ensure_pipeline_owner, _admin(), warehouse_params, [WAREHOUSE_DB, AIRFLOW_DB]) for _ in range(8)
        ]
        for run in runs:
            run.result()
    with psycopg.connect(warehouse_params.conninfo()) as conn:
        assert conn.execute("select current_user").fetchone() == (PIPELINE_LOGIN,)
