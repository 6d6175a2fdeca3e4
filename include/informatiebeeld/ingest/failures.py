"""How an error nobody foresaw becomes one file's refusal: a rule and a message that keep only the
error's kind, since third-party texts may echo delivered content."""

from __future__ import annotations

import psycopg

# Errors that mean the warehouse itself is gone: no other file could load either.
WAREHOUSE_GONE = (psycopg.OperationalError, psycopg.InterfaceError)


def unexpected(error: Exception) -> tuple[str, str]:
    """Rule and message for an unforeseen error of one file."""
    if isinstance(error, OSError):
        return "file_system", f"the file could not be handled ({type(error).__name__}, errno {error.errno})"
    if isinstance(error, psycopg.Error):
        return "warehouse_refused", f"the warehouse refused the file ({type(error).__name__}, {error.sqlstate})"
    return "unexpected_error", f"the file could not be handled ({type(error).__name__})"
