"""Small-count suppression on what is really published, and its Great Expectations gate."""

from __future__ import annotations

import re

import psycopg
import pytest

from informatiebeeld.cli.main import main
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.config.publication import load_publication_config
from informatiebeeld.privacy.keys import env_var_name
from informatiebeeld.publish.disclosure import suppress_table
from informatiebeeld.publish.gate import GateFailed, run_disclosure_gate, validate_schema
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
    _linked_cells_are_suppressed_alike(clean_warehouse.conninfo())
    _attack_recovers_no_small_count(clean_warehouse.conninfo())
    _attack_across_the_totals_recovers_no_small_count(clean_warehouse.conninfo())


def _linked_cells_are_suppressed_alike(conninfo: str) -> None:
    """A cell published in two marts (a jaar row of gemeente_informatiebeeld_periode is a row of
    gemeente_informatiebeeld) is suppressed in both or in neither: else one mart shows what the other hides."""
    rules = load_publication_config().marts
    for mart, rule in rules.items():
        if rule.linked is None:
            continue
        other = rules[rule.linked.mart]
        on = " and ".join(f"a.{mine}::text = b.{theirs}::text" for mine, theirs in rule.linked.key.items())
        where = " and ".join(f"a.{column} = '{value}'" for column, value in rule.linked.where.items()) or "true"
        with psycopg.connect(conninfo) as conn:
            for column in sorted(set(rule.counts) & set(other.counts)):
                linked, differs = conn.execute(
                    f"select count(*), count(*) filter (where ('{column}' = any(a.onderdrukt)) "
                    f"<> ('{column}' = any(b.onderdrukt))) from {REGION}_published.{mart} as a "
                    f"join {REGION}_published.{rule.linked.mart} as b on {on} where {where}"
                ).fetchone()
                assert linked > 0, f"{mart} and {rule.linked.mart} share no {column} cell"
                assert differs == 0, f"{differs} {column} cells suppressed in one of {mart}, {rule.linked.mart}"


def _attack_recovers_no_small_count(conninfo: str) -> None:
    """The attack on the published rows recovers no count below the threshold. On the same rows with
    only the small ``records_totaal`` hidden (its sources left in view) it does, so the attack is real."""
    from tests.disclosure_attack import MART, attack

    with psycopg.connect(conninfo, autocommit=True) as conn:
        published = attack(conn, REGION)
        conn.execute("create schema totals_only")
        conn.execute(f"create table totals_only.{MART} as select *, '{{}}'::text[] as onderdrukt "
                     f"from {REGION}_marts.{MART}")  # fmt: skip
        conn.execute(f"update totals_only.{MART} set onderdrukt = array['records_totaal'], records_totaal = null, "
                     "records_per_10000_inwoners = null where records_totaal between 1 and 4")  # fmt: skip
        control = attack(conn, REGION, "totals_only")
        # the published median is that of the published rates: it tells a reader nothing more
        differs = conn.execute(
            f"select count(*) from {REGION}_published.{MART} as t join (select thema_code, periode_soort, periode, "
            "cast(percentile_cont(0.5) within group (order by records_per_10000_inwoners) as numeric(12, 2)) as m "
            f"from {REGION}_published.{MART} group by 1, 2, 3) as g using (thema_code, periode_soort, periode) "
            "where t.regio_mediaan_per_10000_inwoners is distinct from g.m"
        ).fetchone()[0]
    assert control["recovered_small"], "with its sources in view, a hidden small total is recomputed"
    assert control["lp_recovered_small"], "the linear programs recompute it too"
    assert differs == 0, "the published regio_mediaan is computed from rates that are not published"
    assert {"kwartaal", "jaar", "vorige", "bronnen", "regio"} <= set(published["relations"]), published["relations"]
    assert published["wrong"] == 0
    assert published["recovered_small"] == [], f"recovered below the threshold: {published['recovered_small'][:5]}"
    assert published["lp_wrong"] == 0
    assert published["lp_recovered_small"] == [], f"pinned down by LP: {published['lp_recovered_small'][:5]}"


def _attack_across_the_totals_recovers_no_small_count(conninfo: str) -> None:
    """gemeente_overzicht and thema_informatiebeeld publish the row and column totals of
    gemeente_informatiebeeld: an attacker with all three recovers no count below the threshold. With
    the small totals of gemeente_overzicht hidden alone (their cells left in view) the same attack
    recomputes them, so it is real."""
    from tests.disclosure_attack import TOTAL_MARTS, attack_totals

    with psycopg.connect(conninfo, autocommit=True) as conn:
        published = attack_totals(conn, REGION)
        conn.execute("create schema totals_hidden")
        for mart in TOTAL_MARTS:
            conn.execute(f"create table totals_hidden.{mart} as select *, '{{}}'::text[] as onderdrukt "
                         f"from {REGION}_marts.{mart}")  # fmt: skip
        conn.execute("update totals_hidden.gemeente_overzicht set onderdrukt = array['politie_incidenten'], "
                     "politie_incidenten = null where politie_incidenten between 1 and 4")  # fmt: skip
        control = attack_totals(conn, REGION, "totals_hidden")
    assert control["recovered_small"], "with its cells in view, a hidden small total is recomputed"
    assert control["lp_recovered_small"], "the linear programs recompute it too"
    assert {"gemeente_overzicht", "thema_informatiebeeld", "regio"} <= set(published["relations"])
    assert published["wrong"] == 0
    assert published["recovered_small"] == [], f"recovered below the threshold: {published['recovered_small'][:5]}"
    assert published["lp_wrong"] == 0
    assert published["lp_recovered_small"] == [], f"pinned down by LP: {published['lp_recovered_small'][:5]}"


def test_the_published_regio_mediaan_gives_no_suppressed_rate_away(clean_warehouse) -> None:  # type: ignore[no-untyped-def]
    """Five gemeenten of 10,000 inwoners with 0, 0, 3, 10 and 20 records: the median over all of them
    is the suppressed 3 itself. Published, it is the median of the rates that are published."""
    from tests.disclosure_attack import MART, _cell_values, _median_recoveries, _rows, holds

    rules = load_publication_config().marts[MART].model_copy(
        update={"counts": ("records_totaal",), "groups": (), "row_sums": {}, "lagged": {}, "time_hierarchy": None,
                "linked": None,
                "derived": {"records_totaal": ("records_per_10000_inwoners", "positie_tov_regio")}}
    )  # fmt: skip
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        for schema in ("truth", "candidate_median"):
            conn.execute(f"create schema {schema}")
            conn.execute(
                f"create table {schema}.{MART} (gemeente_code text, thema_code text, periode_soort text, periode text, "
                "inwoners integer, records_totaal integer, records_per_10000_inwoners numeric(12, 2), "
                "regio_mediaan_per_10000_inwoners numeric(12, 2), positie_tov_regio text)"
            )
            conn.execute(
                f"insert into {schema}.{MART} select 'GM000' || n, 'drugs', 'jaar', '2026', 10000, c, c, 3, "
                "case when c > 3 then 'boven_mediaan' when c < 3 then 'onder_mediaan' else 'op_mediaan' end "
                "from unnest(array[1, 2, 3, 4, 5], array[0, 0, 3, 10, 20]) as v(n, c)"
            )
        truth = _cell_values(_rows(conn, "truth"))
        # the attack on the rows as they were before: the hidden count named, the median left as it was
        conn.execute(f"alter table truth.{MART} add column onderdrukt text[] default '{{}}'")
        conn.execute(f"update truth.{MART} set onderdrukt = '{{records_totaal}}', records_totaal = null, "
                     "records_per_10000_inwoners = null, positie_tov_regio = null "
                     "where gemeente_code = 'GM0003'")  # fmt: skip
        before = _median_recoveries(_rows(conn, "truth"))
        assert [r.total for r in before if holds(r, truth)] == [3.0], "the median over all gemeenten gives 3 away"
        with conn.transaction():
            assert suppress_table(conn, "candidate_median", MART, rules, 5) == 1
        published = _rows(conn, "candidate_median")
    assert {float(r["regio_mediaan_per_10000_inwoners"]) for r in published} == {5.0}  # of 0, 0, 10, 20
    assert {r["gemeente_code"]: r["positie_tov_regio"] for r in published} == {
        "GM0001": "onder_mediaan", "GM0002": "onder_mediaan", "GM0003": None,
        "GM0004": "boven_mediaan", "GM0005": "boven_mediaan"}  # fmt: skip
    assert not [r for r in _median_recoveries(published) if holds(r, truth)]


def test_a_cell_in_two_marts_is_suppressed_in_both(clean_warehouse) -> None:  # type: ignore[no-untyped-def]
    """per_jaar (totals per thema known) hides G1,x = 2 and then G2,x; per_periode, whose jaar rows are
    the same cells (totals per gemeente known), hides G1,x and then G1,y. Apart, each would show what
    the other hides; together both hide the same cells and no known total holds one hidden cell."""
    from informatiebeeld.config.publication import LinkedMart, MartDisclosure
    from informatiebeeld.publish.disclosure import suppress_marts

    rules = {
        "per_jaar": MartDisclosure(key=("g", "t", "jaar"), counts=("n",), groups=(("t", "jaar"),)),
        "per_periode": MartDisclosure(
            key=("g", "t", "soort", "periode"), counts=("n",), groups=(("g", "soort", "periode"),),
            linked=LinkedMart(mart="per_jaar", key={"g": "g", "t": "t", "periode": "jaar"}, where={"soort": "jaar"}),
        ),
    }  # fmt: skip
    values = {("G1", "x"): 2, ("G2", "x"): 10, ("G3", "x"): 20, ("G1", "y"): 30, ("G2", "y"): 40, ("G3", "y"): 50}
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        conn.execute("create schema linked_test")
        conn.execute("create table linked_test.per_jaar (g text, t text, jaar integer, n integer)")
        conn.execute("create table linked_test.per_periode (g text, t text, soort text, periode text, n integer)")
        for (g, t), n in values.items():
            conn.execute("insert into linked_test.per_jaar values (%s, %s, 2026, %s)", (g, t, n))
            conn.execute("insert into linked_test.per_periode values (%s, %s, 'jaar', '2026'), "
                         "(%s, %s, 'maand', '2026-01')", (g, t, g, t))  # fmt: skip
        conn.execute("update linked_test.per_periode as p set n = j.n from linked_test.per_jaar as j "
                     "where p.g = j.g and p.t = j.t")  # fmt: skip
        with conn.transaction():
            counts = suppress_marts(conn, "linked_test", rules, 5)
        hidden = {
            table: set(conn.execute(f"select g, t from linked_test.{table} where 'n' = any(onderdrukt) and {rows}"))
            for table, rows in (("per_jaar", "jaar = 2026"), ("per_periode", "soort = 'jaar'"))
        }
    assert hidden["per_jaar"] == hidden["per_periode"] == {("G1", "x"), ("G2", "x"), ("G1", "y"), ("G2", "y")}
    assert counts["per_jaar"] == 4


def test_a_linked_cell_that_is_null_in_the_other_mart_ends_the_linking(clean_warehouse) -> None:  # type: ignore[no-untyped-def]
    """per_periode hides its 3; per_jaar holds that cell as NULL, which is never suppressed: forcing it
    changes nothing, and linking must stop instead of forcing it again and again."""
    from informatiebeeld.config.publication import LinkedMart, MartDisclosure
    from informatiebeeld.publish.disclosure import suppress_marts

    rules = {
        "per_jaar": MartDisclosure(key=("g", "jaar"), counts=("n",)),
        "per_periode": MartDisclosure(
            key=("g", "periode"), counts=("n",),
            linked=LinkedMart(mart="per_jaar", key={"g": "g", "periode": "jaar"}),
        ),
    }  # fmt: skip
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        conn.execute("create schema null_link")
        conn.execute("create table null_link.per_jaar as select 'G1' as g, 2026 as jaar, null::integer as n")
        conn.execute("create table null_link.per_periode as select 'G1' as g, '2026' as periode, 3 as n")
        with conn.transaction():
            counts = suppress_marts(conn, "null_link", rules, 5)
        published = conn.execute("select n, onderdrukt from null_link.per_periode").fetchone()
    assert counts == {"per_jaar": 0, "per_periode": 1}
    assert published == (None, ["n"])


def test_disclosure_gate_refuses_a_small_count(clean_warehouse) -> None:  # type: ignore[no-untyped-def]
    rule = load_publication_config().marts["thema_informatiebeeld"]
    columns = ", ".join(f"{c} integer" for c in rule.counts)
    with psycopg.connect(clean_warehouse.conninfo(), autocommit=True) as conn:
        conn.execute("create schema candidate_test")
        conn.execute(f"create table candidate_test.thema_informatiebeeld (thema_code text, jaar integer, {columns}, "
                     "onderdrukt text[])")  # fmt: skip
        values = ", ".join(["3"] + ["10"] * (len(rule.counts) - 1))
        for thema in ("drugs", "mensenhandel"):
            conn.execute(f"insert into candidate_test.thema_informatiebeeld values ('{thema}', 2026, {values}, '{{}}')")
        from informatiebeeld.warehouse import ledger

        ledger.ensure_meta(conn)
    with pytest.raises(GateFailed, match=rule.counts[0]):
        run_disclosure_gate(clean_warehouse, "noord_nederland", "test", "candidate_test", 5)
    with psycopg.connect(clean_warehouse.conninfo()) as conn:
        (failed,) = conn.execute(
            "select failed_expectations from meta.gate_results "
            "where run_id = 'test' and suite = 'disclosure__thema_informatiebeeld'"
        ).fetchone()
    # How many cells and where, never which values.
    assert failed == [{"expectation": "expect_column_values_to_not_be_in_set", "column": rule.counts[0],
                       "check": "disclosure", "unexpected_count": 2, "observed_value": None}]  # fmt: skip


def test_an_unreadable_mart_fails_the_gate_described_not_quoted(clean_warehouse) -> None:  # type: ignore[no-untyped-def]
    """What GX or the driver said about a table it could not read is not passed on: it may echo data."""
    outcomes = validate_schema(clean_warehouse, "limburg", "geen_candidate")
    assert outcomes and not any(outcome.success for outcome in outcomes)
    for outcome in outcomes:
        [failure] = outcome.failed
        assert failure["expectation"] == "table_readable"
        assert re.fullmatch(rf"{outcome.table} could not be read \(\w+\)", failure["error"]), failure
