"""Doelbinding (RIEC-convenant art. 1.7) on a real run: only subjects in scope are linked across partners."""

from __future__ import annotations

from collections import defaultdict

import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE

pytestmark = pytest.mark.integration

REGION = "noord_holland"
COUNTS = (
    "personen_in_scope",
    "personen_bij_meerdere_partners",
    "personen_niet_gekoppeld",
    "bedrijven_in_scope",
    "bedrijven_bij_meerdere_partners",
    "bedrijven_niet_gekoppeld",
)


def _expected(conn: psycopg.Connection) -> tuple[dict[tuple[str, int], dict[str, int]], int]:
    """thema_subjecten recomputed in Python from the intermediate models, and the out-of-scope subjects
    that several partners name (what an unrestricted linkage would have matched)."""
    records = conn.execute(
        f"""
        select s.partner_code, s.subject_soort, s.subject_pseudoniem, s.thema_code, s.jaar
        from {REGION}_intermediate.int_subjecten_per_partner as s
        inner join {REGION}_intermediate.int_gemeenten_regio as g on s.gemeente_code = g.gemeente_code
        """
    ).fetchall()
    scope = {
        tuple(row)
        for row in conn.execute(
            f"select subject_soort, subject_pseudoniem, jaar from {REGION}_intermediate.int_subjecten_in_scope"
        )
    }
    partners: dict[tuple[str, int, str, str], set[str]] = defaultdict(set)
    for partner, soort, pseudoniem, thema, jaar in records:
        partners[(thema, jaar, soort, pseudoniem)].add(partner)
    expected: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    unlinked_at_several = 0
    for (thema, jaar, soort, pseudoniem), named_by in partners.items():
        soort_prefix = "personen" if soort == "persoon" else "bedrijven"
        cell = expected[(thema, jaar)]
        if (soort, pseudoniem, jaar) in scope:
            cell[f"{soort_prefix}_in_scope"] += 1
            cell[f"{soort_prefix}_bij_meerdere_partners"] += len(named_by) > 1
        else:
            cell[f"{soort_prefix}_niet_gekoppeld"] += len(named_by)
            unlinked_at_several += len(named_by) > 1
    return expected, unlinked_at_several


def test_thema_subjecten_links_only_subjects_in_scope(clean_warehouse, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    monkeypatch.setenv(env_var_name(REGION), "doelbinding-test-key-" + "d" * 40)
    demo.generate(landing_dir(), RUN_DATE, [REGION], scale=0.5, seed=11)
    assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 0
    columns = ", ".join(COUNTS)
    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        expected, unlinked_at_several = _expected(conn)
        grounds = {
            row[0] for row in conn.execute(f"select distinct grond from {REGION}_intermediate.int_subjecten_in_scope")
        }
        marts = {
            (row[0], row[1]): dict(zip(COUNTS, row[2:], strict=True))
            for row in conn.execute(f"select thema_code, jaar, {columns} from {REGION}_marts.thema_subjecten")
        }
        published = {
            (row[0], row[1]): dict(zip(COUNTS, row[2:], strict=True))
            for row in conn.execute(f"select thema_code, jaar, {columns} from {REGION}_published.thema_subjecten")
        }
        published_columns = {
            row[0]
            for row in conn.execute(
                "select column_name from information_schema.columns where table_schema = %s and table_name = %s",
                (f"{REGION}_published", "thema_subjecten"),
            )
        }
    assert {"casus", "hhk_persoon", "hhk_gebied", "hhk_branche"} <= grounds, grounds
    assert unlinked_at_several > 0, "the demo data has out-of-scope subjects that several partners name"
    for key, cells in marts.items():
        assert cells == expected.get(key, dict.fromkeys(COUNTS, 0)), key
    assert sum(c["personen_bij_meerdere_partners"] + c["bedrijven_bij_meerdere_partners"] for c in marts.values()) > 0
    assert sum(c["personen_niet_gekoppeld"] + c["bedrijven_niet_gekoppeld"] for c in marts.values()) > 0
    assert published.keys() == marts.keys()
    for key, cells in published.items():
        for column, value in cells.items():
            assert value is None or value == marts[key][column], (key, column)
    assert not any("pseudoniem" in column for column in published_columns)
