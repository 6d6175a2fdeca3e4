# Project image for every Airflow component (api-server, scheduler, dag-processor,
# worker, triggerer) and the one-shot warehouse-init. Build: docker compose build
FROM apache/airflow:3.3.2-python3.11

# The state directory (landing area, quarantine, run artefacts) lives on a named volume.
# Creating it here, owned by airflow:0 and group-writable, gives a fresh volume the right
# ownership and keeps it usable for any AIRFLOW_UID (the image always runs with GID 0).
USER root
# Chromium prints the informatiebeelden as PDF (documents task); fonts-dejavu is the documents' font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
# Landed and quarantined files: one volume per region (and joint form) in docker-compose.yml,
# mounted at these folders, which give the fresh volumes their ownership.
RUN mkdir -p /opt/informatiebeeld/state \
    && for folder in noord_nederland oost_nederland midden_nederland noord_holland amsterdam_amstelland \
        den_haag rotterdam zeeland_west_brabant oost_brabant limburg brabant_zeeland; do \
        mkdir -p /opt/informatiebeeld/landing/$folder /opt/informatiebeeld/quarantine/$folder; done \
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
    && python -c "import os; from importlib.metadata import version as v; \
        assert v('apache-airflow') == os.environ['AIRFLOW_VERSION'], v('apache-airflow')"
# deduce (the gate's second identifier detector) builds its lookup lists on first use, inside
# site-packages: build them now, not in the first night's gate.
RUN python -c "import deduce; deduce.Deduce()"

# The informatiebeeld package. Installed editable from /opt/airflow on purpose:
# informatiebeeld.config.paths finds include/config, dbt_project/ and expectations/
# relative to the package source (REPO_ROOT = parents[3] of paths.py), so /opt/airflow
# mirrors the repo; it also lets the read-only ./include bind mount of docker-compose.yml
# take effect. .dockerignore keeps the demo generator (include/informatiebeeld_demo/),
# tests and local build output out of the image.
COPY --chown=airflow:0 pyproject.toml /opt/airflow/pyproject.toml
COPY --chown=airflow:0 include/ /opt/airflow/include/
RUN pip install --no-cache-dir --no-deps -e /opt/airflow

COPY --chown=airflow:0 dags/ /opt/airflow/dags/
COPY --chown=airflow:0 dbt_project/ /opt/airflow/dbt_project/
COPY --chown=airflow:0 expectations/ /opt/airflow/expectations/

# The DAGs render dbt from dbt_project/target/manifest.json (cosmos LoadMode.DBT_MANIFEST).
# The same recipe as `make manifest`: dbt parse, which needs no database and no secret.
RUN informatiebeeld manifest

# dbt (target/, logs/) and Great Expectations (gx/uncommitted/) write into their project
# folders; group-writable so this also works when the container runs with another UID.
RUN chmod -R g+rwX /opt/airflow/dbt_project /opt/airflow/expectations
