"""The Great Expectations publication gate.

Suites are committed in ``expectations/gx/expectations/<mart>.json`` (one per published mart).
At run time each suite is completed with checks that depend on the region and on the table's
actual columns: every gemeente of the region is present, no text column holds a personal identifier
(the custom expectation ``ExpectColumnValuesToNotContainIdentifiers``, which runs the leak detector
of detect.py) and none holds a pseudonym. Before that, ``scan_schemas`` runs the same detector over
every text column of every table the region has beyond the landing step (raw, staging,
intermediate, marts and the published version). Any failure stops the publication.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from psycopg import sql

from informatiebeeld.config import reference
from informatiebeeld.config.contracts import load_regions, raw_schema
from informatiebeeld.config.paths import quarantine_dir, state_dir
from informatiebeeld.config.publication import SUITES_DIR, SUPPRESSED_COLUMN, load_publication_config, published_marts
from informatiebeeld.privacy.detect import summarise_values
from informatiebeeld.privacy.scrub import safe_path
from informatiebeeld.warehouse import ledger
from informatiebeeld.warehouse.connection import ConnectionParams, connect

log = logging.getLogger(__name__)

TEXT_TYPES = ("text", "character varying", "character")
SCAN_FETCH_SIZE = 5_000


def scanned_schemas(region: str) -> list[str]:
    """Every schema that holds the region's data beyond the landing step, in the order the data flows,
    and ``meta`` (only the region's rows where a table has a ``region`` column)."""
    return [
        raw_schema(region),
        f"{region}_staging",
        f"{region}_intermediate",
        f"{region}_marts",
        f"{region}_candidate",
        f"{region}_published",
        "meta",
    ]


class GateFailed(RuntimeError):
    pass


@dataclass
class SuiteOutcome:
    suite: str
    table: str
    success: bool
    failed: list[dict[str, Any]] = field(default_factory=list)


def _load_suite(name: str) -> dict[str, Any]:
    return json.loads((SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _text_columns(params: ConnectionParams, schema: str, table: str) -> list[str]:
    with connect(params) as conn:
        rows = conn.execute(
            """select column_name from information_schema.columns
               where table_schema = %s and table_name = %s and data_type = any(%s)
               order by ordinal_position""",
            (schema, table, list(TEXT_TYPES)),
        ).fetchall()
    return [r[0] for r in rows]


@dataclass
class ColumnFindings:
    """What the leak detector found in one column: counts only, never a value."""

    schema: str
    table: str
    column: str
    values_scanned: int
    unexpected_count: int
    kinds: dict[str, int]
    examples: list[str]

    kinds_by_detector: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.schema}.{self.table}.{self.column}"


# Every relation with rows (tables, partitioned tables, views, materialized views, foreign tables)
# and every column whose values are text: text and varchar (also as arrays), json and jsonb.
_SCANNED_COLUMNS = """
    select n.nspname, c.relname, a.attname, t.typname, t.typcategory = 'A' as is_array,
           exists (select 1 from pg_attribute r where r.attrelid = c.oid and r.attname = 'region'
                   and r.attnum > 0 and not r.attisdropped) as has_region
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    join pg_type t on t.oid = a.atttypid
    left join pg_type e on e.oid = t.typelem and t.typcategory = 'A'
    where n.nspname = any(%s) and c.relkind in ('r', 'p', 'v', 'm', 'f')
      and coalesce(e.typname, t.typname) in ('text', 'varchar', 'bpchar', 'json', 'jsonb')
    order by n.nspname, c.relname, a.attnum
"""


def _distinct_values_query(schema: str, table: str, column: str, is_array: bool, region_only: bool) -> sql.Composed:
    """Distinct non-null values of a column as text (array elements one by one; json as its text)."""
    col = sql.Identifier(column)
    value = sql.SQL("unnest({col})::text" if is_array else "{col}::text").format(col=col)
    where = sql.SQL("where {col} is not null and region = %s" if region_only else "where {col} is not null")
    query = sql.SQL("select distinct v from (select {value} as v from {schema}.{table} {where}) s where v is not null")
    return query.format(
        value=value, schema=sql.Identifier(schema), table=sql.Identifier(table), where=where.format(col=col)
    )


def _relation_values_query(schema: str, table: str, columns: list[str], region_only: bool) -> sql.Composed:
    """Distinct (column position, value as text) pairs of several plain columns of one relation, read
    in one pass: a view is computed once for all its columns, not once per column."""
    pairs = sql.SQL(", ").join(
        sql.SQL("({}, {}::text)").format(sql.Literal(position), sql.Identifier(column))
        for position, column in enumerate(columns)
    )
    where = sql.SQL("where region = %s" if region_only else "")
    query = sql.SQL(
        "select distinct c.i, c.v from (select * from {schema}.{table} {where}) t"
        " cross join lateral (values {pairs}) c(i, v) where c.v is not null"
    )
    return query.format(schema=sql.Identifier(schema), table=sql.Identifier(table), where=where, pairs=pairs)


def _scan_relation(
    conn: Any,
    schema: str,
    table: str,
    columns: list[tuple[str, bool]],
    region_only: bool,
    arguments: tuple[str, ...],
    known_clean: set[bytes],
) -> dict[str, dict[str, Any]]:
    """The summary of every scanned column of one relation: its plain columns from one query, each
    array column from one of its own."""
    from informatiebeeld.privacy.second_opinion import ValuesSummary

    summaries = {column: ValuesSummary(known_clean=known_clean) for column, _ in columns}
    plain = [column for column, is_array in columns if not is_array]
    queries = [(_relation_values_query(schema, table, plain, region_only), plain)] if plain else []
    for column, is_array in columns:
        if is_array:
            each = _distinct_values_query(schema, table, column, True, region_only)
            queries.append((sql.SQL("select 0, v from ({}) d").format(each), [column]))
    for query, names in queries:
        with conn.transaction(), conn.cursor(name="identifier_scan") as cursor:
            cursor.itersize = SCAN_FETCH_SIZE
            cursor.execute(query, arguments)
            for position, value in cursor:
                summaries[names[position]].add(value)
    return {column: summary.result() for column, summary in summaries.items()}


def scan_schemas(
    params: ConnectionParams, region: str, schemas: list[str] | None = None
) -> dict[str, list[ColumnFindings]]:
    """Run both leak detectors (``detect`` and the independent ``second_opinion``) over the distinct
    values of every text, varchar, text[], json and jsonb column of every table, view and
    materialized view of the region's schemas, ``meta`` included (its rows of this region where the
    table has a ``region`` column). Returns, per schema that exists, the columns with findings (an
    empty list for a clean schema). Values are streamed with a server-side cursor, the plain columns
    of a relation in one query, an array column on its own."""
    schemas = schemas or scanned_schemas(region)
    results: dict[str, list[ColumnFindings]] = {}
    known_clean: set[bytes] = set()  # digests of values both detectors passed, across columns
    with connect(params) as conn:
        existing = {r[0] for r in conn.execute("select nspname from pg_namespace where nspname = any(%s)", (schemas,))}
        columns = conn.execute(_SCANNED_COLUMNS, (schemas,)).fetchall()
        for schema in schemas:
            if schema in existing:
                results[schema] = []
        relations: dict[tuple[str, str, bool], list[tuple[str, bool]]] = {}
        for schema, table, column, _type, is_array, has_region in columns:
            relations.setdefault((schema, table, has_region and schema == "meta"), []).append((column, is_array))
        for (schema, table, region_only), relation_columns in relations.items():
            arguments = (region,) if region_only else ()
            summaries = _scan_relation(conn, schema, table, relation_columns, region_only, arguments, known_clean)
            for column, summary in summaries.items():
                if summary["unexpected_count"]:
                    results[schema].append(
                        ColumnFindings(
                            schema,
                            table,
                            column,
                            summary["values_scanned"],
                            summary["unexpected_count"],
                            summary["kinds"],
                            summary["examples"],
                            summary["kinds_by_detector"],
                        )
                    )
    return results


@dataclass
class FileFindings:
    """What the leak detector found in one persisted file: counts and shapes only."""

    path: str
    lines_scanned: int
    unexpected_count: int
    kinds: dict[str, int]
    examples: list[str]


def scanned_files(region: str) -> list[Path]:
    """Files the project writes that persist next to the warehouse: the region's quarantine reports,
    the project's own logs (``<state>/logs``) and Airflow's task logs (``$AIRFLOW_HOME/logs``)."""
    roots = [(quarantine_dir() / region, "report.*"), (state_dir() / "logs", "*")]
    airflow_home = os.environ.get("AIRFLOW_HOME")
    if airflow_home:
        roots.append((Path(airflow_home) / "logs", "*"))
    files: list[Path] = []
    for root, pattern in roots:
        if root.is_dir():
            files += sorted(p for p in root.rglob(pattern) if p.is_file())
    return files


def scan_files(region: str, files: list[Path] | None = None) -> list[FileFindings]:
    """Run the leak detector over every line of ``files`` (default: ``scanned_files``); the files
    with findings, described by counts and shapes only."""
    findings = []
    for path in scanned_files(region) if files is None else files:
        with path.open(encoding="utf-8", errors="replace") as handle:
            summary = summarise_values(line.rstrip("\n") for line in handle)
        if summary["unexpected_count"]:
            findings.append(
                FileFindings(
                    safe_path(path),
                    summary["values_scanned"],
                    summary["unexpected_count"],
                    summary["kinds"],
                    summary["examples"],
                )
            )
    return findings


def _file_outcome(region: str) -> SuiteOutcome:
    failed = [
        {
            "expectation": "scan_files",
            "column": f.path,
            "check": "no_identifier_in_files",
            "unexpected_count": f.unexpected_count,
            "observed_value": {"kinds": f.kinds, "examples": f.examples},
        }
        for f in scan_files(region)
    ]
    return SuiteOutcome("identifier_scan__files", "files", not failed, failed)


def _scan_outcomes(params: ConnectionParams, region: str) -> list[SuiteOutcome]:
    outcomes = []
    for schema, findings in scan_schemas(params, region).items():
        failed = [
            {
                "expectation": "scan_schemas",
                "column": f"{f.table}.{f.column}",
                "check": "no_identifier_in_warehouse",
                "unexpected_count": f.unexpected_count,
                "observed_value": {"kinds": f.kinds, "by_detector": f.kinds_by_detector, "examples": f.examples},
            }
            for f in findings
        ]
        outcomes.append(SuiteOutcome(f"identifier_scan__{schema}", schema, not failed, failed))
    return outcomes


def _runtime_expectations(
    gx: Any, region: str, mart: str, text_columns: list[str], peildatum: date | None = None
) -> list[Any]:
    from informatiebeeld.publish.expectations import ExpectColumnValuesToNotContainIdentifiers

    expectations: list[Any] = []
    for column in text_columns:
        # One pass over the column's values for both: no identifier and no pseudonym is published.
        expectations.append(
            ExpectColumnValuesToNotContainIdentifiers(
                column=column, allow_pseudonyms=False, meta={"check": "no_identifier_or_pseudonym_published"}
            )
        )
    if mart.startswith("gemeente_"):
        expectations.append(
            gx.expectations.ExpectColumnDistinctValuesToEqualSet(
                column="gemeente_code",
                value_set=list(reference.gemeenten_of_region(region, peildatum)),
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


def _suppression_sources(mart: str) -> dict[str, set[str]]:
    """Per column that suppression may empty: the names in ``onderdrukt`` that explain its NULL
    (a count is named itself; a derived column disappears with any count it is derived from)."""
    rules = load_publication_config().marts.get(mart)
    if rules is None:
        return {}
    sources = {count: {count} for count in rules.counts}
    for count, derived in rules.derived.items():
        for column in derived:
            sources.setdefault(column, {column}).add(count)
    return sources


def _committed_expectations(gx: Any, mart: str) -> list[Any]:
    """The committed suite, read for the published (suppressed) table: it carries ``onderdrukt``,
    and a column that suppression may empty is checked as "NULL only where ``onderdrukt`` explains
    it" instead of "never NULL"."""
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    sources = _suppression_sources(mart)
    expectations = []
    for item in _load_suite(mart)["expectations"]:
        kwargs = dict(item["kwargs"])
        column = kwargs.get("column")
        if item["type"] == "expect_column_values_to_not_be_null" and column in sources:
            names = ", ".join(f"'{name}'" for name in sorted(sources[column]))
            expectations.append(
                gx.expectations.UnexpectedRowsExpectation(
                    unexpected_rows_query=(
                        f"select {column} from {{batch}} "
                        f"where {column} is null and not ({SUPPRESSED_COLUMN} && array[{names}]::text[])"
                    ),
                    description=f"{column} is NULL only where it is suppressed",
                    meta={"check": "not_null_unless_suppressed", "column": column},
                )
            )
            continue
        if item["type"] == "expect_table_columns_to_match_set" and sources:
            kwargs["column_set"] = sorted({*kwargs["column_set"], SUPPRESSED_COLUMN})
        configuration = ExpectationConfiguration(type=item["type"], kwargs=kwargs, meta=item.get("meta", {}))
        expectations.append(configuration.to_domain_obj())
    return expectations


# What the gate records of an expectation: its outcome, unexpected_count and observed_value. GX's default
# (SUMMARY) also fetches unexpected values and their counts: cell values the gate must not keep (Data Docs
# took them out again), and a fifth of the validation time.
RESULT_FORMAT = {"result_format": "BASIC", "partial_unexpected_count": 0}


def _validate(gx: Any, datasource: Any, context: Any, name: str, schema: str, table: str, expectations: list[Any]):  # type: ignore[no-untyped-def]
    suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
    try:
        asset = datasource.add_table_asset(name, table_name=table, schema_name=schema)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=asset.add_batch_definition_whole_table("whole_table"), suite=suite)
        )
        result = definition.run(result_format=RESULT_FORMAT)
    except Exception as error:  # a missing table or column is a failed gate, not a crash
        # Described, not quoted: a driver's or GX's message may echo what it read.
        described = f"{schema}.{table} could not be read ({type(error).__name__})"
        return False, [{"expectation": "table_readable", "error": described}]
    failed = [
        {
            "expectation": r.expectation_config.type,
            "column": r.expectation_config.kwargs.get("column") or (r.expectation_config.meta or {}).get("column"),
            "check": (r.expectation_config.meta or {}).get("check"),
            "unexpected_count": (r.result or {}).get("unexpected_count"),
            "observed_value": _short((r.result or {}).get("observed_value")),
        }
        for r in result.results
        if not r.success
    ]
    return bool(result.success), failed


def _disclosure_expectations(gx: Any, mart: str, threshold: int) -> list[Any]:
    rules = load_publication_config().marts[mart]
    small = list(range(1, threshold))
    expectations = [gx.expectations.ExpectColumnToExist(column=SUPPRESSED_COLUMN, meta={"check": "disclosure"})]
    expectations += [
        gx.expectations.ExpectColumnValuesToNotBeInSet(column=c, value_set=small, meta={"check": "disclosure"})
        for c in rules.counts
    ]
    return expectations


def _gx_context(params: ConnectionParams) -> tuple[Any, Any, Any]:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}  # type: ignore[assignment]
    return gx, context, context.data_sources.add_postgres("warehouse", connection_string=params.sqlalchemy_url())


def validate_schema(
    params: ConnectionParams, region: str, schema: str, peildatum: date | None = None, docs_dir: Path | None = None
) -> list[SuiteOutcome]:
    """Every published mart's suite (committed plus run-time checks) and the disclosure checks, on
    ``schema``; the gemeenten expected are the region's on the marts' peildatum (today's without one).
    With ``docs_dir``, the results are also written there as Data Docs."""
    gx, context, datasource = _gx_context(params)
    threshold = load_regions()[region].suppressie_drempel
    outcomes = []
    for mart in published_marts():
        expectations = _committed_expectations(gx, mart)
        expectations += _runtime_expectations(gx, region, mart, _text_columns(params, schema, mart), peildatum)
        success, failed = _validate(gx, datasource, context, f"{region}__{mart}", schema, mart, expectations)
        outcomes.append(SuiteOutcome(mart, f"{schema}.{mart}", success, failed))
    for mart in sorted(load_publication_config().marts):
        if mart in published_marts():
            name = f"{region}__disclosure__{mart}"
            expectations = _disclosure_expectations(gx, mart, threshold)
            success, failed = _validate(gx, datasource, context, name, schema, mart, expectations)
            outcomes.append(SuiteOutcome(f"disclosure__{mart}", f"{schema}.{mart}", success, failed))
    if docs_dir is not None:
        from informatiebeeld.publish.data_docs import build_data_docs

        build_data_docs(context, docs_dir)
    return outcomes


def run_gate(params: ConnectionParams, region: str, run_id: str) -> list[SuiteOutcome]:
    """Audit this run's candidate: scan every schema of the region for identifiers, validate every
    published mart as it stands in ``<region>_candidate`` (the copy publish will swap in), and bind
    the verdict to the candidate's fingerprint. Records everything; raises when anything failed."""
    from informatiebeeld.publish.publication import candidate_fingerprint, candidate_schema

    schema = candidate_schema(region)
    phase_seconds: dict[str, float] = {}  # where the gate's time goes, logged as durations only
    started = time.perf_counter()
    with connect(params) as conn:
        ledger.ensure_meta(conn)
        recorded = conn.execute(
            "select fingerprint, tables ->> 'peildatum' from meta.candidates where region = %s and run_id = %s",
            (region, run_id),
        ).fetchone()
        before, _ = candidate_fingerprint(conn, schema)
    phase_seconds["fingerprint"], started = time.perf_counter() - started, time.perf_counter()
    outcomes: list[SuiteOutcome] = []
    if recorded is None or recorded[0] != before:
        reason = "no candidate was built for this run" if recorded is None else "changed since it was built"
        outcomes.append(SuiteOutcome("candidate", schema, False, [{"check": "candidate_as_built", "error": reason}]))
    outcomes += _scan_outcomes(params, region)
    phase_seconds["schema_scan"], started = time.perf_counter() - started, time.perf_counter()
    outcomes.append(_file_outcome(region))
    phase_seconds["file_scan"], started = time.perf_counter() - started, time.perf_counter()
    peildatum = date.fromisoformat(recorded[1]) if recorded and recorded[1] else None
    from informatiebeeld.publish.data_docs import data_docs_dir

    outcomes += validate_schema(params, region, schema, peildatum, docs_dir=data_docs_dir(region))
    phase_seconds["expectations"], started = time.perf_counter() - started, time.perf_counter()
    with connect(params) as conn:
        after, _ = candidate_fingerprint(conn, schema)
        phase_seconds["fingerprint_after"] = time.perf_counter() - started
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phase_seconds.items())
        log.info("gate phases for %s: %s", region, phases)
        if after != before:
            failed = [{"check": "candidate_unchanged_during_audit", "error": "the candidate changed while audited"}]
            outcomes.append(SuiteOutcome("candidate", schema, False, failed))
        for outcome in outcomes:
            ledger.record_gate(conn, region, run_id, outcome.suite, outcome.table, outcome.success, outcome.failed)
        failures = [o for o in outcomes if not o.success]
        ledger.record_gate_verdict(conn, region, run_id, before, not failures, sorted({o.suite for o in failures}))
    if failures:
        lines = [f"publication gate failed for region {region}; the published version stays as it was:"]
        for outcome in failures:
            for item in outcome.failed:
                lines.append(f"  {outcome.table}: {item}")
        raise GateFailed("\n".join(lines))
    log.info("gate passed for %s on candidate %s: %s", region, before[:12], ", ".join(o.suite for o in outcomes))
    return outcomes


def run_disclosure_gate(
    params: ConnectionParams, region: str, run_id: str, schema: str, threshold: int
) -> list[SuiteOutcome]:
    """The disclosure checks alone on ``schema``: no count between 1 and threshold-1 remains, and
    every suppressible mart says which cells it suppressed. Records outcomes; raises when any failed."""
    gx, context, datasource = _gx_context(params)
    outcomes = []
    for mart in sorted(load_publication_config().marts):
        if mart in published_marts():
            name = f"{region}__disclosure__{mart}"
            expectations = _disclosure_expectations(gx, mart, threshold)
            success, failed = _validate(gx, datasource, context, name, schema, mart, expectations)
            outcomes.append(SuiteOutcome(f"disclosure__{mart}", f"{schema}.{mart}", success, failed))
    with connect(params) as conn:
        for outcome in outcomes:
            ledger.record_gate(conn, region, run_id, outcome.suite, outcome.table, outcome.success, outcome.failed)
    failures = [f"  {o.table}: {item}" for o in outcomes if not o.success for item in o.failed]
    if failures:
        raise GateFailed(
            f"disclosure gate failed for region {region}; the published version stays as it was:\n"
            + "\n".join(failures)
        )
    return outcomes


def _short(value: Any) -> Any:
    text = json.dumps(value, default=str)
    return value if len(text) <= 200 else text[:200] + "..."
