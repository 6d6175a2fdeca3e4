"""Shared fixtures: the tests' own embedded warehouse and state folder, never the demo's."""

from __future__ import annotations

import os
import shutil
import socket
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# One state folder (warehouse, landing, Airflow home, dbt target) per pytest-xdist worker, so
# workers never share a server or a file; "main" when the suite runs in one process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
TEST_STATE = REPO_ROOT / ".state" / "test" / WORKER
RUN_DATE = date(2026, 11, 23)

# Everything the tests write lives under .state/test; set before the package reads it.
os.environ["INFORMATIEBEELD_STATE_DIR"] = str(TEST_STATE)
os.environ.pop("INFORMATIEBEELD_WAREHOUSE_DSN", None)
os.environ.pop("INFORMATIEBEELD_LANDING_DIR", None)
os.environ.pop("INFORMATIEBEELD_QUARANTINE_DIR", None)
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ["AIRFLOW_HOME"] = str(TEST_STATE / "airflow")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(REPO_ROOT / "dags")
# dbt's own log file at debug level (every statement of every node) costs about a twelfth of a build's CPU
# time; the tests read what dbt prints and its run results, never that file, so it keeps warnings and errors.
os.environ["DBT_LOG_LEVEL_FILE"] = "warn"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def warehouse_params() -> Iterator[object]:
    from informatiebeeld.warehouse.embedded import EmbeddedWarehouse

    embedded = EmbeddedWarehouse(root=TEST_STATE / "warehouse", port=_free_port())
    if embedded.pgdata.exists() and not embedded.is_running():
        embedded.port_file.unlink(missing_ok=True)
    params = embedded.start()
    yield params
    embedded.stop()


def drop_project_schemas(conninfo: str) -> None:
    """Drop every schema the project made (raw, region layers, published, meta)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(conninfo, autocommit=True) as conn:
        schemas = conn.execute(
            "select nspname from pg_namespace where nspname not like 'pg\\_%' "
            "and nspname not in ('information_schema', 'public')"
        ).fetchall()
        for (schema,) in schemas:
            conn.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(schema)))


def dump_tables(conninfo: str, exclude_schemas: tuple[str, ...] = ()) -> tuple[int, str]:
    """(number of tables, the text of every row of every table) of the warehouse."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(conninfo) as conn:
        tables = conn.execute(
            "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' "
            "and table_schema not in ('pg_catalog', 'information_schema') and table_schema <> all(%s)",
            (list(exclude_schemas),),
        ).fetchall()
        dump = []
        for schema, table in tables:
            query = sql.SQL("copy (select * from {}) to stdout").format(sql.Identifier(schema, table))
            with conn.cursor().copy(query) as copy:
                dump.append(b"".join(bytes(block) for block in copy).decode("utf-8"))
    return len(tables), "\n".join(dump)


def reset_warehouse(params):  # type: ignore[no-untyped-def]
    """Drop every project schema and empty landing and quarantine; returns ``params``."""
    drop_project_schemas(params.conninfo())
    for folder in ("landing", "quarantine"):
        shutil.rmtree(TEST_STATE / folder, ignore_errors=True)
    return params


@pytest.fixture()
def clean_warehouse(warehouse_params):  # type: ignore[no-untyped-def]
    """The test warehouse with every project schema dropped (raw, regions, meta)."""
    return reset_warehouse(warehouse_params)


def file_mode(path: Path) -> int:
    """The permission bits of ``path`` itself (a link is not followed)."""
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture()
def open_umask() -> Iterator[None]:
    """Umask 000 for the test: files come out as permissive as a process can make them."""
    previous = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture()
def region_key(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A test key for noord_nederland handed over the CLI way (environment)."""
    from informatiebeeld.privacy.keys import env_var_name

    monkeypatch.setenv(env_var_name("noord_nederland"), "test-key-" + "k" * 40)
    from informatiebeeld.orchestration.connections import pseudonym_key

    return pseudonym_key("noord_nederland")


@pytest.fixture(scope="session")
def dbt_manifest(testrun_uid: str) -> Path:
    """The dbt manifest the DAGs render from, parsed fresh once per test run (no database).

    It lives in dbt_project/target, shared by all workers: the first one parses, the others wait.
    """
    from filelock import FileLock

    from informatiebeeld.orchestration.manifest import MANIFEST_PATH, build_manifest

    stamp = REPO_ROOT / ".state" / "test" / "manifest.run"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(stamp) + ".lock"):
        if not (MANIFEST_PATH.is_file() and stamp.is_file() and stamp.read_text() == testrun_uid):
            build_manifest()
            stamp.write_text(testrun_uid)
    return MANIFEST_PATH


# The longest modules start first, so that with several workers none of them is left alone with a
# long module at the end (pytest-xdist --dist loadfile hands out files in collection order).
LONGEST_FIRST = (
    "tests/integration/test_nightly_run.py",
    "tests/integration/test_backfill_brabant_zeeland.py",
    "tests/integration/test_faults.py",
    "tests/integration/test_backfill_herindeling.py",
    "tests/integration/test_access.py",
    "tests/integration/test_guarantees_reach_every_model.py",
    "tests/integration/test_cli.py",
    "tests/integration/test_leak_detector.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.path.resolve().relative_to(REPO_ROOT).as_posix()
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)
