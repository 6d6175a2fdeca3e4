"""How long parsing dags/ takes, as the dag-processor does it: Airflow's DagBag over the DAG folder.

Prints JSON: per round, in a fresh process, the CPU and wall seconds of ``import airflow`` and of
the DagBag parse beyond it, the number of DAGs and tasks, and which heavy libraries the parse
imported; then the medians. CPU seconds are the process's own work, so a busy machine changes
them less than wall time.

    .venv/bin/python benchmarks/dag_parse.py [--rounds 3] [--dags-folder dags]

Needs the dbt manifest (``make manifest``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from results import merge

REPO_ROOT = Path(__file__).resolve().parents[1]
HEAVY = ["great_expectations", "pandas", "psycopg", "dbt", "openpyxl"]

PROBE = """
import json, sys, time
c0, w0 = time.process_time(), time.perf_counter()
import airflow
from airflow.dag_processing.dagbag import DagBag
c1, w1 = time.process_time(), time.perf_counter()
bag = DagBag(dag_folder=sys.argv[1])
c2, w2 = time.process_time(), time.perf_counter()
print(json.dumps({
    "import_airflow_cpu_s": round(c1 - c0, 3), "import_airflow_wall_s": round(w1 - w0, 3),
    "dagbag_parse_cpu_s": round(c2 - c1, 3), "dagbag_parse_wall_s": round(w2 - w1, 3),
    "dags": len(bag.dag_ids), "tasks": sum(len(d.tasks) for d in bag.dags.values()),
    "import_errors": len(bag.import_errors),
    "heavy_imported": sorted(m for m in sys.argv[2:] if m in sys.modules),
}))
"""


def one_round(dags_folder: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "AIRFLOW_HOME": home, "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
               "AIRFLOW__LOGGING__LOGGING_LEVEL": "ERROR"}  # fmt: skip
        completed = subprocess.run(
            [sys.executable, "-c", PROBE, str(dags_folder), *HEAVY],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
    if completed.returncode != 0:
        raise SystemExit(f"parsing {dags_folder} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dags-folder", type=Path, default=REPO_ROOT / "dags")
    args = parser.parse_args()
    rounds = [one_round(args.dags_folder) for _ in range(args.rounds)]
    keys = [k for k, v in rounds[0].items() if isinstance(v, float)]
    medians = {k: round(statistics.median(float(r[k]) for r in rounds), 3) for k in keys}  # type: ignore[arg-type]
    print(json.dumps({"rounds": rounds, "median": medians}, indent=2))
    merge({"dagbag_parse_s": medians["dagbag_parse_wall_s"], "dagbag_parse_cpu_s": medians["dagbag_parse_cpu_s"],
           "dagbag_tasks": rounds[0]["tasks"]})  # fmt: skip


if __name__ == "__main__":
    main()
