"""Locks that keep two processes from working on the same region (or partner load) at once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg


class ConcurrentRunError(RuntimeError):
    """Another process is already loading or running the same region (and partner)."""


@contextmanager
def advisory_lock(conn: psycopg.Connection, name: str, what: str) -> Iterator[None]:
    """A session lock on ``name``; refuses (does not wait) when someone else holds it."""
    acquired = conn.execute("select pg_try_advisory_lock(hashtext(%s))", (name,)).fetchone()[0]  # type: ignore[index]
    if not acquired:
        raise ConcurrentRunError(f"{what} is already running elsewhere; not starting a second one at the same time")
    try:
        yield
    finally:
        conn.execute("select pg_advisory_unlock(hashtext(%s))", (name,))


def partner_lock(conn: psycopg.Connection, region: str, partner: str):  # type: ignore[no-untyped-def]
    return advisory_lock(conn, f"informatiebeeld.ingest.{region}.{partner}", f"the load of {partner} for {region}")


def region_lock(conn: psycopg.Connection, region: str):  # type: ignore[no-untyped-def]
    return advisory_lock(conn, f"informatiebeeld.run.{region}", f"a run of region {region}")
