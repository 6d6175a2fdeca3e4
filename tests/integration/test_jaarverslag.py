"""The jaarverslag tables end to end: a region's nightly steps, the national union, the export.

Oost-Brabant is the region that shows the rules best: up to 2024 it reported as part of
Taskforce-RIEC Brabant-Zeeland, from 2025 as its own RIEC.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld.publish.publication import publish_national
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE

pytestmark = pytest.mark.integration
REGION = "oost_brabant"


@pytest.fixture(scope="module")
def published(warehouse_params):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        with psycopg.connect(warehouse_params.conninfo(), autocommit=True) as conn:
            for (schema,) in conn.execute(
                "select nspname from pg_namespace where nspname not like 'pg\\_%' "
                "and nspname not in ('information_schema', 'public')"
            ).fetchall():
                conn.execute(f'drop schema "{schema}" cascade')
        shutil.rmtree(landing_dir(), ignore_errors=True)
        patch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", warehouse_params.conninfo())
        patch.setenv(env_var_name(REGION), "jaarverslag-test-key-" + "j" * 40)
        demo.generate(landing_dir(), RUN_DATE, [REGION], scale=0.3, seed=11)
        assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 0
        publish_national(warehouse_params, "test-jaarverslag")
        yield warehouse_params


def _table1(params, year: int) -> dict[str, tuple[object, str, str | None]]:  # type: ignore[no-untyped-def]
    with psycopg.connect(params.conninfo()) as conn:
        rows = conn.execute(
            "select rij_code, waarde, status, voetnoot, rapportage_regio_naam "
            f"from {REGION}_published.jaarverslag_tabel1 where jaar = %s",
            (year,),
        ).fetchall()
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def test_regions_as_they_were_that_year(published) -> None:  # type: ignore[no-untyped-def]
    before, after = _table1(published, 2024), _table1(published, 2025)
    assert {r[3] for r in before.values()} == {"Taskforce-RIEC Brabant-Zeeland"}
    assert {r[2] for r in before.values()} == {"Gezamenlijk gerapporteerd als Taskforce-RIEC Brabant-Zeeland"}
    assert {r[3] for r in after.values()} == {"RIEC Oost-Brabant"}
    assert {r[1] for r in after.values()} == {"waarde"}


def test_tabel1_counts_a_casus_in_every_year_and_under_every_partner(published) -> None:  # type: ignore[no-untyped-def]
    with psycopg.connect(published.conninfo()) as conn:
        per_year = dict(
            conn.execute(
                f"select jaar, count(*) from {REGION}_intermediate.int_casussen_per_jaar group by jaar"
            ).fetchall()
        )
        brought_in = conn.execute(
            f"select count(*) from {REGION}_intermediate.int_casussen_per_jaar as j "
            f"join {REGION}_intermediate.int_casus_partners as p using (casus_nummer) where j.jaar = 2025"
        ).fetchone()[0]
    cells = _table1(published, 2025)
    assert cells["casussen_behandeld"][0] == per_year[2025] > 0
    partner_rows = [v[0] for k, v in cells.items() if k.startswith("ingebracht_")]
    # sub-rows need not add up: a casus brought in by several partners counts under each category
    assert sum(partner_rows) >= cells["casussen_behandeld"][0]
    assert sum(partner_rows) <= brought_in


def test_export_writes_the_annual_report_layout_with_a_national_total(published, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert main(["export-jaarverslag", "--year", "2024", "--out", str(tmp_path)]) == 0
    with (tmp_path / "jaarverslag_2024_tabel1.csv").open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    assert table[0] == ["Tabel 1 Operationele resultaten"]
    assert table[1] == ["", "Taskforce-RIEC Brabant-Zeeland", "Landelijk totaal"]
    cases = next(row for row in table if row[0] == "Aantal behandelde casussen")
    expected = _table1(published, 2024)["casussen_behandeld"][0]
    assert cases[1] == f"{expected} [1]" and cases[2] == str(expected)
    assert table[-1] == ["[1] Gezamenlijk gerapporteerd als Taskforce-RIEC Brabant-Zeeland"]
    workbook = openpyxl.load_workbook(tmp_path / "jaarverslag_2024.xlsx", read_only=True)
    assert workbook.sheetnames == ["Tabel 1", "Tabel 2"]
    sheet = list(workbook["Tabel 2"].iter_rows(values_only=True))
    assert sheet[1] == (None, "Taskforce-RIEC Brabant-Zeeland", "Landelijk totaal")
    assert [row[0] for row in sheet[2:5]] == ["Opgelegd (€)", "Geïnd/verrekend (€)", "Beslag (€)"]
    workbook.close()


def test_export_of_an_unpublished_year_says_so(published, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["export-jaarverslag", "--year", "2019", "--out", str(tmp_path)]) == 1
    assert "no figures for 2019" in capsys.readouterr().err


def test_the_jaarverslag_pages_lay_out_the_tables_as_the_export_does(published, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.browser import chromium

    assert main(["rapport", "--region", "landelijk", "--out", str(tmp_path)]) == 0
    assert main(["rapport", "--region", REGION, "--gemeente", "GM0772", "--thema", "drugs", "--no-pdf",
                 "--out", str(tmp_path)]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    assert "2 documents in" in printed and "PDF: 0 (not asked for)" in printed
    national = next((tmp_path / "landelijk").glob("*/jaarverslag.html"))
    assert national.with_suffix(".pdf").is_file()
    regional = next((tmp_path / REGION).glob("*/"))
    assert sorted(p.relative_to(regional).as_posix() for p in regional.rglob("*.html")) == [
        f"gemeente/GM0772-{RUN_DATE.year}.html",
        "index.html",
        f"thema/drugs-{RUN_DATE.year}.html",
    ], "only what was asked for"
    expected = _table1(published, 2024)["casussen_behandeld"][0]
    with chromium() as browser:
        page = browser.visit(national.as_uri(), "jaarverslag-landelijk").page
        table = page.locator('table.jaarverslag[data-jaar="2024"]').first
        header = table.locator("th").all_inner_texts()
        cases = table.locator("tr", has_text="Aantal behandelde casussen").locator("td").all_inner_texts()
        footnotes = page.locator('table.jaarverslag[data-jaar="2024"] + ol.note').first.inner_text()
    assert header == ["", "Taskforce-RIEC Brabant-Zeeland", "Landelijk totaal"]
    assert cases == ["Aantal behandelde casussen", f"{expected} [1]", str(expected)]
    assert "Gezamenlijk gerapporteerd als Taskforce-RIEC Brabant-Zeeland" in footnotes
