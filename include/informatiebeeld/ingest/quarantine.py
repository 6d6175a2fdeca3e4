"""Quarantine: a file that cannot be loaded leaves landing with a report next to it."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from datetime import date
from pathlib import Path

from informatiebeeld.config.paths import quarantine_dir
from informatiebeeld.ingest.violations import MAX_REPORTED_VIOLATIONS, Violation


def quarantine_file(
    path: Path, region: str, partner: str, delivery_date: date, violations: list[Violation], rows_read: int
) -> Path:
    target_dir = quarantine_dir() / region / partner / delivery_date.isoformat()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    shutil.move(str(path), target)
    report = target_dir / f"{path.name}.report.txt"
    lines = [
        f"Quarantined delivery: {path}",
        f"Region {region}, partner {partner}, delivery date {delivery_date}",
        f"Rows read: {rows_read}. Nothing of this file was loaded.",
        f"Contract violations (first {MAX_REPORTED_VIOLATIONS}):",
        *[f"  - {v}" for v in violations[:MAX_REPORTED_VIOLATIONS]],
        "Fix the export and deliver the corrected file again; it will be loaded the next night.",
    ]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (target_dir / f"{path.name}.report.json").write_text(
        json.dumps([asdict(v) for v in violations[:MAX_REPORTED_VIOLATIONS]], indent=2), encoding="utf-8"
    )
    return report
