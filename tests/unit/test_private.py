"""Private folders and files: 0700 and 0600 whatever the umask; existing folders and links are left alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from informatiebeeld.config.private import make_private, private_dir, write_private
from tests.conftest import file_mode

pytestmark = pytest.mark.usefixtures("open_umask")


def test_private_dir_makes_every_missing_folder_0700_and_leaves_existing_ones(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    leaf = private_dir(tmp_path / "a" / "b" / "c")
    assert [file_mode(p) for p in (leaf, leaf.parent, leaf.parent.parent)] == [0o700] * 3
    assert file_mode(tmp_path) == 0o755, "a folder that was there keeps its mode"
    assert private_dir(leaf) == leaf


def test_private_dir_under_a_restrictive_umask_still_gives_the_owner_access(tmp_path: Path) -> None:
    os.umask(0o277)
    leaf = private_dir(tmp_path / "x" / "y")
    assert file_mode(leaf) == file_mode(leaf.parent) == 0o700


def test_write_private_creates_and_rewrites_0600(tmp_path: Path) -> None:
    path = write_private(tmp_path / "new.txt", "één")
    assert file_mode(path) == 0o600 and path.read_text(encoding="utf-8") == "één"
    path.chmod(0o666)
    write_private(path, b"bytes")
    assert file_mode(path) == 0o600 and path.read_bytes() == b"bytes"


def test_write_private_never_writes_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_text("keep")
    (tmp_path / "link").symlink_to(target)
    with pytest.raises(OSError):
        write_private(tmp_path / "link", "overwritten")
    assert target.read_text() == "keep"


def test_make_private_covers_a_tree_but_not_a_links_target(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("x")
    outside.chmod(0o644)
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "file").write_text("x")
    (tree / "link").symlink_to(outside)
    make_private(tree)
    assert [file_mode(tree), file_mode(tree / "sub"), file_mode(tree / "sub" / "file")] == [0o700, 0o700, 0o600]
    assert file_mode(outside) == 0o644
    make_private(tree / "link")
    assert file_mode(outside) == 0o644
