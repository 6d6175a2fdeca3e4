"""Airflow DAGs: one nightly informatiebeeld DAG per RIEC region plus the national LIEC DAG.

Generated from include/config/regions.yml by informatiebeeld.orchestration.dag_factory.
"""

from __future__ import annotations

from informatiebeeld.orchestration.dag_factory import build_all

globals().update(build_all())
