"""Roles against the real warehouse: each role sees what it must and gets permission denied elsewhere.

Also the privacy officer's tools: the verwerkingsregister and an AVG inzage by BSN.
"""

from __future__ import annotations

import io
import secrets
import shutil
from datetime import timedelta

import psycopg
import pytest
from psycopg import sql

from informatiebeeld.cli.main import main
from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.ingest.partner import ingest_partner
from informatiebeeld.ingest.read import iter_rows
from informatiebeeld.orchestration import nightly
from informatiebeeld.orchestration.connections import pseudonym_key
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld.publish import publication
from informatiebeeld.warehouse import roles
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE, drop_project_schemas

pytestmark = pytest.mark.integration
REGIONS = ["noord_nederland", "limburg"]


@pytest.fixture(scope="module")
def two_regions_published(warehouse_params):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", warehouse_params.conninfo())
        drop_project_schemas(warehouse_params.conninfo())
        shutil.rmtree(landing_dir(), ignore_errors=True)
        paths = demo.generate(landing_dir(), RUN_DATE, REGIONS, scale=0.1, seed=21)
        for region in REGIONS:
            patch.setenv(env_var_name(region), f"access-test-key-{region}-" + "a" * 32)
            assert main(["run", "--region", region, "--date", RUN_DATE.isoformat()]) == 0
        publication.publish_national(warehouse_params, "access-test")
        yield warehouse_params, paths, patch


def _login(params, role: str):  # type: ignore[no-untyped-def]
    """A fresh login role that is a member of ``role``; returns its conninfo."""
    name, password = f"test_{role}_{secrets.token_hex(3)}", secrets.token_urlsafe(16)
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("create role {} login password {} in role {}").format(
                sql.Identifier(name), sql.Literal(password), sql.Identifier(role)
            )
        )
    return psycopg.conninfo.make_conninfo(params.conninfo(), user=name, password=password)


def _can_read(conninfo: str, table: str) -> bool:
    with psycopg.connect(conninfo) as conn:
        try:
            conn.execute(f"select count(*) from {table}").fetchone()
            return True
        except psycopg.errors.InsufficientPrivilege:
            return False


@pytest.mark.parametrize(
    ("role", "readable", "denied"),
    [
        (
            "informatiebeeld_analist_noord_nederland",
            ["noord_nederland_published.gemeente_overzicht", "noord_nederland_published.partner_actualiteit"],
            ["raw_noord_nederland.politie__betrokkenen", "noord_nederland_marts.gemeente_overzicht",
             "noord_nederland_staging.stg_politie__betrokkenen", "limburg_published.gemeente_overzicht",
             "liec_published.gemeente_overzicht", "meta.load_ledger"],
        ),
        (
            "informatiebeeld_engineer_noord_nederland",
            ["raw_noord_nederland.politie__betrokkenen", "noord_nederland_marts.gemeente_overzicht",
             "noord_nederland_published.gemeente_overzicht", "meta.load_ledger"],
            ["raw_limburg.politie__betrokkenen", "limburg_published.gemeente_overzicht"],
        ),
        (
            "informatiebeeld_liec",
            ["liec_published.gemeente_overzicht", "liec_published.thema_informatiebeeld"],
            ["noord_nederland_published.gemeente_overzicht", "raw_limburg.politie__betrokkenen",
             "limburg_marts.gemeente_overzicht", "meta.load_ledger"],
        ),
    ],
)  # fmt: skip
def test_roles_see_what_they_may_and_nothing_else(two_regions_published, role, readable, denied) -> None:  # type: ignore[no-untyped-def]
    params, _, _ = two_regions_published
    conninfo = _login(params, role)
    for table in readable:
        assert _can_read(conninfo, table), f"{role} should read {table}"
    for table in denied:
        assert not _can_read(conninfo, table), f"{role} must not read {table}"


def test_verwerkingsregister_names_basis_key_version_and_counts(two_regions_published) -> None:  # type: ignore[no-untyped-def]
    params, paths, _ = two_regions_published
    with psycopg.connect(params.conninfo()) as conn:
        rows = conn.execute(
            "select region, partner, grondslag, key_version, rows_loaded from meta.verwerkingsregister "
            "where status = 'loaded'"
        ).fetchall()
    assert len(rows) == len(paths)
    assert all(grondslag and key_version == "1" and loaded > 0 for _, _, grondslag, key_version, loaded in rows)
    assert {r[1] for r in rows} == set(load_contracts())


def _betrokkenen(paths, region: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    path = next(p for p in paths if p.name == "betrokkenen.csv" and region in str(p))
    rows = iter_rows(path, load_contracts()["politie"].extract("betrokkenen"))
    next(rows)
    return [values for _, values in rows]


def test_inzage_as_the_privacy_role_finds_every_kind_in_records_and_files(  # type: ignore[no-untyped-def]
    two_regions_published, monkeypatch, capsys
) -> None:
    params, paths, _ = two_regions_published
    region = "noord_nederland"
    rows = _betrokkenen(paths, region)
    # betrokkenen: incident_nummer;volgnummer;rol;bsn;achternaam;voornamen;geboortedatum;telefoon;kenteken
    person = next(r for r in rows if r[3] and r[7])
    unnamed = next(r for r in rows if not r[3] and r[4] and r[5] and r[6])
    # A bad delivery holding the person's BSN is quarantined: inzage must find it there too.
    bad = landing_dir() / region / "politie" / (RUN_DATE - timedelta(days=1)).isoformat() / "betrokkenen.csv"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text(f"wrong;header\nI-9;{person[3]}\n", encoding="utf-8")
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:
        results = ingest_partner(conn, region, "politie", RUN_DATE, pseudonym_key(region), "inzage-test")
    assert [r.status for r in results if r.status != "duplicate"] == ["quarantined"]

    officer = _login(params, roles.PRIVACY_ROLE)
    with psycopg.connect(officer) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("create table meta.inzage_probe (x int)")  # the role inzage runs as has no DDL
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", officer)
    typed = [f"bsn: {person[3]}", f"phone: {person[7]}", f"name: {unnamed[4]} | {unnamed[5]} | {unnamed[6]}"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(typed) + "\n"))
    capsys.readouterr()
    assert main(["inzage", "--region", region, "--requested-by", "privacy officer"]) == 0
    out = capsys.readouterr().out
    records = [line for line in out.splitlines() if line.strip().startswith("record")]
    files = [line for line in out.splitlines() if line.strip().startswith("file")]
    assert any("politie/betrokkenen" in line and "bsn" in line.split(" by ")[1] for line in records), out
    assert any("politie/betrokkenen" in line and "name" in line.split(" by ")[1] for line in records), out
    landed = [line for line in files if "/landing/" in line and "betrokkenen.csv" in line]
    quarantined = [line for line in files if "/quarantine/" in line and "delivered" in line]
    assert landed and "bsn" in landed[0] and "phone" in landed[0], out
    assert quarantined and "bsn" in quarantined[0], out
    for value in (person[3], person[7], unnamed[4], unnamed[6]):
        assert value not in out, "inzage prints where, never what"
    with psycopg.connect(params.conninfo()) as conn:
        logged = conn.execute("select requested_by, records_found from meta.inzage_log").fetchall()
        stored = conn.execute(
            "select count(*) from meta.inzage_log as l where l::text like %s", (f"%{person[3]}%",)
        ).fetchone()[0]
    assert logged and logged[-1][0] == "privacy officer" and logged[-1][1] >= 2
    assert stored == 0, "the BSN is never stored"


def test_inzage_refuses_a_login_outside_the_privacy_role(two_regions_published, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    params, paths, _ = two_regions_published
    person = next(r for r in _betrokkenen(paths, "noord_nederland") if r[3])
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", _login(params, roles.engineer_role("noord_nederland")))
    monkeypatch.setattr("sys.stdin", io.StringIO(f"bsn: {person[3]}\n"))
    assert main(["inzage", "--region", "noord_nederland", "--requested-by", "someone"]) == 1
    assert "requires membership of role informatiebeeld_privacy" in capsys.readouterr().err


DBT_BUILT = [
    "noord_nederland_ref.ref_gemeenten",
    "noord_nederland_staging.stg_politie__betrokkenen",  # view
    "noord_nederland_intermediate.int_casus_partners",  # view
    "noord_nederland_intermediate.int_politie_incidenten",  # incremental
    "noord_nederland_intermediate.int_handelsregister_mutaties",  # incremental
    "noord_nederland_marts.gemeente_overzicht",
]


def test_dbt_build_alone_lets_the_engineer_read_and_not_the_analyst(two_regions_published) -> None:  # type: ignore[no-untyped-def]
    params, _, _ = two_regions_published
    region = "noord_nederland"
    engineer = roles.engineer_role(region)
    role = sql.Identifier(engineer)
    with psycopg.connect(params.conninfo(), autocommit=True) as conn:  # forget what publication granted
        for layer in ("ref", "staging", "intermediate", "marts"):
            schema = sql.Identifier(f"{region}_{layer}")
            conn.execute(sql.SQL("revoke all on all tables in schema {} from {}").format(schema, role))
            conn.execute(sql.SQL("revoke usage on schema {} from {}").format(schema, role))
    # No gate, no publication: as after a failed gate.
    nightly.run_dbt(params, ["build", *nightly.NIGHTLY_BUILD_FLAGS], region, RUN_DATE)
    as_engineer, as_analyst = _login(params, engineer), _login(params, roles.analyst_role(region))
    for table in DBT_BUILT:
        assert _can_read(as_engineer, table), f"the engineer should read {table} right after dbt build"
        assert not _can_read(as_analyst, table), f"an analyst must not read {table}"


META_BY_REGION = [
    "load_ledger", "run_summaries", "gate_results", "gate_verdicts", "candidates", "publications",
    "verwerkingsregister",
]  # fmt: skip


def _regions_seen(conninfo: str, table: str) -> dict[str, int]:
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(f"select region, count(*) from meta.{table} group by region").fetchall()
    return dict(rows)


def test_an_engineer_sees_only_the_own_region_in_meta(two_regions_published) -> None:  # type: ignore[no-untyped-def]
    params, _, _ = two_regions_published
    engineer = _login(params, roles.engineer_role("noord_nederland"))
    for table in META_BY_REGION:
        everything = _regions_seen(params.conninfo(), table)
        assert everything.get("limburg"), f"the test needs Limburg rows in meta.{table}"
        seen = _regions_seen(engineer, table)
        assert seen == {"noord_nederland": everything["noord_nederland"]}, f"meta.{table}: {seen}"
    with psycopg.connect(engineer) as conn:
        violations = conn.execute(
            "select count(*) from meta.contract_violations v "
            "where not exists (select from meta.load_ledger l where l.delivery_id = v.delivery_id)"
        ).fetchone()[0]
    with psycopg.connect(params.conninfo()) as conn:
        limburg_violations = conn.execute(
            "select count(*) from meta.contract_violations v join meta.load_ledger l using (delivery_id) "
            "where l.region = 'limburg'"
        ).fetchone()[0]
    assert violations == 0, "no violation of another region's delivery is visible"
    with psycopg.connect(engineer) as conn:
        seen_limburg = conn.execute(
            "select count(*) from meta.contract_violations where delivery_id in "
            "(select delivery_id from meta.load_ledger where region = 'limburg')"
        ).fetchone()[0]
    assert seen_limburg == 0 and limburg_violations >= 0
    for table in roles.PRIVACY_ONLY:
        assert not _can_read(engineer, f"meta.{table}"), f"meta.{table} is the privacy officer's"


def test_the_privacy_officer_sees_every_region_and_the_inzage_log(two_regions_published) -> None:  # type: ignore[no-untyped-def]
    params, _, _ = two_regions_published
    officer = _login(params, roles.PRIVACY_ROLE)
    assert set(_regions_seen(officer, "load_ledger")) == {"noord_nederland", "limburg"}
    for table in roles.PRIVACY_ONLY:
        assert _can_read(officer, f"meta.{table}")


@pytest.mark.parametrize("role", ["informatiebeeld_analist_noord_nederland", "informatiebeeld_engineer_limburg"])
def test_no_project_role_can_connect_to_the_airflow_database(two_regions_published, role) -> None:  # type: ignore[no-untyped-def]
    params, _, _ = two_regions_published
    conninfo = psycopg.conninfo.make_conninfo(_login(params, role), dbname="airflow")
    with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
        psycopg.connect(conninfo).close()


def test_the_demo_ends_with_an_analyst_login_that_reads_only_the_published_schema(
    two_regions_published, capsys
) -> None:  # type: ignore[no-untyped-def]
    from informatiebeeld.cli.main import print_where_to_look
    from informatiebeeld.warehouse.embedded import resolve

    print_where_to_look(resolve(), "limburg")
    printed = capsys.readouterr().out
    dsn = next(line.strip().removeprefix("psql ").strip("'") for line in printed.splitlines() if "psql " in line)
    assert "demo_analist_limburg@" in dsn and "password" not in dsn, "the password stays in its passfile"
    assert "http://127.0.0.1:8765/" in printed and "make airflow-ui" in printed
    assert _can_read(dsn, "limburg_published.gemeente_overzicht")
    for table in (
        "raw_limburg.politie__betrokkenen",
        "noord_nederland_published.gemeente_overzicht",
        "meta.load_ledger",
    ):
        assert not _can_read(dsn, table), table
    print_where_to_look(resolve(), "limburg")  # a second demo renews the password; the new passfile works
    assert _can_read(dsn, "limburg_published.gemeente_overzicht")
