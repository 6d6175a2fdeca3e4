"""No YAML file of the dbt project repeats a key: dbt only warns and keeps the last one, so the tests
under an earlier ``data_tests:`` of the same model would silently not exist."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from informatiebeeld.config.paths import DBT_PROJECT_DIR


class _RefusingDuplicates(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:  # type: ignore[override]
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _yaml_files() -> list[Path]:
    skipped = {"target", "dbt_packages", "logs"}
    return sorted(p for p in DBT_PROJECT_DIR.rglob("*.yml") if not skipped & set(p.relative_to(DBT_PROJECT_DIR).parts))


def test_the_dbt_project_has_yaml_files() -> None:
    assert len(_yaml_files()) > 10


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: p.relative_to(DBT_PROJECT_DIR).as_posix())
def test_no_key_appears_twice(path: Path) -> None:
    yaml.load(path.read_text(encoding="utf-8"), Loader=_RefusingDuplicates)  # noqa: S506 (a SafeLoader)


def test_a_repeated_key_is_refused_with_its_line() -> None:
    text = "models:\n  - name: m\n    data_tests: [a]\n    columns: []\n    data_tests: [b]\n"
    with pytest.raises(yaml.constructor.ConstructorError, match="'data_tests' appears twice") as refused:
        yaml.load(text, Loader=_RefusingDuplicates)  # noqa: S506 (a SafeLoader)
    assert refused.value.problem_mark.line == 4  # type: ignore[union-attr]
