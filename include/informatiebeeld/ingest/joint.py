"""Deliveries for a region as it existed in another form, split into today's regions.

Until 2024 Zeeland-West-Brabant and Oost-Brabant were one Taskforce-RIEC Brabant-Zeeland
(``ref_riec_regio_historie``), so a partner's extract for those years may be one file covering both.
Such a file lands under the form's own name, ``landing/brabant_zeeland/<partner>/<YYYY-MM-DD>/<file>``.

The first night of either part that reaches the delivery date splits it: each row goes to the part
its gemeente belonged to on the delivery date, written as that part's own delivery (same partner,
date and file name) in ``landing/<part>/…``, where it is loaded like any other with that part's key.
No key is used and nothing is loaded here, so a worker keeps holding only its own region's key.

- A row whose gemeente belongs to neither part (or cannot be read) goes to every part, where the
  load rejects it with its usual rule (``known_gemeente_code``, ``gemeente_in_region``): it is
  reported, never loaded.
- A file that cannot be read as the contract's CSV at all (encoding, quoting) is copied whole to
  every part, whose load quarantines it with the exact rule.
- Refused and quarantined: an extract without a required gemeente column (its rows cannot be
  assigned; deliver it per part), an XLSX file, a joint file when a part already has a different
  delivery of that file for that date, a joint delivery dated after the form ended, and whatever
  landing refuses anyway (symbolic links, stray folders).

The split is recorded per part in ``meta.joint_deliveries`` (the joint file's sha256, the part file's,
its row count) and the joint file is removed: its content lives on in the parts, and a second clear
copy of the same records would only be more to protect.
"""

from __future__ import annotations

import csv
import logging
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import IO

import psycopg

from informatiebeeld.config import reference
from informatiebeeld.config.contracts import Extract, PartnerContract
from informatiebeeld.config.paths import landing_dir
from informatiebeeld.config.private import open_private, private_dir
from informatiebeeld.ingest.discover import Delivery, discover
from informatiebeeld.ingest.failures import WAREHOUSE_GONE, unexpected
from informatiebeeld.ingest.parse import parse_value
from informatiebeeld.ingest.read import sha256_of
from informatiebeeld.ingest.violations import RowError
from informatiebeeld.privacy.scrub import safe_name

log = logging.getLogger(__name__)

# rule -> why a joint delivery is refused
JOINT_REFUSALS = {
    "joint_delivery_needs_gemeente": (
        "a delivery for a joint region must say per row which gemeente it is about (a required "
        "gemeente column); deliver this extract per region in landing/<region>/"
    ),
    "joint_delivery_format": (
        "a delivery for a joint region is split per row, which only CSV allows; deliver it per region"
    ),
    "joint_and_part_delivery": (
        "a region of the joint form already has a different delivery of this file for this date; "
        "deliver one or the other"
    ),
    "joint_form_ended": "dated after the joint region ended; deliver it per region in landing/<region>/",
    # an unforeseen error while splitting; the log names its kind
    "file_system": "the joint file could not be split (a file-system error)",
    "warehouse_refused": "the joint file could not be split (the warehouse refused its record)",
    "unexpected_error": "the joint file could not be split (an unexpected error)",
}


def _splittable(extract: Extract) -> str | None:
    """The refusal rule for an extract whose joint deliveries cannot be split, else None."""
    if extract.format != "csv":
        return "joint_delivery_format"
    if not any(c.type == "gemeente_code" and c.required for c in extract.columns):
        return "joint_delivery_needs_gemeente"
    return None


def _encoding(extract: Extract) -> str:
    return "utf-8-sig" if extract.encoding.lower().replace("_", "-") == "utf-8" else extract.encoding


def _route(extract: Extract, values: list[str], position: int, parts: tuple[str, ...], on: date) -> tuple[str, ...]:
    """The parts a data row goes to: its gemeente's, or all of them when it has none of theirs."""
    if position >= len(values):
        return parts
    try:
        code = parse_value(extract.columns[position], values[position], extract)
    except RowError:
        return parts
    region = reference.region_of_gemeente(code, on) if code else None
    return (region,) if region in parts else parts


def split_rows(
    path: Path, extract: Extract, parts: tuple[str, ...], on: date, targets: dict[str, IO[str]]
) -> dict[str, int]:
    """Write the header and each data row of a joint CSV to the parts it belongs to; returns the data
    rows per part. Raises UnicodeDecodeError or csv.Error when the file is not the contract's CSV."""
    names = [c.name for c in extract.columns]
    position = next(i for i, c in enumerate(extract.columns) if c.type == "gemeente_code" and c.required)
    writers = {part: csv.writer(targets[part], delimiter=extract.delimiter, lineterminator="\n") for part in parts}
    counts = dict.fromkeys(parts, 0)
    with path.open(encoding=_encoding(extract), newline="") as handle:
        reader = csv.reader(handle, delimiter=extract.delimiter, strict=True)
        header = next(reader, None)
        if header is None:
            return counts
        for writer in writers.values():
            writer.writerow(header)
        if [value.strip().lower() for value in header] != names:
            position = len(header) + 1  # the load refuses the header; every part gets every row
        for values in reader:
            for part in _route(extract, values, position, parts, on):
                writers[part].writerow(values)
                counts[part] += 1
    return counts


@contextmanager
def _waiting_lock(conn: psycopg.Connection, name: str) -> Iterator[None]:
    """A session lock that waits: the other part's night may be splitting the same file."""
    conn.execute("select pg_advisory_lock(hashtext(%s))", (name,))
    try:
        yield
    finally:
        conn.execute("select pg_advisory_unlock(hashtext(%s))", (name,))


def _write_parts(
    form: str, delivery: Delivery, extract: Extract, parts: tuple[str, ...], root: Path
) -> tuple[dict[str, Path], dict[str, int], bool]:
    """The parts' files, written first under ``<form>/.split/`` (where no night looks for
    deliveries); returns them, the rows per part and whether the file went whole."""
    pending: dict[str, Path] = {}
    for part in parts:
        folder = private_dir(root / form / ".split" / part / delivery.partner / delivery.delivery_date.isoformat())
        pending[part] = folder / delivery.path.name
    whole = False
    with ExitStack() as stack:
        streams = {
            part: stack.enter_context(open_private(target, "w", encoding=extract.encoding, newline=""))
            for part, target in pending.items()
        }
        try:
            counts = split_rows(delivery.path, extract, parts, delivery.delivery_date, streams)
        except (UnicodeDecodeError, csv.Error):
            whole, counts = True, dict.fromkeys(parts, 0)
    if whole:
        data = delivery.path.read_bytes()
        for target in pending.values():
            with open_private(target, "wb") as out:
                out.write(data)
    return pending, counts, whole


def _record(
    conn: psycopg.Connection,
    form: str,
    delivery: Delivery,
    joint_sha: str,
    part_shas: dict[str, str],
    counts: dict[str, int],
) -> None:
    """One row per part; a split interrupted after its record and done again is not recorded twice."""
    with conn.transaction():
        for part, part_sha in part_shas.items():
            conn.execute(
                """insert into meta.joint_deliveries
                       (region, joint_region, partner, delivery_date, file_name, joint_sha256, sha256, rows_data)
                   select %s, %s, %s, %s, %s, %s, %s, %s
                   where not exists (
                       select from meta.joint_deliveries where region = %s and joint_sha256 = %s and sha256 = %s)""",
                (part, form, delivery.partner, delivery.delivery_date, safe_name(delivery.path.name), joint_sha,
                 part_sha, counts[part], part, joint_sha, part_sha),
            )  # fmt: skip


def _split_one(
    conn: psycopg.Connection, form: str, delivery: Delivery, extract: Extract, parts: tuple[str, ...], root: Path
) -> str | None:
    """Split one joint file into its parts; a refusal rule instead when it cannot be."""
    refusal = _splittable(extract)
    if refusal:
        return refusal
    joint_sha = sha256_of(delivery.path)
    pending, counts, whole = _write_parts(form, delivery, extract, parts, root)
    part_shas = {part: sha256_of(path) for part, path in pending.items()}
    finals = {part: root / part / delivery.partner / delivery.delivery_date.isoformat() / delivery.path.name
              for part in parts}  # fmt: skip
    placed = False
    try:
        if any(final.exists() and sha256_of(final) != part_shas[part] for part, final in finals.items()):
            return "joint_and_part_delivery"
        # Recorded before the parts are placed: a part never loads from a split the warehouse refused.
        _record(conn, form, delivery, joint_sha, part_shas, counts)
        placed = True
    finally:
        if not placed:
            for path in pending.values():
                path.unlink(missing_ok=True)
    for part, path in pending.items():
        private_dir(finals[part].parent)
        os.replace(path, finals[part])  # the same content again (a split interrupted earlier) is fine
    try:
        delivery.path.unlink()
    except OSError as error:  # split, recorded and placed: the next night splits it again, to the same parts
        log.warning("split %s but could not remove it (%s)", safe_name(delivery.path.name), type(error).__name__)
    log.info(
        "split joint delivery %s of %s into %s%s",
        safe_name(delivery.path.name), form, ", ".join(f"{p}: {n} rows" for p, n in counts.items()),
        " (whole file: it does not read as the contract's CSV)" if whole else "",
    )  # fmt: skip
    return None


def split_joint_deliveries(
    conn: psycopg.Connection, region: str, contract: PartnerContract, up_to: date, root: Path | None = None
) -> list[Delivery]:
    """Before a night of ``region`` loads ``contract``'s partner: split the deliveries of the joint
    form the region was part of, up to ``up_to``. Returns the joint entries that are refused
    (``Delivery.refused`` holds the rule; the caller quarantines them as its own). One file's failure,
    whatever it is, is that file's refusal; only a warehouse that is gone ends the split."""
    root = Path(os.path.realpath(root or landing_dir()))
    refused: list[Delivery] = []
    for form, until in reference.forms_of_region(region).items():
        if not (root / form).exists() and not (root / form).is_symlink():
            continue
        with _waiting_lock(conn, f"informatiebeeld.joint.{form}.{contract.partner}"):
            for found in discover(form, contract.partner, up_to, root):
                delivery = Delivery(region, found.partner, found.delivery_date, found.path, found.refused)
                if found.refused:
                    refused.append(delivery)
                    continue
                if found.delivery_date > until:
                    refused.append(Delivery(region, found.partner, found.delivery_date, found.path, "joint_form_ended"))
                    continue
                extract = contract.extract_for_file(found.path.name)
                if extract is None:
                    refused.append(Delivery(region, found.partner, found.delivery_date, found.path, "known_extract"))
                    continue
                parts = reference.parts_of_form(form, found.delivery_date)
                try:
                    outcome = _split_one(conn, form, found, extract, parts, root)
                except WAREHOUSE_GONE:
                    raise
                except Exception as error:  # this file's failure only; it stays and is quarantined
                    log.error("could not split %s (%s)", safe_name(found.path.name), type(error).__name__)
                    outcome = unexpected(error)[0]
                if outcome:
                    refused.append(Delivery(region, found.partner, found.delivery_date, found.path, outcome))
    return refused
