"""A national night on this machine: all ten regions at national volume, the wall time of every step.

Generates ``--fraction`` of a national night (``informatiebeeld generate --national``: at 1, ~5M
politie incidenten and ~2.5M Handelsregister mutaties over the ten regions, each region by its
inwoners, the smaller extracts in proportion), starts an embedded warehouse of its own under
``.state/bench`` and runs ``informatiebeeld run``'s steps (``nightly.run_region``: ingest, dbt
build, candidate with suppression, gate, publish, each timed) region after region, then the
national union. Prints JSON with the seconds per step summed over the regions, per region, the
rows delivered and loaded, and merges it into ``.state/bench/bench.json`` under ``national_night``.

    .venv/bin/python benchmarks/national_night.py [--fraction 1] [--regions limburg rotterdam]

Not a test: ``make bench`` runs it (``NATIONAL_FRACTION``, default 1); ``make test`` never does.
The full national volume takes hours on two cores; a fraction shows how each step grows.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import time
from collections import defaultdict
from datetime import date

from bench_warehouse import BENCH_DIR, start_empty
from results import merge

STATE = BENCH_DIR / "national_state"
RUN_DATE = date(2026, 11, 23)
STEPS = ("generate", "ingest", "dbt_build", "candidate", "gate", "publish")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fraction", type=float, default=1.0, help="of a national night (default 1)")
    parser.add_argument("--regions", nargs="*", help="default: all ten")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    os.environ["INFORMATIEBEELD_STATE_DIR"] = str(STATE)
    import psycopg

    from informatiebeeld.config.contracts import load_regions
    from informatiebeeld.config.paths import landing_dir
    from informatiebeeld.orchestration import nightly
    from informatiebeeld.privacy.keys import env_var_name
    from informatiebeeld.publish.publication import publish_national
    from informatiebeeld_demo import generator as demo

    regions = args.regions or sorted(load_regions())
    for region in regions:  # keys of this run only, never written down
        os.environ[env_var_name(region)] = secrets.token_hex(32)
    shutil.rmtree(STATE, ignore_errors=True)
    warehouse, params = start_empty("national_warehouse")
    seconds: dict[str, dict[str, float]] = defaultdict(dict)
    summaries = {}
    started = time.perf_counter()
    try:
        for region in regions:
            run_id = f"bench__national__{region}"
            clock = time.perf_counter()
            demo.generate(landing_dir(), RUN_DATE, [region], seed=args.seed, national=args.fraction)
            seconds[region]["generate"] = time.perf_counter() - clock
            summaries[region] = nightly.run_region(params, region, RUN_DATE, run_id)
            seconds[region].update(summaries[region]["step_seconds"])
            print(f"{region}: {seconds[region]}", file=sys.stderr)
        clock = time.perf_counter()
        publish_national(params, run_id="bench__national")
        national_s = time.perf_counter() - clock
        with psycopg.connect(params.conninfo()) as conn:
            rows_read, rows_loaded = conn.execute(
                "select sum(rows_read), sum(rows_loaded) from meta.load_ledger where run_id = any(%s)",
                ([f"bench__national__{region}" for region in regions],),
            ).fetchone()
    finally:
        warehouse.stop()
    wall = time.perf_counter() - started
    result = {
        "national_night": {
            "fraction_of_national": args.fraction,
            "regions": regions,
            "rows_delivered": int(rows_read or 0),
            "rows_loaded": int(rows_loaded or 0),
            "all_published": all(s["succeeded"] for s in summaries.values()),
            "step_seconds": {step: round(sum(s[step] for s in seconds.values()), 1) for step in STEPS},
            "national_union_s": round(national_s, 1),
            "wall_s": round(wall, 1),
            "wall_without_generate_s": round(wall - sum(s["generate"] for s in seconds.values()), 1),
            "per_region_seconds": {r: {k: round(v, 1) for k, v in s.items()} for r, s in seconds.items()},
        }
    }
    print(json.dumps(result, indent=2))
    merge(result)


if __name__ == "__main__":
    main()
