"""Custom Great Expectations expectation: no value of a column contains a personal identifier.

``ExpectColumnValuesToNotContainIdentifiers`` runs the project's own leak detector (privacy/detect.py) and
the independent second detector (privacy/second_opinion.py, ``deduce``, imported on first use) over
the distinct, non-null values of a column, cast to text; a value either of them flags is unexpected.
SQL has no 11-proef or IBAN checksum, so the metric streams the values out of the database with a
server-side cursor and judges them in Python; on pandas it reads the column's unique values. The
result holds counts per identifier kind and a few examples described by kind and shape
(``bsn 9999.99.999``), never a value.

Importing this module registers the metric and the expectation with GX (its metaclasses do so on
class creation), after which ``gx.expectations`` users can add it to any suite:

    from informatiebeeld.publish.expectations import ExpectColumnValuesToNotContainIdentifiers
    suite.add_expectation(ExpectColumnValuesToNotContainIdentifiers(column="omschrijving"))
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import pandas as pd  # noqa: E402
from great_expectations.compatibility.sqlalchemy import sqlalchemy as sa  # noqa: E402
from great_expectations.core.metric_domain_types import MetricDomainTypes  # noqa: E402
from great_expectations.execution_engine import (  # noqa: E402
    ExecutionEngine,
    PandasExecutionEngine,
    SqlAlchemyExecutionEngine,
)
from great_expectations.expectations.expectation import ColumnAggregateExpectation  # noqa: E402
from great_expectations.expectations.metrics.column_aggregate_metric_provider import (  # noqa: E402
    ColumnAggregateMetricProvider,
    column_aggregate_value,
)
from great_expectations.expectations.metrics.metric_provider import metric_value  # noqa: E402

from informatiebeeld.privacy.detect import MAX_EXAMPLES  # noqa: E402
from informatiebeeld.privacy.second_opinion import summarise_values_both  # noqa: E402

METRIC = "column.informatiebeeld_identifier_findings"
FETCH_SIZE = 5_000


class ColumnIdentifierFindings(ColumnAggregateMetricProvider):
    """Leak-detector findings over a column's distinct non-null values (see ``summarise_values``)."""

    metric_name = METRIC

    @column_aggregate_value(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> dict[str, Any]:
        return summarise_values_both(column.dropna().astype(str).unique(), count_pseudonyms=True)

    @metric_value(engine=SqlAlchemyExecutionEngine)
    def _sqlalchemy(
        cls,
        execution_engine: SqlAlchemyExecutionEngine,
        metric_domain_kwargs: dict[str, Any],
        metric_value_kwargs: dict[str, Any],
        metrics: dict[str, Any],
        runtime_configuration: dict[str, Any],
    ) -> dict[str, Any]:
        selectable, _, accessor_domain_kwargs = execution_engine.get_compute_domain(
            metric_domain_kwargs, MetricDomainTypes.COLUMN
        )
        column = sa.column(accessor_domain_kwargs["column"])
        query = (
            sa.select(sa.cast(column, sa.Text))
            .where(column.is_not(None))
            .distinct()
            .select_from(selectable)
            .execution_options(stream_results=True, yield_per=FETCH_SIZE)
        )
        with execution_engine.get_connection() as connection:
            result = connection.execute(query)
            try:
                return summarise_values_both((row[0] for row in result), count_pseudonyms=True)
            finally:
                result.close()


class ExpectColumnValuesToNotContainIdentifiers(ColumnAggregateExpectation):
    """Expect no value of the column to contain a Dutch personal identifier.

    Identifiers are those of the project's leak detector (BSN, IBAN, e-mail, phone numbers, postcode
    with house number, street address, kenteken, KvK number, name after a cue word) and the BSN,
    phone, e-mail and street-with-number findings of ``deduce``. Pseudonyms
    (64 hex characters) and scrub placeholders such as ``[BSN]`` are not identifiers; with
    ``allow_pseudonyms=False`` (what a published mart may hold) a value holding a pseudonym is
    unexpected too, counted as kind ``pseudonym``: one pass over the values checks both.

    The result reports ``unexpected_count`` (offending distinct values), ``observed_value`` (counts
    per identifier kind, and values scanned) and ``partial_unexpected_list`` with up to three
    offending values described by kind and shape, never the values themselves.
    """

    allow_pseudonyms: bool = True

    metric_dependencies: ClassVar[tuple[str, ...]] = (METRIC,)
    success_keys: ClassVar[tuple[str, ...]] = ("allow_pseudonyms",)
    library_metadata: ClassVar[dict[str, Any]] = {
        "maturity": "production",
        "tags": ["privacy", "pii"],
        "contributors": ["informatiebeeld"],
    }

    def _validate(
        self,
        metrics: dict[str, Any],
        runtime_configuration: dict[str, Any] | None = None,
        execution_engine: ExecutionEngine | None = None,
    ) -> dict[str, Any]:
        findings = metrics[METRIC]
        unexpected, kinds, examples = findings["unexpected_count"], findings["kinds"], findings["examples"]
        if not self.allow_pseudonyms and findings["pseudonym_values"]:
            unexpected = findings["unexpected_count_with_pseudonyms"]
            kinds = dict(sorted({**kinds, "pseudonym": findings["pseudonym_values"]}.items()))
            if len(examples) < MAX_EXAMPLES:
                examples = [*examples, "pseudonym: 64 hex characters"]
        return {
            "success": unexpected == 0,
            "result": {
                "observed_value": {
                    "values_scanned": findings["values_scanned"],
                    "kinds": kinds,
                    "by_detector": findings["kinds_by_detector"],
                    "examples": examples,
                },
                "element_count": findings["values_scanned"],
                "unexpected_count": unexpected,
                # of the distinct values scanned; GX's renderers of a failed expectation read it
                "unexpected_percent": 100 * unexpected / findings["values_scanned"]
                if findings["values_scanned"]
                else 0,
                "partial_unexpected_list": examples,
            },
        }
