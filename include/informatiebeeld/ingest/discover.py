"""Finding a night's deliveries in the landing area: ``<region>/<partner>/<YYYY-MM-DD>/<file>``.

Landing is a boundary. Only regular files inside it are deliveries; everything else that is there
is reported, with the rule it breaks, and quarantined rather than skipped in silence: a symbolic
link (never followed, wherever it points), anything that resolves outside landing, a folder inside
a delivery-date folder, a file or folder in the partner folder that is not a delivery-date folder.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from informatiebeeld.config.paths import landing_dir
from informatiebeeld.privacy.scrub import safe_name

log = logging.getLogger(__name__)

# rule -> what is wrong, for an entry of landing that is not a delivery
NOT_A_DELIVERY = {
    "symlink": "a symbolic link; landing takes files only, links are never followed",
    "outside_landing": "resolves to a place outside the landing area",
    "unexpected_folder": "a folder inside a delivery-date folder; deliveries are files",
    "delivery_date_folder": "not in a delivery-date folder <partner>/<YYYY-MM-DD>/",
    "not_a_file": "not a regular file",
}


@dataclass(frozen=True)
class Delivery:
    region: str
    partner: str
    delivery_date: date
    path: Path
    refused: str | None = None  # a rule of NOT_A_DELIVERY: the entry is reported and quarantined, not read


def _inside(path: Path, root: Path) -> bool:
    try:
        return Path(os.path.realpath(path)).is_relative_to(root)
    except (OSError, ValueError):
        return False


def _judge_entry(path: Path, root: Path, want_file: bool) -> str | None:
    """The rule an entry breaks, or None when it is what landing expects at that level."""
    if path.is_symlink():
        return "symlink"
    if not _inside(path, root):
        return "outside_landing"
    if want_file:
        if path.is_dir():
            return "unexpected_folder"
        return None if path.is_file() else "not_a_file"
    return None if path.is_dir() else "delivery_date_folder"


def discover(region: str, partner: str, up_to: date, root: Path | None = None) -> list[Delivery]:
    """Every entry of a partner's landing folder for a region, up to delivery date ``up_to``:
    deliveries to read, and entries that are refused with their rule. A folder for a later date
    waits for its night."""
    landing = Path(os.path.realpath(root or landing_dir()))
    partner_dir = landing / region / partner
    found: list[Delivery] = []
    for level in (landing / region, partner_dir):
        if level.is_symlink() or (level.exists() and not _inside(level, landing)):
            log.error("refusing %s: %s", safe_name(str(level)), NOT_A_DELIVERY["symlink"])
            return [Delivery(region, partner, up_to, level, "symlink")]
    if not partner_dir.is_dir():
        return found
    for entry in sorted(partner_dir.iterdir()):
        try:
            delivered = date.fromisoformat(entry.name)
        except ValueError:
            found.append(Delivery(region, partner, up_to, entry, "delivery_date_folder"))
            continue
        refused = _judge_entry(entry, landing, want_file=False)
        if refused:
            found.append(Delivery(region, partner, min(delivered, up_to), entry, refused))
            continue
        if delivered > up_to:
            continue
        for path in sorted(entry.iterdir()):
            found.append(Delivery(region, partner, delivered, path, _judge_entry(path, landing, want_file=True)))
    for delivery in found:
        if delivery.refused:
            log.warning("refusing %s: %s", safe_name(delivery.path.name), NOT_A_DELIVERY[delivery.refused])
    return found
