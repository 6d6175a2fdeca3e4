"""The ``informatiebeeld`` command as engineers use it outside Airflow, against the test warehouse."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.config import reference
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.config.publication import load_publication_config, published_marts
from informatiebeeld.documents.render import documents_dir
from informatiebeeld.orchestration import nightly
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld.publish import gate as gate_module
from informatiebeeld.warehouse.connection import params_from_dsn
from informatiebeeld.warehouse.embedded import resolve
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE

pytestmark = pytest.mark.integration


def test_configured_dsn_wins_over_the_embedded_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", "postgresql://analist:geheim@db.example:6543/wh")
    params = resolve()
    assert (params.host, params.port, params.user, params.dbname) == ("db.example", 6543, "analist", "wh")
    assert "geheim" not in repr(params)


def test_warehouse_dsn_prints_a_usable_dsn_as_last_line(clean_warehouse, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    assert main(["warehouse", "dsn"]) == 0
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    with psycopg.connect(last_line) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
    assert params_from_dsn(last_line).port == clean_warehouse.port


def test_validate_extract_accepts_a_good_file_and_names_row_column_rule_of_a_bad_one(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "afpakken.csv"
    good.write_text(
        "afpak_nummer;casus_nummer;gemeente_code;afpak_datum;afpak_soort;bedrag_eur\nA-1;;GM0014;03-02-2026;beslag;5,00\n",
        encoding="windows-1252",
    )
    assert main(["validate-extract", str(good), "--partner", "belastingdienst"]) == 0
    bad = tmp_path / "bad" / "afpakken.csv"
    bad.parent.mkdir()
    bad.write_text(good.read_text(encoding="windows-1252").replace("beslag", "gestolen"), encoding="windows-1252")
    assert main(["validate-extract", str(bad), "--partner", "belastingdienst"]) == 1
    out = capsys.readouterr().out
    assert f"{bad}: row 2, column afpak_soort: rule allowed_values" in out


def test_run_does_the_nightly_steps_without_airflow(clean_warehouse, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """A backfill of two past nights, a week apart, through the steps of `run`; then the national step."""
    region = "limburg"
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    monkeypatch.setenv(env_var_name(region), "cli-test-key-" + "c" * 40)
    first_night = RUN_DATE - timedelta(days=7)
    demo.generate(landing_dir(), first_night, [region], scale=0.1, seed=2)
    demo.generate(landing_dir(), RUN_DATE, [region], scale=0.2, seed=3)
    assert main(["backfill", "--region", region, "--from", first_night.isoformat(), "--to", RUN_DATE.isoformat(),
                 "--every", "7"]) == 0  # fmt: skip
    # After the nights, a new date makes dbt parse no file again (the models read it only when they run).
    nightly.run_dbt(clean_warehouse, ["parse"], region, RUN_DATE + timedelta(days=7))
    parsed = json.loads((nightly.dbt_docs_dir(region) / "perf_info.json").read_text(encoding="utf-8"))
    assert parsed["path_count"] > 100 and parsed["parsed_path_count"] == 0, parsed
    assert main(["national", "--date", RUN_DATE.isoformat()]) == 0
    assert "liec_published:" in capsys.readouterr().out
    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        nights = conn.execute(
            "select run_date, succeeded from meta.run_summaries where region = %s order by run_date", (region,)
        ).fetchall()
        loaded = conn.execute(
            "select delivery_date, count(*) from meta.load_ledger where status = 'loaded' group by 1 order by 1"
        ).fetchall()
        national = conn.execute(
            "select array_agg(distinct gemeente_code) from liec_published.gemeente_overzicht "
            "where riec_regio_code = %s",
            (region,),
        ).fetchone()[0]
    assert nights == [(first_night, True), (RUN_DATE, True)]
    assert [d for d, _ in loaded] == [first_night, RUN_DATE], "each night loaded its own deliveries"
    assert set(national) == set(reference.gemeenten_of_region(region))
    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        codes = {r[0] for r in conn.execute(f"select gemeente_code from {region}_published.gemeente_overzicht")}
        gate = dict(
            conn.execute(  # the first night's gate: nothing was published before it
                "select suite, success from meta.gate_results where region = %s and run_id = %s",
                (region, f"cli__{region}__{first_night}"),
            ).fetchall()
        )
    assert codes == set(reference.gemeenten_of_region(region))
    assert sorted(s for s in gate if not s.startswith(("identifier_scan__", "disclosure__"))) == published_marts()
    assert gate == dict.fromkeys(gate, True)
    assert {s for s in gate if s.startswith("disclosure__")} == {
        f"disclosure__{mart}" for mart in load_publication_config().marts if mart in published_marts()
    }
    published_schema = f"{region}_published"
    assert {s for s in gate if s.startswith("identifier_scan__")} == {
        f"identifier_scan__{schema}" for schema in gate_module.scanned_schemas(region) if schema != published_schema
    } | {"identifier_scan__files"}, "raw to the candidate, meta and the files scanned (nothing published yet)"


def test_a_failed_gate_ends_a_run_with_its_reasons_not_a_traceback(clean_warehouse, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    # The region with the fewest gemeenten: its documents are few, and the gate is what is tested here.
    region = "amsterdam_amstelland"
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    monkeypatch.setenv(env_var_name(region), "cli-gate-key-" + "g" * 40)
    demo.generate(landing_dir(), RUN_DATE, [region], scale=0.1, seed=8)
    documents = documents_dir() / region / RUN_DATE.isoformat()
    shutil.rmtree(documents_dir(), ignore_errors=True)
    assert main(["run", "--documents", "--region", region, "--date", RUN_DATE.isoformat()]) == 0
    assert (documents / "index.html").is_file() and list(documents.glob("gemeente/*.pdf")), "as the DAG renders"
    assert (nightly.dbt_docs_dir(region) / "index.html").is_file()
    shutil.rmtree(documents_dir())
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        # An identifier that got into raw by another way than the ingest: the gate's scan finds it.
        conn.execute(
            f"update raw_{region}.politie__incidenten set omschrijving = 'bel 06-12345678' "
            f"where incident_nummer = (select min(incident_nummer) from raw_{region}.politie__incidenten)"
        )
    capsys.readouterr()
    assert main(["run", "--documents", "--region", region, "--date", RUN_DATE.isoformat()]) == 5
    assert not documents_dir().exists(), "no documents after a night that did not publish"
    err = capsys.readouterr().err
    assert "publication gate failed" in err and "Traceback" not in err and "06-12345678" not in err
    assert f"status --region {region}" in err


def test_exporting_before_the_national_table_exists_says_so(clean_warehouse, monkeypatch, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    assert main(["export-jaarverslag", "--year", "2025", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "does not exist: run the national DAG" in err and "Traceback" not in err
