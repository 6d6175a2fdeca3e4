"""Static checks of the container stack: docker-compose.yml, Dockerfile and .env.example.

No Docker engine is needed. PyYAML resolves anchors and ``<<`` merge keys the way
Compose does, so the tests see each service as Compose would (before interpolation).
The secret checks run on Compose's interpolation syntax: every secret must come from
``.env`` through a *required* substitution (``${VAR:?message}``), never a literal value
and never a ``${VAR:-default}``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
MAKEFILE = REPO_ROOT / "Makefile"
ENV_EXAMPLE = REPO_ROOT / ".env.example"

REGIONS = (
    "noord_nederland",
    "oost_nederland",
    "midden_nederland",
    "noord_holland",
    "amsterdam_amstelland",
    "den_haag",
    "rotterdam",
    "zeeland_west_brabant",
    "oost_brabant",
    "limburg",
)
AIRFLOW_SERVICES = {
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-worker",
    "airflow-triggerer",
    "airflow-init",
}
ONE_SHOT_SERVICES = {"airflow-init", "warehouse-init"}
EXPECTED_SERVICES = AIRFLOW_SERVICES | ONE_SHOT_SERVICES | {"postgres", "redis", "warehouse"}
DEPENDS_ON_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
STATE_DIR = "/opt/informatiebeeld/state"
POSTGRES_DATA_DIR = "/var/lib/postgresql/data"

# --------------------------------------------------------------------------------------
# Compose interpolation
# --------------------------------------------------------------------------------------

# `$$` is Compose's escape for a literal `$` (the container's shell expands it later).
_INTERPOLATION = re.compile(r"\$\$|\$\{(?P<body>[^}]*)\}|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)")
_BODY = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>.*))?", re.S)
# What a substitution looks like after masking (see _mask).
_PLACEHOLDER = re.compile(r"%%(?P<kind>REQ|OPT)\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)%%")

_SECRET_NAME = re.compile(r"PASSWORD|SECRET|KEY|FERNET|TOKEN|PASSPHRASE", re.I)
# scheme://user:password@host
_URL_PASSWORD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^:@/\s\"']*:(?P<password>[^@\s\"']*)@")
# "password": "..." and other secret-looking fields in a JSON connection (or its extra).
_JSON_SECRET_FIELD = re.compile(
    r'"(?P<field>[^"]*(?:password|secret|key|token|passphrase)[^"]*)"\s*:\s*"(?P<value>[^"]*)"',
    re.I,
)
# NAME_PASSWORD=value inside a command, list-form environment entry or libpq DSN.
_ASSIGNMENT = re.compile(r"(?<![\w$])(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>\"[^\"]*\"|'[^']*'|[^\s;&|]+)")
# --password value, --requirepass=value, --api-key value ...
_CLI_FLAG = re.compile(
    r"(?<![\w-])--?(?P<flag>[A-Za-z0-9-]*(?:pass|secret|token|key)[A-Za-z0-9-]*)"
    r"(?:=|\s+)(?P<value>\"[^\"]*\"|'[^']*'|[^\s;&|]+)",
    re.I,
)
# A container-side reference to the container's own environment ($$VAR, $${VAR}).
_CONTAINER_ENV_REF = re.compile(r"\$\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)")


def _substitutions(text: str) -> list[tuple[str, str | None]]:
    """(variable, operator) for each Compose substitution in ``text``; `$$` is skipped."""
    found = []
    for match in _INTERPOLATION.finditer(text):
        if match.group(0) == "$$":
            continue
        if match.group("bare") is not None:
            found.append((match.group("bare"), None))
            continue
        body = _BODY.fullmatch(match.group("body"))
        if body is None:
            raise AssertionError(f"invalid substitution {match.group(0)!r} in {text!r}")
        found.append((body.group("name"), body.group("op")))
    return found


def _is_required(op: str | None) -> bool:
    return op in (":?", "?")


def _mask(text: str) -> str:
    """Replace each substitution by %%REQ.NAME%% (required) or %%OPT.NAME%% (other)."""

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$$"
        ((name, op),) = _substitutions(match.group(0))
        return f"%%{'REQ' if _is_required(op) else 'OPT'}.{name}%%"

    return _INTERPOLATION.sub(replace, text)


def _is_secret_reference(value: str) -> bool:
    """True for a required substitution or a container-side $$VAR reference, nothing else."""
    value = value.strip().strip("\"'")
    return bool(_PLACEHOLDER.fullmatch(value) and value.startswith("%%REQ.")) or bool(
        _CONTAINER_ENV_REF.fullmatch(value)
    )


def _walk(node: object, path: str = ""):
    """Yield (path, key, value) for every scalar in the document; key is None in lists."""
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            if isinstance(value, (dict, list)):
                yield from _walk(value, child)
            else:
                yield child, key, value
    elif isinstance(node, list):
        for index, value in enumerate(node):
            child = f"{path}[{index}]"
            if isinstance(value, (dict, list)):
                yield from _walk(value, child)
            else:
                yield child, None, value
        if node and all(isinstance(value, str) for value in node):
            # Exec-form commands split a flag from its value: ["--password", "x"].
            yield path, None, " ".join(node)


def _is_secret_key(key: object) -> bool:
    return isinstance(key, str) and (bool(_SECRET_NAME.search(key)) or key.upper().startswith("AIRFLOW_CONN_"))


def _key_violations(path: str, key: object, text: str, masked: str) -> list[str]:
    """A key that names a secret must hold exactly one required substitution."""
    if not _is_secret_key(key):
        return []
    if str(key).upper().startswith("AIRFLOW_CONN_"):
        # Its secret parts are checked by _embedded_violations; it must have at least one.
        if any(_is_required(op) for _, op in _substitutions(text)):
            return []
        return [f"{path}: connection without a required ${{...}} secret"]
    if _is_secret_reference(masked):
        return []
    return [f"{path}: {text!r} is not a single required ${{VAR:?...}}"]


def _embedded_violations(path: str, text: str, masked: str) -> list[str]:
    """Secret parts inside any value: URLs, JSON connections, commands, defaults."""
    problems = []
    for match in _URL_PASSWORD.finditer(masked):
        if match.group("password") and not _is_secret_reference(match.group("password")):
            problems.append(f"{path}: URL password {match.group('password')!r}")
    for match in _JSON_SECRET_FIELD.finditer(masked):
        if not _is_secret_reference(match.group("value")):
            problems.append(f"{path}: JSON field {match.group('field')!r} is literal")
    for match in _ASSIGNMENT.finditer(masked):
        if _SECRET_NAME.search(match.group("name")) and not _is_secret_reference(match.group("value")):
            problems.append(f"{path}: {match.group('name')}= has a literal value")
    for match in _CLI_FLAG.finditer(masked):
        if not _is_secret_reference(match.group("value")):
            problems.append(f"{path}: --{match.group('flag')} has a literal value")
    for name, op in _substitutions(text):
        if _SECRET_NAME.search(name) and not _is_required(op):
            problems.append(f"{path}: ${{{name}}} must use the required form ${{{name}:?...}}")
    return problems


def secret_violations(doc: dict) -> list[str]:
    """Every place in a parsed compose document where a secret is not a required ${...}."""
    problems = []
    for path, key, value in _walk(doc):
        text = "" if value is None else str(value)
        masked = _mask(text)
        problems += _key_violations(path, key, text, masked)
        problems += _embedded_violations(path, text, masked)
    return problems


# --------------------------------------------------------------------------------------
# Helpers and fixtures
# --------------------------------------------------------------------------------------


def _environment(service: dict) -> dict[str, str | None]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.split("=", 1) if "=" in item else (item, None) for item in env)
        return {name: value for name, value in pairs}
    return {name: None if value is None else str(value) for name, value in env.items()}


def _mounts(service: dict) -> list[tuple[str, str]]:
    """(source, target) of each volume entry, short or long syntax."""
    mounts = []
    for entry in service.get("volumes") or []:
        if isinstance(entry, dict):
            mounts.append((str(entry.get("source", "")), str(entry["target"])))
        else:
            parts = str(entry).split(":")
            mounts.append((parts[0], parts[1]) if len(parts) > 1 else ("", parts[0]))
    return mounts


def _command_text(service: dict) -> str:
    command = service.get("command") or ""
    return " ".join(command) if isinstance(command, list) else str(command)


def _env_example_vars() -> dict[str, str]:
    variables = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line)
        if match and not line.lstrip().startswith("#"):
            variables[match.group(1)] = match.group(2).strip()
    return variables


def _used_variables(doc: dict) -> dict[str, set[str | None]]:
    used: dict[str, set[str | None]] = {}
    for _, _, value in _walk(doc):
        if isinstance(value, str):
            for name, op in _substitutions(value):
                used.setdefault(name, set()).add(op)
    return used


@pytest.fixture(scope="module")
def compose_text() -> str:
    return COMPOSE_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def compose(compose_text: str) -> dict:
    doc = yaml.safe_load(compose_text)
    assert isinstance(doc, dict) and isinstance(doc.get("services"), dict)
    return doc


@pytest.fixture(scope="module")
def services(compose: dict) -> dict[str, dict]:
    return compose["services"]


# --------------------------------------------------------------------------------------
# Services, health and ordering
# --------------------------------------------------------------------------------------


def test_expected_services_exist(services: dict[str, dict]) -> None:
    missing = EXPECTED_SERVICES - services.keys()
    assert not missing, f"missing services: {sorted(missing)}"


def test_long_running_services_have_healthcheck_and_restart(services: dict[str, dict]) -> None:
    for name, service in services.items():
        if name in ONE_SHOT_SERVICES:
            continue
        healthcheck = service.get("healthcheck") or {}
        test = healthcheck.get("test")
        assert test and not healthcheck.get("disable"), f"{name} has no healthcheck"
        assert test not in (["NONE"], "NONE"), f"{name} disables its healthcheck"
        assert service.get("restart") in ("always", "unless-stopped"), f"{name} is not restarted"


def test_one_shot_services_are_not_restarted(services: dict[str, dict]) -> None:
    for name in ONE_SHOT_SERVICES:
        assert services[name].get("restart") not in ("always", "unless-stopped"), name


def test_depends_on_names_existing_services_with_conditions(services: dict[str, dict]) -> None:
    for name, service in services.items():
        depends_on = service.get("depends_on") or {}
        assert isinstance(depends_on, dict), f"{name}: depends_on must use the long form"
        for target, spec in depends_on.items():
            assert target in services, f"{name} depends on unknown service {target}"
            assert target != name, f"{name} depends on itself"
            condition = (spec or {}).get("condition")
            assert condition in DEPENDS_ON_CONDITIONS, f"{name} -> {target}: condition {condition}"
            if condition == "service_healthy":
                assert services[target].get("healthcheck"), f"{target} has no healthcheck"
            if condition == "service_completed_successfully":
                assert target in ONE_SHOT_SERVICES, f"{target} never completes"


def test_airflow_services_wait_for_init_and_backends(services: dict[str, dict]) -> None:
    for name in AIRFLOW_SERVICES:
        depends_on = services[name].get("depends_on") or {}
        for backend in ("postgres", "redis"):
            assert depends_on.get(backend, {}).get("condition") == "service_healthy", name
        if name != "airflow-init":
            assert depends_on["airflow-init"]["condition"] == "service_completed_successfully"


def test_warehouse_init_runs_after_healthy_warehouse(compose: dict, services: dict[str, dict]) -> None:
    init = services["warehouse-init"]
    assert init["depends_on"]["warehouse"]["condition"] == "service_healthy"
    assert re.search(r"\binformatiebeeld\s+warehouse\s+init\b", _command_text(init))
    assert init.get("image") == compose["x-airflow-common"]["image"], "not the project image"
    assert "INFORMATIEBEELD_WAREHOUSE_DSN" in _environment(init)
    worker_deps = services["airflow-worker"]["depends_on"]
    assert worker_deps["warehouse-init"]["condition"] == "service_completed_successfully"


# --------------------------------------------------------------------------------------
# Airflow configuration
# --------------------------------------------------------------------------------------


def test_airflow_services_share_common_anchor(compose: dict, services: dict[str, dict]) -> None:
    common = compose["x-airflow-common"]
    common_env = _environment(common)
    assert common_env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert common.get("build"), "x-airflow-common must build the project image"
    airflow_like = {name for name in services if name.startswith("airflow-")}
    assert airflow_like >= AIRFLOW_SERVICES
    for name in airflow_like:
        service = services[name]
        env = _environment(service)
        assert env.get("AIRFLOW__CORE__EXECUTOR") == "CeleryExecutor", name
        differing = {k for k, v in common_env.items() if env.get(k, object()) != v}
        assert not differing, f"{name} does not carry the common env: {sorted(differing)}"
        assert service.get("image") == common["image"], name
        assert service.get("build") == common["build"], name


def test_common_env_points_at_stack_services(compose: dict) -> None:
    env = _environment(compose["x-airflow-common"])
    assert re.match(r"postgresql\+psycopg2?://[^@]+@postgres(:5432)?/", env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"])
    assert re.match(r"db\+postgresql://[^@]+@postgres(:5432)?/", env["AIRFLOW__CELERY__RESULT_BACKEND"])
    assert re.match(r"redis://[^@]*@redis:6379/\d+$", env["AIRFLOW__CELERY__BROKER_URL"])
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
    assert env["AIRFLOW__CORE__LOAD_EXAMPLES"].lower() == "false"
    assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/airflow/dags"
    for secret_setting in (
        "AIRFLOW__CORE__FERNET_KEY",
        "AIRFLOW__API_AUTH__JWT_SECRET",
        "AIRFLOW__API__SECRET_KEY",
    ):
        assert env.get(secret_setting), f"{secret_setting} must be set for all components"


@pytest.mark.parametrize(
    ("service", "command"),
    [
        ("airflow-apiserver", "api-server"),
        ("airflow-scheduler", "scheduler"),
        ("airflow-dag-processor", "dag-processor"),
        ("airflow-worker", "celery worker"),
        ("airflow-triggerer", "triggerer"),
    ],
)
def test_airflow_component_commands(services: dict[str, dict], service: str, command: str) -> None:
    assert _command_text(services[service]).strip() == command


def test_apiserver_publishes_8080(services: dict[str, dict]) -> None:
    ports = [str(port) for port in services["airflow-apiserver"].get("ports", [])]
    assert any(port.endswith("8080:8080") for port in ports), ports


def test_worker_has_region_and_warehouse_connections(services: dict[str, dict]) -> None:
    env = _environment(services["airflow-worker"])
    expected = {f"informatiebeeld_pseudonym_{r}": f"PSEUDONYM_KEY_{r.upper()}" for r in REGIONS}
    expected["informatiebeeld_warehouse"] = "WAREHOUSE_PASSWORD"
    for conn_id, variable in expected.items():
        value = env.get(f"AIRFLOW_CONN_{conn_id.upper()}")
        assert value, f"connection {conn_id} is not configured on the worker"
        password = re.search(r'"password"\s*:\s*"([^"]*)"', value)
        assert password, f"{conn_id}: use the JSON form with a password field"
        assert _mask(password.group(1)) == f"%%REQ.{variable}%%", conn_id
    assert '"conn_type": "postgres"' in env["AIRFLOW_CONN_INFORMATIEBEELD_WAREHOUSE"]
    assert "@warehouse:5432/" in env["INFORMATIEBEELD_WAREHOUSE_DSN"]
    assert env["INFORMATIEBEELD_STATE_DIR"] == STATE_DIR


# --------------------------------------------------------------------------------------
# Volumes
# --------------------------------------------------------------------------------------


def _named_volume_at(compose: dict, service: str, target: str) -> str:
    sources = [src for src, tgt in _mounts(compose["services"][service]) if tgt == target]
    assert len(sources) == 1, f"{service} must mount exactly one volume at {target}"
    assert sources[0] in (compose.get("volumes") or {}), f"{sources[0]} is not a named volume"
    return sources[0]


def test_warehouse_has_its_own_volume(compose: dict, services: dict[str, dict]) -> None:
    metadata_volume = _named_volume_at(compose, "postgres", POSTGRES_DATA_DIR)
    warehouse_volume = _named_volume_at(compose, "warehouse", POSTGRES_DATA_DIR)
    assert metadata_volume != warehouse_volume
    warehouse = services["warehouse"]
    assert str(warehouse["image"]).startswith("postgres:16")
    assert "5433:5432" in [str(port) for port in warehouse.get("ports", [])]


def test_state_volume_on_worker(compose: dict) -> None:
    _named_volume_at(compose, "airflow-worker", STATE_DIR)


# --------------------------------------------------------------------------------------
# Secrets
# --------------------------------------------------------------------------------------


def test_no_literal_secrets_in_compose(compose: dict) -> None:
    assert secret_violations(compose) == []


def test_every_required_variable_is_guarded(compose_text: str, compose: dict) -> None:
    """Hard-coding any required variable in the real file must be caught."""
    required = {name for name, ops in _used_variables(compose).items() if ops & {":?", "?"}}
    assert required, "no required ${VAR:?...} substitutions found"
    for name in sorted(required):
        pattern = re.compile(r"\$\{" + name + r":?\?[^}]*\}")
        tampered = yaml.safe_load(pattern.sub("hunter2", compose_text))
        assert secret_violations(tampered), f"hard-coding {name} goes unnoticed"


_GOOD_VALUES = [
    {"POSTGRES_PASSWORD": "${PG_PASSWORD:?set it}"},
    {"DB_URL": "postgresql://app:${PG_PASSWORD:?set it}@db/app"},
    {"AIRFLOW_CONN_X": '{"conn_type": "generic", "password": "${X_KEY:?set it}"}'},
    {"AIRFLOW_CONN_Y": "postgres://${DB_USER:-app}:${DB_PASSWORD?}@db:5432/app"},
]
_BAD_VALUES = [
    {"POSTGRES_PASSWORD": "airflow"},
    {"POSTGRES_PASSWORD": "${PG_PASSWORD:-airflow}"},
    {"POSTGRES_PASSWORD": "${PG_PASSWORD}"},
    {"AIRFLOW__CORE__FERNET_KEY": "prefix-${FERNET:?set it}"},
    {"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "postgresql+psycopg2://airflow:airflow@postgres/airflow"},
    {"BROKER": "redis://:${REDIS_PASSWORD:-x}@redis:6379/0"},
    {"AIRFLOW_CONN_X": '{"conn_type": "generic", "password": "hunter2"}'},
    {"AIRFLOW_CONN_X": '{"conn_type": "generic", "extra": {"api_key": "hunter2"}}'},
    {"AIRFLOW_CONN_X": "postgres://app:hunter2@db:5432/app"},
    {"AIRFLOW_CONN_X": "postgres://db:5432/app"},
    ["POSTGRES_PASSWORD=hunter2"],
]


@pytest.mark.parametrize("environment", _GOOD_VALUES)
def test_secret_checker_accepts_substitutions(environment: object) -> None:
    doc = {"services": {"svc": {"image": "x", "environment": environment}}}
    assert secret_violations(doc) == []


@pytest.mark.parametrize("environment", _BAD_VALUES)
def test_secret_checker_rejects_literal_secrets(environment: object) -> None:
    doc = {"services": {"svc": {"image": "x", "environment": environment}}}
    assert secret_violations(doc)


@pytest.mark.parametrize(
    "command",
    [
        "redis-server --requirepass hunter2",
        ["bash", "-c", "PGPASSWORD=hunter2 psql -h warehouse"],
        ["airflow", "users", "create", "--password", "admin"],
        "psql 'host=warehouse password=hunter2'",
    ],
)
def test_secret_checker_rejects_literal_secrets_in_commands(command: object) -> None:
    doc = {"services": {"svc": {"image": "x", "command": command}}}
    assert secret_violations(doc)


def test_secret_checker_accepts_container_side_references() -> None:
    command = ["sh", "-c", 'exec redis-server --requirepass "$$REDIS_PASSWORD"']
    doc = {"services": {"svc": {"image": "x", "command": command}}}
    assert secret_violations(doc) == []


# --------------------------------------------------------------------------------------
# .env.example
# --------------------------------------------------------------------------------------


def test_env_example_lists_every_variable(compose: dict) -> None:
    missing = _used_variables(compose).keys() - _env_example_vars().keys()
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_env_example_has_no_unused_variables(compose: dict) -> None:
    unused = _env_example_vars().keys() - _used_variables(compose).keys()
    assert not unused, f"not used by docker-compose.yml: {sorted(unused)}"


def test_env_example_holds_only_placeholder_secrets() -> None:
    for name, value in _env_example_vars().items():
        if _SECRET_NAME.search(name):
            assert "change-me" in value, f"{name} in .env.example must be a change-me placeholder"


# --------------------------------------------------------------------------------------
# Dockerfile
# --------------------------------------------------------------------------------------


def _dockerfile_instructions() -> list[str]:
    text = DOCKERFILE.read_text(encoding="utf-8")
    logical = re.sub(r"\\\n", " ", text)  # join continuation lines
    return [line.strip() for line in logical.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_dockerfile_from_airflow_3_3_2() -> None:
    from_lines = [line for line in _dockerfile_instructions() if re.match(r"FROM\s", line, re.I)]
    assert from_lines, "Dockerfile has no FROM"
    for line in from_lines:
        assert re.fullmatch(
            r"FROM\s+(?:--platform=\S+\s+)?apache/airflow:3\.3\.2(?:-python3\.11)?(?:\s+AS\s+\S+)?",
            line,
            re.I,
        ), line


def test_dockerfile_installs_lock_and_package_without_deps() -> None:
    instructions = _dockerfile_instructions()
    runs = [line for line in instructions if line.upper().startswith("RUN")]
    assert any("requirements.lock" in run and "--no-deps" in run for run in runs)
    assert sum("--no-deps" in run for run in runs) >= 2, "the package must be installed --no-deps too"
    copies = " ".join(line for line in instructions if line.upper().startswith("COPY"))
    for path in ("requirements.lock", "pyproject.toml", "include/", "dags/", "dbt_project/", "expectations/"):
        assert path in copies, f"Dockerfile does not copy {path}"


def _make_recipe(target: str) -> list[str]:
    lines = MAKEFILE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"{re.escape(target)}\s*:(?!=)", line))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_dockerfile_builds_the_dbt_manifest_with_the_make_recipe() -> None:
    """The DAGs render dbt from target/manifest.json: the image must build it, as `make manifest` does."""
    instructions = _dockerfile_instructions()
    manifest = [i for i, line in enumerate(instructions) if re.fullmatch(r"RUN\s+informatiebeeld\s+manifest", line)]
    assert len(manifest) == 1, "the Dockerfile must RUN informatiebeeld manifest (the make manifest recipe)"
    assert _make_recipe("manifest") == ["$(BIN)/informatiebeeld manifest"]

    def position(pattern: str) -> int:
        found = [i for i, line in enumerate(instructions) if re.search(pattern, line)]
        assert found, pattern
        return found[-1]

    # After the package is installed and the dbt project copied; before dbt_project/ is made group-writable.
    assert position(r"^RUN\s.*pip install\s.*-e\s") < manifest[0]
    assert position(r"^COPY\s.*\bdbt_project/") < manifest[0]
    assert manifest[0] < position(r"^RUN\s+chmod\s.*dbt_project")
