"""Statistical disclosure control: small counts in published aggregates are suppressed.

The rules live in ``include/config/publication.yml``. A suppressed cell is published as NULL and
named in the row's ``onderdrukt`` column, so it can never be mistaken for 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from itertools import chain

import numpy as np
import pandas as pd
import psycopg
from psycopg import sql

from informatiebeeld.config.publication import SUPPRESSED_COLUMN, GroupMedian, MartDisclosure


def parent_period(grain: str, period: str) -> tuple[str, str] | None:
    """The period a month or quarter adds up to: 2026-03 -> (kwartaal, 2026-K1), 2026-K1 -> (jaar, 2026)."""
    if grain == "maand":
        year, month = period.split("-")
        return "kwartaal", f"{year}-K{(int(month) - 1) // 3 + 1}"
    if grain == "kwartaal":
        return "jaar", period.split("-K")[0]
    return None


def previous_period(grain: str, period: str) -> str:
    if grain == "jaar":
        return str(int(period) - 1)
    if grain == "maand":
        year, month = map(int, period.split("-"))
        return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    year, quarter = period.split("-K")
    return f"{int(year) - 1}-K4" if quarter == "1" else f"{year}-K{int(quarter) - 1}"


def _relations(frame: pd.DataFrame, rules: MartDisclosure, published: np.ndarray) -> list[list[int]]:
    """Every set of cells whose sum is known to someone who reads the published tables, as lists of
    cell numbers (row * number of counts + column): a declared group (its total is published here or
    in another mart), the months of a kwartaal with the kwartaal (and kwartalen with their jaar), a
    row's total with its parts, a lagged column with the column it repeats. Cells without a value
    (NULL, as records_vorige_periode of the first period) are in none."""
    counts = list(rules.counts)
    width = len(counts)
    column = {name: j for j, name in enumerate(counts)}
    numbers = np.arange(len(frame) * width).reshape(-1, width)
    relations: list[list[int]] = []
    has_value = published.tolist()  # nested lists: reading single cells of a numpy array is slower

    def cells(rows: Iterable[int], j: int) -> list[int]:
        return [i * width + j for i in rows if has_value[i][j]]

    for group in rules.groups:
        for rows in frame.groupby(list(group), sort=False).indices.values():
            block, present = numbers[rows], published[rows]
            relations += [block[:, j][present[:, j]].tolist() for j in range(width)]
    for total, parts in rules.row_sums.items():
        columns = [column[total]] + [column[p] for p in parts]
        marked = np.where(published[:, columns], numbers[:, columns], -1).tolist()
        relations += [[c for c in row if c >= 0] for row in marked]
    if rules.time_hierarchy is not None:
        relations += _period_relations(frame, rules, cells)
    return [r for r in relations if len(r) >= 2]


def _period_relations(
    frame: pd.DataFrame, rules: MartDisclosure, cells: Callable[[Iterable[int], int], list[int]]
) -> list[list[int]]:
    """A kwartaal with its months, a jaar with its kwartalen; a lagged column with what it repeats."""
    hierarchy = rules.time_hierarchy
    assert hierarchy is not None
    column = {name: j for j, name in enumerate(rules.counts)}
    keys = list(frame[list(rules.key)].itertuples(index=False, name=None))
    position = {key: i for i, key in enumerate(keys)}
    grain_at, period_at = rules.key.index(hierarchy.grain), rules.key.index(hierarchy.period)
    parent_of, previous_of = cache(parent_period), cache(previous_period)  # a few dozen periods, many rows

    def with_period(key: tuple, grain: str, period: str) -> int | None:
        changed = list(key)
        changed[grain_at], changed[period_at] = grain, period
        return position.get(tuple(changed))

    relations: list[list[int]] = []
    children: dict[int, list[int]] = {}
    for i, key in enumerate(keys):
        grain, period = key[grain_at], key[period_at]
        parent = parent_of(grain, period)
        parent_row = with_period(key, *parent) if parent else None
        if parent_row is not None:
            children.setdefault(parent_row, []).append(i)
        before = with_period(key, grain, previous_of(grain, period))
        if before is not None:
            for lagged, rule in rules.lagged.items():
                relations.append(cells([i], column[lagged]) + cells([before], column[rule.of]))
    # A lagged column repeats the previous period, which is not the sum of its children's.
    summed = [j for j, name in enumerate(rules.counts) if name not in rules.lagged]
    for parent_row, rows in children.items():
        relations += [cells([parent_row], j) + cells(rows, j) for j in summed]
    return relations


@dataclass
class _Cells:
    """A mart's count cells and the relations between them, which do not depend on what is suppressed."""

    values: np.ndarray  # rows x count columns, NaN where NULL
    relations: list[list[int]]
    member_of: list[int]  # relations of cell c: member_of[bounds[c]:bounds[c + 1]] (a CSR index)
    bounds: list[int]


def _cells(frame: pd.DataFrame, rules: MartDisclosure) -> _Cells:
    values = frame[list(rules.counts)].apply(pd.to_numeric).to_numpy(dtype=float)  # NULL -> NaN, text raises
    relations = _relations(frame, rules, ~np.isnan(values))
    # Built in numpy: there are millions of (relation, cell) pairs.
    sizes = np.fromiter((len(r) for r in relations), dtype=np.int64, count=len(relations))
    flat = np.fromiter(chain.from_iterable(relations), dtype=np.int64, count=int(sizes.sum()))
    order = np.argsort(flat, kind="stable")
    member_of = np.repeat(np.arange(len(relations)), sizes)[order].tolist()
    bounds = np.searchsorted(flat[order], np.arange(values.size + 1)).tolist()
    return _Cells(values, relations, member_of, bounds)


def suppression_mask(
    frame: pd.DataFrame,
    rules: MartDisclosure,
    threshold: int,
    forced: np.ndarray | None = None,
    cells: _Cells | None = None,
) -> pd.DataFrame:
    """Boolean frame (rows x count columns): True where the cell must be suppressed.

    Primary: every count 1 .. threshold-1. Secondary: as long as a relation (see ``_relations``) holds
    exactly one suppressed cell, which its others would give away, one more of its cells is
    suppressed: the smallest count above 0 (a 0 would pin the hidden value to the relation's
    remainder), a 0 only where the relation has nothing else. ``frame`` must be sorted by the key:
    ties go to the first row. ``forced`` (rows x count columns) marks cells suppressed in a linked mart.
    ``cells``: ``_cells(frame, rules)`` if already built.
    """
    cells = cells or _cells(frame, rules)
    values = cells.values
    published = ~np.isnan(values)
    suppressed = published & (values > 0) & (values < threshold)
    if forced is not None:
        suppressed |= published & forced
    width = values.shape[1]
    # Python lists: the loop below reads single cells millions of times, slower from numpy arrays.
    flat_values, flat_suppressed = values.reshape(-1).tolist(), suppressed.reshape(-1).tolist()
    relations, member_of, bounds = cells.relations, cells.member_of, cells.bounds
    pending = list(range(len(relations)))
    while pending:
        relation = relations[pending.pop()]
        hidden = [c for c in relation if flat_suppressed[c]]
        if len(hidden) != 1:
            continue
        open_cells = [c for c in relation if not flat_suppressed[c]]
        above_zero = [c for c in open_cells if flat_values[c] > 0]
        pick = min(above_zero, key=lambda c: (flat_values[c], c)) if above_zero else min(open_cells)
        flat_suppressed[pick] = True
        pending += member_of[bounds[pick] : bounds[pick + 1]]
    mask = np.array(flat_suppressed, dtype=bool).reshape(-1, width)
    return pd.DataFrame(mask, index=frame.index, columns=list(rules.counts))


def suppress_table(conn: psycopg.Connection, schema: str, table: str, rules: MartDisclosure, threshold: int) -> int:
    """Apply suppression in place to ``schema.table`` (adds ``onderdrukt``); returns cells suppressed."""
    return suppress_marts(conn, schema, {table: rules}, threshold)[table]


def suppress_marts(
    conn: psycopg.Connection, schema: str, rules: dict[str, MartDisclosure], threshold: int
) -> dict[str, int]:
    """Apply suppression in place to the marts of ``schema`` (each gets ``onderdrukt``), linked marts
    together: a cell suppressed in one is forced into the other and its secondary cells chosen again,
    until both agree. Returns the cells suppressed per mart."""
    frames = {table: _read_counts(conn, sql.Identifier(schema, table), rule) for table, rule in rules.items()}
    forced = {table: np.zeros((len(frames[table]), len(rule.counts)), dtype=bool) for table, rule in rules.items()}
    cells = {table: _cells(frames[table], rule) for table, rule in rules.items()}
    masks = {
        table: suppression_mask(frames[table], rule, threshold, cells=cells[table]) for table, rule in rules.items()
    }
    links = [
        (table, rule.linked.mart, _linked_cells(frames[table], rule, frames[rule.linked.mart], rules[rule.linked.mart]))
        for table, rule in rules.items()
        if rule.linked is not None and rule.linked.mart in rules
    ]
    while True:
        changed: set[str] = set()
        for table, other, shared in links:
            mine, theirs = masks[table].to_numpy(), masks[other].to_numpy()
            # Forced cells only get added (a NULL cell stays unsuppressed though forced), so this ends.
            for i, j, a, b in shared:
                if mine[i, a] and not theirs[j, b] and not forced[other][j, b]:
                    forced[other][j, b] = True
                    changed.add(other)
                elif theirs[j, b] and not mine[i, a] and not forced[table][i, a]:
                    forced[table][i, a] = True
                    changed.add(table)
        if not changed:
            break
        for table in changed:
            masks[table] = suppression_mask(frames[table], rules[table], threshold, forced[table], cells[table])
    return {
        table: _write_suppression(conn, schema, table, rule, frames[table], masks[table])
        for table, rule in rules.items()
    }


def _read_counts(conn: psycopg.Connection, target: sql.Identifier, rules: MartDisclosure) -> pd.DataFrame:
    """The key and count columns of the mart, sorted by the key (as ``suppression_mask`` needs)."""
    columns = [*rules.key, *rules.counts]
    keys = sql.SQL(", ").join(map(sql.Identifier, rules.key))
    rows = conn.execute(
        sql.SQL("select {} from {} order by {}").format(sql.SQL(", ").join(map(sql.Identifier, columns)), target, keys)
    )
    return pd.DataFrame(rows.fetchall(), columns=columns)


def _linked_cells(
    frame: pd.DataFrame, rules: MartDisclosure, other_frame: pd.DataFrame, other_rules: MartDisclosure
) -> list[tuple[int, int, int, int]]:
    """(row here, row there, count column here, count column there) of every cell both marts hold."""
    link = rules.linked
    assert link is not None
    selected = np.ones(len(frame), dtype=bool)
    for column, value in link.where.items():
        selected &= (frame[column].astype(str) == value).to_numpy()
    there = {
        tuple(map(str, key)): j for j, key in enumerate(other_frame[list(link.key.values())].itertuples(index=False))
    }
    shared = [(a, other_rules.counts.index(c)) for a, c in enumerate(rules.counts) if c in other_rules.counts]
    keys = frame[list(link.key)].astype(str).itertuples(index=False, name=None)
    cells = []
    for i, key in enumerate(keys):
        j = there.get(key) if selected[i] else None
        if j is not None:
            cells += [(i, j, a, b) for a, b in shared]
    return cells


def _write_suppression(
    conn: psycopg.Connection, schema: str, table: str, rules: MartDisclosure, frame: pd.DataFrame, mask: pd.DataFrame
) -> int:
    """NULL the suppressed cells and what is derived from them, name them in ``onderdrukt``."""
    target = sql.Identifier(schema, table)
    keys = sql.SQL(", ").join(map(sql.Identifier, rules.key))
    conn.execute(
        sql.SQL("alter table {} add column {} text[] not null default '{{}}'").format(
            target, sql.Identifier(SUPPRESSED_COLUMN)
        )
    )
    derived_names = (d for derived in rules.derived.values() for d in derived)
    positions = (m.position for m in rules.medians.values() if m.position)
    nullable = {*rules.counts, *derived_names, *rules.medians, *positions}
    for column in sorted(nullable):
        conn.execute(sql.SQL("alter table {} alter column {} drop not null").format(target, sql.Identifier(column)))
    if frame.empty:
        return 0
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
        marks = mask[list(rules.counts)].to_numpy()
        key_rows = frame[list(rules.key)].itertuples(index=False, name=None)
        for row, (key, suppressed) in enumerate(zip(key_rows, suppressed_rows.to_numpy(), strict=True)):
            if suppressed:
                names = [c for c, marked in zip(rules.counts, marks[row], strict=True) if marked]
                copy.write_row([*map(_plain, key), names])
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
    for column, median in rules.medians.items():
        _recompute_median(conn, target, column, median)
    return int(mask.to_numpy().sum())


def _recompute_median(conn: psycopg.Connection, target: sql.Composable, column: str, median: GroupMedian) -> None:
    """``column`` becomes the median of the published ``median.of`` of its group (NULL where the group
    shows none), and ``median.position`` each published rate's place against it as stored."""
    of, value = sql.Identifier(median.of), sql.Identifier(column)
    over = sql.SQL(", ").join(map(sql.Identifier, median.over))
    same_group = sql.SQL(" and ").join(sql.SQL("t.{k} = g.{k}").format(k=sql.Identifier(k)) for k in median.over)
    conn.execute(
        sql.SQL(
            "update {target} as t set {value} = g.mediaan from ("
            " select {over}, percentile_cont(0.5) within group (order by {of}) as mediaan"
            " from {target} group by {over}) as g where {same_group}"
        ).format(target=target, value=value, over=over, of=of, same_group=same_group)
    )
    if median.position:
        conn.execute(
            sql.SQL(
                "update {target} set {position} = case when {of} is null or {value} is null then null"
                " when {of} > {value} then 'boven_mediaan' when {of} < {value} then 'onder_mediaan'"
                " else 'op_mediaan' end"
            ).format(target=target, position=sql.Identifier(median.position), of=of, value=value)
        )


def _plain(value: object) -> object:
    """numpy scalars to Python values for the driver."""
    return value.item() if hasattr(value, "item") else value
