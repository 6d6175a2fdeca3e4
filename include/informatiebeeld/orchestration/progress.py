"""Progress of a DAG run, task by task, read from Airflow's metadata database while it runs.

``airflow dags test`` writes its log to a file; this follows the run's task instances alongside it,
so whoever started the demo sees each task finish instead of minutes of silence. The transform's
one sensor per dbt model is summarised every few models rather than listed one by one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

import psycopg

from informatiebeeld.warehouse.connection import AIRFLOW_DB, ConnectionParams, connect

FINISHED = ("success", "failed", "upstream_failed", "skipped", "removed")
TRANSFORM_STEP = 25


def _finished_tasks(conn: psycopg.Connection, dag_id: str, since: datetime) -> list[tuple[str, str, float | None]]:
    rows = conn.execute(
        """select ti.task_id, ti.state, extract(epoch from ti.end_date - ti.start_date)
           from task_instance ti join dag_run dr on dr.dag_id = ti.dag_id and dr.run_id = ti.run_id
           where ti.dag_id = %s and dr.start_date >= %s and ti.state = any(%s)
           order by ti.end_date""",
        (dag_id, since, list(FINISHED)),
    ).fetchall()
    return [(task_id, state, float(seconds) if seconds is not None else None) for task_id, state, seconds in rows]


def follow(params: ConnectionParams, dag_id: str, since: datetime, stop: threading.Event,
           say: Callable[[str], None] = print, every: float = 2.0) -> None:  # fmt: skip
    """Report each task of the run started after ``since`` as it finishes, until ``stop`` is set."""
    reported: set[str] = set()
    transform_done = 0
    while True:
        stopping = stop.wait(every)
        try:
            with connect(params.with_db(AIRFLOW_DB)) as conn:
                finished = _finished_tasks(conn, dag_id, since)
        except psycopg.Error:  # the run is still creating its tables, or the database is busy
            finished = []
        for task_id, state, seconds in finished:
            if task_id in reported:
                continue
            reported.add(task_id)
            if task_id.startswith("transform.") and state == "success" and not task_id.endswith("dbt_producer_watcher"):
                transform_done += 1
                if transform_done % TRANSFORM_STEP == 0:
                    say(f"    transform: {transform_done} models built and tested")
                continue
            took = f" ({seconds:.0f} s)" if seconds is not None else ""
            say(f"    {task_id}: {state}{took}")
        if stopping:
            if transform_done % TRANSFORM_STEP:
                say(f"    transform: {transform_done} models built and tested")
            return


def start_following(
    params: ConnectionParams, dag_id: str, since: datetime, say: Callable[[str], None] = print
) -> tuple[threading.Thread, threading.Event]:
    """Follow the run in a thread; set the event to stop it (it reports what finished meanwhile first)."""
    stop = threading.Event()
    thread = threading.Thread(target=follow, args=(params, dag_id, since, stop, say), daemon=True)
    thread.start()
    return thread, stop
