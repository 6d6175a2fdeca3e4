"""Bewaartermijnen against the real warehouse: old deliveries lose rows and files, recent ones stay."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest

from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.governance import retention
from informatiebeeld.ingest.partner import ingest_partner
from informatiebeeld.warehouse import ledger
from tests.conftest import RUN_DATE, TEST_STATE

pytestmark = pytest.mark.integration
HEADER = "afpak_nummer;casus_nummer;gemeente_code;afpak_datum;afpak_soort;bedrag_eur\n"


def test_deliveries_past_their_bewaartermijn_are_purged_and_logged(clean_warehouse, region_key) -> None:  # type: ignore[no-untyped-def]
    term = load_contracts()["belastingdienst"].extract("afpakken").bewaartermijn_dagen
    old_day = RUN_DATE - timedelta(days=term + 1)
    recent_day = RUN_DATE - timedelta(days=term - 1)
    folders = {}
    for day, number in ((old_day, "OLD"), (recent_day, "NEW")):
        folder = TEST_STATE / "landing" / "noord_nederland" / "belastingdienst" / day.isoformat()
        folder.mkdir(parents=True)
        afpak_date = day.strftime("%d-%m-%Y")
        (folder / "afpakken.csv").write_text(
            HEADER + f"{number}-1;;GM0014;{afpak_date};opgelegd;1,00\n{number}-2;;GM0014;{afpak_date};beslag;2,00\n",
            encoding="windows-1252",
        )
        folders[number] = folder
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        ingest_partner(conn, "noord_nederland", "belastingdienst", RUN_DATE, region_key, "night")
        purges = retention.purge_region(conn, "noord_nederland", RUN_DATE)
        again = retention.purge_region(conn, "noord_nederland", RUN_DATE)
        remaining = conn.execute("select afpak_nummer from raw_noord_nederland.belastingdienst__afpakken").fetchall()
        statuses = conn.execute("select delivery_date, status from meta.load_ledger order by delivery_date").fetchall()
        logged = conn.execute("select delivery_date, rows_purged, file_deleted from meta.retention_log").fetchall()
    assert [(p.partner, p.rows_purged, p.file_deleted) for p in purges] == [("belastingdienst", 2, True)]
    assert again == [], "a second purge finds nothing more"
    assert sorted(remaining) == [("NEW-1",), ("NEW-2",)]
    assert statuses == [(old_day, "purged"), (recent_day, "loaded")]
    assert logged == [(old_day, 2, True)]
    assert not folders["OLD"].exists() and (folders["NEW"] / "afpakken.csv").exists()
