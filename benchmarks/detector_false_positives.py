"""Measure the leak detector's false-positive rate (and its hit rate) on generated data.

    .venv/bin/python benchmarks/detector_false_positives.py [--scale 0.5] [--seed 42] [--dsn DSN] [--no-deduce]

0. Runs both detectors (ours, ``detect``, and the independent ``deduce`` as the gate uses it) over the
   hand-written corpus ``tests/fixtures/free_text_corpus.yml`` and prints, as JSON, recall per
   identifier kind and false positives per kind, for ours, deduce and the two combined.

1. Generates one night's demo deliveries for all regions (``demo.generate``) in a temporary folder
   and runs the detector over the values as delivered, before any scrubbing:
   - free-text columns: the generator plants an identifier snippet in about 15% of them, always in
     one of seven fixed sentences ("Betrokkene X (BSN …).", "Geld overgemaakt naar …." …). Those
     sentences are the ground truth: a finding inside a planted sentence of its kind is a true
     positive (the name in the BSN sentence and the street in the address sentence count too), any
     other finding is a false positive, a planted sentence without a finding is a miss.
   - every other text column without an identifier role (case numbers, codes, enums, names of
     themes…): any finding is a false positive.
   - identifier columns (bsn, iban, phone, e-mail, kenteken): the share of values found.
2. With ``--dsn`` (a warehouse after a run), the detector runs over every distinct value of every
   text column of every table outside ``meta``: everything flagged there is a leak or a false
   positive, both of which the gate would stop.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from psycopg import sql

from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.ingest.read import iter_rows
from informatiebeeld.privacy import detect
from informatiebeeld.warehouse.connection import connect, params_from_dsn
from informatiebeeld_demo import generator as demo

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "free_text_corpus.yml"
# The corpus annotates postcode + huisnummer and street addresses apart; both are an address.
_SAME = {"postcode_huisnummer": "adres"}


def _group(kind: str) -> str:
    return _SAME.get(kind, kind)


def _annotated_spans(text: str, identifiers: list[list[str]]) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each annotation; a repeated substring is the next occurrence."""
    spans: list[tuple[str, int, int]] = []
    for kind, token in identifiers:
        after = max((e for k, s, e in spans if text[s:e] == token), default=0)
        start = text.index(token, after)
        spans.append((kind, start, start + len(token)))
    return spans


def _ours(text: str) -> list[tuple[str, int, int]]:
    return [(f.kind, f.start, f.end) for f in detect.find_identifiers(text)]


def _deduce(text: str) -> list[tuple[str, int, int]]:
    """deduce's findings as the gate counts them (privacy.second_opinion.GATE_TAGS). Offsets are
    those of the folded text, which for the corpus's non-ASCII digits keeps the same length."""
    from informatiebeeld.privacy import second_opinion
    from informatiebeeld.privacy.normalise import normalise_text

    folded = normalise_text(text)
    found = []
    for tag, start, end in second_opinion.annotations(folded):
        kind = second_opinion._gate_kind(tag, folded[start:end])
        if kind:
            found.append((kind, start, end))
    return found


def _deduce_names(text: str) -> list[tuple[str, int, int]]:
    """deduce's ``persoon`` findings, which the gate only counts (advisory): for the figures."""
    from informatiebeeld.privacy import second_opinion
    from informatiebeeld.privacy.normalise import normalise_text

    return [("naam", s, e) for tag, s, e in second_opinion.annotations(normalise_text(text)) if tag == "persoon"]


def evaluate_corpus(finders: dict[str, Any], corpus: Path = CORPUS) -> dict[str, Any]:
    """Recall per kind and false positives per kind of each finder on the hand-written corpus. An
    annotated identifier is found when a finding of its kind (an address for either address kind)
    covers it; a finding that overlaps no annotation is a false positive, and a sentence of the
    ordinary set with any finding is a flagged ordinary sentence."""
    data = yaml.safe_load(corpus.read_text(encoding="utf-8"))
    results: dict[str, Any] = {}
    for name, finder in finders.items():
        found: Counter[str] = Counter()
        total: Counter[str] = Counter()
        false: Counter[str] = Counter()
        missed: list[str] = []
        flagged_ordinary = 0
        finder("warm-up: BSN 111222333")  # deduce builds its lookup structures on the first call
        started = time.perf_counter()
        for entry in data["with_identifiers"]:
            text = entry["t"]
            findings = finder(text)
            spans = _annotated_spans(text, entry["ids"])
            for kind, start, end in spans:
                total[_group(kind)] += 1
                if any(_group(k) == _group(kind) and s <= start and end <= e for k, s, e in findings):
                    found[_group(kind)] += 1
                else:
                    missed.append(f"{kind} {detect.shape(text[start:end])}")
            for kind, start, end in findings:
                if not any(start < e and s < end for _, s, e in spans):
                    false[_group(kind)] += 1
        for text in data["without_identifiers"]:
            findings = finder(text)
            flagged_ordinary += bool(findings)
            false.update(_group(kind) for kind, _, _ in findings)
        seconds = time.perf_counter() - started
        results[name] = {
            "recall": {k: f"{found[k]}/{total[k]}" for k in sorted(total)},
            "recall_total": f"{sum(found.values())}/{sum(total.values())}",
            "false_positives_by_kind": dict(sorted(false.items())),
            "ordinary_sentences_flagged": f"{flagged_ordinary}/{len(data['without_identifiers'])}",
            "false_positive_rate_ordinary": round(flagged_ordinary / len(data["without_identifiers"]), 4),
            "missed": len(missed),
            "missed_shapes": sorted(set(missed))[:10],
            "ms_per_sentence": round(
                1000 * seconds / (len(data["with_identifiers"]) + len(data["without_identifiers"])), 3
            ),
        }
    return results


def corpus_finders(with_deduce: bool = True) -> dict[str, Any]:
    finders: dict[str, Any] = {"ours": _ours}
    if with_deduce:
        finders["deduce"] = _deduce
        finders["combined"] = lambda text: _ours(text) + _deduce(text)
        finders["deduce_with_persoon"] = lambda text: _deduce(text) + _deduce_names(text)
    return finders


# The generator's planted sentences (demo._Context.identifier_snippet), by detector kind.
PLANTED = {
    "bsn": re.compile(r"Betrokkene [^()]+ \(BSN [\d. ]+\)\."),
    "iban": re.compile(r"Geld overgemaakt naar [A-Z0-9 ]+\."),
    "phone": re.compile(r"Melder bereikbaar op [+\d -]+\."),
    "email": re.compile(r"Contact via \S+@\S+\."),
    "postcode_huisnummer": re.compile(r"Pand [^,]+ \d+[^,]*, [1-9]\d{3} ?[A-Za-z]{2}\."),
    "kenteken": re.compile(r"Auto met kenteken \S+ staat vaak voor de deur\."),
    "kvk": re.compile(r"Pand op naam van KvK \d+\."),
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
    also = {"bsn": {"naam"}, "postcode_huisnummer": {"adres"}}
    false = [
        f
        for f in findings
        if not any((f.kind == k or f.kind in also.get(k, ())) and s <= f.start and f.end <= e for k, s, e in spans)
    ]
    if false:
        counts["flagged, not planted (false positive)"] += 1
        counts[f"example {detect.describe_findings(value)}"] += 1
    for kind, start, end in spans:
        found = any(f.kind in (kind, *also.get(kind, ())) and start <= f.start and f.end <= end for f in findings)
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
    parser.add_argument("--no-deduce", action="store_true", help="skip the second detector (deduce)")
    args = parser.parse_args(argv)

    print("Hand-written corpus", CORPUS.name, "(recall per kind, false positives per kind, JSON):")
    print(json.dumps(evaluate_corpus(corpus_finders(not args.no_deduce)), indent=2, ensure_ascii=False))

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
