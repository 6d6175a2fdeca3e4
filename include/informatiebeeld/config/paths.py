"""Where the project's files and its local state live."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
CONFIG_DIR = REPO_ROOT / "include" / "config"
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
DAGS_DIR = REPO_ROOT / "dags"


def state_dir() -> Path:
    """Ignored folder for everything a run writes: warehouse data, landing, Airflow home."""
    return Path(os.environ.get("INFORMATIEBEELD_STATE_DIR", REPO_ROOT / ".state")).resolve()


def landing_dir() -> Path:
    configured = os.environ.get("INFORMATIEBEELD_LANDING_DIR")
    return Path(configured).resolve() if configured else state_dir() / "landing"


def quarantine_dir() -> Path:
    configured = os.environ.get("INFORMATIEBEELD_QUARANTINE_DIR")
    return Path(configured).resolve() if configured else state_dir() / "quarantine"
