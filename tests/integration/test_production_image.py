"""The production image parses its DAGs: checked on the image's file tree, without Docker.

The tree is what the Dockerfile's COPY lines bring in from the build context, after
.dockerignore, taken from a clean checkout of the work tree (tracked and not-ignored files
only, so local build output such as dbt_project/target cannot leak in). Both files are parsed,
not copied into this test: changing either one changes what is checked. In that tree the
Dockerfile's manifest recipe runs, then Airflow's DagBag loads the DAG folder in a subprocess
that imports the package from the tree, not from the checkout the venv has installed editable.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

from informatiebeeld.config.contracts import load_regions

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO_ROOT / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"
MANIFEST_RECIPE = re.compile(r"\binformatiebeeld\s+manifest\b")

# --------------------------------------------------------------------------------------
# Dockerfile and .dockerignore, read the way Docker reads them
# --------------------------------------------------------------------------------------


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction; continuation lines joined, comments dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    logical = re.sub(r"\\[ \t]*\n", " ", "\n".join(lines))
    instructions = []
    for line in logical.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


@dataclass(frozen=True)
class Copy:
    sources: list[str]
    destination: str  # absolute in the image; a trailing "/" means "into this folder"


def dockerfile_copies(text: str) -> tuple[str, list[Copy]]:
    """The image's root (the last WORKDIR) and every COPY from the build context."""
    workdir = "/"
    copies = []
    for keyword, arguments in dockerfile_instructions(text):
        assert keyword != "ADD", "use COPY: this test only knows COPY"
        if keyword == "WORKDIR":
            workdir = posixpath.join(workdir, arguments)
        if keyword != "COPY":
            continue
        words = json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)
        flags = [w for w in words if w.startswith("--")]
        assert not any(f.startswith("--from") for f in flags), "COPY --from is not a copy from the build context"
        *sources, destination = [w for w in words if not w.startswith("--")]
        assert not any(set("*?[") & set(source) for source in sources), f"COPY {sources}: wildcards not supported here"
        copies.append(Copy(sources, posixpath.join(workdir, destination)))
    return workdir.rstrip("/"), copies


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Docker's .dockerignore patterns (Go filepath.Match plus `**`) as a regular expression."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and "]" in pattern[i + 1 :]:
            end = pattern.index("]", i + 1)
            out.append(pattern[i : end + 1])
            i = end
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out))


class DockerIgnore:
    """A path is left out when the last pattern matching it or one of its parents is not a `!` one."""

    def __init__(self, text: str) -> None:
        self.rules: list[tuple[re.Pattern[str], bool]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            exception = line.startswith("!")
            pattern = posixpath.normpath(line[1:].strip() if exception else line).lstrip("/")
            self.rules.append((_glob_regex(pattern), exception))

    def excludes(self, path: str) -> bool:
        parts = path.split("/")
        candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        excluded = False
        for pattern, exception in self.rules:
            if any(pattern.fullmatch(candidate) for candidate in candidates):
                excluded = not exception
        return excluded


# --------------------------------------------------------------------------------------
# The image's file tree
# --------------------------------------------------------------------------------------


def clean_checkout_files() -> list[str]:
    """Files of the work tree a fresh clone would have: tracked or new, never git-ignored output."""
    listed = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return sorted({p for p in listed.split("\0") if p and (REPO_ROOT / p).is_file()})


def build_image_tree(target: Path) -> list[str]:
    """Copy into target what the image gets under its WORKDIR; returns the copied paths."""
    ignore = DockerIgnore(DOCKERIGNORE.read_text(encoding="utf-8"))
    context = [p for p in clean_checkout_files() if not ignore.excludes(p)]
    workdir, copies = dockerfile_copies(DOCKERFILE.read_text(encoding="utf-8"))
    copied = []
    for copy in copies:
        assert copy.destination.startswith(f"{workdir}/"), f"COPY to {copy.destination}: outside {workdir}"
        relative = copy.destination[len(workdir) + 1 :]
        for source in copy.sources:
            source = posixpath.normpath(source)
            if source in context:  # a file: to the destination, or into it when that is a folder
                pairs = [
                    (
                        source,
                        posixpath.join(relative, posixpath.basename(source)) if relative.endswith("/") else relative,
                    )
                ]
            else:  # a folder: its content into the destination
                pairs = [
                    (f, posixpath.join(relative, f[len(source) + 1 :])) for f in context if f.startswith(source + "/")
                ]
            assert pairs, f"COPY {source}: not in the build context (after .dockerignore): docker build would fail"
            for src, dest in pairs:
                (target / dest).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO_ROOT / src, target / dest)
                copied.append(dest)
    return sorted(copied)


def _subprocess_env(tree: Path, scratch: Path) -> dict[str, str]:
    """The test's environment without any warehouse, Airflow or dbt setting; paths into the tree."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("INFORMATIEBEELD_", "AIRFLOW", "PG", "DBT_", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        PYTHONPATH=str(tree / "include"),
        INFORMATIEBEELD_STATE_DIR=str(scratch / "state"),
        AIRFLOW_HOME=str(scratch / "airflow"),
        AIRFLOW__CORE__DAGS_FOLDER=str(tree / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        GX_ANALYTICS_ENABLED="False",
        DO_NOT_TRACK="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


# Runs in the subprocess. The venv has the checkout installed editable (a .pth entry for its
# include/): drop it, as the image has no such entry, so nothing missing from the tree is filled in.
DAGBAG_SCRIPT = textwrap.dedent(
    """
    import importlib.util, json, os, sys
    from pathlib import Path

    checkout_include, report = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != checkout_include]
    sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]

    import informatiebeeld
    from airflow import settings

    try:
        from airflow.dag_processing.dagbag import DagBag
    except ImportError:  # older location
        from airflow.models.dagbag import DagBag

    bag = DagBag(dag_folder=settings.DAGS_FOLDER)
    report.write_text(json.dumps({
        "informatiebeeld_file": informatiebeeld.__file__,
        "dags_folder": settings.DAGS_FOLDER,
        "demo_importable": importlib.util.find_spec("informatiebeeld_demo") is not None,
        "import_errors": {str(k): str(v) for k, v in bag.import_errors.items()},
        "dag_ids": sorted(bag.dag_ids),
    }))
    """
)


@dataclass(frozen=True)
class ImageBuild:
    tree: Path
    files: list[str]
    manifest_output: str
    report: dict


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> ImageBuild:
    scratch = tmp_path_factory.mktemp("image")
    tree = scratch / "opt-airflow"
    files = build_image_tree(tree)
    assert not (tree / "dbt_project" / "target").exists(), "local dbt output leaked into the image tree"
    env = _subprocess_env(tree, scratch)

    recipes = [args for keyword, args in dockerfile_instructions(DOCKERFILE.read_text("utf-8")) if keyword == "RUN"]
    recipes = [args for args in recipes if MANIFEST_RECIPE.search(args)]
    assert len(recipes) == 1, f"the Dockerfile must run the manifest recipe once, found {recipes}"
    built = subprocess.run(
        ["/bin/sh", "-c", recipes[0]], cwd=tree, env=env, capture_output=True, text=True, timeout=120
    )
    assert built.returncode == 0, f"RUN {recipes[0]} failed:\n{built.stdout}\n{built.stderr}"

    report_file = scratch / "dagbag.json"
    loaded = subprocess.run(
        [sys.executable, "-c", DAGBAG_SCRIPT, str(REPO_ROOT / "include"), str(report_file)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert loaded.returncode == 0, f"loading the DagBag failed:\n{loaded.stdout[-3000:]}\n{loaded.stderr[-3000:]}"
    return ImageBuild(tree, files, built.stdout, json.loads(report_file.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------


def test_image_tree_has_the_runtime_and_not_the_demo(image: ImageBuild) -> None:
    tops = {PurePosixPath(f).parts[0] for f in image.files}
    assert {"dags", "include", "dbt_project", "expectations", "pyproject.toml", "requirements.lock"} <= tops
    assert (image.tree / "include" / "informatiebeeld" / "orchestration" / "dag_factory.py").is_file()
    assert not (image.tree / "include" / "informatiebeeld_demo").exists()
    assert not [f for f in image.files if "informatiebeeld_demo" in f]
    for left_out in ("tests", "benchmarks", ".ci", ".git", ".env", ".state", ".venv"):
        assert not (image.tree / left_out).exists(), left_out
    assert not [f for f in image.files if "__pycache__" in f or f.endswith(".pyc")]


def test_manifest_recipe_writes_into_the_image_tree(image: ImageBuild) -> None:
    manifest = image.tree / "dbt_project" / "target" / "manifest.json"
    assert manifest.is_file()
    assert str(manifest) in image.manifest_output, image.manifest_output
    nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"]
    assert any(node["resource_type"] == "model" for node in nodes.values())


def test_dagbag_of_the_image_tree_has_every_dag_and_no_import_errors(image: ImageBuild) -> None:
    report = image.report
    assert Path(report["informatiebeeld_file"]).is_relative_to(image.tree / "include" / "informatiebeeld")
    assert Path(report["dags_folder"]) == image.tree / "dags"
    assert report["demo_importable"] is False, "informatiebeeld_demo must not ship in the image"
    assert report["import_errors"] == {}
    expected = {f"informatiebeeld_{code}" for code in load_regions()} | {
        "informatiebeeld_liec_nationaal",
        "informatiebeeld_bewaartermijnen",
    }
    assert set(report["dag_ids"]) == expected


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        ("include/informatiebeeld_demo/generator.py", True),
        ("tests/conftest.py", True),
        ("benchmarks/detector_false_positives.py", True),
        (".ci/run", True),
        (".env", True),
        ("dbt_project/target/manifest.json", True),
        ("include/informatiebeeld/__pycache__/x.cpython-311.pyc", True),
        ("include/informatiebeeld/orchestration/dag_factory.py", False),
        ("dags/informatiebeeld_dags.py", False),
        ("dbt_project/dbt_project.yml", False),
        ("expectations/gx/great_expectations.yml", False),
    ],
)
def test_dockerignore(path: str, excluded: bool) -> None:
    assert DockerIgnore(DOCKERIGNORE.read_text(encoding="utf-8")).excludes(path) is excluded


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        ("*\n!include/\ninclude/demo/", "include/a/b.py", False),
        ("*\n!include/\ninclude/demo/", "include/demo/b.py", True),
        ("*\n!include/\ninclude/demo/", "tests/x.py", True),
        ("**/__pycache__", "__pycache__/x.pyc", True),
        ("**/__pycache__", "a/b/__pycache__/x.pyc", True),
        ("a/*.py", "a/b.py", True),
        ("a/*.py", "a/b/c.py", False),
        ("/docs", "docs/x.md", True),
        ("docs", "src/docs/x.md", False),
    ],
)
def test_dockerignore_reader_follows_docker(patterns: str, path: str, excluded: bool) -> None:
    assert DockerIgnore(patterns).excludes(path) is excluded
