"""What a night asks of dbt: the same flags under Airflow (cosmos) and on the command line."""

from __future__ import annotations

# dbt unit tests check the models' SQL against fixed fixture rows: they prove the code, not the night's
# data, so they run once in the test suite (`dbt test --select test_type:unit`), not in every region's
# nightly build, where they were a fifth of dbt's node time.
NIGHTLY_BUILD_FLAGS = ("--exclude-resource-type", "unit_test")
