"""Reference data from the dbt seeds: thema codes, risk branches, the gemeenten of a date and herindelingen.

Read from a seeds folder the caller may choose (the project's own by default), not through the readers
of ``informatiebeeld.config.reference``, which are bound to the project's seeds.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from informatiebeeld.config.reference import SEEDS_DIR


@dataclass(frozen=True)
class Reference:
    themas: tuple[str, ...]
    risk_sbi: tuple[tuple[str, str], ...]  # (sbi_code, thema_code)
    current: tuple[tuple[str, str, str], ...]  # (gemeente_code, gemeente_naam, riec_regio_code) on the date
    successor: Mapping[str, str]  # oud_gemeente_code -> nieuw_gemeente_code, herindelingen up to the date


def _read_seed(seeds_dir: Path, name: str) -> list[dict[str, str]]:
    with (seeds_dir / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _valid_on(row: Mapping[str, str], on: date | None) -> bool:
    since, until = (row.get("geldig_vanaf") or "").strip(), (row.get("geldig_tot") or "").strip()
    if on is None:
        return not until
    return (not since or since <= on.isoformat()) and (not until or until >= on.isoformat())


def load_reference(seeds_dir: Path | None = None, on: date | None = None) -> Reference:
    """The reference of today, or of a date: the gemeenten that existed then, the herindelingen in effect."""
    seeds_dir = seeds_dir or SEEDS_DIR
    themas = tuple(row["thema_code"] for row in _read_seed(seeds_dir, "ref_themas"))
    risk = tuple((row["sbi_code"], row["thema_code"]) for row in _read_seed(seeds_dir, "ref_sbi_risicobranches"))
    current = tuple(
        (row["gemeente_code"], row["gemeente_naam"], row["riec_regio_code"])
        for row in _read_seed(seeds_dir, "ref_gemeenten")
        if _valid_on(row, on)
    )
    successor = {
        row["oud_gemeente_code"]: row["nieuw_gemeente_code"]
        for row in _read_seed(seeds_dir, "ref_gemeente_herindelingen")
        if on is None or row["ingangsdatum"] <= on.isoformat()
    }
    return Reference(themas, risk, current, successor)


def final_successor(code: str, successor: Mapping[str, str]) -> str:
    """Follow herindelingen until a code that did not merge again (guards against cycles)."""
    seen = {code}
    while code in successor and successor[code] not in seen:
        code = successor[code]
        seen.add(code)
    return code
