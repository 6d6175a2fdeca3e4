"""Key rotation against the real warehouse: every pseudonym moves to the new key, linkage survives."""

from __future__ import annotations

import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.ingest.partner import ingest_partner
from informatiebeeld.privacy.keys import PseudonymKey, StaleKeyError, env_var_name
from informatiebeeld.privacy.pseudonyms import pseudonymise
from informatiebeeld.warehouse import ledger
from tests.conftest import RUN_DATE, TEST_STATE

pytestmark = pytest.mark.integration
REGION = "noord_nederland"
HEADER = "incident_nummer;betrokkene_volgnummer;rol;bsn;achternaam;voornamen;geboortedatum;telefoonnummer;kenteken\n"
OLD = PseudonymKey("1", b"old-key-" + b"o" * 40)
NEW = PseudonymKey("2", b"new-key-" + b"n" * 40)


def _deliver(day: str, body: str) -> None:
    folder = TEST_STATE / "landing" / REGION / "politie" / day
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "betrokkenen.csv").write_text(HEADER + body, encoding="utf-8")


def _pseudonym_columns(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        "select bsn_pseudoniem, naam_geboortedatum_pseudoniem, kenteken_pseudoniem "
        "from raw_noord_nederland.politie__betrokkenen order by _delivery_id, _source_row"
    ).fetchall()


def test_rotation_rekeys_everything_and_keeps_linkage(clean_warehouse, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    _deliver("2026-11-20", "I-1;1;verdachte;111222333;;;;;12-ABC-3\nI-1;2;getuige;;Jansen;Piet;1980-05-17;;\n")
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        ingest_partner(conn, REGION, "politie", RUN_DATE, OLD, "night-1")
        before = _pseudonym_columns(conn)
    assert before[0][0] == pseudonymise(OLD, "bsn", "111222333")

    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    monkeypatch.setenv(env_var_name(REGION), OLD.secret.decode())
    monkeypatch.setenv(f"{env_var_name(REGION)}_NEXT", NEW.secret.decode())
    monkeypatch.setenv(f"{env_var_name(REGION)}_NEXT_VERSION", NEW.version)
    assert main(["rotate-key", "--region", REGION]) == 0
    assert "switch connection informatiebeeld_pseudonym_noord_nederland" in capsys.readouterr().out

    # A later delivery with the new key links to the rotated records of the same person.
    _deliver("2026-11-21", "I-7;1;verdachte;1112.22.333;;;;;\n")
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ingest_partner(conn, REGION, "politie", RUN_DATE, NEW, "night-2")
        after = _pseudonym_columns(conn)
        versions = {r[0] for r in conn.execute("select key_version from meta.load_ledger where status = 'loaded'")}
        rotations = conn.execute("select old_version, new_version, deliveries, rows_rekeyed from meta.key_rotations")
        rotation_rows = rotations.fetchall()
    old_values = {v for row in before for v in row if v}
    assert not old_values & {v for row in after for v in row if v}, "no pseudonym of the old key remains"
    assert after[0][0] == after[2][0] == pseudonymise(NEW, "bsn", "111222333")
    assert after[1][1] == pseudonymise(NEW, "name", "Jansen|Piet|1980-05-17")
    assert versions == {"2"}
    assert rotation_rows == [("1", "2", 1, 2)]


def test_rotation_stops_before_changing_anything_when_a_landed_file_is_gone(clean_warehouse, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _deliver("2026-11-20", "I-1;1;verdachte;111222333;;;;;\n")
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        ingest_partner(conn, REGION, "politie", RUN_DATE, OLD, "night-1")
        before = _pseudonym_columns(conn)
    (TEST_STATE / "landing" / REGION / "politie" / "2026-11-20" / "betrokkenen.csv").unlink()
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    monkeypatch.setenv(env_var_name(REGION), OLD.secret.decode())
    monkeypatch.setenv(f"{env_var_name(REGION)}_NEXT", NEW.secret.decode())
    monkeypatch.setenv(f"{env_var_name(REGION)}_NEXT_VERSION", NEW.version)
    assert main(["rotate-key", "--region", REGION]) == 1
    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        assert _pseudonym_columns(conn) == before


def _ledger_rows(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute("select delivery_id, status, key_version from meta.load_ledger order by 1").fetchall()


def test_after_a_rotation_a_load_refuses_the_old_key_and_a_wrong_key_under_the_new_version(
    clean_warehouse, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    _deliver("2026-11-20", "I-1;1;verdachte;111222333;;;;;\n")
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        ingest_partner(conn, REGION, "politie", RUN_DATE, OLD, "night-1")
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    monkeypatch.setenv(env_var_name(REGION), OLD.secret.decode())
    monkeypatch.setenv(f"{env_var_name(REGION)}_NEXT", NEW.secret.decode())
    monkeypatch.setenv(f"{env_var_name(REGION)}_NEXT_VERSION", NEW.version)
    assert main(["rotate-key", "--region", REGION]) == 0

    _deliver("2026-11-21", "I-7;1;verdachte;111222333;;;;;\n")
    impostor = PseudonymKey(NEW.version, b"not-the-rotated-key-" + b"x" * 30)
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        before = _ledger_rows(conn)
        for stale in (OLD, impostor):
            with pytest.raises(StaleKeyError, match=f"region {REGION} .*version {stale.version}.*version 2"):
                ingest_partner(conn, REGION, "politie", RUN_DATE, stale, "night-2")
            assert _ledger_rows(conn) == before, "nothing loaded, nothing marked"

    # The command line says the same, with no key in its output, before it loads anything.
    capsys.readouterr()
    assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 2
    err = capsys.readouterr().err
    assert "is not the key the rotation" in err and "Traceback" not in err
    assert OLD.secret.decode() not in err and NEW.secret.decode() not in err
    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        assert _ledger_rows(conn) == before

    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ingest_partner(conn, REGION, "politie", RUN_DATE, NEW, "night-2")
        assert {r[2] for r in _ledger_rows(conn)} == {"2"}


@pytest.mark.parametrize(
    ("handed_over", "refusal"),
    [
        # A version switched without a rotation.
        (NEW, "key version 1, the key handed over is version 2: rotate"),
        # A regenerated key that kept version 1 (a new .env, no rotation).
        (PseudonymKey(OLD.version, b"regenerated-key-" + b"r" * 40), "another key of version 1"),
    ],
    ids=["other_version", "other_key_same_version"],
)
def test_a_key_other_than_the_loaded_deliveries_key_is_refused_without_a_rotation(  # type: ignore[no-untyped-def]
    clean_warehouse, handed_over: PseudonymKey, refusal: str
) -> None:
    """Either would mix two keys' pseudonyms in the region's data."""
    _deliver("2026-11-20", "I-1;1;verdachte;111222333;;;;;\n")
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        ledger.ensure_meta(conn)
        ingest_partner(conn, REGION, "politie", RUN_DATE, OLD, "night-1")
        _deliver("2026-11-21", "I-7;1;verdachte;111222333;;;;;\n")
        with pytest.raises(StaleKeyError, match=refusal):
            ingest_partner(conn, REGION, "politie", RUN_DATE, handed_over, "night-2")
        assert [r[1:] for r in _ledger_rows(conn)] == [("loaded", "1")]
