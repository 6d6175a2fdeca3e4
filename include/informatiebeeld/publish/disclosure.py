"""Statistical disclosure control: small counts in published aggregates are suppressed.

The rules live in ``include/config/publication.yml``. A suppressed cell is published as NULL and
named in the row's ``onderdrukt`` column, so it can never be mistaken for 0.
"""

from __future__ import annotations

import pandas as pd
import psycopg
from psycopg import sql

from informatiebeeld.config.publication import SUPPRESSED_COLUMN, MartDisclosure


def suppression_mask(frame: pd.DataFrame, rules: MartDisclosure, threshold: int) -> pd.DataFrame:
    """Boolean frame (rows x count columns): True where the cell must be suppressed.

    ``frame`` must be sorted by the key: ties for secondary suppression go to the first row.
    """
    mask = pd.DataFrame(False, index=frame.index, columns=list(rules.counts))
    for column in rules.counts:
        values = frame[column]
        mask[column] = (values > 0) & (values < threshold)
    changed = True
    while changed:
        changed = False
        for column in rules.counts:
            for group in rules.groups:
                keys = [frame[c] for c in group]
                suppressed_in_group = mask[column].groupby(keys, sort=False).transform("sum")
                group_size = frame[column].groupby(keys, sort=False).transform("size")
                needs_second = (suppressed_in_group == 1) & (group_size >= 2) & ~mask[column]
                if not needs_second.any():
                    continue
                candidates = frame.loc[needs_second, column]
                picks = candidates.groupby([frame.loc[needs_second, c] for c in group], sort=False).idxmin()
                mask.loc[picks.to_numpy(), column] = True
                changed = True
    return mask


def suppress_table(conn: psycopg.Connection, schema: str, table: str, rules: MartDisclosure, threshold: int) -> int:
    """Apply suppression in place to ``schema.table`` (adds ``onderdrukt``); returns cells suppressed."""
    target = sql.Identifier(schema, table)
    keys = sql.SQL(", ").join(map(sql.Identifier, rules.key))
    columns = [*rules.key, *rules.counts]
    rows = conn.execute(
        sql.SQL("select {} from {} order by {}").format(sql.SQL(", ").join(map(sql.Identifier, columns)), target, keys)
    )
    frame = pd.DataFrame(rows.fetchall(), columns=columns)
    conn.execute(
        sql.SQL("alter table {} add column {} text[] not null default '{{}}'").format(
            target, sql.Identifier(SUPPRESSED_COLUMN)
        )
    )
    nullable = {*rules.counts, *(d for derived in rules.derived.values() for d in derived)}
    for column in sorted(nullable):
        conn.execute(sql.SQL("alter table {} alter column {} drop not null").format(target, sql.Identifier(column)))
    if frame.empty:
        return 0
    mask = suppression_mask(frame, rules, threshold)
    suppressed_rows = mask.any(axis=1)
    if not suppressed_rows.any():
        return 0
    # The mask goes in with one COPY and one set-based UPDATE.
    staged = sql.Identifier(f"sdc_{table}")
    conn.execute(
        sql.SQL("create temporary table {} on commit drop as select {} from {} limit 0").format(staged, keys, target)
    )
    conn.execute(sql.SQL("alter table {} add column {} text[]").format(staged, sql.Identifier(SUPPRESSED_COLUMN)))
    with conn.cursor().copy(
        sql.SQL("copy {} ({}, {}) from stdin").format(staged, keys, sql.Identifier(SUPPRESSED_COLUMN))
    ) as copy:
        for index in frame.index[suppressed_rows]:
            names = [c for c in rules.counts if mask.at[index, c]]
            copy.write_row([*(_plain(frame.at[index, k]) for k in rules.key), names])
    hidden_by: dict[str, list[str]] = {c: [c] for c in rules.counts}
    for source, derived_columns in rules.derived.items():
        for derived in derived_columns:
            hidden_by.setdefault(derived, []).append(source)
    assignments = sql.SQL(", ").join(
        sql.SQL("{col} = case when m.{marks} && {sources} then null else t.{col} end").format(
            col=sql.Identifier(column),
            marks=sql.Identifier(SUPPRESSED_COLUMN),
            sources=sql.Literal(sources),
        )
        for column, sources in hidden_by.items()
    )
    matches = sql.SQL(" and ").join(sql.SQL("t.{k} = m.{k}").format(k=sql.Identifier(k)) for k in rules.key)
    conn.execute(
        sql.SQL("update {} as t set {}, {} = m.{} from {} as m where {}").format(
            target, assignments, sql.Identifier(SUPPRESSED_COLUMN), sql.Identifier(SUPPRESSED_COLUMN), staged, matches
        )
    )
    return int(mask.to_numpy().sum())


def _plain(value: object) -> object:
    """numpy scalars to Python values for the driver."""
    return value.item() if hasattr(value, "item") else value
