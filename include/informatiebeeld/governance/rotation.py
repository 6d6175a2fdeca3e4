"""Rotating a region's pseudonymisation key without breaking linkage.

Pseudonyms are keyed hashes and cannot be translated from one key to another, so rotation
re-pseudonymises from the retained deliveries: every delivery the region has loaded is read again
from its landed file (checked against the sha256 in the ledger) with the new key, and all raw
tables are replaced in one transaction. Afterwards every stored pseudonym and every new delivery
use the new key, so records of one person keep linking. If any landed file is missing or changed,
rotation stops before changing anything.

Procedure: keep the current key where the pipeline reads it, provide the new key as
``INFORMATIEBEELD_PSEUDONYM_KEY_<REGION>_NEXT`` (and ``..._NEXT_VERSION``), run
``informatiebeeld rotate-key --region <region>``, then switch the Airflow connection
``informatiebeeld_pseudonym_<region>`` to the new key and version before the next night.
"""

from __future__ import annotations

import logging
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from informatiebeeld.config.contracts import load_contracts, raw_schema, raw_table_name
from informatiebeeld.ingest.check import RowTransformer
from informatiebeeld.ingest.load import METADATA_COLUMNS, LoadState, reject_duplicate_keys, stream_rows
from informatiebeeld.ingest.read import sha256_of
from informatiebeeld.privacy.keys import PseudonymKey, key_check
from informatiebeeld.warehouse import ledger, locks

log = logging.getLogger(__name__)


class RotationBlocked(RuntimeError):
    pass


@dataclass(frozen=True)
class RotationResult:
    region: str
    old_version: str
    new_version: str
    deliveries: int
    rows: int


def _loaded_deliveries(conn: psycopg.Connection, region: str) -> list[tuple]:
    return conn.execute(
        """select delivery_id, partner, extract, landed_path, sha256, delivery_date, rows_loaded, key_version
           from meta.load_ledger where region = %s and status = 'loaded' order by delivery_id""",
        (region,),
    ).fetchall()


def _check(deliveries: list[tuple], old_key: PseudonymKey) -> None:
    problems = []
    for delivery_id, _, _, landed_path, sha256, _, _, key_version in deliveries:
        path = Path(landed_path)
        if key_version != old_key.version:
            problems.append(f"delivery {delivery_id} uses key version {key_version}, not {old_key.version}")
        elif not path.is_file():
            problems.append(f"delivery {delivery_id}: landed file {path} is missing")
        elif sha256_of(path) != sha256:
            problems.append(f"delivery {delivery_id}: landed file {path} changed since it was loaded")
    if problems:
        raise RotationBlocked("key rotation stopped, nothing changed:\n  " + "\n  ".join(problems))


def rotate_region_key(
    conn: psycopg.Connection, region: str, old_key: PseudonymKey, new_key: PseudonymKey
) -> RotationResult:
    if not conn.autocommit:
        raise ValueError("rotate_region_key needs an autocommit connection")
    if new_key.version == old_key.version or new_key.secret == old_key.secret:
        raise ValueError("the new key must differ from the current one in secret and version")
    ledger.ensure_meta(conn)
    contracts = load_contracts()
    with ExitStack() as held:
        # The region's lock keeps nightly runs (DAG or CLI) out until the rotation committed.
        held.enter_context(locks.region_lock(conn, region, f"rotate-key:{uuid.uuid4()}", "a key rotation"))
        for partner in sorted(contracts):
            held.enter_context(locks.partner_lock(conn, region, partner))
        deliveries = _loaded_deliveries(conn, region)
        _check(deliveries, old_key)
        rows_total = 0
        with conn.transaction():
            for partner, contract in sorted(contracts.items()):
                for extract in contract.extracts:
                    mine = [d for d in deliveries if d[1] == partner and d[2] == extract.name]
                    rows_total += _rekey_table(conn, region, partner, extract, mine, new_key)
            conn.execute(
                "update meta.load_ledger set key_version = %s, key_check = %s where region = %s and status = 'loaded'",
                (new_key.version, key_check(new_key), region),
            )
            conn.execute(
                """insert into meta.key_rotations
                       (region, old_version, new_version, deliveries, rows_rekeyed, new_key_check)
                   values (%s, %s, %s, %s, %s, %s)""",
                (region, old_key.version, new_key.version, len(deliveries), rows_total, key_check(new_key)),
            )
    log.info("rotated the key of %s from version %s to %s", region, old_key.version, new_key.version)
    return RotationResult(region, old_key.version, new_key.version, len(deliveries), rows_total)


def _rekey_table(
    conn: psycopg.Connection,
    region: str,
    partner: str,
    extract,
    deliveries: list[tuple],  # type: ignore[no-untyped-def]
    new_key: PseudonymKey,
) -> int:
    schema, table = raw_schema(region), raw_table_name(partner, extract.name)
    target = sql.Identifier(schema, table)
    if conn.execute("select to_regclass(%s)", (f"{schema}.{table}",)).fetchone()[0] is None:  # type: ignore[index]
        return 0
    staged = f"rekey_{table}"
    conn.execute(sql.SQL("create temporary table {} (like {}) on commit drop").format(sql.Identifier(staged), target))
    columns = [name for name, _ in extract.loaded_columns()] + [name for name, _ in METADATA_COLUMNS]
    column_list = sql.SQL(", ").join(map(sql.Identifier, columns))
    for delivery_id, _, _, landed_path, _, delivery_date, rows_loaded, _ in deliveries:
        loaded_at = conn.execute(
            sql.SQL("select min(_loaded_at) from {} where _delivery_id = %s").format(target), (delivery_id,)
        ).fetchone()[0]  # type: ignore[index]
        path = Path(landed_path)
        state = LoadState()
        transformer = RowTransformer(extract, new_key, str(path), region, delivery_date)
        copy_sql = sql.SQL("copy {} ({}) from stdin").format(sql.Identifier(staged), column_list)
        with conn.cursor() as cursor, cursor.copy(copy_sql) as copy:
            stream_rows(path, extract, transformer, state, copy, delivery_id, delivery_date, loaded_at)
        reject_duplicate_keys(conn, "pg_temp", staged, extract, delivery_id, str(path))
        count = conn.execute(
            sql.SQL("select count(*) from {} where _delivery_id = %s").format(sql.Identifier(staged)), (delivery_id,)
        ).fetchone()[0]  # type: ignore[index]
        if state.file_broken or count != rows_loaded:
            raise RotationBlocked(f"delivery {delivery_id} ({path}) gave {count} rows, the ledger says {rows_loaded}")
    conn.execute(sql.SQL("delete from {}").format(target))
    conn.execute(
        sql.SQL("insert into {} ({cols}) select {cols} from {}").format(
            target, sql.Identifier(staged), cols=column_list
        )
    )
    return int(conn.execute(sql.SQL("select count(*) from {}").format(target)).fetchone()[0])  # type: ignore[index]
