"""Measure the leak detector's false-positive rate (and its hit rate) on generated data.

    .venv/bin/python benchmarks/detector_false_positives.py [--scale 0.5] [--seed 42] [--dsn DSN]

1. Generates one night's demo deliveries for all regions (``demo.generate``) in a temporary folder
   and runs the detector over the values as delivered, before any scrubbing:
   - free-text columns: the generator plants an identifier snippet in about 15% of them, always in
     one of seven fixed sentences ("Betrokkene X (BSN …).", "Geld overgemaakt naar …." …). Those
     sentences are the ground truth: a finding inside a planted sentence of its kind is a true
     positive, any other finding is a false positive, a planted sentence of a detectable kind without
     a finding is a miss. (The KvK sentence is not a detector kind and is left out.)
   - every other text column without an identifier role (case numbers, codes, enums, names of
     themes…): any finding is a false positive.
   - identifier columns (bsn, iban, phone, e-mail, kenteken): the share of values found.
2. With ``--dsn`` (a warehouse after a run), the detector runs over every distinct value of every
   text column of every table outside ``meta``: everything flagged there is a leak or a false
   positive, both of which the gate would stop.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

from psycopg import sql

from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.ingest.read import iter_rows
from informatiebeeld.privacy import detect
from informatiebeeld.warehouse.connection import connect, params_from_dsn
from informatiebeeld_demo import generator as demo

# The generator's planted sentences (demo._Context.identifier_snippet), by detector kind.
PLANTED = {
    "bsn": re.compile(r"Betrokkene [^()]+ \(BSN [\d. ]+\)\."),
    "iban": re.compile(r"Geld overgemaakt naar [A-Z0-9 ]+\."),
    "phone": re.compile(r"Melder bereikbaar op [+\d -]+\."),
    "email": re.compile(r"Contact via \S+@\S+\."),
    "postcode_huisnummer": re.compile(r"Pand [^,]+ \d+[^,]*, [1-9]\d{3} ?[A-Za-z]{2}\."),
    "kenteken": re.compile(r"Auto met kenteken \S+ staat vaak voor de deur\."),
}
STRUCTURED = ("bsn", "iban", "phone", "email", "kenteken")


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.4%}" if whole else f"{part}/0"


def scan_deliveries(scale: float, seed: int) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {"free_text": Counter(), "other_text": Counter(), "identifier": Counter()}
    contracts = load_contracts()
    with tempfile.TemporaryDirectory() as folder:
        for path in demo.generate(Path(folder), date(2026, 11, 23), None, scale=scale, seed=seed):
            extract = contracts[path.parent.parent.name].extract_for_file(path.name)
            rows = iter_rows(path, extract)
            next(rows)
            for _, values in rows:
                for column, value in zip(extract.columns, values, strict=True):
                    if value is None or value == "" or not isinstance(value, str):
                        continue
                    if column.identifier == "free_text":
                        _judge_free_text(value, counts["free_text"])
                    elif column.identifier in STRUCTURED or column.type in STRUCTURED:
                        kind = column.identifier or column.type
                        counts["identifier"][f"{kind} values"] += 1
                        counts["identifier"][f"{kind} found"] += detect.contains_identifier(value)
                    elif column.identifier is None:
                        counts["other_text"]["values"] += 1
                        if detect.contains_identifier(value):
                            counts["other_text"]["flagged"] += 1
                            counts["other_text"][f"example {detect.describe_findings(value)}"] += 1
    return counts


def _judge_free_text(value: str, counts: Counter[str]) -> None:
    counts["values"] += 1
    spans = [(kind, m.start(), m.end()) for kind, pattern in PLANTED.items() for m in pattern.finditer(value)]
    findings = detect.find_identifiers(value)
    counts["values with a planted identifier"] += bool(spans)
    counts["flagged"] += bool(findings)
    false = [f for f in findings if not any(k == f.kind and s <= f.start and f.end <= e for k, s, e in spans)]
    if false:
        counts["flagged, not planted (false positive)"] += 1
        counts[f"example {detect.describe_findings(value)}"] += 1
    for kind, start, end in spans:
        found = any(f.kind == kind and start <= f.start and f.end <= end for f in findings)
        counts[f"planted {kind}"] += 1
        counts[f"planted {kind} found"] += found


def scan_warehouse(dsn: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    with connect(params_from_dsn(dsn)) as conn:
        columns = conn.execute(
            """select c.table_schema, c.table_name, c.column_name from information_schema.columns c
               join information_schema.tables t using (table_schema, table_name)
               where t.table_type = 'BASE TABLE' and c.data_type in ('text', 'character varying', 'character')
                 and c.table_schema not in ('pg_catalog', 'information_schema', 'meta')"""
        ).fetchall()
        for schema, table, column in columns:
            query = sql.SQL("select distinct {c} from {s}.{t} where {c} is not null").format(
                c=sql.Identifier(column), s=sql.Identifier(schema), t=sql.Identifier(table)
            )
            with conn.transaction(), conn.cursor(name="benchmark") as cursor:
                cursor.execute(query)
                for (value,) in cursor:
                    counts["values"] += 1
                    if detect.contains_identifier(value):
                        counts["flagged"] += 1
                        counts[f"flagged in {schema}.{table}.{column}"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dsn", help="also scan a warehouse after a run")
    args = parser.parse_args(argv)

    counts = scan_deliveries(args.scale, args.seed)
    free, other, ids = counts["free_text"], counts["other_text"], counts["identifier"]
    print(f"Generated deliveries, all regions, scale {args.scale}, seed {args.seed}, before scrubbing")
    planted, false = free["values with a planted identifier"], free["flagged, not planted (false positive)"]
    print(f"  free text: values scanned {free['values']}, flagged {free['flagged']}, planted {planted}")
    print(f"    false positives (flagged, nothing planted there): {_ratio(false, free['values'])}")
    for kind in PLANTED:
        print(f"    planted {kind} found: {_ratio(free[f'planted {kind} found'], free[f'planted {kind}'])}")
    print(f"  other text columns: values scanned {other['values']}")
    print(f"    false positives: {_ratio(other['flagged'], other['values'])}")
    for kind in STRUCTURED:
        print(f"  identifier column {kind}: found {_ratio(ids[f'{kind} found'], ids[f'{kind} values'])}")
    examples = [k[8:] for k in list(free) + list(other) if k.startswith("example ")]
    if examples:
        print("  false-positive shapes:", "; ".join(sorted(set(examples))[:10]))
    if args.dsn:
        found = scan_warehouse(args.dsn)
        print("Warehouse after a run (every text column outside meta, distinct values)")
        print(f"  values scanned {found['values']}, flagged {_ratio(found['flagged'], found['values'])}")
        for key in sorted(k for k in found if k.startswith("flagged in ")):
            print(f"    {key}: {found[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
