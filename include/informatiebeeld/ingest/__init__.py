"""Ingest: read partner deliveries, check them against their contract, pseudonymise, load with COPY.

read -> parse -> check -> load, with quarantine for files that cannot load and discover for what
landed; partner runs a night's ingest of one partner. Nothing here imports Airflow, dbt or GX.
"""
