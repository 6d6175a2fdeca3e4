"""The whole path through a real Airflow run: generated deliveries → published marts.

Runs ``airflow dags test`` for one region against the tests' own embedded warehouse, then checks
what analysts would see and that no raw identifier reached any table.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from stdnum.nl import bsn as stdnum_bsn

from informatiebeeld.config import reference
from informatiebeeld.config.contracts import load_contracts, load_regions
from informatiebeeld.config.paths import DBT_PROJECT_DIR
from informatiebeeld.ingest.read import iter_rows
from informatiebeeld.orchestration import nightly
from informatiebeeld.orchestration.airflow_env import airflow_environment
from informatiebeeld.orchestration.manifest import PARTIAL_PARSE_PATH
from informatiebeeld.orchestration.progress import start_following
from informatiebeeld.publish.gate import GateFailed, run_gate
from informatiebeeld.publish.publication import build_candidate
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE, TEST_STATE, drop_project_schemas, dump_tables

pytestmark = pytest.mark.integration
# The region with the fewest gemeenten: every step runs as for any region, and the night's documents
# (a PDF per gemeente) take a third of the time they take for one of 40 gemeenten.
REGION = "amsterdam_amstelland"
AIRFLOW = str(Path(sys.executable).parent / "airflow")


@pytest.fixture(scope="module")
def nightly_run(warehouse_params, dbt_manifest):  # type: ignore[no-untyped-def]
    drop_project_schemas(warehouse_params.conninfo())
    landing = TEST_STATE / "landing"
    # cosmos' parse state of an earlier test session was made against another warehouse port.
    subprocess.run(["rm", "-rf", str(landing), str(TEST_STATE / "quarantine"), str(TEST_STATE / "cosmos")], check=True)
    files = demo.generate(landing, RUN_DATE, [REGION], scale=0.3, seed=7)
    env = {**os.environ, **airflow_environment(warehouse_params)}
    subprocess.run([AIRFLOW, "db", "migrate"], env=env, check=True, capture_output=True)
    # What `make demo` prints while the run works, read from Airflow's metadata database.
    progress: list[str] = []
    thread, stop = start_following(warehouse_params, f"informatiebeeld_{REGION}", progress.append)
    run = subprocess.run(
        [AIRFLOW, "dags", "test", f"informatiebeeld_{REGION}", RUN_DATE.isoformat()],
        env=env,
        capture_output=True,
        text=True,
    )
    stop.set()
    thread.join(timeout=60)
    (TEST_STATE / "nightly_run.log").write_text(run.stdout + run.stderr, encoding="utf-8")
    assert run.returncode == 0, run.stderr[-4000:]
    assert progress and progress[0].startswith("    ingest.begin_night: success"), progress
    assert any(line.startswith("    documents.render_documents: success") for line in progress), progress
    assert any("models built and tested" in line for line in progress), progress
    return warehouse_params, files, run.stdout + run.stderr


def _refusal(conn: psycopg.Connection, statement: str) -> str | None:
    """The SQLSTATE class name the database refuses ``statement`` with, or None; never kept."""
    try:
        with conn.transaction(force_rollback=True):
            conn.execute(statement)
    except psycopg.errors.IntegrityError as error:
        return type(error).__name__
    return None


def test_the_marts_refuse_every_row_their_contract_rules_out(nightly_run, dbt_manifest) -> None:  # type: ignore[no-untyped-def]
    """The contracts' constraints stand in for not_null, not_negative, accepted_values and unique data
    tests on the marts: the database itself must refuse a row breaking any of them, in every mart the
    night built (-1 is below every count and outside every accepted set)."""
    params = nightly_run[0]
    nodes = json.loads(dbt_manifest.read_text(encoding="utf-8"))["nodes"].values()
    marts = [n for n in nodes if n["resource_type"] == "model" and n["config"]["contract"]["enforced"]]
    assert len(marts) >= 10
    refused: dict[str, str | None] = {}
    with psycopg.connect(params.conninfo()) as conn:
        for mart in marts:
            table = f'"{REGION}_marts"."{mart["name"]}"'
            one_row = f"ctid = (select ctid from {table} limit 1)"
            assert conn.execute(f"select count(*) from {table}").fetchone()[0] > 0, mart["name"]
            for column in mart["columns"].values():
                kinds = {constraint["type"] for constraint in column["constraints"]}
                if "not_null" in kinds:
                    refused[f"{mart['name']}.{column['name']} null"] = _refusal(
                        conn, f'update {table} set "{column["name"]}" = null where {one_row}'
                    )
                if "check" in kinds:
                    refused[f"{mart['name']}.{column['name']} < 0"] = _refusal(
                        conn, f'update {table} set "{column["name"]}" = -1 where {one_row}'
                    )
            assert [c["type"] for c in mart["constraints"]] == ["primary_key"], mart["name"]
            refused[f"{mart['name']} twice"] = _refusal(conn, f"insert into {table} select * from {table} limit 1")
    assert len(refused) > 200
    expected = {
        name: "NotNullViolation" if name.endswith(" null") else "CheckViolation" if name.endswith(" < 0") else
        "UniqueViolation"
        for name in refused
    }  # fmt: skip
    assert refused == expected


def test_the_producer_keeps_its_own_dbt_parse_state_for_the_next_night(nightly_run) -> None:  # type: ignore[no-untyped-def]
    """The night's dbt build never starts from the manifest recipe's parse state (placeholder
    profile, so dbt threw it away and parsed everything again every night); cosmos caches the
    producer's own state, made with the region's profile and vars, for the next night."""
    producer_lines = [line for line in nightly_run[2].splitlines() if "cosmos.operators._watcher" in line]
    reasons = {line.split("Unable to do partial parsing because ")[1].split(" [")[0]
               for line in producer_lines if "Unable to do partial parsing because" in line}  # fmt: skip
    # The fixture's night is the first of its state, so dbt finds none; another reason means it got a foreign one.
    assert producer_lines and reasons == {"saved manifest not found. Starting full parse."}, reasons
    assert not PARTIAL_PARSE_PATH.exists(), "the manifest recipe left its parse state in dbt_project/target"
    cached = TEST_STATE / "cosmos" / f"informatiebeeld_{REGION}__transform" / "target" / "partial_parse.msgpack"
    assert cached.is_file(), "cosmos kept no parse state for the next night"


def test_every_dbt_unit_test_runs_here_and_passes_and_none_in_the_night(nightly_run, dbt_manifest) -> None:  # type: ignore[no-untyped-def]
    """The nightly build leaves the dbt unit tests out (they test the SQL, not the data): this is
    where they run, every one of them, against the warehouse the real night built."""
    params = nightly_run[0]
    unit_tests = set(json.loads(dbt_manifest.read_text(encoding="utf-8"))["unit_tests"])
    assert len(unit_tests) >= 20
    # dbt's closing line, e.g. "Finished running 8 seeds, 326 data tests, 30 view models in ...".
    finished = [line for line in nightly_run[2].splitlines() if "Finished running" in line and "data tests" in line]
    assert len(finished) == 1 and "unit test" not in finished[0], finished
    nightly.run_dbt(params, ["test", "--select", "test_type:unit"], REGION, RUN_DATE)
    results = json.loads((TEST_STATE / "dbt" / REGION / "target" / "run_results.json").read_text(encoding="utf-8"))
    statuses = {r["unique_id"]: r["status"] for r in results["results"] if not r["unique_id"].startswith("operation.")}
    assert statuses == dict.fromkeys(unit_tests, "pass")


def _last_dbt_test_results() -> list[dict]:  # type: ignore[type-arg]
    """The data tests' results of the last dbt call on the night's target folder."""
    results = json.loads((TEST_STATE / "dbt" / REGION / "target" / "run_results.json").read_text(encoding="utf-8"))
    return [r for r in results["results"] if r["unique_id"].startswith("test.")]


def test_a_null_in_any_column_of_a_not_null_columns_test_fails_it_by_name(nightly_run, dbt_manifest) -> None:  # type: ignore[no-untyped-def]
    """One not_null_columns test per model stands in for a not_null test per column: it passes on the
    night's data, and a row of nulls fails it once per column it lists, each failure naming its column."""
    params = nightly_run[0]
    nodes = json.loads(dbt_manifest.read_text(encoding="utf-8"))["nodes"].values()
    generic = [n for n in nodes if "test_metadata" in n]
    folded = {n["attached_node"]: n["test_metadata"]["kwargs"]["column_names"] for n in generic
              if n["test_metadata"]["name"] == "not_null_columns"}  # fmt: skip
    assert len(folded) >= 35
    assert not [n for n in generic if n["test_metadata"]["name"] == "not_null"]
    columns = folded["seed.informatiebeeld.ref_gemeenten"]
    assert len(columns) >= 3
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        conn.execute(f"insert into {REGION}_ref.ref_gemeenten (gemeente_code) values (null)")
    try:
        with pytest.raises(RuntimeError, match="failed for region"):
            nightly.run_dbt(params, ["test", "--select", "ref_gemeenten,test_name:not_null_columns"], REGION, RUN_DATE)
        [result] = _last_dbt_test_results()
        assert (result["status"], result["failures"]) == ("fail", len(columns))
        with psycopg.connect(params.conninfo()) as conn:
            named = sorted(row[0] for row in conn.execute(result["compiled_code"]))
        assert named == sorted(columns)
    finally:
        with psycopg.connect(params.conninfo(), autocommit=True) as conn:
            conn.execute(f"delete from {REGION}_ref.ref_gemeenten where gemeente_code is null")
    nightly.run_dbt(params, ["test", "--select", "test_name:not_null_columns"], REGION, RUN_DATE)
    results = _last_dbt_test_results()
    assert {r["status"] for r in results} == {"pass"}
    assert len(results) == len(folded)


def test_every_delivery_is_loaded_and_in_the_ledger(nightly_run) -> None:  # type: ignore[no-untyped-def]
    params, files, _ = nightly_run
    with psycopg.connect(params.conninfo()) as conn:
        rows = conn.execute(
            "select file_name, status, rows_read, rows_loaded from meta.load_ledger where region = %s",
            (REGION,),
        ).fetchall()
    assert sorted(r[0] for r in rows) == sorted(f.name for f in files)
    assert all(r[1] == "loaded" and r[2] == r[3] > 0 for r in rows), rows
    with psycopg.connect(params.conninfo()) as conn:
        summaries = conn.execute(
            "select succeeded, summary -> 'files' ->> 'loaded' from meta.run_summaries where region = %s", (REGION,)
        ).fetchall()
    assert summaries == [(True, str(len(files)))], "the DAG's last task records the night"


def test_published_marts_hold_every_gemeente_of_the_region(nightly_run) -> None:  # type: ignore[no-untyped-def]
    params, _, _ = nightly_run
    expected = set(reference.gemeenten_of_region(REGION))
    with psycopg.connect(params.conninfo()) as conn:
        for mart in ("gemeente_informatiebeeld", "gemeente_overzicht"):
            codes = {r[0] for r in conn.execute(f"select distinct gemeente_code from {REGION}_published.{mart}")}
            assert codes == expected, mart
        themes = conn.execute(f"select count(distinct thema_code) from {REGION}_published.thema_informatiebeeld")
        assert themes.fetchone()[0] == len(reference.thema_codes())
        signals = conn.execute(
            f"select sum(politie_incidenten + fiscale_signalen + riec_casussen) from {REGION}_marts.gemeente_overzicht"
        ).fetchone()[0]
        unexplained = conn.execute(
            f"select count(*) from {REGION}_published.gemeente_overzicht "
            "where politie_incidenten is null and not ('politie_incidenten' = any(onderdrukt))"
        ).fetchone()[0]
        published = conn.execute("select region from meta.publications").fetchall()
    assert signals > 0
    assert unexplained == 0, "a published cell is a value or marked suppressed"
    assert (REGION,) in published


def _raw_identifiers(files: list[Path]) -> set[str]:
    """Every identifier value in the deliveries, as typed and in compact form."""
    contracts = load_contracts()
    found: set[str] = set()
    free_text = re.compile(
        r"\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3}|\b\d{9}\b|[\w.+-]+@[\w-]+\.\w+|NL\d{2}[A-Z ]{4,5}[\d ]{10,13}"
    )
    for path in files:
        partner = path.parent.parent.name
        extract = contracts[partner].extract_for_file(path.name)
        rows = iter_rows(path, extract)
        next(rows)
        for _, values in rows:
            for column, value in zip(extract.columns, values, strict=True):
                if value in (None, "") or not column.identifier:
                    continue
                text = str(value).strip()
                if column.identifier == "free_text":
                    for match in free_text.findall(text):
                        if re.fullmatch(r"\d{9}", match) and not stdnum_bsn.is_valid(match):
                            continue
                        found.add(match)
                        found.add(re.sub(r"[\s.]", "", match))
                elif column.identifier == "birth_date":
                    found.add(value.isoformat() if hasattr(value, "isoformat") else text)
                elif column.identifier not in ("address",) and len(text) >= 5:
                    found.add(text)
                    if column.identifier in ("bsn", "iban", "kenteken", "phone"):
                        found.add(re.sub(r"[\s.\-]", "", text))
    return {f for f in found if len(f) >= 6}


def test_no_raw_identifier_reaches_any_table(nightly_run) -> None:  # type: ignore[no-untyped-def]
    params, files, _ = nightly_run
    # A delivered first name may also be part of public reference data the models carry (the voornaam
    # Hendrik in the gemeente Hendrik-Ido-Ambacht of the committed seeds): that is no leak.
    public = "\n".join(p.read_text(encoding="utf-8") for p in (DBT_PROJECT_DIR / "seeds").glob("*.csv"))
    needles = {n for n in _raw_identifiers(files) if n not in public}
    assert len(needles) > 100, "the generated deliveries should be full of identifiers"
    table_count, text = dump_tables(params.conninfo(), exclude_schemas=("meta",))
    assert table_count > 10
    leaked = sorted(n for n in needles if n in text)
    assert leaked == [], leaked[:10]


def test_failing_gate_stops_publication_and_keeps_the_last_good_version(nightly_run) -> None:  # type: ignore[no-untyped-def]
    params, _, _ = nightly_run
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        before = conn.execute(
            f"select count(*), max(gemeente_naam) from {REGION}_published.gemeente_overzicht"
        ).fetchone()
        conn.execute(
            f"update {REGION}_marts.gemeente_overzicht set gemeente_naam = 'contact 06-12345678' "
            f"where gemeente_code = (select min(gemeente_code) from {REGION}_marts.gemeente_overzicht)"
        )
        try:
            build_candidate(params, REGION, "test-tampered", RUN_DATE)
            with pytest.raises(GateFailed) as failure:
                run_gate(params, REGION, "test-tampered")
            after = conn.execute(
                f"select count(*), max(gemeente_naam) from {REGION}_published.gemeente_overzicht"
            ).fetchone()
            recorded = conn.execute(
                "select bool_and(success) from meta.gate_results where run_id = 'test-tampered'"
            ).fetchone()[0]
        finally:
            conn.execute(f"drop table {REGION}_marts.gemeente_overzicht")
            conn.execute(
                f"create table {REGION}_marts.gemeente_overzicht as select * from {REGION}_published.gemeente_overzicht"
            )
    assert "gemeente_naam" in str(failure.value)
    assert after == before
    assert recorded is False


def test_deliveries_honour_their_contract_formats(nightly_run) -> None:  # type: ignore[no-untyped-def]
    _, files, _ = nightly_run
    by_name = {f.name: f for f in files}
    with by_name["afpakken.csv"].open(encoding="windows-1252", newline="") as handle:
        header = next(csv.reader(handle, delimiter=";"))
    assert header[0] == "afpak_nummer"
    assert "bibob_dossiers.xlsx" in by_name


# The documents the night rendered, opened as a person opens them.


def _dutch(value: int) -> str:
    return f"{value:,d}".replace(",", ".")


def _documents_folder() -> Path:
    return TEST_STATE / "documents" / REGION / RUN_DATE.isoformat()


def test_the_night_renders_every_gemeente_every_thema_and_the_jaarverslag(nightly_run) -> None:  # type: ignore[no-untyped-def]
    folder = _documents_folder()
    year = RUN_DATE.year
    gemeenten = {f"{code}-{year}" for code in reference.gemeenten_of_region(REGION, RUN_DATE)}
    themas = {f"{code}-{year}" for code in reference.thema_codes()}
    assert {p.stem for p in (folder / "gemeente").glob("*.html")} == gemeenten
    assert {p.stem for p in (folder / "thema").glob("*.html")} == themas
    assert {p.stem for p in (folder / "gemeente").glob("*.pdf")} == gemeenten, "a PDF of each"
    assert (folder / "jaarverslag.html").is_file() and (folder / "jaarverslag.pdf").is_file()
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f'href="gemeente/{name}.html"' in index for name in gemeenten)
    assert all(f'href="thema/{name}.pdf"' in index for name in themas)
    assert (TEST_STATE / "dbt" / REGION / "target" / "catalog.json").is_file(), "dbt docs for the portal"


def _pick_gemeente(conn: psycopg.Connection) -> str:
    """A gemeente whose themes of the year hold a suppressed count, and the most published non-zero ones."""
    return conn.execute(
        f"""select gemeente_code from {REGION}_published.gemeente_informatiebeeld_periode
            where periode_soort = 'jaar' and jaar = %s
            group by gemeente_code
            having bool_or('records_totaal' = any(onderdrukt))
            order by count(*) filter (where records_totaal > 0) desc, gemeente_code limit 1""",
        (RUN_DATE.year,),
    ).fetchone()[0]


def test_documents_show_the_marts_numbers_and_suppressed_cells_as_suppressed(nightly_run) -> None:  # type: ignore[no-untyped-def]
    from tests.browser import chromium, pdf_pages

    params, _, _ = nightly_run
    with psycopg.connect(params.conninfo()) as conn:
        gemeente = _pick_gemeente(conn)
        themas = conn.execute(
            f"""select thema_code, records_totaal, 'records_totaal' = any(onderdrukt)
                from {REGION}_published.gemeente_informatiebeeld_periode
                where gemeente_code = %s and periode_soort = 'jaar' and jaar = %s""",
            (gemeente, RUN_DATE.year),
        ).fetchall()
        politie = conn.execute(
            f"""select jaar, politie_incidenten, 'politie_incidenten' = any(onderdrukt)
                from {REGION}_published.gemeente_overzicht where gemeente_code = %s order by jaar""",
            (gemeente,),
        ).fetchall()
    expected = {code: "x" if suppressed else _dutch(value) for code, value, suppressed in themas}
    page_name = f"{gemeente}-{RUN_DATE.year}"
    with chromium() as browser:
        visit = browser.visit((_documents_folder() / "gemeente" / f"{page_name}.html").as_uri(), f"gemeente-{gemeente}")
        shown = {
            row.get_attribute("data-thema"): row.locator("td").nth(1).inner_text().strip()
            for row in visit.page.locator("#themas tr[data-thema]").all()
        }
        kerncijfers = visit.page.locator('#kerncijfers tr[data-bron="politie_incidenten"] td').all_inner_texts()[1:]
        chart_texts = visit.page.locator("#themas-grafiek svg text").evaluate_all("els => els.map(e => e.textContent)")
        chart_x = [t for t in chart_texts if t.strip() == "x"]
        for name, url in (("thema-drugs", _documents_folder() / "thema" / f"drugs-{RUN_DATE.year}.html"),
                          ("jaarverslag", _documents_folder() / "jaarverslag.html"),
                          ("index", _documents_folder() / "index.html")):  # fmt: skip
            other = browser.visit(url.as_uri(), name)
            assert other.console_errors == [], name
            assert all(u.startswith("file://") for u in other.requests), [u for u in other.requests if "file:" not in u]
    assert shown == expected, "the page's counts are the published mart's; suppressed ones are x"
    assert "x" in shown.values() and any(v != "x" for v in shown.values())
    assert kerncijfers == ["x" if s else _dutch(v) for _, v, s in politie]
    assert len(chart_x) == sum(1 for *_, suppressed in themas if suppressed), "a suppressed bar is an x, not a 0"
    assert visit.console_errors == []
    assert all(url.startswith("file://") for url in visit.requests), "no request leaves the machine"
    printed = _documents_folder() / "gemeente" / f"{page_name}.pdf"
    pages, sizes = pdf_pages(printed)
    assert pages >= 2 and sizes == {(595, 842)}, (pages, sizes)
    # Hatched witte-vlek cells print as a vector pattern; rasterised they made ~1 MB per page.
    assert printed.stat().st_size < 250_000 * pages, printed.stat().st_size


def test_the_portal_serves_documents_and_dbt_docs_from_localhost_only(nightly_run) -> None:  # type: ignore[no-untyped-def]
    import threading
    import urllib.error
    import urllib.request

    from informatiebeeld.documents.portal import make_server
    from tests.browser import chromium

    server = make_server(0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with chromium() as browser:
            home = browser.visit(base + "/", "portal")
            links = home.page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
            assert f"/documents/{REGION}/{RUN_DATE.isoformat()}/" in links
            assert f"/dbt/{REGION}/" in links
            assert f"/datadocs/{REGION}/" in links
            assert "Airflow UI" in home.page.inner_text("body")
            documents = browser.visit(base + f"/documents/{REGION}/{RUN_DATE.isoformat()}", "portal-documents")
            assert documents.page.locator("a[href^='gemeente/']").count() >= 2
            dbt = browser.visit(base + f"/dbt/{REGION}/", "portal-dbt-docs")
            dbt.page.wait_for_function("document.body.innerText.includes('belastingdienst')", timeout=60_000)
            data_docs = browser.visit(base + f"/datadocs/{REGION}/", "portal-data-docs")
            assert "geslaagd" in data_docs.page.inner_text("body")
            result = data_docs.page.locator("a[href^='validations/']").first.get_attribute("href")
            validation = browser.visit(base + f"/datadocs/{REGION}/{result}", "portal-data-docs-validation")
            for visit in (home, documents, dbt, data_docs, validation):
                assert all(u.startswith((base, "data:", "blob:")) for u in visit.requests), visit.url
            assert home.console_errors == documents.console_errors == data_docs.console_errors == []
            assert validation.console_errors == []
            # dbt's own page asks for a few of its templates before AngularJS fills them in: those
            # 404s on this origin are dbt's, and the only errors allowed there.
            assert all("%7B%7B" in u or "require(" in u for u in dbt.failed_responses), dbt.failed_responses
            assert all(e.startswith("Failed to load resource") for e in dbt.console_errors), dbt.console_errors
        for path in ("/documents/../../../etc/passwd", "/documents/%2e%2e/%2e%2e/airflow/airflow.cfg",
                     f"/dbt/{REGION}/run_results.json"):  # fmt: skip
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + path, timeout=10)
            assert refused.value.code == 404, path
    finally:
        server.shutdown()
        server.server_close()


def test_the_airflow_ui_lists_the_regional_dags_with_no_import_errors(nightly_run) -> None:  # type: ignore[no-untyped-def]
    import json
    import socket
    import time
    import urllib.request

    from tests.browser import SCREENSHOTS, chromium

    params, _, _ = nightly_run
    env = {**os.environ, **airflow_environment(params)}
    subprocess.run([AIRFLOW, "dags", "reserialize"], env=env, check=True, capture_output=True, timeout=600)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    log = (TEST_STATE / "airflow-ui.log").open("w")
    server = subprocess.Popen([AIRFLOW, "api-server", "--host", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                urllib.request.urlopen(base + "/api/v2/monitor/health", timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the Airflow UI did not come up"
                time.sleep(2)

        def api(path: str) -> dict:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                return json.load(response)

        dags = {d["dag_id"] for d in api("/api/v2/dags?limit=100")["dags"]}
        assert {f"informatiebeeld_{r}" for r in load_regions()} | {"informatiebeeld_liec_nationaal"} <= dags
        assert api("/api/v2/importErrors")["total_entries"] == 0
        with chromium() as browser:
            page = browser.visit(base + "/dags", "airflow-ui-dags")
            page.page.wait_for_function("document.body.innerText.includes('informatiebeeld_noord_nederland')",
                                        timeout=120_000)  # fmt: skip
            page.page.screenshot(path=str(SCREENSHOTS / "airflow-ui-dags.png"), full_page=True)
            assert all(u.startswith((base, "data:", f"blob:{base}")) for u in page.requests), page.requests
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
