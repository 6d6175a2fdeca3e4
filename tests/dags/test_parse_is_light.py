"""Parsing the DAG folder loads Airflow and cosmos, nothing the tasks only need when they run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from informatiebeeld.config.paths import DAGS_DIR

# Imported by tasks when they run, never while the scheduler parses the DAG files.
HEAVY = ("great_expectations", "pandas", "psycopg", "dbt", "openpyxl", "stdnum", "informatiebeeld_demo")

PROBE = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("informatiebeeld_dags", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
dags = [name for name, value in vars(module).items() if type(value).__name__ == "DAG"]
print(json.dumps({"dags": len(dags), "loaded": sorted(m for m in sys.argv[2:] if m in sys.modules)}))
"""


def test_importing_the_dag_file_imports_nothing_heavy(dbt_manifest) -> None:  # type: ignore[no-untyped-def]
    # As the scheduler parses: no task's parsing context, which would build one DAG only.
    env = {k: v for k, v in os.environ.items() if not k.startswith("_AIRFLOW_PARSING_CONTEXT_")}
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, str(DAGS_DIR / "informatiebeeld_dags.py"), *HEAVY],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["dags"] >= 12
    assert result["loaded"] == [], f"parsing the DAGs imported {result['loaded']}"
