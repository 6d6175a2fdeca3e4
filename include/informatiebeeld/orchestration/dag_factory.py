"""Builds the Airflow DAGs from the region configuration; the files in dags/ only call this.

Nothing here touches the database, the network or a secret at parse time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pendulum
from airflow.sdk import DAG, Asset, AssetAny, TaskGroup, task
from airflow.timetables.trigger import CronTriggerTimetable

from informatiebeeld.config.contracts import Region, load_contracts, load_regions
from informatiebeeld.config.paths import DBT_PROJECT_DIR
from informatiebeeld.orchestration.connections import WAREHOUSE_CONN_ID, warehouse_params
from informatiebeeld.orchestration.dbt_build import NIGHTLY_BUILD_FLAGS, PEILDATUM_ENV_VAR, dbt_vars
from informatiebeeld.orchestration.notify import task_failure_callback

TIMEZONE = "Europe/Amsterdam"
DBT_MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
DBT_THREADS = 2  # as the bare runs use (dbt_project/profiles.yml); cosmos' profile would default to 1

DEFAULT_ARGS: dict[str, Any] = {
    "owner": "informatiebeeld",
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "on_failure_callback": task_failure_callback,
}


def midnight(day: date) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, tz=TIMEZONE)


def earliest_start() -> pendulum.DateTime:
    """The national and bewaartermijnen DAGs start with the earliest region."""
    return midnight(min(r.start_date for r in load_regions().values()))


def region_queue(region: str) -> str:
    """The Celery queue of a region's tasks (docker-compose.yml: airflow-worker-<region>)."""
    return region


def published_asset(region: str) -> Asset:
    return Asset(name=f"informatiebeeld_{region}_published", uri=f"informatiebeeld://published/{region}")


def _run_date(context: dict[str, Any]) -> date:
    return context["logical_date"].in_timezone(TIMEZONE).date()


REGIONAL_DOC = """
### Nightly informatiebeeld — {name}

**What it does.** Loads the partner deliveries that landed for {name} up to the run date
(`landing/{code}/<partner>/<YYYY-MM-DD>/`), checks each file against its contract, pseudonymises
identifiers with the region's key, loads them into `raw_{code}`, builds the dbt models into
`{code}_staging` / `{code}_intermediate` / `{code}_marts`, runs the Great Expectations gate and,
only when it passes, swaps the marts into `{code}_published` for analysts.

**On failure.**
- *ingest*: a broken file does not fail the run; it is quarantined with a report
  (`quarantine/{code}/<partner>/<date>/delivery-<id>/report.txt`, table `meta.contract_violations`);
  the night goes on with the other files. A failing ingest task
  means the warehouse or the key is unavailable: check connection `informatiebeeld_warehouse` and
  `informatiebeeld_pseudonym_{code}`, then clear the task.
- *transform*: read the dbt task log; fix the model or the data and clear the task.
- *validate*: `build_candidate` writes the suppressed copy of the marts to `{code}_candidate`;
  the gate audits exactly that copy and lists the failed expectations; analysts keep the previous
  version. Engineers can read `{code}_candidate` to debug. Do not publish by hand: fix the cause and
  rerun.
- *publish* swaps in the candidate only if this run's gate passed on it and it is unchanged since.
- *begin_night* takes the region's lock (`meta.region_locks`) for the whole run, so no CLI run, key
  rotation or purge changes the data between audit and publish; `run_summary` releases it. A lock
  left by a run that died expires after 6 hours.
- *run_summary*: always runs last and records loads, rejections, quarantine, gate results and
  stale partners in `meta.run_summaries` (`informatiebeeld status`); it fails when the night did
  not publish, so the run is marked failed.
- *documents* (after a night that published): `render_documents` writes the informatiebeelden
  (HTML, and PDF where Chromium is installed) to `documents/{code}/<peildatum>/`, reading the
  published schema as the analysts' role; `dbt_docs` writes the dbt docs for the portal
  (`informatiebeeld serve`). A failure here leaves the publication as it is: clear the task.
- Every task failure is logged and, when configured, sent to the webhook / e-mail of
  `INFORMATIEBEELD_NOTIFY_*`.
- Reruns are safe: files already loaded (same sha256) are not loaded again.

**Contact.** The regional data engineer of {name}; privacy questions to the region's privacy officer.
"""


def _dbt_task_group(region: str) -> Any:
    """The transform: one ``dbt build`` of the whole project (cosmos' watcher producer, dbt threads as
    in the profile) and one sensor per model and per model's tests, which show and retry each node in
    the UI without starting dbt again. The sensors start after the producer: in a task group cosmos does
    not order them after it, and a sensor taking the only slot before the build would wait for ever."""
    from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior
    from cosmos.profiles import PostgresUserPasswordProfileMapping

    group = DbtTaskGroup(
        group_id="transform",
        project_config=ProjectConfig(
            dbt_project_path=DBT_PROJECT_DIR,
            manifest_path=DBT_MANIFEST,
            project_name="informatiebeeld",
        ),
        profile_config=ProfileConfig(
            profile_name="informatiebeeld",
            target_name="warehouse",
            profile_mapping=PostgresUserPasswordProfileMapping(
                conn_id=WAREHOUSE_CONN_ID, profile_args={"schema": region, "threads": DBT_THREADS}
            ),
        ),
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.WATCHER,
            # dbt in a process of its own: in-process, the producer turns every dbt event into JSON
            # under the GIL the dbt threads need, and the build ran 6x as long as a bare one.
            invocation_mode=InvocationMode.SUBPROCESS,
            dbt_executable_path=str(Path(sys.executable).parent / "dbt"),
            # A second try of the producer would skip (cosmos runs one build per run): a failed build
            # fails the night, and clearing a model's sensor reruns that model alone.
            # cosmos puts the producer on its own default queue unless told: the region's, like the rest.
            setup_operator_args={"retries": 0, "queue": region_queue(region)},
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            # The producer's dbt build runs every test after its model; one sensor per model reports them.
            test_behavior=TestBehavior.AFTER_EACH,
            should_detach_multiple_parents_tests=False,
            emit_datasets=False,
        ),
        operator_args={
            "vars": dbt_vars(region),
            "env": {PEILDATUM_ENV_VAR: "{{ logical_date.in_timezone('Europe/Amsterdam') | ds }}"},
            "dbt_cmd_flags": list(NIGHTLY_BUILD_FLAGS),
            "install_deps": False,
            "deferrable": False,
            "poke_interval": 5,
        },
        default_args={"retries": 1, "retry_delay": timedelta(minutes=1)},
    )
    _sensors_after_producer(group)
    return group


def _sensors_after_producer(group: Any) -> None:
    from cosmos.constants import PRODUCER_WATCHER_DONE_TASK_ID, PRODUCER_WATCHER_TASK_ID

    tasks = {task.task_id: task for task in group.iter_tasks()}
    producer = tasks[f"{group.group_id}.{PRODUCER_WATCHER_TASK_ID}"]
    internal = {producer.task_id, f"{group.group_id}.{PRODUCER_WATCHER_DONE_TASK_ID}"}
    for task_id, sensor in tasks.items():
        if task_id in internal or set(sensor.upstream_task_ids) & set(tasks):
            continue
        producer >> sensor
        # Also after a producer that skipped (a cleared run), so the sensor reruns its model itself.
        sensor.trigger_rule = "none_failed_min_one_success"


def build_regional_dag(region: Region) -> DAG:
    code = region.code
    with DAG(
        dag_id=f"informatiebeeld_{code}",
        description=f"Nightly informatiebeeld for {region.name}",
        schedule=CronTriggerTimetable(region.schedule, timezone=TIMEZONE),
        start_date=midnight(region.start_date),
        catchup=False,
        max_active_runs=1,
        # Every task on the region's own Celery queue: only that region's worker holds its key.
        default_args={**DEFAULT_ARGS, "queue": region_queue(code)},
        tags=["informatiebeeld", "regional", code],
        doc_md=REGIONAL_DOC.format(name=region.name, code=code),
    ) as dag:
        with TaskGroup("ingest") as ingest_group:

            @task
            def begin_night(**context: Any) -> dict[str, Any]:
                """Take the region's lock for this run: no CLI run, key rotation or purge until the summary."""
                from informatiebeeld.orchestration import nightly

                return nightly.begin_night(warehouse_params(), code, context["run_id"])

            @task
            def prepare_warehouse() -> None:
                """Create the bookkeeping schema and the region's raw tables if they are missing."""
                from informatiebeeld.orchestration import nightly

                nightly.prepare(warehouse_params(), code)

            prepared = prepare_warehouse()
            begin_night() >> prepared
            for partner in sorted(load_contracts()):

                @task(task_id=f"load_{partner}")
                def load_partner(partner: str = partner, **context: Any) -> dict[str, Any]:
                    """Load this partner's new deliveries; broken files are quarantined, not fatal."""
                    from informatiebeeld.orchestration import nightly

                    run_id = context["run_id"]
                    return nightly.ingest_partner(warehouse_params(), code, partner, _run_date(context), run_id)

                prepared >> load_partner()

        transform = _dbt_task_group(code)

        with TaskGroup("validate") as validate_group:

            @task
            def build_candidate(**context: Any) -> dict[str, Any]:
                """Write: the suppressed copy of the marts that is audited and, if it passes, published."""
                from informatiebeeld.orchestration import nightly

                return nightly.build_candidate(warehouse_params(), code, context["run_id"], _run_date(context))

            @task
            def publication_gate(**context: Any) -> dict[str, Any]:
                """Audit: Great Expectations and the identifier scan on exactly that candidate."""
                from informatiebeeld.orchestration import nightly

                return nightly.validate(warehouse_params(), code, context["run_id"])

            build_candidate() >> publication_gate()

        with TaskGroup("publish") as publish_group:

            @task(outlets=[published_asset(code)])
            def publish(**context: Any) -> dict[str, Any]:
                """Publish: swap in the candidate this run's gate passed, unchanged, in one transaction."""
                from informatiebeeld.orchestration import nightly

                return nightly.publish_region(warehouse_params(), code, context["run_id"])

            publish()

        @task(task_id="run_summary", trigger_rule="all_done", retries=0)
        def run_summary(**context: Any) -> dict[str, Any]:
            """Record what the night did (also when it failed), release the region's lock, and fail loudly
            if the night did not publish."""
            from airflow.exceptions import AirflowFailException

            from informatiebeeld.orchestration import nightly

            summary = nightly.summarise_run(warehouse_params(), code, context["run_id"], _run_date(context))
            if not summary["succeeded"]:
                failures = "; ".join(str(f) for f in summary["gate_failures"][:5]) or "see the failed task"
                raise AirflowFailException(f"night not published for {code}: {failures}")
            return {k: summary[k] for k in ("files", "rows_loaded", "rows_rejected", "stale_partners")}

        with TaskGroup("documents") as documents_group:

            @task(retries=1)
            def render_documents() -> dict[str, Any]:
                """The gemeentelijke and thematische informatiebeelden and the jaarverslag page, from the
                published schema as analysts read it, into a dated folder (HTML and PDF)."""
                from informatiebeeld.orchestration import nightly

                return nightly.render_documents(warehouse_params(), code)

            @task(retries=1)
            def dbt_docs(**context: Any) -> dict[str, Any]:
                """dbt docs generate: the models and columns behind the marts, for the local portal."""
                from informatiebeeld.orchestration import nightly

                return nightly.generate_dbt_docs(warehouse_params(), code, _run_date(context))

            render_documents()
            dbt_docs()

        # Documents only after a night that published; a failed rendering fails the run, not the publication.
        ingest_group >> transform >> validate_group >> publish_group >> run_summary() >> documents_group
    return dag


NATIONAL_DOC = """
### LIEC national informatiebeeld

Runs when any region has published. Combines the regions' published marts (only those; never raw
or intermediate data) into `liec_published` for the national figures.

**On failure.** Check connection `informatiebeeld_warehouse` and clear the task; the regional
publications are not affected. Contact: the LIEC data engineer.
"""


def build_national_dag() -> DAG:
    regions = sorted(load_regions())
    with DAG(
        dag_id="informatiebeeld_liec_nationaal",
        description="National LIEC picture from the regions' published marts",
        schedule=AssetAny(*(published_asset(r) for r in regions)),
        start_date=earliest_start(),
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["informatiebeeld", "national"],
        doc_md=NATIONAL_DOC,
    ) as dag:

        @task(outlets=[Asset(name="informatiebeeld_liec_published", uri="informatiebeeld://published/liec")])
        def publish_national(**context: Any) -> dict[str, int]:
            """Union of the regions' published marts into liec_published."""
            from informatiebeeld.publish import publication

            return publication.publish_national(warehouse_params(), context["run_id"])

        @task(retries=1)
        def render_national_documents() -> dict[str, Any]:
            """The national jaarverslag page from liec_published (an asset-triggered run has no logical date)."""
            from informatiebeeld.orchestration import nightly

            return nightly.render_national_documents(warehouse_params())

        publish_national() >> render_national_documents()
    return dag


RETENTION_DOC = """
### Bewaartermijnen

Every morning, per region: deliveries older than their extract's `bewaartermijn_dagen` (in the
partner contract) lose their raw rows and their landed file; the ledger entry becomes `purged` and
the purge is logged in `meta.retention_log`. The marts drop the data at the next nightly build.

**On failure.** Check connection `informatiebeeld_warehouse` and clear the failed region's task;
a purge is per delivery in one transaction, so a rerun continues where it stopped.
Contact: the data engineers; questions on terms go to the privacy officer.
"""


def build_retention_dag() -> DAG:
    with DAG(
        dag_id="informatiebeeld_bewaartermijnen",
        description="Purge rows and landed files past their bewaartermijn",
        schedule=CronTriggerTimetable("0 5 * * *", timezone=TIMEZONE),
        start_date=earliest_start(),
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["informatiebeeld", "privacy"],
        doc_md=RETENTION_DOC,
    ) as dag:
        for code in sorted(load_regions()):
            # On the region's queue: only its worker mounts the region's landed files (docker-compose.yml).
            @task(task_id=f"purge_{code}", queue=region_queue(code))
            def purge(region: str = code, **context: Any) -> dict[str, int]:
                """Purge this region's deliveries that are past their bewaartermijn."""
                from informatiebeeld.governance import retention
                from informatiebeeld.warehouse.connection import connect

                with connect(warehouse_params(), autocommit=True) as conn:
                    purges = retention.purge_region(conn, region, _run_date(context))
                return {"deliveries": len(purges), "rows": sum(p.rows_purged for p in purges)}

            purge()
    return dag


def build_all(only_dag_id: str | None = None) -> dict[str, DAG]:
    """Every DAG, or only ``only_dag_id`` when it is one of them.

    A task process parses the DAG file for one DAG (Airflow's parsing context names it): building the
    other eleven, each from the dbt manifest, would cost every task ~2 s for nothing.
    """
    builders: dict[str, Callable[[], DAG]] = {
        f"informatiebeeld_{code}": (lambda region=region: build_regional_dag(region))
        for code, region in sorted(load_regions().items())
    }
    builders["informatiebeeld_liec_nationaal"] = build_national_dag
    builders["informatiebeeld_bewaartermijnen"] = build_retention_dag
    if only_dag_id in builders:
        builders = {only_dag_id: builders[only_dag_id]}
    return {dag_id: build() for dag_id, build in builders.items()}
