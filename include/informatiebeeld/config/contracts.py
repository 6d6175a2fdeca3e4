"""Extract contracts: which files a partner delivers and what every column means.

Contracts live in YAML under ``include/config/partners/``. They are validated when loaded; a
broken contract raises :class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from informatiebeeld.config.paths import CONFIG_DIR

ColumnType = Literal[
    "string",
    "text",
    "integer",
    "decimal",
    "date",
    "boolean",
    "enum",
    "list",
    "thema_list",
    "gemeente_code",
    "thema_code",
    "sbi_code",
    "postcode",
    "bsn",
    "iban",
    "kvk_nummer",
    "phone",
    "email",
]
IdentifierKind = Literal[
    "bsn", "name", "birth_date", "address", "phone", "email", "iban", "kenteken", "kvk", "free_text"
]
# Column types whose values identify a person: such a column needs an identifier kind and a rule.
IDENTIFIER_TYPES = frozenset(["bsn", "iban", "phone", "email", "postcode"])
PrivacyRule = Literal["keep", "pseudonymise", "drop", "year", "pc4", "scrub"]
Cadence = Literal["daily", "weekly", "monthly", "yearly"]

# Postgres type of a loaded column, by contract type; everything else is text.
_PG_TYPES = {"integer": "bigint", "decimal": "numeric", "date": "date", "boolean": "boolean"}

# Maximum age of a partner's latest delivery before it counts as stale, by cadence (days).
CADENCE_MAX_AGE_DAYS = {"daily": 2, "weekly": 9, "monthly": 35, "yearly": 400}


class ConfigError(ValueError):
    """A configuration file is invalid; the message names the file and the key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Column(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: ColumnType
    required: bool = False
    values: tuple[str, ...] | None = None
    min: float | None = None
    identifier: IdentifierKind | None = None
    privacy: PrivacyRule = "keep"
    # Dates after the delivery date are refused unless the column may hold planned dates.
    future_allowed: bool = False

    @model_validator(mode="after")
    def _check(self) -> Column:
        if self.type in ("enum", "list") and not self.values:
            raise ValueError(f"column {self.name}: type {self.type} needs 'values'")
        if self.type in IDENTIFIER_TYPES and self.identifier is None:
            raise ValueError(
                f"column {self.name} has type {self.type}, which holds a personal identifier, and needs "
                f"'identifier:' and a 'privacy:' rule"
            )
        if self.identifier and self.privacy == "keep":
            raise ValueError(f"column {self.name} is an identifier ({self.identifier}) and needs a privacy rule")
        if self.privacy == "year" and self.type != "date":
            raise ValueError(f"column {self.name}: privacy 'year' needs type date")
        if self.privacy == "pc4" and self.type != "postcode":
            raise ValueError(f"column {self.name}: privacy 'pc4' needs type postcode")
        return self

    @property
    def loaded_name(self) -> str | None:
        """Name of the column as it lands in the raw schema (None when dropped)."""
        return {
            "drop": None,
            "pseudonymise": f"{self.name}_pseudoniem",
            "year": f"{self.name}_jaar",
            "pc4": f"{self.name}_pc4",
        }.get(self.privacy, self.name)

    @property
    def loaded_pg_type(self) -> str:
        if self.privacy == "year":
            return "integer"
        if self.privacy in ("pseudonymise", "pc4", "scrub"):
            return "text"
        return _PG_TYPES.get(self.type, "text")


class DerivedPseudonym(_Strict):
    """A pseudonym of several columns together, e.g. postcode + huisnummer as an address key."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*_pseudoniem$")
    from_: tuple[str, ...] = Field(alias="from", min_length=1)
    identifier: IdentifierKind
    # A linkage pseudonym (e.g. name + birth date) made only when this column is empty (e.g. bsn).
    only_without: str | None = None


class Extract(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str
    file_name: str
    format: Literal["csv", "xlsx"]
    delimiter: str = ";"
    encoding: str = "utf-8"
    sheet: str | None = None
    decimal_separator: Literal[".", ","] = "."
    date_format: str = "%Y-%m-%d"
    cadence: Cadence
    primary_key: tuple[str, ...] = Field(min_length=1)
    columns: tuple[Column, ...] = Field(min_length=1)
    derived_pseudonyms: tuple[DerivedPseudonym, ...] = ()
    list_separator: str = "|"
    # reject_rows: bad rows go to meta.contract_violations and the rest loads, unless more than
    # max_rejected_share of the rows is bad; quarantine_file: one bad row quarantines the file.
    on_error: Literal["reject_rows", "quarantine_file"] = "reject_rows"
    max_rejected_share: float = Field(default=0.05, ge=0, le=1)
    # A header-only delivery is valid and means "none this period" (0, not gg); otherwise refused.
    empty_means_zero: bool = False
    # Bewaartermijn: days after the delivery date after which its rows and landed file are purged.
    bewaartermijn_dagen: int = Field(ge=1)

    @model_validator(mode="after")
    def _check(self) -> Extract:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"extract {self.name}: duplicate column names")
        for key in self.primary_key:
            if key not in names:
                raise ValueError(f"extract {self.name}: primary_key column {key} is not a column")
        for derived in self.derived_pseudonyms:
            for source in [*derived.from_, *([derived.only_without] if derived.only_without else [])]:
                if source not in names:
                    raise ValueError(f"extract {self.name}: {derived.name} uses unknown column {source}")
        return self

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def loaded_columns(self) -> list[tuple[str, str]]:
        """(name, postgres type) of every contract column as it lands, in order."""
        loaded = [(c.loaded_name, c.loaded_pg_type) for c in self.columns if c.loaded_name]
        loaded += [(d.name, "text") for d in self.derived_pseudonyms]
        return loaded  # type: ignore[return-value]


class PartnerContract(_Strict):
    partner: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str
    # The legal basis under which the partner's data is processed, for the verwerkingsregister.
    grondslag: str = Field(min_length=10)
    extracts: tuple[Extract, ...] = Field(min_length=1)

    def extract(self, name: str) -> Extract:
        for extract in self.extracts:
            if extract.name == name:
                return extract
        raise KeyError(f"partner {self.partner} has no extract {name!r}")

    def extract_for_file(self, file_name: str) -> Extract | None:
        return next((e for e in self.extracts if e.file_name == file_name), None)


class Region(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    provinces: tuple[str, ...]
    schedule: str
    # Published counts from 1 up to this threshold (exclusive) are suppressed.
    suppressie_drempel: int = Field(default=5, ge=2)
    # The first night the region's DAG runs for: Airflow's backfill and `dags test` work from here.
    start_date: date = date(2019, 1, 1)


class RegionsConfig(_Strict):
    regions: tuple[Region, ...] = Field(min_length=1)


def _format_validation_error(path: Path, error: ValidationError) -> str:
    lines = [f"{path}: invalid configuration"]
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"  key {key}: {item['msg']}")
    return "\n".join(lines)


def _load_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from error


def load_contract(path: Path) -> PartnerContract:
    try:
        contract = PartnerContract.model_validate(_load_yaml(path))
    except ValidationError as error:
        raise ConfigError(_format_validation_error(path, error)) from error
    if contract.partner != path.stem:
        raise ConfigError(f"{path}: key partner is {contract.partner!r} but the file is {path.name}")
    return contract


@cache
def load_contracts(config_dir: Path = CONFIG_DIR) -> dict[str, PartnerContract]:
    """All partner contracts by partner code, sorted by code."""
    contracts = [load_contract(p) for p in sorted((config_dir / "partners").glob("*.yml"))]
    return {c.partner: c for c in contracts}


@cache
def load_regions(config_dir: Path = CONFIG_DIR) -> dict[str, Region]:
    path = config_dir / "regions.yml"
    try:
        config = RegionsConfig.model_validate(_load_yaml(path))
    except ValidationError as error:
        raise ConfigError(_format_validation_error(path, error)) from error
    codes = [r.code for r in config.regions]
    if len(set(codes)) != len(codes):
        raise ConfigError(f"{path}: key regions: duplicate region code")
    return {r.code: r for r in config.regions}


def raw_table_name(partner: str, extract: str) -> str:
    return f"{partner}__{extract}"


def raw_schema(region: str) -> str:
    return f"raw_{region}"
