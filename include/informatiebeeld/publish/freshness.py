"""How current each partner's data is: the latest loaded delivery per extract against its cadence."""

from __future__ import annotations

from datetime import date
from typing import Any

from informatiebeeld.config.contracts import CADENCE_MAX_AGE_DAYS, load_contracts


def partner_freshness(conn: Any, region: str, run_date: date) -> list[dict[str, Any]]:
    """Per partner extract: the latest loaded delivery and whether it is older than its cadence allows."""
    latest = {
        (partner, extract): delivered
        for partner, extract, delivered in conn.execute(
            """select partner, extract, max(delivery_date) from meta.load_ledger
               where region = %s and status = 'loaded' and delivery_date <= %s group by partner, extract""",
            (region, run_date),
        )
    }
    rows = []
    for partner, contract in sorted(load_contracts().items()):
        for extract in contract.extracts:
            delivered = latest.get((partner, extract.name))
            age = (run_date - delivered).days if delivered else None
            max_age = CADENCE_MAX_AGE_DAYS[extract.cadence]
            rows.append(
                {
                    "partner_code": partner,
                    "extract": extract.name,
                    "cadans": extract.cadence,
                    "laatste_levering": delivered.isoformat() if delivered else None,
                    "dagen_oud": age,
                    "max_dagen_oud": max_age,
                    "is_verouderd": age is None or age > max_age,
                }
            )
    return rows
