"""The benchmarks' own embedded warehouses under ``.state/bench``: never the demo's or the tests'."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parents[1] / ".state" / "bench"
DEMO_PORT = 55432


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    return port if port != DEMO_PORT else free_port()


def drop_project_schemas(conninfo: str) -> None:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        for (schema,) in conn.execute(
            "select nspname from pg_namespace where nspname not like 'pg\\_%' "
            "and nspname not in ('information_schema', 'public')"
        ).fetchall():
            conn.execute(f'drop schema "{schema}" cascade')


def start_empty(name: str) -> tuple[Any, Any]:
    """(the warehouse, its connection parameters): ``.state/bench/<name>`` started on a free port,
    with every project schema dropped."""
    from informatiebeeld.warehouse.embedded import EmbeddedWarehouse

    warehouse = EmbeddedWarehouse(root=BENCH_DIR / name, port=free_port())
    if warehouse.pgdata.exists() and not warehouse.is_running():
        warehouse.port_file.unlink(missing_ok=True)
    params = warehouse.start()
    drop_project_schemas(params.conninfo())
    return warehouse, params
