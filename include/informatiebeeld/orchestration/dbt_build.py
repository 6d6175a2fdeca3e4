"""What a night asks of dbt: the same flags under Airflow (cosmos) and on the command line."""

from __future__ import annotations

# dbt unit tests check the models' SQL against fixed fixture rows: they prove the code, not the night's
# data, so they run once in the test suite (`dbt test --select test_type:unit`), not in every region's
# nightly build, where they were a fifth of dbt's node time.
NIGHTLY_BUILD_FLAGS = ("--exclude-resource-type", "unit_test")

# The night's reference date reaches the models as an env var, the region as a dbt var. dbt parses the
# whole project again whenever a var differs from its last run, and the files that read an env var while
# parsing when that env var changes; the models read the date only when they run (project_vars.sql), so
# a new date re-parses nothing.
PEILDATUM_ENV_VAR = "INFORMATIEBEELD_PEILDATUM"


def dbt_vars(region: str) -> dict[str, str]:
    return {"region": region}
