"""Synthetic partner deliveries for demos, tests and local development.

``generate()`` writes one night's deliveries into a landing directory, exactly as the partners would
drop them: for every region, every partner contract and every extract one file at
``<landing_dir>/<region>/<partner>/<YYYY-MM-DD>/<file_name>``. Each file follows its contract to the
letter: header and column order, encoding (windows-1252 where the contract says so), delimiter,
decimal separator, date format, ``ja``/``nee`` booleans in CSV, real dates and booleans in the
Bibob workbook, enum and list values, thema codes from ``ref_themas``, gemeente codes from
``ref_gemeenten``.

Everything is synthetic. No real person, company or address is used; names, streets and numbers are
drawn from short lists and random digits. Identifiers look real so that pseudonymisation and
scrubbing have something to bite on: BSNs pass the 11-proef, IBANs carry a valid checksum, postcodes
are well formed, phone numbers, e-mail addresses (on reserved ``.example`` domains) and kentekens come
in the mixed spellings partners use. About 15% of the free-text values carry such an identifier.

The data is shaped to give interesting informatiebeelden:

- per region and thema a few hotspot gemeenten where that thema's records concentrate;
- partners that are silent on some themes (``silent_themas``): the Belastingdienst never reports
  OMG's or jonge aanwas, the politie never zorgfraude, the gemeenten of half the regions nothing on
  logistiek, and some regions register hennep under drugs;
- a few rows in the politie and KvK extracts still carry the code of a merged gemeente (herindeling);
- people and companies recur across partners (a politie betrokkene may have a fiscal signal, a company
  in the Handelsregister may have a Bibob-dossier), so pseudonyms link across sources;
- casussen spread over three years, open and closed, with several themes, partners and adviezen.
- casus_subjecten name recurring persons and companies (so they are linkable within the casus), and
  handhavingsknelpunten cover an area (gemeente), an area (PC4s), a risk branche and groups of persons.

Records are dated from three years before the delivery date up to the delivery date. Output is
deterministic: the same arguments give byte-identical files (the XLSX workbook included). Files are
streamed row by row, so memory stays flat at any ``scale``.

This module is the entry point: ``generate()`` walks regions, partners and extracts and writes each
file. The rows come from ``partners/`` (one module per partner), the shared pieces from ``common/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from informatiebeeld.config.contracts import Extract, load_contracts, load_regions
from informatiebeeld_demo.common.completion import complete, generic_rows
from informatiebeeld_demo.common.context import BASE_VOLUMES, NATIONAL_ROWS, Context
from informatiebeeld_demo.common.reference import SEEDS_DIR, Reference, load_reference
from informatiebeeld_demo.common.regions import Gemeente, RegionProfile, build_profile, region_profile
from informatiebeeld_demo.common.words import (
    ACHTERNAMEN,
    HANDELSNAAM_WOORDEN,
    STRATEN,
    TEKST_SJABLONEN,
    TEKST_STAARTEN,
    THEMA_ZINNEN,
    VOORNAMEN,
)
from informatiebeeld_demo.common.writers import ContractMismatch, write_csv, write_xlsx
from informatiebeeld_demo.partners import PRODUCERS
from informatiebeeld_demo.partners.riec import CASUS_CODENAMEN

__all__ = [
    "ACHTERNAMEN",
    "CASUS_CODENAMEN",
    "HANDELSNAAM_WOORDEN",
    "PRODUCERS",
    "SEEDS_DIR",
    "STRATEN",
    "TEKST_SJABLONEN",
    "TEKST_STAARTEN",
    "THEMA_ZINNEN",
    "VOORNAMEN",
    "ContractMismatch",
    "Gemeente",
    "RegionProfile",
    "_Context",
    "_load_reference",
    "_write_extract",
    "generate",
    "region_profile",
    "write_extract",
]


def write_extract(ctx: Context, partner: str, extract: Extract, folder: Path) -> Path:
    """Write one extract of one partner for ctx's region into folder; a partial file never stays behind."""
    producer = PRODUCERS.get((partner, extract.name))
    rows = producer(ctx) if producer else generic_rows(ctx, partner, extract)
    path = folder / extract.file_name
    partial = folder / f".{extract.file_name}.partial"
    writer = write_xlsx if extract.format == "xlsx" else write_csv
    try:
        writer(partial, extract, complete(rows, ctx, partner, extract))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def generate(
    landing_dir: Path,
    delivery_date: date,
    regions: Sequence[str] | None = None,
    scale: float = 1.0,
    seed: int = 42,
    *,
    partners: Sequence[str] | None = None,
    seeds_dir: Path | None = None,
    national: float | None = None,
) -> list[Path]:
    """Write one night's synthetic deliveries and return the written paths, sorted.

    One file per region, partner contract and extract, at
    ``landing_dir/<region>/<partner>/<delivery_date>/<file_name>``. ``regions`` defaults to all
    regions of regions.yml, ``partners`` to every partner of the contracts; ``scale`` multiplies
    every volume except bevolking (at least one row per file); ``seed`` makes the output
    reproducible byte for byte. ``seeds_dir`` points at the dbt seeds (ref_themas,
    ref_sbi_risicobranches, ref_gemeenten, ref_gemeente_herindelingen). ``national`` replaces
    ``scale``: that fraction of a national night (``NATIONAL_ROWS``), each region's share in
    proportion to its inwoners (over all ten regions, whichever are generated).
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    codes = list(dict.fromkeys(regions)) if regions is not None else list(load_regions())
    reference = load_reference(seeds_dir, on=delivery_date)  # the gemeenten of the delivery's date
    contracts = load_contracts()
    unknown = sorted(set(partners or ()) - set(contracts))
    if unknown:
        raise ValueError(f"no contract for partner(s) {', '.join(unknown)}")
    profiles = [build_profile(code, seed, reference) for code in codes]
    scales, factors = {p.code: scale for p in profiles}, None
    if national is not None:
        scales, factors = national_scales(national, codes, seed, reference)
    written = []
    for profile in profiles:
        ctx = Context(profile, reference, seed, scales[profile.code], delivery_date, factors)
        for partner, contract in contracts.items():
            if partners is not None and partner not in partners:
                continue
            folder = Path(landing_dir) / profile.code / partner / delivery_date.isoformat()
            folder.mkdir(parents=True, exist_ok=True)
            for extract in contract.extracts:
                written.append(write_extract(ctx, partner, extract, folder))
    return sorted(written)


def national_scales(
    fraction: float, codes: Sequence[str], seed: int, reference: Reference
) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """Per region the scale of ``fraction`` of a national night, and the per-extract factors on it."""
    if fraction <= 0:
        raise ValueError("national must be positive")
    inwoners = {
        code: sum(g.inwoners for g in build_profile(code, seed, reference).gemeenten) for code in load_regions()
    }
    total = sum(inwoners.values())
    anchor = ("kvk", "handelsregister_mutaties")
    national_scale = NATIONAL_ROWS[anchor] / BASE_VOLUMES[anchor]  # the scale of the whole country
    factors = {key: rows / BASE_VOLUMES[key] / national_scale for key, rows in NATIONAL_ROWS.items()}
    return {code: fraction * national_scale * inwoners[code] / total for code in codes}, factors


# The names these had when the generator was one module; tests and benchmarks still use them.
_Context = Context
_load_reference = load_reference
_write_extract = write_extract
