"""Reference data read from the dbt seeds, the single source of codes for Python and SQL."""

from __future__ import annotations

import csv
from datetime import date
from functools import cache

from informatiebeeld.config.paths import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


def _rows(seed: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / f"{seed}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _valid_on(row: dict[str, str], on: date) -> bool:
    iso = on.isoformat()
    started = not row["geldig_vanaf"] or row["geldig_vanaf"] <= iso
    return started and (not row["geldig_tot"] or row["geldig_tot"] >= iso)


@cache
def _gemeenten() -> dict[str, dict[str, str]]:
    """Every gemeente since 2019 by code, with its validity (one row per code)."""
    return {row["gemeente_code"]: row for row in _rows("ref_gemeenten")}


@cache
def current_gemeenten() -> dict[str, dict[str, str]]:
    """Current gemeenten by code."""
    return {code: row for code, row in _gemeenten().items() if not row["geldig_tot"]}


@cache
def gemeenten_on(on: date) -> dict[str, dict[str, str]]:
    """The gemeenten as they were on a date, by code."""
    return {code: row for code, row in _gemeenten().items() if _valid_on(row, on)}


@cache
def known_gemeente_codes() -> frozenset[str]:
    """Every code since 2019: the current gemeenten and those that have since merged (herindeling)."""
    old = {row["oud_gemeente_code"] for row in _rows("ref_gemeente_herindelingen")}
    return frozenset(_gemeenten()) | frozenset(old)


@cache
def gemeenten_of_region(region: str, on: date | None = None) -> tuple[str, ...]:
    """The gemeente codes of a region today, or on a date (the gemeenten that existed then)."""
    gemeenten = current_gemeenten() if on is None else gemeenten_on(on)
    return tuple(sorted(c for c, row in gemeenten.items() if row["riec_regio_code"] == region))


@cache
def thema_codes() -> frozenset[str]:
    return frozenset(row["thema_code"] for row in _rows("ref_themas"))


@cache
def _successors(on: date | None) -> dict[str, str]:
    """Old code -> the code it went into, for the herindelingen in effect today or on a date."""
    return {
        row["oud_gemeente_code"]: row["nieuw_gemeente_code"]
        for row in _rows("ref_gemeente_herindelingen")
        if on is None or row["ingangsdatum"] <= on.isoformat()
    }


def current_code(code: str, on: date | None = None) -> str:
    """The code a gemeente code stands for today, or on a date: herindelingen up to then are followed,
    in chains."""
    successor = _successors(on)
    seen = set()
    while code in successor and code not in seen:
        seen.add(code)
        code = successor[code]
    return code


@cache
def region_of_gemeente(code: str, on: date | None = None) -> str | None:
    """The region a delivered gemeente code belongs to today, or on a date. A code is followed through
    the herindelingen up to that date; a code that only came into use later (a record delivered under
    today's code for an earlier period) keeps its own region."""
    row = _gemeenten().get(current_code(code, on))
    return row["riec_regio_code"] if row else None


@cache
def _region_history() -> tuple[dict[str, str], ...]:
    return tuple(_rows("ref_riec_regio_historie"))


def parts_of_form(form: str, on: date) -> tuple[str, ...]:
    """Today's regions that made up a joint form on a date."""
    return tuple(
        sorted(
            row["riec_regio_code"]
            for row in _region_history()
            if row["rapporteert_als"] == form and row["riec_regio_code"] != form and _valid_on(row, on)
        )
    )


def forms_of_region(region: str) -> dict[str, date]:
    """Every joint form a region was ever part of, with the last day it was."""
    return {
        row["rapporteert_als"]: date.fromisoformat(row["geldig_tot"])
        for row in _region_history()
        if row["riec_regio_code"] == region and row["rapporteert_als"] != region and row["geldig_tot"]
    }
