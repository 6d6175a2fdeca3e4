"""What is published: the marts with a committed GX suite, and their disclosure rules
(``include/config/publication.yml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from informatiebeeld.config.contracts import ConfigError
from informatiebeeld.config.paths import CONFIG_DIR, EXPECTATIONS_DIR

SUITES_DIR = EXPECTATIONS_DIR / "gx" / "expectations"
# A suppressed cell is NULL and named in this text[] column of its row, never shown as 0.
SUPPRESSED_COLUMN = "onderdrukt"


def published_marts() -> list[str]:
    """A mart is published when it has a committed suite."""
    return sorted(p.stem for p in SUITES_DIR.glob("*.json"))


class TimeHierarchy(BaseModel):
    """Rows of several period grains in one mart: the months of a kwartaal add up to it, the
    kwartalen to the jaar (periods written 2026-03, 2026-K1, 2026)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    grain: str  # the key column that says maand, kwartaal or jaar
    period: str  # the key column with the period itself; the other key columns stay the same


class Lagged(BaseModel):
    """A column that repeats another column of the previous period (``records_vorige_periode``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    of: str


class GroupMedian(BaseModel):
    """A column holding the median of a rate over a group of rows (the region's median rate), and the
    column that places each row against it. Computed over every row it would give away a suppressed
    rate (the row's inwoners are published), so after suppression it is recomputed over the rows
    whose rate is published: what a reader can compute anyway."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    of: str  # the rate, NULL where suppressed
    over: tuple[str, ...] = Field(min_length=1)  # the key columns of the group
    position: str | None = None  # 'boven_mediaan' / 'op_mediaan' / 'onder_mediaan' against it


class LinkedMart(BaseModel):
    """Another published mart that holds some of this mart's cells (the jaar rows of
    gemeente_informatiebeeld_periode are the rows of gemeente_informatiebeeld): a count of the same
    name suppressed in one is suppressed in the other, so neither shows what the other hides."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mart: str
    key: dict[str, str] = Field(min_length=1)  # this mart's key column -> the other's
    where: dict[str, str] = Field(default_factory=dict)  # the rows of this mart that are linked


class MartDisclosure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: tuple[str, ...] = Field(min_length=1)
    counts: tuple[str, ...] = Field(min_length=1)
    groups: tuple[tuple[str, ...], ...] = ()
    derived: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # A count that is the sum of other counts of its row (records_totaal of the per-source counts).
    row_sums: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    time_hierarchy: TimeHierarchy | None = None
    lagged: dict[str, Lagged] = Field(default_factory=dict)
    medians: dict[str, GroupMedian] = Field(default_factory=dict)
    linked: LinkedMart | None = None


class PublicationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    marts: dict[str, MartDisclosure]
    exempt: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _links_name_configured_keys(self) -> PublicationConfig:
        # A mistyped link would leave both marts suppressed apart without a word.
        for name, mart in self.marts.items():
            link = mart.linked
            if link is None:
                continue
            other = self.marts.get(link.mart)
            if other is None:
                raise ValueError(f"{name}.linked: {link.mart} is not a mart of this file")
            if set(link.key) - set(mart.key) or set(link.key.values()) != set(other.key):
                raise ValueError(f"{name}.linked.key must map key columns of {name} onto the whole key of {link.mart}")
        return self


@cache
def load_publication_config(path: Path = CONFIG_DIR / "publication.yml") -> PublicationConfig:
    try:
        return PublicationConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as error:
        keys = "; ".join(".".join(map(str, e["loc"])) + ": " + e["msg"] for e in error.errors())
        raise ConfigError(f"{path}: invalid configuration: {keys}") from error
