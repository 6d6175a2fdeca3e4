"""Airflow DAGs: one nightly informatiebeeld DAG per RIEC region plus the national LIEC DAG.

Generated from include/config/regions.yml by informatiebeeld.orchestration.dag_factory.
"""

from __future__ import annotations

from airflow.sdk import get_parsing_context

from informatiebeeld.orchestration.dag_factory import build_all

# A task's process asks for its own DAG only; the scheduler's parse builds them all.
globals().update(build_all(get_parsing_context().dag_id))
