"""Reference data read from the dbt seeds, the single source of codes for Python and SQL."""

from __future__ import annotations

import csv
from functools import cache

from informatiebeeld.config.paths import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


def _rows(seed: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / f"{seed}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def current_gemeenten() -> dict[str, dict[str, str]]:
    """Current gemeenten by code."""
    return {row["gemeente_code"]: row for row in _rows("ref_gemeenten") if not row["geldig_tot"]}


@cache
def known_gemeente_codes() -> frozenset[str]:
    """Current codes plus the codes of gemeenten that have since merged (herindeling)."""
    old = {row["oud_gemeente_code"] for row in _rows("ref_gemeente_herindelingen")}
    return frozenset(current_gemeenten()) | frozenset(old)


@cache
def gemeenten_of_region(region: str) -> tuple[str, ...]:
    return tuple(sorted(c for c, row in current_gemeenten().items() if row["riec_regio_code"] == region))


@cache
def thema_codes() -> frozenset[str]:
    return frozenset(row["thema_code"] for row in _rows("ref_themas"))


@cache
def _herindelingen() -> dict[str, str]:
    return {row["oud_gemeente_code"]: row["nieuw_gemeente_code"] for row in _rows("ref_gemeente_herindelingen")}


def current_code(code: str) -> str:
    """The current gemeente code for a code that may have merged since (follows chains)."""
    seen = set()
    while code in _herindelingen() and code not in seen:
        seen.add(code)
        code = _herindelingen()[code]
    return code


def region_of_gemeente(code: str) -> str | None:
    row = current_gemeenten().get(current_code(code))
    return row["riec_regio_code"] if row else None
