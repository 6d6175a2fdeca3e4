"""Progress of a DAG run, task by task, read from Airflow's metadata database while it runs.

``airflow dags test`` writes its log to a file; this follows the run's task instances alongside it,
so whoever started the demo sees each task finish instead of minutes of silence. The transform's
one sensor per dbt model is summarised every few models rather than listed one by one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg

from informatiebeeld.warehouse.connection import AIRFLOW_DB, ConnectionParams, connect

FINISHED = ("success", "failed", "upstream_failed", "skipped", "removed")
TRANSFORM_STEP = 25


def _existing_runs(params: ConnectionParams, dag_id: str) -> list[str]:
    """The DAG's runs before this one (``dags test`` dates its run at the logical date, so the
    new run is told apart by its id, not its start)."""
    try:
        with connect(params.with_db(AIRFLOW_DB)) as conn:
            return [r[0] for r in conn.execute("select run_id from dag_run where dag_id = %s", (dag_id,))]
    except psycopg.Error:  # a metadata database without its tables yet
        return []


def _finished_tasks(conn: psycopg.Connection, dag_id: str, before: list[str]) -> list[tuple[str, str, float | None]]:
    rows = conn.execute(
        """select task_id, state, extract(epoch from end_date - start_date) from task_instance
           where dag_id = %s and run_id <> all(%s) and state = any(%s)
           order by end_date""",
        (dag_id, before, list(FINISHED)),
    ).fetchall()
    return [(task_id, state, float(seconds) if seconds is not None else None) for task_id, state, seconds in rows]


def follow(params: ConnectionParams, dag_id: str, before: list[str], stop: threading.Event,
           say: Callable[[str], None] = print, every: float = 2.0) -> None:  # fmt: skip
    """Report each task of a run not in ``before`` as it finishes, until ``stop`` is set."""
    reported: set[str] = set()
    transform_done = 0
    while True:
        stopping = stop.wait(every)
        try:
            with connect(params.with_db(AIRFLOW_DB)) as conn:
                finished = _finished_tasks(conn, dag_id, before)
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
    params: ConnectionParams, dag_id: str, say: Callable[[str], None] = print
) -> tuple[threading.Thread, threading.Event]:
    """Follow the DAG's next run in a thread; set the event to stop it (it first reports what
    finished meanwhile). Call it before the run starts."""
    stop = threading.Event()
    before = _existing_runs(params, dag_id)
    thread = threading.Thread(target=follow, args=(params, dag_id, before, stop, say), daemon=True)
    thread.start()
    return thread, stop
