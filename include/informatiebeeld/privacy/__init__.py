"""Privacy: pseudonyms and keys, the leak detector, scrubbing and the rule per column.

Pure functions, no database: nothing here imports Airflow, dbt, GX or psycopg.
"""
