"""Per-region pseudonymisation keys.

A key is looked up, in order, in the environment (``INFORMATIEBEELD_PSEUDONYM_KEY_<REGION>``,
for the CLI) and in Airflow's connection/secret mechanism (connection
``informatiebeeld_pseudonym_<region>``: the password is the key, ``extra.key_version`` its
version; looked up by ``orchestration.connections``, the only place that
imports Airflow). Keys are never logged, returned in XCom, or written to the repository.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from informatiebeeld.config.paths import state_dir
from informatiebeeld.config.private import private_dir, write_private

MIN_KEY_LENGTH = 32


class MissingKeyError(RuntimeError):
    pass


class StaleKeyError(MissingKeyError):
    """The key handed over is not the region's current one (a connection not switched after a rotation)."""


@dataclass(frozen=True)
class PseudonymKey:
    version: str
    secret: bytes = field(repr=False)


def key_check(key: PseudonymKey) -> str:
    """A keyed digest of a fixed text: tells two keys apart without revealing either."""
    return hmac.new(key.secret, b"informatiebeeld key check", hashlib.sha256).hexdigest()


def env_var_name(region: str) -> str:
    return f"INFORMATIEBEELD_PSEUDONYM_KEY_{region.upper()}"


def connection_id(region: str) -> str:
    return f"informatiebeeld_pseudonym_{region}"


def checked_key(region: str, raw: str, version: str) -> PseudonymKey:
    if len(raw) < MIN_KEY_LENGTH:
        raise MissingKeyError(
            f"the pseudonymisation key of region {region} is shorter than {MIN_KEY_LENGTH} characters"
        )
    return PseudonymKey(version=version, secret=raw.encode("utf-8"))


def key_from_environment(region: str) -> PseudonymKey | None:
    """The region's key from ``INFORMATIEBEELD_PSEUDONYM_KEY_<REGION>`` (+ ``_VERSION``), if set."""
    raw = os.environ.get(env_var_name(region))
    if not raw:
        return None
    return checked_key(region, raw, os.environ.get(f"{env_var_name(region)}_VERSION", "1"))


def missing_key(region: str) -> MissingKeyError:
    return MissingKeyError(
        f"no pseudonymisation key for region {region}: set {env_var_name(region)} or the Airflow "
        f"connection {connection_id(region)}"
    )


def local_secrets(names: list[str]) -> dict[str, str]:
    """Random secrets for a local run (demo keys and the like), kept in the ignored state folder, 0600."""
    path: Path = state_dir() / "secrets" / "local_secrets.json"
    private_dir(path.parent)
    keys: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    changed = False
    for name in names:
        if name not in keys:
            keys[name] = secrets.token_urlsafe(48)
            changed = True
    if changed:
        write_private(path, json.dumps(keys, indent=2, sort_keys=True))
    return {name: keys[name] for name in names}


def airflow_connection_env(region: str, key: str, version: str = "1") -> dict[str, str]:
    """The AIRFLOW_CONN_* variable that hands a key to Airflow."""
    value = json.dumps({"conn_type": "generic", "password": key, "extra": {"key_version": version}})
    return {f"AIRFLOW_CONN_{connection_id(region).upper()}": value}


def next_key(region: str) -> PseudonymKey:
    """The key a rotation moves to: INFORMATIEBEELD_PSEUDONYM_KEY_<REGION>_NEXT (+ _NEXT_VERSION)."""
    name = f"{env_var_name(region)}_NEXT"
    raw = os.environ.get(name)
    if not raw:
        raise MissingKeyError(f"set {name} (and {name}_VERSION) to the new key before rotating")
    version = os.environ.get(f"{name}_VERSION")
    if not version:
        raise MissingKeyError(f"set {name}_VERSION to the new key's version")
    return checked_key(region, raw, version)
