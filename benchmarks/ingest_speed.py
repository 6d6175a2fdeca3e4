"""How fast the ingest loads a large politie incidenten.csv, against a plain COPY and pandas to_sql.

Writes the file with the demo generator's own code (``--rows`` incidents of one region), starts an
embedded warehouse of its own under ``.state/bench`` on a free port, and loads the file three ways,
interleaved over ``--rounds`` rounds: (a) the project's ingest (``load_file``: contract checks,
privacy rules, COPY, duplicate keys, ledger), (b) a plain ``COPY`` of the same file into an
all-text table, (c) pandas ``read_csv`` + ``to_sql``. The peak RSS of the ingest is measured in a
child process that runs only the ingest. Prints JSON and writes it to ``.state/bench/ingest_speed.json``.

    .venv/bin/python benchmarks/ingest_speed.py [--rows 1000000] [--rounds 3] [--small-rows 100000]

Not a test: ``make bench`` runs it, ``make test`` never does.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from bench_warehouse import BENCH_DIR, start_empty
from results import merge

REPO_ROOT = Path(__file__).resolve().parents[1]
REGION = "noord_nederland"
DELIVERY_DATE = date(2026, 11, 22)
RUN_DATE = date(2026, 11, 23)


def write_incidents(rows: int, folder: Path) -> Path:
    """incidenten.csv with ``rows`` rows, from the generator's own producer and writer."""
    from informatiebeeld.config.contracts import load_contracts
    from informatiebeeld_demo.common.context import BASE_VOLUMES, Context
    from informatiebeeld_demo.common.reference import load_reference
    from informatiebeeld_demo.common.regions import build_profile
    from informatiebeeld_demo.generator import write_extract

    target = folder / f"{rows}" / "politie" / DELIVERY_DATE.isoformat() / "incidenten.csv"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    reference = load_reference()
    scale = rows / BASE_VOLUMES[("politie", "incidenten")]
    ctx = Context(build_profile(REGION, 42, reference), reference, 42, scale, DELIVERY_DATE)
    return write_extract(ctx, "politie", load_contracts()["politie"].extract("incidenten"), target.parent)


def _reset(conninfo: str) -> None:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        for schema in ("raw_noord_nederland", "meta", "bench"):
            conn.execute(f"drop schema if exists {schema} cascade")


def ingest(conninfo: str, path: Path) -> int:
    """The project's ingest of one file; returns the rows loaded."""
    import psycopg

    from informatiebeeld.config.contracts import load_contracts
    from informatiebeeld.ingest.load import load_file
    from informatiebeeld.privacy.keys import PseudonymKey
    from informatiebeeld.warehouse import ledger

    contract = load_contracts()["politie"]
    key = PseudonymKey(version="bench", secret=b"b" * 32)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        ledger.ensure_meta(conn)
        result = load_file(conn, REGION, contract, contract.extract("incidenten"), path, DELIVERY_DATE, key, "bench")
    if result.status != "loaded":
        raise SystemExit(f"ingest did not load the file: {result.summary()}")
    return result.rows_loaded


def plain_copy(conninfo: str, path: Path) -> int:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        header = path.open(encoding="utf-8").readline().strip().split(";")
        conn.execute("create schema if not exists bench")
        conn.execute("drop table if exists bench.copy_text")
        conn.execute("create table bench.copy_text (" + ", ".join(f'"{c}" text' for c in header) + ")")
        statement = "copy bench.copy_text from stdin (format csv, delimiter ';', header true)"
        with conn.cursor() as cursor, cursor.copy(statement) as copy, path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        return int(conn.execute("select count(*) from bench.copy_text").fetchone()[0])  # type: ignore[index]


def pandas_to_sql(url: str, path: Path) -> int:
    import pandas
    import sqlalchemy

    frame = pandas.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("create schema if not exists bench")
        frame.to_sql("to_sql_text", engine, schema="bench", if_exists="replace", index=False)
    finally:
        engine.dispose()
    return len(frame)


def _timed(function, *args) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    rows = function(*args)
    return time.perf_counter() - start, rows


def _child_peak_rss(conninfo: str, path: Path) -> dict[str, float]:
    """Run only the ingest in a fresh process; its peak RSS (MB) and its rows/s."""
    output = subprocess.run(
        [sys.executable, __file__, "--child-ingest", str(path)],
        input=conninfo,
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _child(path: Path) -> None:
    conninfo = sys.stdin.read().strip()
    _reset(conninfo)
    seconds, rows = _timed(ingest, conninfo, path)
    print(json.dumps({"peak_rss_mb": round(_high_water_kb() / 1024, 1), "rows_per_s": round(rows / seconds)}))


def _high_water_kb() -> int:
    """This process's own peak RSS. Not getrusage's ru_maxrss: Linux carries that over exec from the
    parent, which here has just held a million-row pandas frame."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small-rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child-ingest", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_ingest:
        _child(args.child_ingest)
        return

    import os

    os.environ.setdefault("INFORMATIEBEELD_STATE_DIR", str(BENCH_DIR / "state"))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    big = write_incidents(args.rows, BENCH_DIR / "data")
    small = write_incidents(args.small_rows, BENCH_DIR / "data")
    warehouse, params = start_empty("warehouse")
    conninfo, url = params.conninfo(), params.sqlalchemy_url().replace("+psycopg2", "+psycopg")
    methods = {
        "ingest": lambda: ingest(conninfo, big),
        "copy": lambda: plain_copy(conninfo, big),
        "to_sql": lambda: pandas_to_sql(url, big),
    }
    rounds: list[dict[str, float]] = []
    small_rates: list[float] = []
    try:
        for number in range(args.rounds):
            order = list(methods)[number % 3 :] + list(methods)[: number % 3]
            rates: dict[str, float] = {}
            for name in order:
                _reset(conninfo)
                seconds, rows = _timed(methods[name])
                rates[name] = round(rows / seconds)
                print(f"round {number + 1}: {name} {rows} rows in {seconds:.2f}s", file=sys.stderr)
            _reset(conninfo)
            seconds, rows = _timed(ingest, conninfo, small)
            small_rates.append(rows / seconds)
            rounds.append(rates)
        child = _child_peak_rss(conninfo, big)
    finally:
        _reset(conninfo)
        warehouse.stop()

    median = {name: statistics.median(r[name] for r in rounds) for name in methods}
    report = {
        "rows": args.rows,
        "file_mb": round(big.stat().st_size / 1e6, 1),
        "ingest_vs_copy": round(median["ingest"] / median["copy"], 3),
        "ingest_vs_to_sql": round(median["ingest"] / median["to_sql"], 2),
        "peak_rss_mb": child["peak_rss_mb"],
        "throughput_100k_vs_1m": round(statistics.median(small_rates) / median["ingest"], 2),
        "rows_per_s": {name: [r[name] for r in rounds] for name in methods},
        "rows_per_s_median": median,
        "ingest_rows_per_s_small": [round(r) for r in small_rates],
        "small_rows": args.small_rows,
        "targets": {"ingest_vs_copy": ">= 0.6", "ingest_vs_to_sql": ">= 10", "peak_rss_mb": "<= 150"},
    }
    text = json.dumps(report, indent=2)
    (BENCH_DIR / "ingest_speed.json").write_text(text + "\n")
    merge(report)
    print(text)


if __name__ == "__main__":
    main()
