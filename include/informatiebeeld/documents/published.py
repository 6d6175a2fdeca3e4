"""What a document may show: rows of a region's published schema, read as they are.

Only ``<region>_published`` (or the national ``liec_published``) is read, the schema analysts see:
every count in it has been through disclosure control, and a suppressed cell is NULL with its
column named in ``onderdrukt``. Nothing here computes a new count from suppressed ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from informatiebeeld.config.publication import load_publication_config
from informatiebeeld.warehouse.roles import NATIONAL_ROLE, NATIONAL_SCHEMA, analyst_role

REGIONAL_MARTS = (
    "gemeente_overzicht",
    "gemeente_informatiebeeld_periode",
    "gemeente_witte_vlekken",
    "gemeente_handelsregister",
    "thema_informatiebeeld",
    "thema_dekking",
    "thema_rode_draden",
    "thema_subjecten",
    "jaarverslag_tabel1",
    "jaarverslag_tabel2",
    "partner_actualiteit",
)


class NothingPublished(LookupError):
    """The region has no published schema yet (its first night has not passed the gate)."""


@dataclass
class Published:
    """The published marts of one schema, as lists of rows (dicts), with lookups the documents need."""

    schema: str
    region: str | None
    tables: dict[str, list[dict[str, Any]]]
    peildatum: date | None = None
    _index: dict[tuple[str, str], dict[Any, list[dict[str, Any]]]] = field(default_factory=dict, repr=False)

    def rows(self, mart: str, **where: Any) -> list[dict[str, Any]]:
        rows = self.tables.get(mart, [])
        return [r for r in rows if all(r.get(k) == v for k, v in where.items())]

    def by(self, mart: str, column: str, value: Any) -> list[dict[str, Any]]:
        """Rows of a mart with one column's value, from an index built once."""
        key = (mart, column)
        if key not in self._index:
            grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
            for row in self.tables.get(mart, []):
                grouped[row.get(column)].append(row)
            self._index[key] = grouped
        return self._index[key].get(value, [])

    def years(self) -> list[int]:
        return sorted({r["jaar"] for r in self.tables.get("gemeente_overzicht", [])})

    def gemeenten(self) -> list[tuple[str, str]]:
        """(code, naam) of the region's gemeenten, by name."""
        pairs = {(r["gemeente_code"], r["gemeente_naam"]) for r in self.tables.get("gemeente_overzicht", [])}
        return sorted(pairs, key=lambda pair: (pair[1], pair[0]))

    def themas(self) -> list[tuple[str, str]]:
        pairs = {(r["thema_code"], r["thema_naam"]) for r in self.tables.get("thema_informatiebeeld", [])}
        return sorted(pairs, key=lambda pair: pair[1])


def _schema_exists(conn: psycopg.Connection, schema: str) -> bool:
    return bool(conn.execute("select 1 from pg_namespace where nspname = %s", (schema,)).fetchone())


def _table_exists(conn: psycopg.Connection, schema: str, table: str) -> bool:
    return bool(conn.execute("select to_regclass(%s)", (f'"{schema}"."{table}"',)).fetchone()[0])  # type: ignore[index]


def _hidden_with(mart: str) -> dict[str, tuple[str, ...]]:
    """Per count column of a mart, the derived columns that disappear with it (publication.yml)."""
    rules = load_publication_config().marts.get(mart)
    return {count: tuple(derived) for count, derived in rules.derived.items()} if rules else {}


def _read(conn: psycopg.Connection, schema: str, marts: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """Each row's ``onderdrukt`` becomes the set of its suppressed columns, derived ones included."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with conn.cursor(row_factory=dict_row) as cursor:
        for mart in marts:
            if not _table_exists(conn, schema, mart):
                continue
            hidden_with = _hidden_with(mart)
            cursor.execute(sql.SQL("select * from {}").format(sql.Identifier(schema, mart)))
            rows = cursor.fetchall()
            for row in rows:
                suppressed = set(row.get("onderdrukt") or ())
                suppressed.update(d for count in list(suppressed) for d in hidden_with.get(count, ()))
                row["onderdrukt"] = frozenset(suppressed)
            tables[mart] = rows
    return tables


def peildatum_of(partner_rows: list[dict[str, Any]]) -> date | None:
    """The date the published marts describe: each partner row says how old its last delivery was on it."""
    dates = {r["laatste_levering"] + timedelta(days=r["dagen_oud"]) for r in partner_rows
             if r.get("laatste_levering") and r.get("dagen_oud") is not None}  # fmt: skip
    return max(dates) if dates else None


@contextmanager
def reading_as(conn: psycopg.Connection, role: str) -> Iterator[None]:
    """Read with the privileges of the role whose schema it is (the analysts'), in one snapshot: a
    document can only show what that role may read, and never half of two publications."""
    with conn.transaction():
        conn.execute("set transaction isolation level repeatable read, read only")
        conn.execute(sql.SQL("set local role {}").format(sql.Identifier(role)))
        yield


def read_region(conn: psycopg.Connection, region: str) -> Published:
    schema = f"{region}_published"
    if not _schema_exists(conn, schema):
        raise NothingPublished(f"{schema} does not exist: the region has not published yet (run its nightly DAG)")
    with reading_as(conn, analyst_role(region)):
        tables = _read(conn, schema, REGIONAL_MARTS)
    return Published(schema, region, tables, peildatum_of(tables.get("partner_actualiteit", [])))


def read_national(conn: psycopg.Connection) -> Published:
    if not _schema_exists(conn, NATIONAL_SCHEMA):
        raise NothingPublished(
            f"{NATIONAL_SCHEMA} does not exist: run the national DAG (informatiebeeld_liec_nationaal)"
        )
    with reading_as(conn, NATIONAL_ROLE):
        tables = _read(conn, NATIONAL_SCHEMA, ("jaarverslag_tabel1", "jaarverslag_tabel2"))
    return Published(NATIONAL_SCHEMA, None, tables)
