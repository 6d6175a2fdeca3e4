"""Static checks of the container stack: docker-compose.yml, Dockerfile, .env.example and docker/.

No Docker engine is needed. PyYAML resolves anchors and ``<<`` merge keys the way
Compose does, so the tests see each service as Compose would (before interpolation).
The secret checks run on Compose's interpolation syntax: every secret must come from
``.env`` through a *required* substitution (``${VAR:?message}``), never a literal value
and never a ``${VAR:-default}``.
"""

from __future__ import annotations

import ipaddress
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
MAKEFILE = REPO_ROOT / "Makefile"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
CHECK_SECRETS = REPO_ROOT / "docker" / "check-secrets.sh"
TLS_ENTRYPOINT = REPO_ROOT / "docker" / "postgres" / "tls-entrypoint.sh"
PG_HBA = REPO_ROOT / "docker" / "postgres" / "pg_hba.conf"

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
REGIONAL_WORKERS = {f"airflow-worker-{r.replace('_', '-')}": r for r in REGIONS}
AIRFLOW_SERVICES = {
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-worker",
    "airflow-triggerer",
    "airflow-init",
    *REGIONAL_WORKERS,
}
SECRETS_CHECK = "secrets-check"
ONE_SHOT_SERVICES = {"airflow-init", "warehouse-init", SECRETS_CHECK}
POSTGRES_SERVICES = {"postgres", "warehouse"}
EXPECTED_SERVICES = AIRFLOW_SERVICES | ONE_SHOT_SERVICES | POSTGRES_SERVICES | {"redis"}
# The only services that publish a port on the host; everything else is internal.
PUBLISHING_SERVICES = {"airflow-apiserver", "warehouse"}
# TLS that checks the server's certificate and host name (require and verify-ca do not both).
TLS_SSLMODES = {"verify-full"}
ROOT_CERT = "/opt/informatiebeeld/tls/root.crt"
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
# Fields whose name looks secret but that hold none (a key's version label).
NOT_SECRET_FIELDS = {"key_version"}
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


def _is_file_reference(name: str, value: str) -> bool:
    """NAME_FILE=/absolute/path names where a secret is read from (ssl_key_file=, *_PASSWORD_FILE=)."""
    return name.lower().endswith("_file") and value.strip("\"'").startswith("/")


def _embedded_violations(path: str, text: str, masked: str) -> list[str]:
    """Secret parts inside any value: URLs, JSON connections, commands, defaults."""
    problems = []
    for match in _URL_PASSWORD.finditer(masked):
        if match.group("password") and not _is_secret_reference(match.group("password")):
            problems.append(f"{path}: URL password {match.group('password')!r}")
    secret_fields = (m for m in _JSON_SECRET_FIELD.finditer(masked) if m.group("field") not in NOT_SECRET_FIELDS)
    for match in secret_fields:
        if not _is_secret_reference(match.group("value")):
            problems.append(f"{path}: JSON field {match.group('field')!r} is literal")
    for match in _ASSIGNMENT.finditer(masked):
        if _is_file_reference(match.group("name"), match.group("value")):
            continue
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
        ("airflow-worker", "celery worker --queues default"),
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
    assert '"conn_type": "postgres"' in env["AIRFLOW_CONN_INFORMATIEBEELD_WAREHOUSE"]
    assert "@warehouse:5432/" in env["INFORMATIEBEELD_WAREHOUSE_DSN"]
    assert env["INFORMATIEBEELD_STATE_DIR"] == STATE_DIR


def test_each_region_key_is_on_its_own_worker_only(services: dict[str, dict]) -> None:
    """A region's key reaches exactly one service that runs tasks: the worker of its queue."""
    holders: dict[str, set[str]] = {}
    for name, service in services.items():
        for variable in _environment(service):
            if variable.startswith("AIRFLOW_CONN_INFORMATIEBEELD_PSEUDONYM_"):
                holders.setdefault(variable, set()).add(name)
    for worker, region in REGIONAL_WORKERS.items():
        conn_var = f"AIRFLOW_CONN_INFORMATIEBEELD_PSEUDONYM_{region.upper()}"
        assert holders.get(conn_var) == {worker}, f"{conn_var} is on {holders.get(conn_var)}"
        assert _command_text(services[worker]).strip() == f"celery worker --queues {region}"
        value = _environment(services[worker])[conn_var]
        password = re.search(r'"password"\s*:\s*"([^"]*)"', value)
        assert password and _mask(password.group(1)) == f"%%REQ.PSEUDONYM_KEY_{region.upper()}%%", worker
        version = json.loads(value.replace(password.group(1), "x"))["extra"]["key_version"]
        assert _mask(version) == f"%%OPT.PSEUDONYM_VERSION_{region.upper()}%%", "the connection carries key_version"
        same = services["airflow-worker"]
        for part in ("depends_on", "healthcheck", "image"):
            assert services[worker].get(part) == same.get(part), f"{worker}.{part} differs from airflow-worker"
        own = [m for m in services[worker]["volumes"] if m not in same["volumes"]]
        assert services[worker]["volumes"] == same["volumes"] + own, (
            f"{worker} mounts what airflow-worker does, and more"
        )
    assert len(holders) == len(REGIONAL_WORKERS), "no other key connection anywhere"


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
    assert any(str(port).endswith(":5433:5432") for port in warehouse.get("ports", []))


def test_state_volume_on_worker(compose: dict) -> None:
    _named_volume_at(compose, "airflow-worker", STATE_DIR)


# --------------------------------------------------------------------------------------
# Secrets
# --------------------------------------------------------------------------------------


def test_no_literal_secrets_in_compose(compose: dict) -> None:
    assert secret_violations(compose) == []


def test_every_required_variable_is_guarded(compose_text: str, compose: dict) -> None:
    """Hard-coding any required secret in the real file must be caught.

    (POSTGRES_TLS_DIR is required too, but it is a path, not a secret.)
    """
    required = {
        name for name, ops in _used_variables(compose).items() if ops & {":?", "?"} and _SECRET_NAME.search(name)
    }
    assert {name for name, ops in _used_variables(compose).items() if ops & {":?", "?"}} - required == {
        "POSTGRES_TLS_DIR"
    }
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


@pytest.mark.parametrize(
    "command",
    [
        ["postgres", "-c", "ssl_key_file=/var/lib/postgresql/tls/server.key"],
        "POSTGRES_PASSWORD_FILE=/run/secrets/pg sh -c start",
    ],
)
def test_secret_checker_accepts_file_paths(command: object) -> None:
    doc = {"services": {"svc": {"image": "x", "command": command}}}
    assert secret_violations(doc) == []


@pytest.mark.parametrize("command", ["postgres -c ssl_key_file=hunter2", "DB_PASSWORD_FILE=hunter2 start"])
def test_secret_checker_rejects_file_names_with_literal_values(command: str) -> None:
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
# Published ports
# --------------------------------------------------------------------------------------


def _resolve(text: str, env: dict[str, str]) -> str | None:
    """``text`` as Compose would interpolate it with ``env``; None if a variable stays unresolved."""
    unresolved = False

    def replace(match: re.Match[str]) -> str:
        nonlocal unresolved
        if match.group(0) == "$$":
            return "$"
        body = _BODY.fullmatch(match.group("bare") or match.group("body"))
        assert body is not None
        name, op, arg = body.group("name"), body.group("op"), body.group("arg")
        value = env.get(name)
        if op in (":-", "-") and (value is None or (op == ":-" and value == "")):
            return arg
        if value is None:
            unresolved = True
            return ""
        return value

    resolved = _INTERPOLATION.sub(replace, text)
    return None if unresolved else resolved


def _host_ip(entry: object) -> str | None:
    """The host address a ports entry binds to; None when it binds to all interfaces."""
    if isinstance(entry, dict):
        return entry.get("host_ip") or None
    text = str(entry).rsplit("/", 1)[0]
    if text.startswith("["):
        return text[1 : text.index("]")]
    parts = text.split(":")
    return parts[0] if len(parts) == 3 and parts[0] else None


def port_exposure(doc: dict, env: dict[str, str]) -> list[str]:
    """Every published port that does not bind to a loopback address once interpolated with ``env``."""
    problems = []
    for name, service in (doc.get("services") or {}).items():
        for entry in service.get("ports") or []:
            if isinstance(entry, dict):
                resolved: object = {k: _resolve(str(v), env) for k, v in entry.items()}
            else:
                resolved = _resolve(str(entry), env)
            if resolved is None or (isinstance(resolved, dict) and None in resolved.values()):
                problems.append(f"{name}: {entry!r} needs a default for its bind address")
                continue
            ip = _host_ip(resolved)
            try:
                loopback = ip is not None and ipaddress.ip_address(ip).is_loopback
            except ValueError:
                loopback = False
            if not loopback:
                problems.append(f"{name}: {entry!r} binds to {ip or 'all interfaces'}")
    return problems


def test_published_ports_bind_to_localhost_by_default(compose: dict) -> None:
    assert port_exposure(compose, {}) == []


def test_published_ports_bind_to_localhost_with_env_example(compose: dict) -> None:
    assert port_exposure(compose, _env_example_vars()) == []


def test_bind_addresses_are_configurable(services: dict[str, dict]) -> None:
    for service, variable, port in (
        ("airflow-apiserver", "AIRFLOW_BIND_ADDRESS", "8080:8080"),
        ("warehouse", "WAREHOUSE_BIND_ADDRESS", "5433:5432"),
    ):
        ports = [str(entry) for entry in services[service]["ports"]]
        assert ports == [f"${{{variable}:-127.0.0.1}}:{port}"], service
        assert _env_example_vars()[variable] == "127.0.0.1"
        assert port_exposure({"services": {service: services[service]}}, {variable: "10.0.0.5"}), (
            f"{variable} does not change where {service} binds"
        )


def test_only_the_api_server_and_the_warehouse_publish_ports(services: dict[str, dict]) -> None:
    publishing = {name for name, service in services.items() if service.get("ports")}
    assert publishing == PUBLISHING_SERVICES


@pytest.mark.parametrize(
    "entry",
    [
        "8080:8080",
        "8080",
        "0.0.0.0:8080:8080",
        "[::]:8080:8080",
        "${BIND}:8080:8080",
        "${BIND:-0.0.0.0}:8080:8080",
        "${BIND-}:5433:5432",
        {"target": 8080, "published": 8080},
        {"target": 8080, "published": 8080, "host_ip": "0.0.0.0"},
    ],
)
def test_port_check_rejects_all_interfaces(entry: object) -> None:
    assert port_exposure({"services": {"svc": {"ports": [entry]}}}, {})


@pytest.mark.parametrize(
    "entry",
    [
        "127.0.0.1:8080:8080",
        "[::1]:8080:8080/tcp",
        "${BIND:-127.0.0.1}:5433:5432",
        {"target": 8080, "published": 8080, "host_ip": "127.0.0.1"},
    ],
)
def test_port_check_accepts_loopback(entry: object) -> None:
    assert port_exposure({"services": {"svc": {"ports": [entry]}}}, {}) == []


# --------------------------------------------------------------------------------------
# Secrets check before start
# --------------------------------------------------------------------------------------


def _checked_secrets(service: dict) -> dict[str, int | None]:
    """NAME -> minimum length (None: the script's default) from the secrets-check command."""
    checked = {}
    for spec in service["command"]:
        name, _, minimum = str(spec).partition(":")
        checked[name] = int(minimum) if minimum else None
    return checked


def test_every_service_waits_for_the_secrets_check(services: dict[str, dict]) -> None:
    for name, service in services.items():
        if name == SECRETS_CHECK:
            assert not service.get("depends_on"), "the secrets check must run first"
            continue
        condition = ((service.get("depends_on") or {}).get(SECRETS_CHECK) or {}).get("condition")
        assert condition == "service_completed_successfully", f"{name} does not wait for {SECRETS_CHECK}"


def test_secrets_check_runs_the_committed_script(services: dict[str, dict]) -> None:
    check = services[SECRETS_CHECK]
    assert check["entrypoint"] == ["sh", "/check-secrets.sh"]
    assert ("./docker/check-secrets.sh", "/check-secrets.sh") in _mounts(check)
    assert CHECK_SECRETS.is_file()
    assert check.get("restart") in (None, "no")


def test_secrets_check_covers_every_secret(compose: dict, services: dict[str, dict]) -> None:
    secrets = {name for name in _used_variables(compose) if _SECRET_NAME.search(name)}
    check = services[SECRETS_CHECK]
    checked = _checked_secrets(check)
    assert set(checked) == secrets, "list every secret in the secrets-check command"
    env = _environment(check)
    for name in secrets:
        assert _mask(env.get(name) or "") == f"%%REQ.{name}%%", f"{SECRETS_CHECK} does not receive {name}"
    for region in REGIONS:
        assert (checked[f"PSEUDONYM_KEY_{region.upper()}"] or 0) >= 32, "pseudonym keys: at least 32 characters"
    assert checked["AIRFLOW_FERNET_KEY"] == 44, "a Fernet key is 44 characters"


def _run_check(*names: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    sh = shutil.which("sh")
    assert sh, "no POSIX sh on this machine"
    return subprocess.run(
        [sh, str(CHECK_SECRETS), *names],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


GOOD_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("change-me", "placeholder"),
        ("Change-Me-but-much-longer-than-16", "placeholder"),
        ("Sh0rtSecr3t", "shorter than 16"),
        ("", "empty"),
    ],
)
def test_check_secrets_refuses_bad_values(value: str, reason: str) -> None:
    result = _run_check("GOOD_ONE", "BAD_ONE", env={"GOOD_ONE": GOOD_SECRET, "BAD_ONE": value})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "BAD_ONE" in result.stderr and reason in result.stderr
    assert "GOOD_ONE" not in output, "only the failing variable is named"
    if value:
        assert value.lower() not in output.lower(), "the message must never print the value"
    assert GOOD_SECRET not in output


def test_check_secrets_refuses_an_unset_variable() -> None:
    result = _run_check("MISSING_SECRET", env={})
    assert result.returncode == 1
    assert "MISSING_SECRET is empty or unset" in result.stderr


def test_check_secrets_per_variable_minimum() -> None:
    value = "a" * 31
    result = _run_check("PSEUDONYM_KEY:32", env={"PSEUDONYM_KEY": value})
    assert result.returncode == 1 and "PSEUDONYM_KEY is shorter than 32" in result.stderr
    assert value not in result.stdout + result.stderr
    assert _run_check("PSEUDONYM_KEY:31", env={"PSEUDONYM_KEY": value}).returncode == 0


def test_check_secrets_accepts_good_values() -> None:
    result = _run_check("A_SECRET", "B_SECRET:32", env={"A_SECRET": GOOD_SECRET, "B_SECRET": GOOD_SECRET})
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and GOOD_SECRET not in result.stdout


@pytest.mark.parametrize("names", [(), ("bad;name",), ("OK:x",), ("1ABC",)])
def test_check_secrets_rejects_a_wrong_call(names: tuple[str, ...]) -> None:
    assert _run_check(*names, env={"OK": GOOD_SECRET}).returncode == 2


def test_check_secrets_refuses_env_example_and_accepts_real_values(services: dict[str, dict]) -> None:
    """The stack's own check, fed .env.example, names every secret; fed generated values, passes."""
    names = [str(spec) for spec in services[SECRETS_CHECK]["command"]]
    checked = _checked_secrets(services[SECRETS_CHECK])
    placeholder = _run_check(*names, env=_env_example_vars())
    assert placeholder.returncode == 1
    for name in checked:
        assert f"check-secrets: {name} " in placeholder.stderr, f"{name} with its placeholder goes unnoticed"
    good = {name: (GOOD_SECRET * 2)[: max(minimum or 16, 44)] for name, minimum in checked.items()}
    result = _run_check(*names, env=good)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------
# TLS to PostgreSQL
# --------------------------------------------------------------------------------------


def _postgres_settings(service: dict) -> dict[str, str]:
    """The -c name=value settings of a postgres command."""
    command = [str(part) for part in service.get("command") or []]
    assert command and command[0] == "postgres", "run postgres with explicit settings"
    settings = {}
    for flag, setting in zip(command[1::2], command[2::2], strict=True):
        assert flag == "-c", command
        name, _, value = setting.partition("=")
        settings[name] = value
    return settings


@pytest.mark.parametrize("name", sorted(POSTGRES_SERVICES))
def test_postgres_runs_with_tls(services: dict[str, dict], name: str) -> None:
    service = services[name]
    assert str(service["image"]).startswith("postgres:16")
    settings = _postgres_settings(service)
    assert settings.get("ssl") == "on", f"{name} runs without ssl"
    assert settings["ssl_cert_file"] == "/var/lib/postgresql/tls/server.crt"
    assert settings["ssl_key_file"] == "/var/lib/postgresql/tls/server.key"
    assert settings["hba_file"] == "/etc/postgresql/pg_hba.conf"
    assert service["entrypoint"] == ["sh", "/usr/local/bin/tls-entrypoint.sh"]
    mounts = dict((target, source) for source, target in _mounts(service))
    assert mounts["/usr/local/bin/tls-entrypoint.sh"] == "./docker/postgres/tls-entrypoint.sh"
    assert mounts["/etc/postgresql/pg_hba.conf"] == "./docker/postgres/pg_hba.conf"
    assert _mask(mounts["/tls"]) == "%%REQ.POSTGRES_TLS_DIR%%", "the certificate directory comes from .env"
    (tls,) = [entry for entry in service["volumes"] if isinstance(entry, dict) and entry["target"] == "/tls"]
    assert tls["type"] == "bind" and tls["read_only"] is True


def test_tls_entrypoint_hands_the_key_to_postgres_and_starts_the_image() -> None:
    script = TLS_ENTRYPOINT.read_text(encoding="utf-8")
    assert "install -o postgres -g postgres -m 0600 /tls/server.key /var/lib/postgresql/tls/server.key" in script
    assert "/tls/server.crt /var/lib/postgresql/tls/server.crt" in script
    assert script.rstrip().splitlines()[-1] == 'exec docker-entrypoint.sh "$@"'


def test_pg_hba_refuses_connections_without_tls() -> None:
    rules = [line.split() for line in PG_HBA.read_text(encoding="utf-8").splitlines()]
    rules = [rule for rule in rules if rule and not rule[0].startswith("#")]
    network = [rule for rule in rules if rule[0] != "local"]
    assert network, "pg_hba.conf has no network rule"
    assert all(rule[0] in ("hostssl", "hostnossl") for rule in network), "a `host` line allows plain TCP"
    assert all(rule[-1] == "reject" for rule in network if rule[0] == "hostnossl")
    assert ["hostnossl", "all", "all", "all", "reject"] in network
    assert all(rule[-1] in ("scram-sha-256", "reject") for rule in network), "passwords only as SCRAM"


_POSTGRES_URL = re.compile(r"(?:db\+)?postgres(?:ql)?(?:\+[a-z0-9]+)?://[^\s'\"]+")


def dsn_violations(doc: dict) -> list[str]:
    """Every PostgreSQL URL or JSON postgres connection that does not insist on TLS."""
    problems = []
    for path, _, value in _walk(doc):
        masked = _mask("" if value is None else str(value))
        for url in _POSTGRES_URL.findall(masked):
            modes = parse_qs(urlsplit(url).query).get("sslmode", [])
            if len(modes) != 1 or modes[0] not in TLS_SSLMODES:
                problems.append(f"{path}: {url} has no sslmode=verify-full")
        if masked.lstrip().startswith("{"):
            try:
                conn = json.loads(masked)
            except ValueError:
                continue
            is_postgres = isinstance(conn, dict) and conn.get("conn_type") in ("postgres", "postgresql")
            if is_postgres and (conn.get("extra") or {}).get("sslmode") not in TLS_SSLMODES:
                problems.append(f"{path}: postgres connection without extra.sslmode=verify-full")
    return problems


def test_every_dsn_requires_tls(compose: dict) -> None:
    assert dsn_violations(compose) == []


def test_dsns_are_found(compose: dict, services: dict[str, dict]) -> None:
    """The DSN check sees every database URL of the stack (so a new one cannot slip past)."""
    env = _environment(compose["x-airflow-common"])
    worker = _environment(services["airflow-worker"])
    for value in (
        env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"],
        env["AIRFLOW__CELERY__RESULT_BACKEND"],
        worker["INFORMATIEBEELD_WAREHOUSE_DSN"],
    ):
        stripped = value.replace("sslmode=verify-full", "")
        assert dsn_violations({"services": {"svc": {"environment": {"X": stripped}}}}), stripped
    conn = worker["AIRFLOW_CONN_INFORMATIEBEELD_WAREHOUSE"].replace('"sslmode": "verify-full", ', "")
    assert dsn_violations({"services": {"svc": {"environment": {"X": conn}}}}), conn


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("postgresql://u:${P:?x}@warehouse:5432/db?sslmode=verify-full", True),
        ("postgresql+psycopg2://u:${P:?x}@postgres/airflow?sslmode=verify-full&sslrootcert=/ca.crt", True),
        ("postgresql://u:${P:?x}@warehouse:5432/db?sslmode=require", False),
        ("postgresql://u:${P:?x}@warehouse:5432/db?sslmode=verify-ca", False),
        ("postgresql://u:${P:?x}@warehouse:5432/db", False),
        ("postgresql://u:${P:?x}@warehouse:5432/db?sslmode=prefer", False),
        ("db+postgresql://u:${P:?x}@postgres/airflow?sslmode=disable", False),
        ("postgres://u:${P:?x}@warehouse:5432/db?connect_timeout=5", False),
        ('{"conn_type": "postgres", "host": "warehouse", "password": "${P:?x}"}', False),
        ('{"conn_type": "postgres", "host": "w", "extra": {"sslmode": "allow"}}', False),
        ('{"conn_type": "postgres", "host": "w", "extra": {"sslmode": "verify-ca"}}', False),
        ('{"conn_type": "postgres", "host": "w", "extra": {"sslmode": "verify-full"}}', True),
    ],
)
def test_dsn_check(value: str, ok: bool) -> None:
    doc = {"services": {"svc": {"environment": {"X": value}}}}
    assert (dsn_violations(doc) == []) is ok


def test_clients_default_to_tls(compose: dict, services: dict[str, dict]) -> None:
    """libpq's default for connections built without a DSN (dbt's profile, drivers): verify the
    server against the root certificate, which every such service has mounted (alone, read-only)."""
    assert _environment(compose["x-airflow-common"]).get("PGSSLMODE") == "verify-full"
    for name in AIRFLOW_SERVICES | {"warehouse-init"}:
        env = _environment(services[name])
        assert env.get("PGSSLMODE") == "verify-full", name
        assert env.get("PGSSLROOTCERT") == ROOT_CERT, name
        (mount,) = [m for m in services[name]["volumes"] if isinstance(m, dict) and m["target"] == ROOT_CERT]
        assert mount["type"] == "bind" and mount["read_only"] is True, name
        assert _mask(mount["source"]) == "%%REQ.POSTGRES_TLS_DIR%%/root.crt", name


def test_only_the_servers_see_the_tls_key(services: dict[str, dict]) -> None:
    """The folder with server.key is mounted into the two PostgreSQL servers only; clients get the
    root certificate as a single file."""
    for name, service in services.items():
        tls_dir = [src for src, target in _mounts(service) if _mask(src) == "%%REQ.POSTGRES_TLS_DIR%%"]
        assert bool(tls_dir) == (name in POSTGRES_SERVICES), name


def test_the_worker_dsn_keeps_sslmode_when_parsed(services: dict[str, dict]) -> None:
    """The tasks' connection parameters must not drop the DSN's sslmode (params_from_dsn)."""
    from informatiebeeld.warehouse.connection import params_from_dsn

    dsn = _resolve(
        _environment(services["airflow-worker"])["INFORMATIEBEELD_WAREHOUSE_DSN"], {"WAREHOUSE_PASSWORD": "pw"}
    )
    assert dsn is not None
    params = params_from_dsn(dsn)
    assert params.sslmode == "verify-full"
    assert "sslmode=verify-full" in params.conninfo()
    assert "sslmode=verify-full" in params.sqlalchemy_url()
    assert params.with_db("airflow").sslmode == "verify-full"
    assert params.sslrootcert == ROOT_CERT
    assert f"sslrootcert={ROOT_CERT}" in params.conninfo()
    assert f"sslrootcert={ROOT_CERT}" in params.sqlalchemy_url()
    assert f"sslrootcert={ROOT_CERT}" in params.airflow_conn_uri()


def test_no_key_or_certificate_is_committed() -> None:
    try:
        tracked = subprocess.run(
            ["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    assert not [path for path in tracked if re.search(r"\.(key|pem|crt|p12|pfx)$", path)]
    ignored = (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/tls/" in ignored


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


def test_the_pipeline_login_is_not_the_warehouse_superuser(services: dict[str, dict]) -> None:
    """The warehouse's superuser (POSTGRES_USER) is the admin, known to warehouse-init only; every
    task connects as WAREHOUSE_USER, which warehouse-init makes a non-superuser owner."""
    from informatiebeeld.warehouse.connection import params_from_dsn

    defaults = _env_example_vars()
    superuser = _resolve(_environment(services["warehouse"])["POSTGRES_USER"], defaults)
    task_dsn = _resolve(_environment(services["airflow-worker"])["INFORMATIEBEELD_WAREHOUSE_DSN"], defaults)
    admin_dsn = _resolve(_environment(services["warehouse-init"])["INFORMATIEBEELD_WAREHOUSE_ADMIN_DSN"], defaults)
    assert task_dsn and admin_dsn and superuser
    assert params_from_dsn(task_dsn).user != superuser, "tasks must not connect as the server's superuser"
    assert params_from_dsn(admin_dsn).user == superuser
    holders = sorted(name for name, service in services.items() if "WAREHOUSE_ADMIN_PASSWORD" in str(service))
    assert holders == ["secrets-check", "warehouse", "warehouse-init"], "only the bootstrap knows the admin"


LANDING_DIR = "/opt/informatiebeeld/landing"
QUARANTINE_DIR = "/opt/informatiebeeld/quarantine"


def _delivered_file_mounts(service: dict) -> dict[str, str]:
    """target -> volume of every mount under the landing or quarantine folder."""
    return {tgt: src for src, tgt in _mounts(service) if tgt.startswith((LANDING_DIR, QUARANTINE_DIR))}


def test_delivered_files_are_on_their_regions_worker_only(compose: dict, services: dict[str, dict]) -> None:
    """Landed and quarantined files hold raw identifiers: each region's are a volume of their own,
    mounted into that region's worker only (joint forms into each region that delivers for them),
    and never part of the shared state volume."""
    from informatiebeeld.config import reference

    env = _environment(compose["x-airflow-common"])
    assert env["INFORMATIEBEELD_LANDING_DIR"] == LANDING_DIR and env["INFORMATIEBEELD_QUARANTINE_DIR"] == QUARANTINE_DIR
    assert not LANDING_DIR.startswith(STATE_DIR) and not QUARANTINE_DIR.startswith(STATE_DIR)
    holders: dict[str, set[str]] = {}
    for name, service in services.items():
        for volume in _delivered_file_mounts(service).values():
            holders.setdefault(volume, set()).add(name)
    for worker, region in REGIONAL_WORKERS.items():
        expected = {
            f"{LANDING_DIR}/{region}": f"landing-{region.replace('_', '-')}",
            f"{QUARANTINE_DIR}/{region}": f"quarantine-{region.replace('_', '-')}",
            **{
                f"{LANDING_DIR}/{form}": f"landing-{form.replace('_', '-')}"
                for form in reference.forms_of_region(region)
            },
        }
        assert _delivered_file_mounts(services[worker]) == expected, worker
        for volume in expected.values():
            assert volume in compose["volumes"], f"{volume} is not a named volume"
            for other in (REGIONAL_WORKERS[w] for w in holders[volume]):
                joint = {f"landing-{form.replace('_', '-')}" for form in reference.forms_of_region(other)}
                assert other == region or volume in joint, f"{volume} is mounted by {sorted(holders[volume])}"
    assert set().union(*holders.values()) == set(REGIONAL_WORKERS), "no other service sees delivered files"


def test_the_image_owns_every_delivered_file_mountpoint() -> None:
    """A fresh named volume takes the ownership of its mountpoint in the image: the Dockerfile
    creates every region's (and joint form's) landing and quarantine folder for the airflow user."""
    from informatiebeeld.config import reference

    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text(encoding="utf-8"))  # continuation lines joined
    folders = {*REGIONS, *(form for region in REGIONS for form in reference.forms_of_region(region))}
    listed = re.search(r"for folder in ([a-z_ ]+); do", text)
    assert listed, "the Dockerfile loops over the delivered-file folders"
    assert set(listed.group(1).split()) == folders
    assert f"{LANDING_DIR}/$folder" in text and f"{QUARANTINE_DIR}/$folder" in text
    assert "chown -R airflow:0 /opt/informatiebeeld" in text
