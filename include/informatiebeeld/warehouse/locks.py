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


# --- the region lock of a whole night -----------------------------------------------------------
# A nightly run spans many processes (one per Airflow task), so a session lock cannot cover it. The
# region lock is a lease in meta.region_locks: taken by the first step of a night (or by a CLI run,
# a key rotation, a retention purge), renewed by every later step and released at the end. A lease
# that is not renewed expires, so a night that died does not block the region for ever.
REGION_LOCK_TTL = "6 hours"


def acquire_region_lock(conn: psycopg.Connection, region: str, holder: str, purpose: str) -> None:
    """Take (or renew) the region's lock for ``holder``; refuses while someone else holds it."""
    row = conn.execute(
        """insert into meta.region_locks as held (region, holder, purpose, expires_at)
           values (%s, %s, %s, clock_timestamp() + %s::interval)
           on conflict (region) do update
           set holder = excluded.holder, purpose = excluded.purpose, expires_at = excluded.expires_at,
               acquired_at = case when held.holder = excluded.holder then held.acquired_at else clock_timestamp() end
           where held.holder = excluded.holder or held.expires_at < clock_timestamp()
           returning holder""",
        (region, holder, purpose, REGION_LOCK_TTL),
    ).fetchone()
    if row is None:
        raise ConcurrentRunError(_held_elsewhere(conn, region))


def require_region_lock(conn: psycopg.Connection, region: str, holder: str) -> None:
    """Inside a transaction: fail unless ``holder`` holds the region's lock, and keep it held until commit."""
    row = conn.execute(
        """select holder from meta.region_locks
           where region = %s and holder = %s and expires_at > clock_timestamp() for update""",
        (region, holder),
    ).fetchone()
    if row is None:
        raise ConcurrentRunError(f"{holder} does not hold the lock of region {region}: {_held_elsewhere(conn, region)}")


def release_region_lock(conn: psycopg.Connection, region: str, holder: str) -> None:
    conn.execute("delete from meta.region_locks where region = %s and holder = %s", (region, holder))


def _held_elsewhere(conn: psycopg.Connection, region: str) -> str:
    row = conn.execute(
        """select holder, purpose, acquired_at, expires_at from meta.region_locks
           where region = %s and expires_at > clock_timestamp()""",
        (region,),
    ).fetchone()
    if row is None:
        return f"region {region} is not locked"
    holder, purpose, acquired, expires = row
    return (
        f"region {region} is locked by {purpose} ({holder}) since {acquired:%Y-%m-%d %H:%M %Z}, "
        f"until it finishes or at the latest {expires:%Y-%m-%d %H:%M %Z}"
    )


@contextmanager
def region_lock(conn: psycopg.Connection, region: str, holder: str, purpose: str) -> Iterator[None]:
    """The region's lock for the length of a block (a CLI run, a key rotation, a purge)."""
    acquire_region_lock(conn, region, holder, purpose)
    try:
        yield
    finally:
        release_region_lock(conn, region, holder)
