"""Statistical disclosure control: small counts in published aggregates are suppressed.

The rules live in ``include/config/publication.yml``. A suppressed cell is published as NULL and
named in the row's ``onderdrukt`` column, so it can never be mistaken for 0.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import psycopg
import yaml
from psycopg import sql
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from informatiebeeld.contracts import ConfigError
from informatiebeeld.paths import CONFIG_DIR

SUPPRESSED_COLUMN = "onderdrukt"


class MartDisclosure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: tuple[str, ...] = Field(min_length=1)
    counts: tuple[str, ...] = Field(min_length=1)
    groups: tuple[tuple[str, ...], ...] = ()


class PublicationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    marts: dict[str, MartDisclosure]


@cache
def load_publication_config(path: Path = CONFIG_DIR / "publication.yml") -> PublicationConfig:
    try:
        return PublicationConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as error:
        keys = "; ".join(".".join(map(str, e["loc"])) + ": " + e["msg"] for e in error.errors())
        raise ConfigError(f"{path}: invalid configuration: {keys}") from error


def suppression_mask(frame: pd.DataFrame, rules: MartDisclosure, threshold: int) -> pd.DataFrame:
    """Boolean frame (rows x count columns): True where the cell must be suppressed."""
    mask = pd.DataFrame(False, index=frame.index, columns=list(rules.counts))
    for column in rules.counts:
        values = frame[column]
        mask[column] = (values > 0) & (values < threshold)
    changed = True
    while changed:
        changed = False
        for column in rules.counts:
            for group in rules.groups:
                for index in frame.groupby(list(group), sort=True).groups.values():
                    cells = mask.loc[index, column]
                    if cells.sum() != 1 or len(index) < 2:
                        continue
                    # Suppress the smallest other cell (ties: first in key order) so the one
                    # suppressed value cannot be recomputed from the group's total.
                    others = frame.loc[index][~cells].sort_values([column, *rules.key])
                    mask.at[others.index[0], column] = True
                    changed = True
    return mask


def suppress_table(conn: psycopg.Connection, schema: str, table: str, rules: MartDisclosure, threshold: int) -> int:
    """Apply suppression in place to ``schema.table`` (adds ``onderdrukt``); returns cells suppressed."""
    target = sql.Identifier(schema, table)
    columns = [*rules.key, *rules.counts]
    rows = conn.execute(sql.SQL("select {} from {}").format(sql.SQL(", ").join(map(sql.Identifier, columns)), target))
    frame = pd.DataFrame(rows.fetchall(), columns=columns)
    conn.execute(
        sql.SQL("alter table {} add column {} text[] not null default '{{}}'").format(
            target, sql.Identifier(SUPPRESSED_COLUMN)
        )
    )
    for column in rules.counts:
        conn.execute(sql.SQL("alter table {} alter column {} drop not null").format(target, sql.Identifier(column)))
    if frame.empty:
        return 0
    mask = suppression_mask(frame, rules, threshold)
    suppressed_rows = mask.any(axis=1)
    updates = [
        ([frame.at[i, k] for k in rules.key], [c for c in rules.counts if mask.at[i, c]])
        for i in frame.index[suppressed_rows]
    ]
    assignments = sql.SQL(", ").join(
        sql.SQL("{col} = case when {col_name} = any(%(cols)s) then null else {col} end").format(
            col=sql.Identifier(c), col_name=sql.Literal(c)
        )
        for c in rules.counts
    )
    where = sql.SQL(" and ").join(
        sql.SQL("{} = %(k{})s").format(sql.Identifier(k), sql.SQL(str(n))) for n, k in enumerate(rules.key)
    )
    statement = sql.SQL("update {} set {}, {} = %(cols)s where {}").format(
        target, assignments, sql.Identifier(SUPPRESSED_COLUMN), where
    )
    with conn.cursor() as cursor:
        cursor.executemany(
            statement,
            [{"cols": cols, **{f"k{n}": _plain(v) for n, v in enumerate(key)}} for key, cols in updates],
        )
    return int(mask.to_numpy().sum())


def _plain(value: object) -> object:
    """numpy scalars to Python values for the driver."""
    return value.item() if hasattr(value, "item") else value
