"""Environment for running Airflow locally against the project's state folder."""

from __future__ import annotations

import os

from informatiebeeld.config.contracts import load_regions
from informatiebeeld.config.paths import DAGS_DIR, REPO_ROOT, state_dir
from informatiebeeld.config.private import private_dir
from informatiebeeld.orchestration.connections import WAREHOUSE_CONN_ID
from informatiebeeld.privacy import keys
from informatiebeeld.warehouse.connection import AIRFLOW_DB, ConnectionParams


def airflow_environment(params: ConnectionParams) -> dict[str, str]:
    """Variables that point Airflow's home, metadata DB and connections into the state folder."""
    home = private_dir(state_dir() / "airflow")  # 0700: what Airflow writes in it stays the service user's
    env = {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": params.with_db(AIRFLOW_DB).sqlalchemy_url(),
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
        "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
        "AIRFLOW__API_AUTH__JWT_SECRET": keys.local_secrets(["airflow_jwt_secret"])["airflow_jwt_secret"],
        "AIRFLOW__CORE__FERNET_KEY": "",
        # The local state's UI (`make airflow-ui`, on 127.0.0.1 only) needs no login; the compose stack
        # uses the FAB auth manager with real users.
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
        "INFORMATIEBEELD_STATE_DIR": str(state_dir()),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT / "include"), os.environ.get("PYTHONPATH")])),
        # cosmos keeps the producer's dbt partial-parse state here for the next night (default: /tmp).
        "AIRFLOW__COSMOS__CACHE_DIR": str(private_dir(state_dir() / "cosmos")),
        "GX_ANALYTICS_ENABLED": "False",
        "DO_NOT_TRACK": "1",
        f"AIRFLOW_CONN_{WAREHOUSE_CONN_ID.upper()}": params.airflow_conn_uri(),
    }
    regions = sorted(load_regions())
    for region, key in keys.local_secrets(regions).items():
        if os.environ.get(keys.env_var_name(region)):
            key = os.environ[keys.env_var_name(region)]
        env.update(keys.airflow_connection_env(region, key))
    return env
