"""Does the incremental build pay? A night with ~1 % new rows: the nightly `dbt build` against
`dbt build --full-refresh` of the same data, at 100x the demo's size.

Starts an embedded warehouse of its own under ``.state/bench``, loads one region's first night at
``--scale`` (default 100, the demo being 1) and builds it. Then, per round, a new delivery of
``--new-share`` of those volumes (another seed, the next day) is loaded and the same data is built
twice: the nightly ``dbt build`` (incremental models add what is new) and ``dbt build
--full-refresh``. dbt parses the round's vars first, untimed, so both builds start from the same
parsed project. Prints JSON with ``incremental_vs_full`` (median of the rounds' ratios) and the
seconds, and merges it into ``.state/bench/bench.json``.

    .venv/bin/python benchmarks/incremental_vs_full.py [--region limburg] [--scale 100] [--rounds 3]

Not a test: ``make bench`` runs it, ``make test`` never does.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import time
from datetime import date, timedelta

from bench_warehouse import BENCH_DIR, start_empty
from results import merge

STATE = BENCH_DIR / "incremental_state"
FIRST_NIGHT = date(2026, 11, 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--region", default="limburg")
    parser.add_argument("--scale", type=float, default=100.0)
    parser.add_argument("--new-share", type=float, default=0.01)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    os.environ["INFORMATIEBEELD_STATE_DIR"] = str(STATE)
    from informatiebeeld.config.paths import landing_dir
    from informatiebeeld.orchestration import nightly
    from informatiebeeld.privacy.keys import env_var_name
    from informatiebeeld.warehouse import locks
    from informatiebeeld.warehouse.connection import connect
    from informatiebeeld_demo import generator as demo

    os.environ[env_var_name(args.region)] = secrets.token_hex(32)  # this run's key, never written down
    shutil.rmtree(STATE, ignore_errors=True)
    warehouse, params = start_empty("incremental_warehouse")

    def load(night: date, scale: float, seed: int) -> None:
        demo.generate(landing_dir(), night, [args.region], scale=scale, seed=seed)
        run_id = f"bench__incremental__{night}"
        nightly.prepare(params, args.region)
        for partner in nightly.partners():
            nightly.ingest_partner(params, args.region, partner, night, run_id)
        with connect(params, autocommit=True) as conn:
            locks.release_region_lock(conn, args.region, run_id)

    def build(night: date, *extra: str) -> float:
        clock = time.perf_counter()
        nightly.run_dbt(params, ["build", *nightly.NIGHTLY_BUILD_FLAGS, *extra], args.region, night)
        return time.perf_counter() - clock

    rounds = []
    try:
        load(FIRST_NIGHT, args.scale, seed=11)
        first_build = build(FIRST_NIGHT)
        print(f"first night: build {first_build:.1f} s", file=sys.stderr)
        for number in range(1, args.rounds + 1):
            night = FIRST_NIGHT + timedelta(days=number)
            load(night, args.scale * args.new_share, seed=11 + number)
            nightly.run_dbt(params, ["parse"], args.region, night)
            incremental = build(night)
            full = build(night, "--full-refresh")
            rounds.append({"incremental_s": round(incremental, 1), "full_refresh_s": round(full, 1)})
            print(f"round {number}: incremental {incremental:.1f} s, full refresh {full:.1f} s", file=sys.stderr)
    finally:
        warehouse.stop()
    result = {
        "incremental_vs_full": round(statistics.median(r["incremental_s"] / r["full_refresh_s"] for r in rounds), 2),
        "incremental_vs_full_seconds": rounds,
        "incremental_vs_full_first_build_s": round(first_build, 1),
        "incremental_vs_full_region": args.region,
        "incremental_vs_full_scale": args.scale,
        "incremental_vs_full_new_share": args.new_share,
        "incremental_vs_full_target": "<= 0.2",
    }
    print(json.dumps(result, indent=2))
    merge(result)


if __name__ == "__main__":
    main()
