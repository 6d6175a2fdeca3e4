"""What a check finds wrong with a delivery: a violation of its contract, per file, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from informatiebeeld.privacy.scrub import safe_path

# How many violations a report lists, and how many are kept per file in meta.contract_violations.
MAX_REPORTED_VIOLATIONS = 100
MAX_STORED_VIOLATIONS = 10_000


@dataclass(frozen=True)
class Violation:
    file: str
    row: int | None
    column: str | None
    rule: str
    message: str

    def __post_init__(self) -> None:
        # The label names the delivered file, whose name is the partner's: never shown raw.
        object.__setattr__(self, "file", safe_path(Path(self.file)))

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        column = f", column {self.column}" if self.column else ""
        return f"{self.file}: {where}{column}: rule {self.rule}: {self.message}"


class RowError(ValueError):
    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
