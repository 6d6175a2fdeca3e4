"""Checking rows against the contract and applying each column's privacy rule to what may land."""

from __future__ import annotations

from datetime import date
from typing import Any

from informatiebeeld.config import reference
from informatiebeeld.config.contracts import Column, DerivedPseudonym, Extract
from informatiebeeld.ingest.parse import parse_value
from informatiebeeld.ingest.violations import RowError, Violation
from informatiebeeld.privacy import detect
from informatiebeeld.privacy.keys import PseudonymKey
from informatiebeeld.privacy.pseudonyms import pseudonymise
from informatiebeeld.privacy.scrub import describe_shape, scrub_text


def row_error_message(error: RowError, position: int, width: int, value: Any) -> str:
    """The message of a value that breaks its column's rule: the rule's text, where, and the value's
    shape only (both engines build every row message here)."""
    return f"{error} (column {position} of {width}; value {describe_shape(value)})"


def protect(column: Column, parsed: Any, key: PseudonymKey, finders: frozenset[str] | None = None) -> Any:
    """Apply the column's privacy rule to a parsed value (``finders``: see ``detect.find_identifiers``)."""
    if parsed is None:
        return None
    rule = column.privacy
    if rule == "pseudonymise":
        return pseudonymise(key, column.identifier or column.name, str(parsed))
    if rule == "year":
        return parsed.year
    if rule == "pc4":
        return str(parsed)[:4]
    if rule == "scrub":
        return scrub_text(str(parsed), finders)
    return parsed


class RowTransformer:
    """Turns raw rows of one extract into the values that may land, or violations."""

    def __init__(
        self,
        extract: Extract,
        key: PseudonymKey,
        file_label: str,
        region: str | None = None,
        delivery_date: date | None = None,
    ) -> None:
        self.extract = extract
        self.key = key
        self.file_label = file_label
        self.region = region
        self.delivery_date = delivery_date
        self.expected_header = [c.name for c in extract.columns]

    def _check_context(self, column: Column, parsed: Any, finders: frozenset[str] | None = None) -> None:
        """Rules that need the delivery's region and date (``finders``: see ``detect.find_identifiers``)."""
        if parsed is None:
            return
        if (
            column.type == "gemeente_code"
            and self.region
            and reference.region_of_gemeente(parsed, self.delivery_date) != self.region
        ):
            raise RowError("gemeente_in_region", f"gemeente is not in region {self.region} (wrong region's folder?)")
        if (
            column.type == "date"
            and not column.future_allowed
            and self.delivery_date is not None
            and parsed > self.delivery_date
        ):
            raise RowError("not_after_delivery_date", f"date lies after the delivery date {self.delivery_date}")
        if column.type == "string" and column.identifier is None:
            # Only free text is scrubbed; a plain text column (a case number, an incident type) that
            # holds an identifier would land it in clear, so the row is refused.
            kinds = detect.identifier_kinds(parsed, finders)
            if kinds:
                raise RowError(
                    "identifier_in_plain_column",
                    f"holds what looks like a personal identifier ({', '.join(sorted(set(kinds)))}); "
                    "only free-text columns may, and they are scrubbed",
                )

    def _derived_pseudonym(self, derived: DerivedPseudonym, parsed: dict[str, Any]) -> str | None:
        if derived.only_without and parsed.get(derived.only_without) is not None:
            return None
        parts = [parsed[name] for name in derived.from_]
        if any(p is None for p in parts):
            return None
        joined = "|".join(p.isoformat() if isinstance(p, date) else str(p) for p in parts)
        return pseudonymise(self.key, derived.identifier, joined)

    def check_header(self, row_number: int, header: list[Any]) -> list[Violation]:
        """The first row must name the contract's columns in order. The message names the expected
        columns (from the contract) and only the positions and shapes of what was found: a file
        delivered without its header row has a person's data there."""
        names = [str(h).strip().lower() if h is not None else "" for h in header]
        if names == self.expected_header:
            return []
        missing = [n for n in self.expected_header if n not in names]
        extra = [i for i, n in enumerate(names, start=1) if n not in self.expected_header]
        expected = len(self.expected_header)
        parts = [] if len(names) == expected else [f"{len(names)} columns, expected {expected}"]
        if missing:
            parts.append(f"missing columns {missing}")
        if extra:
            shapes = "; ".join(f"column {i}: {describe_shape(header[i - 1] or '')}" for i in extra[:10])
            parts.append(f"{len(extra)} unexpected column name(s) ({shapes})")
        if not parts:
            parts.append(f"columns out of order; expected {self.expected_header}")
        return [Violation(self.file_label, row_number, None, "header", "; ".join(parts))]

    def transform(self, row_number: int, values: list[Any]) -> tuple[list[Any] | None, list[Violation]]:
        if len(values) != len(self.expected_header):
            message = f"has {len(values)} fields, expected {len(self.expected_header)}"
            return None, [Violation(self.file_label, row_number, None, "field_count", message)]
        parsed: dict[str, Any] = {}
        violations: list[Violation] = []
        width = len(self.extract.columns)
        for position, (column, value) in enumerate(zip(self.extract.columns, values, strict=True), start=1):
            try:
                parsed[column.name] = parse_value(column, value, self.extract)
                self._check_context(column, parsed[column.name])
            except RowError as error:
                message = row_error_message(error, position, width, value)
                violations.append(Violation(self.file_label, row_number, column.name, error.rule, message))
        if violations:
            return None, violations
        out = [protect(c, parsed[c.name], self.key) for c in self.extract.columns if c.loaded_name]
        for derived in self.extract.derived_pseudonyms:
            out.append(self._derived_pseudonym(derived, parsed))
        return out, []
