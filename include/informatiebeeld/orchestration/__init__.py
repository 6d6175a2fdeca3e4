"""Orchestration: the nightly steps of a region and the Airflow DAGs built from the configuration.

The only layer that imports Airflow (and renders dbt through cosmos).
"""
