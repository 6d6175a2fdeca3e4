# Project image for every Airflow component (api-server, scheduler, dag-processor,
# worker, triggerer) and the one-shot warehouse-init. Build: docker compose build
FROM apache/airflow:3.3.2-python3.11

# The state directory (landing area, quarantine, run artefacts) lives on a named volume.
# Creating it here, owned by airflow:0 and group-writable, gives a fresh volume the right
# ownership and keeps it usable for any AIRFLOW_UID (the image always runs with GID 0).
USER root
RUN mkdir -p /opt/informatiebeeld/state \
    && chown -R airflow:0 /opt/informatiebeeld \
    && chmod -R g+rwX /opt/informatiebeeld
USER airflow
ENV INFORMATIEBEELD_STATE_DIR=/opt/informatiebeeld/state

WORKDIR /opt/airflow

# Third-party dependencies, fully pinned by `uv pip compile`. --no-deps: install exactly
# the lock, nothing resolved on the fly. The check stops a lock that drifts from the base
# image's Airflow version from producing a silently mixed installation.
COPY --chown=airflow:0 requirements.lock /opt/airflow/requirements.lock
RUN pip install --no-cache-dir --no-deps -r /opt/airflow/requirements.lock \
    && python -c "import os, airflow; assert airflow.__version__ == os.environ['AIRFLOW_VERSION'], airflow.__version__"

# The informatiebeeld package (code in include/informatiebeeld, config YAML in include/config).
# Editable install so the repo layout is kept under /opt/airflow (include/config,
# dbt_project/ and expectations/ stay where they are in the repo) and so the read-only
# ./include bind mount in docker-compose.yml takes effect during development.
COPY --chown=airflow:0 pyproject.toml /opt/airflow/pyproject.toml
COPY --chown=airflow:0 include/ /opt/airflow/include/
RUN pip install --no-cache-dir --no-deps -e /opt/airflow

COPY --chown=airflow:0 dags/ /opt/airflow/dags/
COPY --chown=airflow:0 dbt_project/ /opt/airflow/dbt_project/
COPY --chown=airflow:0 expectations/ /opt/airflow/expectations/
# dbt (target/, logs/) and Great Expectations (gx/uncommitted/) write into their project
# folders; group-writable so this also works when the container runs with another UID.
RUN chmod -R g+rwX /opt/airflow/dbt_project /opt/airflow/expectations
