"""An attacker who has only the published rows of ``gemeente_informatiebeeld_periode`` and tries to
recompute its suppressed cells.

What the attacker uses, each relation checked on the unsuppressed marts first (a relation that does
not hold there is not used, so the attack never "recovers" a wrong value):

- the time hierarchy: the months of a kwartaal add up to the kwartaal, the kwartalen to the jaar;
- ``records_vorige_periode`` of a period is ``records_totaal`` of the period before;
- the region's total of a thema in a period, from any gemeente that shows both ``records_totaal``
  and ``aandeel_in_regio``: the gemeenten's ``records_totaal`` add up to it;
- ``records_totaal`` is the sum of the row's per-source counts;
- the region's median rate: with one rate of a group hidden, the median as a function of that rate
  rises strictly between two published rates, so a median strictly between them gives the rate,
  and with the published inwoners the count.

Every suppressed cell starts as an interval [0, inf); each relation narrows the intervals of its
unknown cells (a sum minus the others' bounds), until nothing changes. A cell whose interval is a
single value is recovered.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.rows import dict_row

MART = "gemeente_informatiebeeld_periode"
SOURCES = ("politie_incidenten", "gemeente_signalen", "bibob_dossiers", "bestuurlijke_maatregelen",
           "fiscale_signalen", "kvk_inschrijvingen_risicobranche", "riec_casussen")  # fmt: skip
COUNTS = (*SOURCES, "records_totaal", "records_vorige_periode")
Cell = tuple[str, str, str, str, str]  # gemeente, thema, periode_soort, periode, column


@dataclass
class Relation:
    """sum(cells) == total, over cells that are published (known) or suppressed (unknown)."""

    cells: list[Cell]
    total: float | None = None  # None: the first cell is the total, the others add up to it
    name: str = ""


@dataclass
class Attack:
    known: dict[Cell, float] = field(default_factory=dict)
    unknown: set[Cell] = field(default_factory=set)
    relations: list[Relation] = field(default_factory=list)

    def intervals(self) -> dict[Cell, tuple[float, float]]:
        bounds = {cell: (0.0, math.inf) for cell in self.unknown}
        equations = [self.unknown_terms(relation) for relation in self.relations]  # the known cells stay known
        changed = True
        while changed:
            changed = False
            for unknown, constant in equations:
                changed |= self._narrow(unknown, constant, bounds)
        return bounds

    def unknown_terms(self, relation: Relation) -> tuple[list[tuple[Cell, float]], float]:
        """The relation as sum(sign * cell) + constant == 0 over its unknown cells (a total cell
        with -1, its parts with +1; the published cells folded into the constant)."""
        terms = [(c, -1.0) for c in relation.cells[:1]] + [(c, 1.0) for c in relation.cells[1:]]
        if relation.total is not None:
            terms = [(c, 1.0) for c in relation.cells]
        constant = -(relation.total or 0.0)
        unknown = []
        for cell, sign in terms:
            if cell in self.known:
                constant += sign * self.known[cell]
            else:
                unknown.append((cell, sign))
        return unknown, constant

    @staticmethod
    def _narrow(unknown: list[tuple[Cell, float]], constant: float, bounds: dict[Cell, tuple[float, float]]) -> bool:
        if not unknown:
            return False
        changed = False
        for cell, sign in unknown:
            # sign * x = -constant - sum(others)
            low_rest = sum(s * (bounds[c][0] if s > 0 else bounds[c][1]) for c, s in unknown if c != cell)
            high_rest = sum(s * (bounds[c][1] if s > 0 else bounds[c][0]) for c, s in unknown if c != cell)
            low, high = -constant - high_rest, -constant - low_rest
            if sign < 0:
                low, high = -high, -low
            old_low, old_high = bounds[cell]
            new_low = max(old_low, math.ceil(low - 1e-9)) if math.isfinite(low) else old_low
            new_high = min(old_high, math.floor(high + 1e-9)) if math.isfinite(high) else old_high
            if (new_low, new_high) != (old_low, old_high) and new_low <= new_high:
                bounds[cell] = (new_low, new_high)
                changed = True
        return changed


def _rows(conn: psycopg.Connection, schema: str) -> list[dict]:
    with conn.cursor(row_factory=dict_row) as cursor:
        cursor.execute(f"select * from {schema}.{MART}")
        return cursor.fetchall()


def _quarter(periode: str) -> str:
    year, month = periode.split("-")
    return f"{year}-K{(int(month) - 1) // 3 + 1}"


def _previous(soort: str, periode: str) -> str | None:
    if soort == "jaar":
        return str(int(periode) - 1)
    if soort == "maand":
        year, month = map(int, periode.split("-"))
        return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    year, quarter = periode.split("-K")
    return f"{int(year) - 1}-K4" if quarter == "1" else f"{year}-K{int(quarter) - 1}"


def _relations(rows: list[dict]) -> list[Relation]:
    relations: list[Relation] = []
    cells = {(r["gemeente_code"], r["thema_code"], r["periode_soort"], r["periode"]) for r in rows}
    quarters: dict[tuple, list] = defaultdict(list)
    years: dict[tuple, list] = defaultdict(list)
    for g, t, soort, periode in cells:
        if soort == "maand":
            quarters[(g, t, _quarter(periode))].append(periode)
        elif soort == "kwartaal":
            years[(g, t, periode.split("-K")[0])].append(periode)
    for column in COUNTS[:-1]:
        for (g, t, quarter), months in quarters.items():
            if (g, t, "kwartaal", quarter) in cells:
                parts = [(g, t, "maand", m, column) for m in months]
                relations.append(Relation([(g, t, "kwartaal", quarter, column), *parts], name="kwartaal"))
        for (g, t, year), quarter_list in years.items():
            if (g, t, "jaar", year) in cells:
                parts = [(g, t, "kwartaal", q, column) for q in quarter_list]
                relations.append(Relation([(g, t, "jaar", year, column), *parts], name="jaar"))
    for g, t, soort, periode in cells:
        before = _previous(soort, periode)
        if before and (g, t, soort, before) in cells:
            relations.append(Relation([(g, t, soort, periode, "records_vorige_periode"),
                                       (g, t, soort, before, "records_totaal")], name="vorige"))  # fmt: skip
        relations.append(Relation([(g, t, soort, periode, "records_totaal"),
                                   *[(g, t, soort, periode, s) for s in SOURCES]], name="bronnen"))  # fmt: skip
    return relations


def _regional_totals(rows: list[dict]) -> list[Relation]:
    """The region's total of a thema and period, from a published count and its share of the region."""
    totals: dict[tuple, float] = {}
    members: dict[tuple, list[Cell]] = defaultdict(list)
    for r in rows:
        key = (r["thema_code"], r["periode_soort"], r["periode"])
        members[key].append((r["gemeente_code"], *key, "records_totaal"))
        share, count = r.get("aandeel_in_regio"), r.get("records_totaal")
        if share and count and "records_totaal" not in (r["onderdrukt"] or []):
            totals[key] = round(float(count) / float(share))
    return [Relation(members[key], total=float(total), name="regio") for key, total in totals.items()]


def _median_recoveries(rows: list[dict]) -> list[Relation]:
    """A hidden records_totaal from the published median of its group (see the module docstring)."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        if r.get("inwoners"):  # no rate without inwoners
            groups[(r["thema_code"], r["periode_soort"], r["periode"])].append(r)
    relations = []
    for key, members in groups.items():
        median = members[0].get("regio_mediaan_per_10000_inwoners")
        hidden = [r for r in members if "records_totaal" in (r["onderdrukt"] or [])]
        if median is None or len(hidden) != 1:
            continue
        rates = sorted(float(r["records_per_10000_inwoners"]) for r in members if r is not hidden[0])
        m, k = float(median), (len(rates) + 1) // 2
        if not rates:  # the group is the hidden gemeente alone
            low, high, rate = -math.inf, math.inf, m
        elif len(rates) % 2 == 0:  # an odd group: the median is the hidden rate itself between these two
            low, high, rate = rates[k - 1], rates[k], m
        else:  # an even group: the median is the mean of the hidden rate and rates[k - 1]
            low = rates[k - 2] if k >= 2 else -math.inf
            high = rates[k] if k < len(rates) else math.inf
            rate = 2 * m - rates[k - 1]
        if low < rate < high:
            cell = (hidden[0]["gemeente_code"], *key, "records_totaal")
            relations.append(Relation([cell], total=round(rate * hidden[0]["inwoners"] / 10000), name="mediaan"))
    return relations


def _cell_values(rows: list[dict]) -> dict[Cell, float | None]:
    values: dict[Cell, float | None] = {}
    for r in rows:
        suppressed = set(r["onderdrukt"] or []) if "onderdrukt" in r else set()
        for column in COUNTS:
            value = r.get(column)
            key = (r["gemeente_code"], r["thema_code"], r["periode_soort"], r["periode"], column)
            values[key] = None if column in suppressed else (float(value) if value is not None else None)
    return values


def holds(relation: Relation, truth: dict[Cell, float | None]) -> bool:
    values = [truth.get(c) for c in relation.cells]
    if any(v is None for v in values):
        return False
    if relation.total is not None:
        return abs(sum(values) - relation.total) < 0.5  # type: ignore[arg-type]
    return abs(values[0] - sum(values[1:])) < 1e-9  # type: ignore[operator]


def attack(conn: psycopg.Connection, region: str, published_schema: str | None = None) -> dict[str, object]:
    """Recompute what can be recomputed of the region's suppressed cells; compare with the marts."""
    published = _rows(conn, published_schema or f"{region}_published")
    truth = _cell_values(_rows(conn, f"{region}_marts"))
    values = _cell_values(published)
    state = Attack(known={c: v for c, v in values.items() if v is not None},
                   unknown={c for c, v in values.items() if v is None and truth.get(c) is not None})  # fmt: skip
    candidates = _relations(published) + _regional_totals(published) + _median_recoveries(published)
    state.relations = [r for r in candidates if holds(r, truth)]
    used = defaultdict(int)
    for relation in state.relations:
        used[relation.name] += 1
    intervals = state.intervals()
    recovered = {c: low for c, (low, high) in intervals.items() if low == high}
    wrong = {c for c, value in recovered.items() if value != truth[c]}
    return {
        "suppressed": len(state.unknown),
        "relations": dict(used),
        "recovered": len(recovered),
        "recovered_zero": sum(1 for c, value in recovered.items() if truth[c] == 0),
        "recovered_small": sorted(c for c, value in recovered.items() if 0 < (truth[c] or 0) < 5),
        "wrong": len(wrong),
        **_lp_attack(state, truth),
    }


# ---------------------------------------------------------------------------------------------
# Across marts: gemeente_informatiebeeld (gemeente x thema x jaar), its row totals in
# gemeente_overzicht (gemeente x jaar) and its column totals in thema_informatiebeeld (thema x jaar),
# both adding up to the region's total of the year.

TOTAL_MARTS = {
    "gemeente_informatiebeeld": ("gemeente_code", "thema_code"),
    "gemeente_overzicht": ("gemeente_code", None),
    "thema_informatiebeeld": (None, "thema_code"),
}
TOTAL_COLUMNS = ("politie_incidenten", "gemeente_signalen", "bibob_dossiers", "bestuurlijke_maatregelen",
                 "fiscale_signalen", "kvk_inschrijvingen_risicobranche", "riec_casussen")  # fmt: skip


def _mart_cells(conn: psycopg.Connection, schema: str) -> dict[Cell, float | None]:
    """Every count cell of the three marts, keyed (mart, gemeente, thema, jaar, column); None where
    suppressed."""
    values: dict[Cell, float | None] = {}
    for mart, (gemeente, thema) in TOTAL_MARTS.items():
        with conn.cursor(row_factory=dict_row) as cursor:
            cursor.execute(f"select * from {schema}.{mart}")
            rows = cursor.fetchall()
        for r in rows:
            suppressed = set(r.get("onderdrukt") or [])
            for column in TOTAL_COLUMNS:
                if column not in r:
                    continue
                key = (mart, r[gemeente] if gemeente else "", r[thema] if thema else "", str(r["jaar"]), column)
                value = r[column]
                values[key] = None if column in suppressed or value is None else float(value)
    return values


def _total_relations(cells: set[Cell]) -> list[Relation]:
    rows: dict[tuple, list[Cell]] = defaultdict(list)
    columns: dict[tuple, list[Cell]] = defaultdict(list)
    per_gemeente: dict[tuple, list[Cell]] = defaultdict(list)
    per_thema: dict[tuple, list[Cell]] = defaultdict(list)
    for cell in cells:
        mart, g, t, jaar, column = cell
        if mart == "gemeente_informatiebeeld":
            rows[(g, jaar, column)].append(cell)
            columns[(t, jaar, column)].append(cell)
        elif mart == "gemeente_overzicht":
            per_gemeente[(jaar, column)].append(cell)
        else:
            per_thema[(jaar, column)].append(cell)
    relations = []
    for (g, jaar, column), parts in rows.items():
        total = ("gemeente_overzicht", g, "", jaar, column)
        if total in cells:
            relations.append(Relation([total, *parts], name="gemeente_overzicht"))
    for (t, jaar, column), parts in columns.items():
        total = ("thema_informatiebeeld", "", t, jaar, column)
        if total in cells:
            relations.append(Relation([total, *parts], name="thema_informatiebeeld"))
    for key, parts in [*per_gemeente.items(), *per_thema.items()]:
        relations.append(Relation([("regio", "", "", *key), *parts], name="regio"))
    return relations


def attack_totals(conn: psycopg.Connection, region: str, published_schema: str | None = None) -> dict[str, object]:
    """Recompute suppressed cells of the three marts from their published rows and the sums between
    them (each checked on the unsuppressed marts first)."""
    truth = _mart_cells(conn, f"{region}_marts")
    for relation in _total_relations(set(truth)):
        if relation.name == "regio":
            truth[relation.cells[0]] = sum(truth[c] or 0.0 for c in relation.cells[1:])
    values = _mart_cells(conn, published_schema or f"{region}_published")
    regio = {c for c in truth if c[0] == "regio"}
    hidden = {c for c, v in values.items() if v is None and truth.get(c) is not None}
    state = Attack(known={c: v for c, v in values.items() if v is not None}, unknown=hidden | regio)
    state.relations = [r for r in _total_relations(set(values) | regio) if holds(r, truth)]
    used: dict[str, int] = defaultdict(int)
    for relation in state.relations:
        used[relation.name] += 1
    recovered = {c: low for c, (low, high) in state.intervals().items() if low == high and c[0] != "regio"}
    return {
        "suppressed": len(state.unknown - regio),
        "relations": dict(used),
        "recovered": len(recovered),
        "recovered_zero": sum(1 for c in recovered if truth[c] == 0),
        "recovered_small": sorted(c for c in recovered if 0 < (truth[c] or 0) < 5),
        "wrong": sum(1 for c, value in recovered.items() if value != truth[c]),
        **_lp_attack(state, truth),
    }


# ---------------------------------------------------------------------------------------------
# The linear-programming attack (the audit of tau-ARGUS and sdcTable): for a suppressed cell, the
# smallest and largest value it can take while every relation holds and every count is >= 0. A
# cell whose range holds a single whole number is recovered. Stronger than narrowing one relation
# at a time: it combines all relations at once.


Equation = tuple[list[tuple[Cell, float]], float]  # sum(sign * cell) == value, over unknown cells
PROBES = 8  # random objectives per component before the two programs per remaining cell


def _equations(state: Attack) -> list[Equation]:
    """The relations with the published cells moved to the right-hand side."""
    equations = []
    for relation in state.relations:
        unknown, constant = state.unknown_terms(relation)
        if unknown:
            equations.append((unknown, -constant))
    return equations


def _components(cells: set[Cell], equations: list[Equation]) -> dict[Cell, list[Equation]]:
    """The equations grouped by the connected component of their cells, keyed by one cell of it."""
    parent: dict[Cell, Cell] = {cell: cell for cell in cells}

    def root(cell: Cell) -> Cell:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for terms, _ in equations:
        for cell, _ in terms[1:]:
            parent[root(cell)] = root(terms[0][0])
    components: dict[Cell, list[Equation]] = defaultdict(list)
    for equation in equations:
        components[root(equation[0][0][0])].append(equation)
    return {cell: components.get(root(cell), []) for cell in cells}


def _recovered_in_component(component: list[Equation], cells: list[Cell]) -> dict[Cell, float]:
    """The cells among ``cells`` whose feasible range in the component holds one whole number, each
    with that number: the smallest and largest value by linear programs (HiGHS, as shipped with SciPy).

    Every optimal point is feasible for the whole component: a cell to which the points found so far
    give two whole values between them can take both, and needs no programs of its own."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix

    variables = sorted({c for terms, _ in component for c, _ in terms})
    index = {c: i for i, c in enumerate(variables)}
    undecided = [cell for cell in cells if cell in index]  # a cell in no equation ranges over [0, inf)
    if not undecided:
        return {}
    entries = [(row, index[c], sign) for row, (terms, _) in enumerate(component) for c, sign in terms]
    rows, cols, data = zip(*entries, strict=True)
    matrix = csr_matrix((data, (rows, cols)), shape=(len(component), len(variables)))
    right = [value for _, value in component]
    seen: dict[Cell, tuple[float, float]] = {}  # per cell, its smallest and largest value at the points found

    def two_whole_values(cell: Cell) -> bool:
        low, high = seen[cell]
        return math.floor(high + 1e-6) > math.ceil(low - 1e-6)

    def record(point: Any, cells: list[Cell]) -> None:
        for cell in cells:
            value = float(point[index[cell]])
            low, high = seen.get(cell, (value, value))
            seen[cell] = (min(low, value), max(high, value))

    recovered: dict[Cell, float] = {}
    while undecided:
        cell = undecided.pop(0)
        objective = np.zeros(len(variables))
        objective[index[cell]] = 1.0
        ends = []
        for direction in (1.0, -1.0):  # the smallest value, then the largest
            result = linprog(direction * objective, A_eq=matrix, b_eq=right, bounds=(0, None), method="highs")
            if result.status == 3:  # unbounded
                break
            if result.status != 0:
                raise RuntimeError(f"linear program for {cell}: {result.message}")
            ends.append(direction * result.fun)
            record(result.x, [cell, *undecided])
            undecided = [c for c in undecided if not two_whole_values(c)]
            if two_whole_values(cell):
                break
        if len(ends) == 2 and math.ceil(ends[0] - 1e-6) == math.floor(ends[1] + 1e-6):
            recovered[cell] = float(math.ceil(ends[0] - 1e-6))
    return recovered


def recovered_by_lp(state: Attack, cells: set[Cell]) -> dict[Cell, float]:
    """The unknown cells among ``cells`` that the linear programs pin to one whole number, each
    within its connected component of the relations."""
    component_of = _components(state.unknown, _equations(state))
    by_component: dict[int, list[Cell]] = defaultdict(list)
    for cell in sorted(cells):
        by_component[id(component_of[cell])].append(cell)
    recovered: dict[Cell, float] = {}
    for members in by_component.values():
        recovered.update(_recovered_in_component(component_of[members[0]], members))
    return recovered


def _lp_attack(state: Attack, truth: dict[Cell, float | None]) -> dict[str, object]:
    """The linear-programming attack on every hidden cell below the threshold: which it pins down."""
    small = {c for c in state.unknown if 0 < (truth.get(c) or 0) < 5}
    recovered = recovered_by_lp(state, small)
    return {
        "lp_recovered_small": sorted(recovered),
        "lp_wrong": sum(1 for c, value in recovered.items() if value != truth[c]),
    }
