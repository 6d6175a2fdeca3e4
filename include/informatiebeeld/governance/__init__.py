"""Governance over stored data: key rotation, bewaartermijnen (retention) and AVG inzage.

These work on the warehouse and re-read landed files; nothing here imports Airflow, dbt or GX.
"""
