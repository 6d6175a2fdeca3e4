"""The DAG folder as Airflow's DagBag sees it: one DAG per region plus the national one."""

from __future__ import annotations

import pytest
from airflow.sdk.definitions.context import _AIRFLOW_PARSING_CONTEXT_DAG_ID

from informatiebeeld.config.contracts import load_contracts, load_regions
from informatiebeeld.config.paths import DAGS_DIR
from informatiebeeld.config.publication import published_marts


@pytest.fixture(scope="module")
def dagbag(dbt_manifest):  # type: ignore[no-untyped-def]
    try:
        from airflow.dag_processing.dagbag import DagBag
    except ImportError:  # older location
        from airflow.models.dagbag import DagBag
    return DagBag(dag_folder=str(DAGS_DIR))


def test_no_import_errors_and_one_dag_per_region_plus_national(dagbag) -> None:  # type: ignore[no-untyped-def]
    assert dagbag.import_errors == {}
    expected = {f"informatiebeeld_{r}" for r in load_regions()} | {
        "informatiebeeld_liec_nationaal",
        "informatiebeeld_bewaartermijnen",
    }
    assert set(dagbag.dag_ids) == expected


def test_regional_dags_are_scheduled_staggered_and_safe(dagbag) -> None:  # type: ignore[no-untyped-def]
    schedules = []
    for region in load_regions():
        dag = dagbag.dags[f"informatiebeeld_{region}"]
        assert dag.catchup is False
        assert dag.max_active_runs == 1
        assert dag.start_date.tzinfo is not None
        assert "informatiebeeld" in dag.tags and region in dag.tags
        assert "On failure" in dag.doc_md and "Contact" in dag.doc_md
        schedules.append(dag.timetable.summary)
        # The dbt build runs once per night; its sensors retry a model on their own (see below).
        once = {"run_summary", "transform.dbt_producer_watcher"}
        assert all(t.retries >= 1 for t in dag.tasks if t.task_id not in once)
        assert all(t.on_failure_callback for t in dag.tasks), "every failure is notified"
    assert len(set(schedules)) == len(schedules), "regional runs must not all start at once"


def test_regional_dag_has_the_four_stages_in_order(dagbag) -> None:  # type: ignore[no-untyped-def]
    dag = dagbag.dags["informatiebeeld_noord_nederland"]
    task_ids = set(dag.task_ids)
    for partner in load_contracts():
        assert f"ingest.load_{partner}" in task_ids
    for mart in published_marts():
        assert any(t.startswith("transform.") and mart in t for t in task_ids), mart
    assert {"validate.build_candidate", "validate.publication_gate", "publish.publish"} <= task_ids
    candidate = dag.get_task("validate.build_candidate")
    gate = dag.get_task("validate.publication_gate")
    publish = dag.get_task("publish.publish")
    assert gate.task_id in publish.upstream_task_ids
    assert gate.upstream_task_ids == {candidate.task_id}, "the gate audits the candidate that is published"
    assert all(up.startswith("transform.") for up in candidate.upstream_task_ids)
    begin = dag.get_task("ingest.begin_night")
    assert dag.get_task("ingest.prepare_warehouse").upstream_task_ids == {begin.task_id}
    assert publish.outlets and "noord_nederland" in publish.outlets[0].uri
    summary = dag.get_task("run_summary")
    assert summary.trigger_rule == "all_done" and publish.task_id in summary.upstream_task_ids


def test_transform_is_one_dbt_build_with_a_sensor_per_model_after_it(dagbag) -> None:  # type: ignore[no-untyped-def]
    """No dbt start per node: one producer runs the whole build, and every model's (and its tests')
    sensor comes after it, so a sensor never holds a slot the build needs."""
    dag = dagbag.dags["informatiebeeld_limburg"]
    transform = [t for t in dag.tasks if t.task_id.startswith("transform.")]
    producer = dag.get_task("transform.dbt_producer_watcher")
    assert {type(t).__name__ for t in transform} == {
        "DbtProducerWatcherOperator", "EmptyOperator", "DbtRunWatcherOperator", "DbtSeedWatcherOperator",
        "DbtTestWatcherOperator",
    }  # fmt: skip
    assert producer.retries == 0 and producer.queue == "limburg"
    assert {t.split(".")[0] for t in producer.upstream_task_ids} == {"ingest"}
    sensors = [t for t in transform if t.task_id.endswith((".run", ".seed", ".test"))]
    assert len(sensors) == len(transform) - 2
    for sensor in sensors:
        assert sensor.deferrable is False
        assert not {u for u in sensor.upstream_task_ids if not u.startswith("transform.")}, sensor.task_id
        within = {u for u in sensor.upstream_task_ids if u.startswith("transform.")}
        assert within, f"{sensor.task_id} starts before the build"
        if within == {producer.task_id}:
            assert sensor.trigger_rule == "none_failed_min_one_success"
    tested = {t.task_id.rsplit(".", 1)[0] for t in sensors if t.task_id.endswith(".test")}
    assert {"transform.jaarverslag_tabel1", "transform.gemeente_overzicht"} <= tested


def test_national_dag_waits_for_regional_publications(dagbag) -> None:  # type: ignore[no-untyped-def]
    dag = dagbag.dags["informatiebeeld_liec_nationaal"]
    assert "Asset" in type(dag.timetable).__name__
    assert {t.task_id for t in dag.tasks} == {"publish_national", "render_national_documents"}
    assert dag.get_task("render_national_documents").upstream_task_ids == {"publish_national"}


def test_documents_are_rendered_only_after_a_night_that_published(dagbag) -> None:  # type: ignore[no-untyped-def]
    dag = dagbag.dags["informatiebeeld_noord_nederland"]
    for task_id in ("documents.render_documents", "documents.dbt_docs"):
        task = dag.get_task(task_id)
        # run_summary fails a night that did not publish, so nothing is rendered from an old state by mistake
        assert task.upstream_task_ids == {"run_summary"}, task_id
        assert task.trigger_rule == "all_success"


def test_retention_dag_purges_every_region(dagbag) -> None:  # type: ignore[no-untyped-def]
    dag = dagbag.dags["informatiebeeld_bewaartermijnen"]
    assert {t.task_id for t in dag.tasks} == {f"purge_{r}" for r in load_regions()}
    assert dag.catchup is False and "On failure" in dag.doc_md


def test_every_task_runs_on_a_queue_whose_worker_has_only_the_keys_it_needs(dagbag) -> None:  # type: ignore[no-untyped-def]
    """Regional tasks on their region's queue, served by a worker that holds that region's key only
    (docker-compose.yml); everything else on the default queue, whose worker holds no key."""
    import yaml

    from informatiebeeld.config.paths import REPO_ROOT

    services = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    keys_by_queue: dict[str, set[str]] = {}
    for service in services.values():
        command = str(service.get("command", ""))
        if command.startswith("celery worker"):
            queue = command.split("--queues", 1)[1].strip()
            keys = {
                name for name in service["environment"] if name.startswith("AIRFLOW_CONN_INFORMATIEBEELD_PSEUDONYM_")
            }
            keys_by_queue[queue] = keys
    for dag_id, dag in dagbag.dags.items():
        if dag_id == "informatiebeeld_bewaartermijnen":
            # each purge where the region's landed files are: its own worker
            assert {task.task_id: task.queue for task in dag.tasks} == {f"purge_{r}": r for r in load_regions()}
            assert all(
                keys_by_queue[r] == {f"AIRFLOW_CONN_INFORMATIEBEELD_PSEUDONYM_{r.upper()}"} for r in load_regions()
            )
            continue
        region = dag_id.removeprefix("informatiebeeld_")
        expected_queue = region if region in load_regions() else "default"
        assert {task.queue for task in dag.tasks} == {expected_queue}, dag_id
        expected_keys = (
            {f"AIRFLOW_CONN_INFORMATIEBEELD_PSEUDONYM_{region.upper()}"} if region in load_regions() else set()
        )
        assert keys_by_queue[expected_queue] == expected_keys, f"the worker of queue {expected_queue}"


def test_start_dates_come_from_the_region_configuration(dagbag) -> None:  # type: ignore[no-untyped-def]
    from informatiebeeld.orchestration.dag_factory import TIMEZONE

    regions = load_regions()
    for code, region in regions.items():
        assert dagbag.dags[f"informatiebeeld_{code}"].start_date.in_timezone(TIMEZONE).date() == region.start_date
    earliest = min(r.start_date for r in regions.values())
    assert dagbag.dags["informatiebeeld_liec_nationaal"].start_date.in_timezone(TIMEZONE).date() == earliest


@pytest.mark.parametrize("dag_id", ["informatiebeeld_limburg", "informatiebeeld_liec_nationaal"])
def test_a_task_process_parses_only_its_own_dag_and_gets_the_same_one(dagbag, dag_id, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from airflow.dag_processing.dagbag import DagBag

    # What a task's process has set (Airflow's own context manager leaves it set after use).
    monkeypatch.setenv(_AIRFLOW_PARSING_CONTEXT_DAG_ID, dag_id)
    own = DagBag(dag_folder=str(DAGS_DIR))
    assert own.import_errors == {}
    assert own.dag_ids == [dag_id]
    mine, full = own.dags[dag_id], dagbag.dags[dag_id]
    assert {t.task_id: sorted(t.upstream_task_ids) for t in mine.tasks} == {
        t.task_id: sorted(t.upstream_task_ids) for t in full.tasks
    }
    assert type(mine.timetable) is type(full.timetable) and mine.timetable == full.timetable


def test_a_dag_id_not_ours_in_the_parsing_context_still_gets_every_dag(dagbag, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from airflow.dag_processing.dagbag import DagBag

    monkeypatch.setenv(_AIRFLOW_PARSING_CONTEXT_DAG_ID, "some_other_dag")
    assert set(DagBag(dag_folder=str(DAGS_DIR)).dag_ids) == set(dagbag.dag_ids)
