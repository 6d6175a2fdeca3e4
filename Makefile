# The two commands a user needs: `make demo` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
UV_VERSION := 0.13.9

.PHONY: demo test lint venv manifest lock clean-state bench chromium portal airflow-ui

venv: $(STAMP)

# Bytecode is compiled at install: with PYTHONDONTWRITEBYTECODE set, every process (each Airflow task, each
# dbt call) would otherwise compile Airflow, dbt and GX from source again (seconds per process). deduce (the
# gate's second detector) builds its lookup cache inside site-packages on first use: built here, after the
# bytecode (newer files in its lookup folder invalidate the cache), not in the first gate (a minute or more).
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -c 'import gc; gc.disable(); import deduce; deduce.Deduce()' >/dev/null
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# Runs the nightly pipeline on generated demo data: embedded warehouse, real Airflow DAG runs.
demo: venv chromium
	$(BIN)/informatiebeeld demo $(if $(REGIONS),--regions $(REGIONS),)

# After `make demo`: the documents, dbt docs and Data Docs on http://127.0.0.1:8765/, and the Airflow UI.
portal: venv
	$(BIN)/informatiebeeld serve

airflow-ui: venv
	$(BIN)/informatiebeeld airflow api-server --host 127.0.0.1 --port 8080

# The whole test suite, against its own embedded warehouse (never the demo one). Files are handed out in
# the order tests/conftest.py sorts them (longest first); xdist would reorder them by number of tests.
test: venv chromium
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# The headless browser that prints the documents' PDFs and that the document tests open pages in.
chromium:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

lint: venv
	$(BIN)/ruff check include dags tests benchmarks
	$(BIN)/ruff format --check include dags tests benchmarks
	$(BIN)/sqlfluff lint --processes 0 dbt_project

# The dbt manifest the DAGs render from; the Dockerfile runs the same command (no database needed).
manifest: venv
	$(BIN)/informatiebeeld manifest

# Benchmarks (never part of `make test`), merged into .state/bench/bench.json: the ingest against a plain
# COPY and pandas to_sql on a 1M-row politie file, a night under Airflow against the bare steps, the
# DagBag parse, an incremental night against a full refresh at 100x the demo, and a national night
# (all ten regions; at the default NATIONAL_FRACTION=1 that alone takes hours on two cores).
NATIONAL_FRACTION ?= 1
bench: venv manifest
	$(BIN)/python benchmarks/ingest_speed.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/dag_vs_bare.py
	$(BIN)/python benchmarks/dag_parse.py
	$(BIN)/python benchmarks/incremental_vs_full.py
	$(BIN)/python benchmarks/national_night.py --fraction $(NATIONAL_FRACTION)
	@cat .state/bench/bench.json

# Re-pin dependencies after editing requirements.in.
lock:
	$(BIN)/uv pip compile requirements.in --python-version 3.11 --generate-hashes --no-header --quiet -o requirements.lock
	sed -i '1i # Pinned dependencies of the whole project. Regenerate with: make lock' requirements.lock

clean-state:
	-$(BIN)/informatiebeeld warehouse stop
	rm -rf .state
