"""How much Airflow adds to a night: `airflow dags test` of a regional DAG against the bare steps.

Generates one night's deliveries for one region, starts an embedded warehouse of its own under
``.state/bench`` on a free port, and runs the same night two ways, interleaved over ``--rounds``
rounds, each from an empty warehouse with the same landing files: (a) ``informatiebeeld run
--documents``, the DAG's steps (documents and dbt docs included) in one process, (b) ``airflow dags
test informatiebeeld_<region>``, the real DAG (one dbt build in cosmos' watcher producer, a sensor
per model). Prints JSON with ``dag_vs_bare`` (median of the rounds' ratios) and the seconds, and
merges it into ``.state/bench/bench.json``.

    .venv/bin/python benchmarks/dag_vs_bare.py [--region limburg] [--scale 0.1] [--rounds 3]

Not a test: ``make bench`` runs it, ``make test`` never does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from bench_warehouse import BENCH_DIR, drop_project_schemas, start_empty
from results import merge

REPO_ROOT = Path(__file__).resolve().parents[1]
STATE = BENCH_DIR / "dag_state"
RUN_DATE = date(2026, 11, 23)
BIN = Path(sys.executable).parent


def _timed(command: list[str], env: dict[str, str], log: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO_ROOT)
    seconds = time.perf_counter() - start
    log.write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed (exit {done.returncode}); see {log}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--region", default="limburg")
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    os.environ["INFORMATIEBEELD_STATE_DIR"] = str(STATE)
    from informatiebeeld.config.paths import landing_dir
    from informatiebeeld.orchestration.airflow_env import airflow_environment
    from informatiebeeld_demo import generator as demo

    shutil.rmtree(STATE / "landing", ignore_errors=True)
    demo.generate(landing_dir(), RUN_DATE, [args.region], scale=args.scale, seed=11)
    warehouse, params = start_empty("dag_warehouse")
    env = {**os.environ, **airflow_environment(params), "INFORMATIEBEELD_WAREHOUSE_DSN": params.conninfo()}
    subprocess.run([str(BIN / "airflow"), "db", "migrate"], env=env, check=True, capture_output=True)
    ways = {
        "bare": [
            str(BIN / "informatiebeeld"),
            "run",
            "--documents",
            "--region",
            args.region,
            "--date",
            RUN_DATE.isoformat(),
        ],
        "dag": [str(BIN / "airflow"), "dags", "test", f"informatiebeeld_{args.region}", RUN_DATE.isoformat()],
    }
    rounds: list[dict[str, float]] = []
    try:
        for number in range(args.rounds):
            seconds: dict[str, float] = {}
            for name in list(ways)[number % 2 :] + list(ways)[: number % 2]:
                drop_project_schemas(params.conninfo())
                shutil.rmtree(STATE / "quarantine", ignore_errors=True)
                seconds[name] = round(_timed(ways[name], env, BENCH_DIR / f"dag_vs_bare_{name}.log"), 1)
                print(f"round {number + 1}: {name} {seconds[name]} s", file=sys.stderr)
            rounds.append(seconds)
    finally:
        drop_project_schemas(params.conninfo())
        warehouse.stop()
    result = {
        "dag_vs_bare": round(statistics.median(r["dag"] / r["bare"] for r in rounds), 2),
        "dag_vs_bare_seconds": rounds,
        "dag_vs_bare_region": args.region,
        "dag_vs_bare_scale": args.scale,
        "dag_vs_bare_target": "<= 1.3",
    }
    print(json.dumps(result, indent=2))
    merge(result)


if __name__ == "__main__":
    main()
