"""The warehouse: connection, the embedded server, the meta schema and ledger, locks and roles.

Nothing here imports Airflow, dbt or GX.
"""
