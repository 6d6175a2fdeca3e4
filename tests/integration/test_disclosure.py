"""Small-count suppression on what is really published, and its Great Expectations gate."""

from __future__ import annotations

import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.config.publication import load_publication_config
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld.publish.gate import GateFailed, run_disclosure_gate
from informatiebeeld_demo import generator as demo
from tests.conftest import RUN_DATE

pytestmark = pytest.mark.integration
REGION = "oost_brabant"


def test_published_counts_hold_no_small_values_and_suppressed_is_not_zero(clean_warehouse, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INFORMATIEBEELD_WAREHOUSE_DSN", clean_warehouse.conninfo())
    monkeypatch.setenv(env_var_name(REGION), "disclosure-test-key-" + "d" * 32)
    demo.generate(landing_dir(), RUN_DATE, [REGION], scale=0.5, seed=31)
    assert main(["run", "--region", REGION, "--date", RUN_DATE.isoformat()]) == 0
    rules = load_publication_config().marts
    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        for mart, rule in rules.items():
            for column in rule.counts:
                small, hidden_without_reason, marked = conn.execute(
                    f"select count(*) filter (where {column} between 1 and 4), "
                    f"count(*) filter (where {column} is null and not ({column!r} = any(onderdrukt))), "
                    f"count(*) filter (where {column!r} = any(onderdrukt)) from {REGION}_published.{mart}"
                ).fetchone()
                nulls_in_mart = conn.execute(f"select count(*) from {REGION}_marts.{mart} where {column} is null")
                assert small == 0, f"{mart}.{column} publishes a count below 5"
                assert hidden_without_reason == nulls_in_mart.fetchone()[0], "a NULL is either suppressed or empty"
            for source, derived in rule.derived.items():
                for column in derived:
                    leaked = conn.execute(
                        f"select count(*) from {REGION}_published.{mart} "
                        f"where {source!r} = any(onderdrukt) and {column} is not null"
                    ).fetchone()[0]
                    assert leaked == 0, f"{mart}.{column} would reveal the suppressed {source}"
        total_marked = conn.execute(
            f"select count(*) from {REGION}_published.gemeente_overzicht where cardinality(onderdrukt) > 0"
        ).fetchone()[0]
        assert total_marked > 0, "the demo data has small counts, so something must be suppressed"
        unsuppressed = conn.execute(
            f"select count(*) from {REGION}_marts.gemeente_overzicht where politie_incidenten between 1 and 4"
        ).fetchone()[0]
    assert unsuppressed > 0, "the marts themselves keep the exact values for the gate and engineers"
    _attack_recovers_no_small_count(clean_warehouse.conninfo())


def _attack_recovers_no_small_count(conninfo: str) -> None:
    """The attack on the published rows recovers no count below the threshold. On the same rows with
    only the small ``records_totaal`` hidden (its sources left in view) it does, so the attack is real."""
    from tests.disclosure_attack import MART, attack

    with psycopg.connect(conninfo, autocommit=True) as conn:
        published = attack(conn, REGION)
        conn.execute("create schema totals_only")
        conn.execute(f"create table totals_only.{MART} as select *, '{{}}'::text[] as onderdrukt "
                     f"from {REGION}_marts.{MART}")  # fmt: skip
        conn.execute(f"update totals_only.{MART} set onderdrukt = array['records_totaal'], records_totaal = null "
                     "where records_totaal between 1 and 4")  # fmt: skip
        control = attack(conn, REGION, "totals_only")
    assert control["recovered_small"], "with its sources in view, a hidden small total is recomputed"
    assert set(published["relations"]) == {"kwartaal", "jaar", "vorige", "bronnen", "regio"}, published["relations"]
    assert published["wrong"] == 0
    assert published["recovered_small"] == [], f"recovered below the threshold: {published['recovered_small'][:5]}"


def test_disclosure_gate_refuses_a_small_count(clean_warehouse) -> None:  # type: ignore[no-untyped-def]
    rule = load_publication_config().marts["thema_informatiebeeld"]
    columns = ", ".join(f"{c} integer" for c in rule.counts)
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        conn.execute("create schema candidate_test")
        conn.execute(f"create table candidate_test.thema_informatiebeeld (thema_code text, jaar integer, {columns}, "
                     "onderdrukt text[])")  # fmt: skip
        values = ", ".join(["3"] + ["10"] * (len(rule.counts) - 1))
        conn.execute(f"insert into candidate_test.thema_informatiebeeld values ('drugs', 2026, {values}, '{{}}')")
        from informatiebeeld.warehouse import ledger

        ledger.ensure_meta(conn)
    with pytest.raises(GateFailed, match=rule.counts[0]):
        run_disclosure_gate(clean_warehouse, "noord_nederland", "test", "candidate_test", 5)
