"""Connecting to the warehouse: connection parameters that never show their password, and errors
that name host and port but not the secret."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

WAREHOUSE_DB = "informatiebeeld"
AIRFLOW_DB = "airflow"


@dataclass(frozen=True)
class ConnectionParams:
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    dbname: str = WAREHOUSE_DB
    # libpq's sslmode (e.g. "require"); None leaves it to libpq (PGSSLMODE, else "prefer").
    sslmode: str | None = None
    # The certificate (or CA) verify-ca / verify-full check the server against; None: libpq's
    # default (PGSSLROOTCERT, else ~/.postgresql/root.crt).
    sslrootcert: str | None = None

    def conninfo(self) -> str:
        """libpq connection string including the password (pass to drivers, never print)."""
        return make_conninfo(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=self.dbname,
            sslmode=self.sslmode,
            sslrootcert=self.sslrootcert,
        )

    def public_dsn(self, passfile: Path | None = None) -> str:
        """A DSN without the password, safe to show (libpq finds the password in the passfile)."""
        dsn = f"postgresql://{quote(self.user)}@{self.host}:{self.port}/{self.dbname}"
        return dsn + self._query(passfile=str(passfile) if passfile else None)

    def sqlalchemy_url(self) -> str:
        return (
            f"postgresql+psycopg2://{quote(self.user)}:{quote(self.password, safe='')}"
            f"@{self.host}:{self.port}/{self.dbname}{self._query()}"
        )

    def airflow_conn_uri(self) -> str:
        return (
            f"postgres://{quote(self.user)}:{quote(self.password, safe='')}"
            f"@{self.host}:{self.port}/{self.dbname}{self._query()}"
        )

    def _query(self, **extra: str | None) -> str:
        tls = {"sslmode": self.sslmode, "sslrootcert": self.sslrootcert}
        query = {key: value for key, value in {**tls, **extra}.items() if value}
        return "?" + urlencode(query, safe="/", quote_via=quote) if query else ""

    def with_db(self, dbname: str) -> ConnectionParams:
        return replace(self, dbname=dbname)

    def dbt_env(self) -> dict[str, str]:
        return {
            "INFORMATIEBEELD_PGHOST": self.host,
            "INFORMATIEBEELD_PGPORT": str(self.port),
            "INFORMATIEBEELD_PGUSER": self.user,
            "INFORMATIEBEELD_PGPASSWORD": self.password,
            "INFORMATIEBEELD_PGDATABASE": self.dbname,
        }


def params_from_dsn(dsn: str) -> ConnectionParams:
    parts = conninfo_to_dict(dsn)
    password = parts.get("password") or os.environ.get("PGPASSWORD", "")
    if not password and parts.get("passfile"):
        password = _password_from_passfile(Path(str(parts["passfile"])))
    return ConnectionParams(
        host=str(parts.get("host") or "localhost"),
        port=int(parts.get("port") or 5432),
        user=str(parts.get("user") or "postgres"),
        password=str(password),
        dbname=str(parts.get("dbname") or WAREHOUSE_DB),
        sslmode=str(parts["sslmode"]) if parts.get("sslmode") else None,
        sslrootcert=str(parts["sslrootcert"]) if parts.get("sslrootcert") else None,
    )


def _password_from_passfile(passfile: Path) -> str:
    line = passfile.read_text(encoding="utf-8").splitlines()[0]
    return line.rsplit(":", 1)[1]


class WarehouseUnreachable(RuntimeError):
    """The warehouse does not answer; the message names host and port, never the password."""


def connect(params: ConnectionParams, **kwargs: object) -> psycopg.Connection:
    try:
        return psycopg.connect(params.conninfo(), connect_timeout=10, **kwargs)  # type: ignore[arg-type]
    except psycopg.OperationalError as error:
        reason = str(error).replace(params.password, "***") if params.password else str(error)
        raise WarehouseUnreachable(
            f"cannot reach the warehouse at {params.host}:{params.port} (database {params.dbname}, "
            f"user {params.user}): {reason.strip().splitlines()[-1] if reason.strip() else 'no answer'}"
        ) from error
