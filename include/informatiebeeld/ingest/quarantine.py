"""Quarantine: a file that cannot be loaded leaves landing, with a report, as evidence of one attempt.

Every attempt gets its own folder, ``quarantine/<region>/<partner>/<date>/delivery-<delivery_id>/``,
so a second bad file with the same name never overwrites the first one's evidence, and the names
inside it are fixed (``delivered<suffix>``, ``report.txt``, ``report.json``) whatever the delivered
name was: too long, not UTF-8, or holding someone's name. The delivered name appears only in the
report, escaped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict
from datetime import date
from pathlib import Path

from informatiebeeld.config.paths import quarantine_dir
from informatiebeeld.config.private import make_private, private_dir, write_private
from informatiebeeld.ingest.violations import MAX_REPORTED_VIOLATIONS, Violation
from informatiebeeld.privacy.scrub import safe_name, safe_path


def attempt_dir(region: str, partner: str, delivery_date: date, delivery_id: int) -> Path:
    return quarantine_dir() / region / partner / delivery_date.isoformat() / f"delivery-{delivery_id}"


def _evidence_name(path: Path) -> str:
    suffix = path.suffix.lower()
    return "delivered" + (suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else "")


def _ordered(violations: list[Violation]) -> list[Violation]:
    """File-level reasons first: they say why the file as a whole was refused."""
    return [v for v in violations if v.row is None] + [v for v in violations if v.row is not None]


def quarantine_file(
    path: Path,
    region: str,
    partner: str,
    delivery_date: date,
    delivery_id: int,
    violations: list[Violation],
    rows_read: int,
) -> Path:
    """Move the delivered entry (file, folder or link, never followed) into its attempt folder and
    write the report next to it; returns the report's path. Folders are 0700 and files 0600."""
    target_dir = attempt_dir(region, partner, delivery_date, delivery_id)
    private_dir(target_dir)
    evidence = target_dir / _evidence_name(path)
    if os.path.lexists(path):
        shutil.move(str(path), evidence)  # a rename where it can: a symbolic link moves as the link
        make_private(evidence)  # a rename keeps the partner's mode
    listed = _ordered(violations)[:MAX_REPORTED_VIOLATIONS]
    report = target_dir / "report.txt"
    lines = [
        f"Quarantined delivery: {safe_path(path)}",
        f"Region {region}, partner {partner}, delivery date {delivery_date}, delivery id {delivery_id}",
        f"Kept here as: {evidence.name}",
        f"Rows read: {rows_read}. Nothing of this file was loaded.",
        f"Contract violations ({len(listed)} of {len(violations)}, file-level first):",
        *[f"  - {v}" for v in listed],
        "Fix the export and deliver the corrected file again; it will be loaded the next night.",
    ]
    write_private(report, "\n".join(lines) + "\n")
    document = {
        "delivered_name": safe_name(path.name),
        "region": region,
        "partner": partner,
        "delivery_date": delivery_date.isoformat(),
        "delivery_id": delivery_id,
        "rows_read": rows_read,
        "violations_total": len(violations),
        "violations": [asdict(v) for v in listed],
    }
    write_private(target_dir / "report.json", json.dumps(document, indent=2))
    return report
