"""What a task needs from Airflow's connections: the warehouse and the region's pseudonymisation key.

Airflow is imported inside the functions, so importing this module costs nothing at DAG parse time.
Outside Airflow (the CLI, tests) the environment wins: ``INFORMATIEBEELD_WAREHOUSE_DSN`` and
``INFORMATIEBEELD_PSEUDONYM_KEY_<REGION>``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from informatiebeeld.privacy.keys import PseudonymKey, checked_key, connection_id, key_from_environment, missing_key

if TYPE_CHECKING:
    from informatiebeeld.warehouse.connection import ConnectionParams

WAREHOUSE_CONN_ID = "informatiebeeld_warehouse"


def pseudonym_key(region: str) -> PseudonymKey:
    """The region's key: the environment first, then Airflow connection ``informatiebeeld_pseudonym_<region>``."""
    key = key_from_environment(region)
    if key is not None:
        return key
    try:
        from airflow.sdk import Connection

        conn = Connection.get(connection_id(region))
    except ImportError:
        conn = None
    except Exception as error:  # Airflow raises its own not-found types
        raise missing_key(region) from error
    if conn is None or not conn.password:
        raise missing_key(region)
    extra = conn.extra_dejson or {}
    return checked_key(region, conn.password, str(extra.get("key_version", "1")))


def warehouse_params() -> ConnectionParams:
    """The warehouse as a task sees it: the configured DSN, else the Airflow connection."""
    from informatiebeeld.warehouse.connection import ConnectionParams, params_from_dsn

    if os.environ.get("INFORMATIEBEELD_WAREHOUSE_DSN"):
        return params_from_dsn(os.environ["INFORMATIEBEELD_WAREHOUSE_DSN"])
    from airflow.sdk import Connection

    conn = Connection.get(WAREHOUSE_CONN_ID)
    extra = conn.extra_dejson or {}
    return ConnectionParams(
        conn.host,
        int(conn.port or 5432),
        conn.login,
        conn.password or "",
        conn.schema,
        sslmode=extra.get("sslmode") or None,
        sslrootcert=extra.get("sslrootcert") or None,
    )
