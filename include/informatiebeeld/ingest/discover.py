"""Finding a night's deliveries in the landing area: ``<region>/<partner>/<YYYY-MM-DD>/<file>``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from informatiebeeld.config.paths import landing_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    region: str
    partner: str
    delivery_date: date
    path: Path


def discover(region: str, partner: str, up_to: date, root: Path | None = None) -> list[Delivery]:
    """Delivered files of a partner for a region with a delivery date on or before ``up_to``."""
    partner_dir = (root or landing_dir()) / region / partner
    found: list[Delivery] = []
    if not partner_dir.is_dir():
        return found
    for date_dir in sorted(partner_dir.iterdir()):
        try:
            delivered = date.fromisoformat(date_dir.name)
        except ValueError:
            log.warning("ignoring %s: folder name is not a delivery date (YYYY-MM-DD)", date_dir)
            continue
        if delivered > up_to or not date_dir.is_dir():
            continue
        found += [Delivery(region, partner, delivered, f) for f in sorted(date_dir.iterdir()) if f.is_file()]
    return found
