"""The Great Expectations publication gate.

Suites are committed in ``expectations/gx/expectations/<mart>.json`` (one per published mart).
At run time each suite is completed with checks that depend on the region and on the table's
actual columns: every gemeente of the region is present, and no text column holds anything that
looks like an identifier or a pseudonym. Any failure stops the publication.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from informatiebeeld import ledger, reference
from informatiebeeld.paths import EXPECTATIONS_DIR
from informatiebeeld.warehouse import ConnectionParams, connect

log = logging.getLogger(__name__)

SUITES_DIR = EXPECTATIONS_DIR / "gx" / "expectations"

# Postgres regular expressions (no look-behind there), for values that must never be published.
IDENTIFIER_PATTERNS = {
    "bsn": r"(^|[^0-9a-f])[0-9]{9}([^0-9a-f]|$)",
    "bsn_dotted": r"[0-9]{4}\.[0-9]{2}\.[0-9]{3}",
    "iban": r"[A-Za-z]{2}[0-9]{2} ?[A-Za-z]{4} ?[0-9]{4}",
    "email": r"[^ @]+@[^ @]+\.[A-Za-z]{2,}",
    "phone": r"(\+31|0031|(^|[^0-9])06)[ -]?[0-9]{4}",
    "postcode_huisnummer": r"[1-9][0-9]{3} ?[A-Za-z]{2},? [0-9]+",
    "pseudonym": r"[0-9a-f]{64}",
}


class GateFailed(RuntimeError):
    pass


@dataclass
class SuiteOutcome:
    suite: str
    table: str
    success: bool
    failed: list[dict[str, Any]] = field(default_factory=list)


def published_marts() -> list[str]:
    """A mart is published when it has a committed suite."""
    return sorted(p.stem for p in SUITES_DIR.glob("*.json"))


def _load_suite(name: str) -> dict[str, Any]:
    return json.loads((SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _text_columns(params: ConnectionParams, schema: str, table: str) -> list[str]:
    with connect(params) as conn:
        rows = conn.execute(
            """select column_name from information_schema.columns
               where table_schema = %s and table_name = %s and data_type in ('text', 'character varying')
               order by ordinal_position""",
            (schema, table),
        ).fetchall()
    return [r[0] for r in rows]


def _runtime_expectations(gx: Any, region: str, mart: str, text_columns: list[str]) -> list[Any]:
    expectations: list[Any] = []
    for column in text_columns:
        expectations.append(
            gx.expectations.ExpectColumnValuesToNotMatchRegexList(
                column=column,
                regex_list=list(IDENTIFIER_PATTERNS.values()),
                meta={"check": "no_identifier_published"},
            )
        )
    if mart.startswith("gemeente_"):
        expectations.append(
            gx.expectations.ExpectColumnDistinctValuesToEqualSet(
                column="gemeente_code",
                value_set=list(reference.gemeenten_of_region(region)),
                meta={"check": "every_gemeente_of_region"},
            )
        )
    if "riec_regio_code" not in text_columns:
        return expectations
    expectations.append(
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="riec_regio_code", value_set=[region], meta={"check": "own_region_only"}
        )
    )
    return expectations


def run_gate(params: ConnectionParams, region: str, run_id: str, schema: str | None = None) -> list[SuiteOutcome]:
    """Validate every published mart of a region as built in ``<region>_marts``; raise on failure."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    schema = schema or f"{region}_marts"
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}  # type: ignore[assignment]
    datasource = context.data_sources.add_postgres("warehouse", connection_string=params.sqlalchemy_url())
    outcomes: list[SuiteOutcome] = []
    for mart in published_marts():
        committed = _load_suite(mart)
        expectations = [
            ExpectationConfiguration(
                type=item["type"], kwargs=item["kwargs"], meta=item.get("meta", {})
            ).to_domain_obj()
            for item in committed["expectations"]
        ]
        expectations += _runtime_expectations(gx, region, mart, _text_columns(params, schema, mart))
        suite = context.suites.add(gx.ExpectationSuite(name=f"{region}__{mart}", expectations=expectations))
        asset = datasource.add_table_asset(mart, table_name=mart, schema_name=schema)
        batch_definition = asset.add_batch_definition_whole_table("whole_table")
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{region}__{mart}", data=batch_definition, suite=suite)
        )
        try:
            result = definition.run()
            failed = [
                {
                    "expectation": r.expectation_config.type,
                    "column": r.expectation_config.kwargs.get("column"),
                    "check": (r.expectation_config.meta or {}).get("check"),
                    "unexpected_count": (r.result or {}).get("unexpected_count"),
                    "observed_value": _short((r.result or {}).get("observed_value")),
                }
                for r in result.results
                if not r.success
            ]
            success = bool(result.success)
        except Exception as error:  # a missing table or column is a failed gate, not a crash
            failed, success = [{"expectation": "table_readable", "error": str(error)[:500]}], False
        outcomes.append(SuiteOutcome(mart, f"{schema}.{mart}", success, failed))
    with connect(params) as conn:
        ledger.ensure_meta(conn)
        for outcome in outcomes:
            ledger.record_gate(conn, region, run_id, outcome.suite, outcome.table, outcome.success, outcome.failed)
    failures = [o for o in outcomes if not o.success]
    if failures:
        lines = [f"publication gate failed for region {region}; the published version stays as it was:"]
        for outcome in failures:
            for item in outcome.failed:
                lines.append(f"  {outcome.table}: {item}")
        raise GateFailed("\n".join(lines))
    log.info("gate passed for %s: %s", region, ", ".join(o.suite for o in outcomes))
    return outcomes


def _short(value: Any) -> Any:
    text = json.dumps(value, default=str)
    return value if len(text) <= 200 else text[:200] + "..."
