"""The warehouse: a configured PostgreSQL server, or an embedded one for a bare machine.

``INFORMATIEBEELD_WAREHOUSE_DSN`` wins when set. Otherwise an embedded PostgreSQL (the binaries
shipped in the ``pgserver`` wheel) runs with its data under the state folder, listens on
127.0.0.1 only, and keeps running between commands. The pipeline connects as its own login, the
owner of the databases and not a superuser (see ``owner``); the server's superuser is used only to
start and bootstrap it. Each password sits in a libpq passfile in the state folder, so the printed
DSN carries no secret.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import subprocess
import time
from pathlib import Path

import psycopg

from informatiebeeld.config.paths import state_dir
from informatiebeeld.config.private import private_dir, write_private
from informatiebeeld.warehouse.connection import (
    AIRFLOW_DB,
    WAREHOUSE_DB,
    ConnectionParams,
    _password_from_passfile,
    params_from_dsn,
)
from informatiebeeld.warehouse.owner import PIPELINE_LOGIN, ensure_pipeline_owner

log = logging.getLogger(__name__)

DEFAULT_PORT = 55432
_PG_SYSTEM_USER = "pgserver"  # PostgreSQL refuses to run as root
_ADMIN = "postgres"


class EmbeddedWarehouse:
    """A PostgreSQL server under ``<state>/warehouse`` started from pgserver's binaries."""

    def __init__(self, root: Path | None = None, port: int | None = None) -> None:
        self.root = (root or state_dir() / "warehouse").resolve()
        self.pgdata = self.root / "pgdata"
        self.passfile = self.root / "pgpass"  # the pipeline's login
        self.admin_passfile = self.root / "pgpass-admin"
        self.port_file = self.root / "port"
        self.logfile = self.root / "postgres.log"
        self._requested_port = port

    @property
    def port(self) -> int:
        if self.port_file.exists():
            return int(self.port_file.read_text().strip())
        return self._requested_port or int(os.environ.get("INFORMATIEBEELD_PG_PORT", DEFAULT_PORT))

    def params(self, dbname: str = WAREHOUSE_DB) -> ConnectionParams:
        """The pipeline's login (the owner, not a superuser)."""
        return ConnectionParams("127.0.0.1", self.port, PIPELINE_LOGIN, _password_from_passfile(self.passfile), dbname)

    def admin_params(self, dbname: str = "postgres") -> ConnectionParams:
        """The server's superuser: starting and bootstrapping only."""
        return ConnectionParams("127.0.0.1", self.port, _ADMIN, _password_from_passfile(self.admin_passfile), dbname)

    def _run_as_postgres_user(self, tool: str, args: list[str]) -> None:
        from pgserver import _commands

        user = None
        if os.geteuid() == 0:
            from pgserver.utils import (
                ensure_folder_permissions,
                ensure_prefix_permissions,
                ensure_user_exists,
            )

            ensure_user_exists(_PG_SYSTEM_USER)
            ensure_prefix_permissions(self.root)
            bin_path = _commands.POSTGRES_BIN_PATH
            ensure_prefix_permissions(bin_path)
            ensure_folder_permissions(bin_path, 0o055)
            ensure_folder_permissions(bin_path.parent / "lib", 0o044)
            subprocess.run(["chown", "-R", _PG_SYSTEM_USER, str(self.root)], check=True)
            user = _PG_SYSTEM_USER
        getattr(_commands, tool)(args, pgdata=self.pgdata, user=user, timeout=120)

    def is_running(self) -> bool:
        if not (self.pgdata / "postmaster.pid").exists():
            return False
        try:
            with psycopg.connect(self.admin_params().conninfo(), connect_timeout=3):
                return True
        except psycopg.OperationalError:
            return False

    def start(self) -> ConnectionParams:
        private_dir(self.root)
        self._adopt_admin_passfile()
        if not (self.pgdata / "PG_VERSION").exists():
            self._init()
        if not self.is_running():
            port = self.port
            if not _port_free(port):
                raise RuntimeError(
                    f"port {port} on 127.0.0.1 is taken by another program; set INFORMATIEBEELD_PG_PORT "
                    f"or INFORMATIEBEELD_WAREHOUSE_DSN"
                )
            write_private(self.port_file, str(port))
            options = f"-h 127.0.0.1 -p {port} -k '' -c fsync=off -c full_page_writes=off"
            if os.environ.get("INFORMATIEBEELD_PG_DURABLE") == "1":
                options = f"-h 127.0.0.1 -p {port} -k ''"
            self._run_as_postgres_user("pg_ctl", ["-w", "-l", str(self.logfile), "-o", options, "start"])
            _wait_until_accepting(self.admin_params())
        admin = self.admin_params()
        ensure_databases(admin)
        if not self.passfile.exists():
            write_private(self.passfile, f"*:*:*:{PIPELINE_LOGIN}:{secrets.token_urlsafe(24)}\n")
        params = self.params()
        ensure_pipeline_owner(admin, params, [params.dbname, AIRFLOW_DB])
        return params

    def _adopt_admin_passfile(self) -> None:
        """A warehouse made before the pipeline had its own login kept the admin's password in pgpass."""
        legacy = self.passfile.exists() and self.passfile.read_text(encoding="utf-8").startswith(f"*:*:*:{_ADMIN}:")
        if legacy and not self.admin_passfile.exists():
            self.passfile.rename(self.admin_passfile)

    def _init(self) -> None:
        password = secrets.token_urlsafe(24)
        private_dir(self.pgdata)
        pwfile = write_private(self.root / "initdb.pw", password)
        try:
            self._run_as_postgres_user(
                "initdb",
                [
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C",
                    "-U",
                    _ADMIN,
                    f"--pwfile={pwfile}",
                ],
            )
        finally:
            pwfile.unlink(missing_ok=True)
        write_private(self.admin_passfile, f"*:*:*:{_ADMIN}:{password}\n")

    def stop(self) -> None:
        if (self.pgdata / "postmaster.pid").exists():
            self._run_as_postgres_user("pg_ctl", ["-w", "-m", "fast", "stop"])


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _wait_until_accepting(params: ConnectionParams, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with psycopg.connect(params.conninfo(), connect_timeout=3):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def ensure_databases(admin: ConnectionParams) -> None:
    """As the admin: create the warehouse and Airflow metadata databases when missing."""
    with psycopg.connect(admin.with_db("postgres").conninfo(), autocommit=True) as conn:
        existing = {row[0] for row in conn.execute("select datname from pg_database")}
        for name in (WAREHOUSE_DB, AIRFLOW_DB):
            if name not in existing:
                conn.execute(f'create database "{name}"')
        # Airflow's metadata (connections with their secrets) is for the pipeline's own login only.
        conn.execute(f'revoke connect, temporary on database "{AIRFLOW_DB}" from public')


def resolve(start: bool = True) -> ConnectionParams:
    """Connection parameters of the warehouse: the configured DSN, else the embedded server."""
    dsn = os.environ.get("INFORMATIEBEELD_WAREHOUSE_DSN")
    if dsn:
        return params_from_dsn(dsn)
    embedded = EmbeddedWarehouse()
    if start:
        return embedded.start()
    return embedded.params()
