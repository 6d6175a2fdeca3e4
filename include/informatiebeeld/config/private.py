"""Folders and files the pipeline writes are private to the service user: folders 0700, files 0600.

The modes are set explicitly, so they hold whatever the process umask is. Folders that already
exist are left as they are (an export into an existing folder does not change that folder); the
folders created here, and every file written here, get the private mode.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents as 0700; returns ``path``."""
    missing: list[Path] = []
    current = Path(path)
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise
        os.chmod(folder, DIR_MODE)  # mkdir's mode passes through the umask
    if not Path(path).is_dir():
        raise NotADirectoryError(path)
    return Path(path)


@contextmanager
def open_private(path: Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """``open`` for writing, creating or truncating ``path`` as a 0600 file; never follows a link there."""
    if mode not in {"w", "wb"}:
        raise ValueError(f"open_private writes: mode 'w' or 'wb', not {mode!r}")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)  # an existing file keeps its mode through O_CREAT; umask applies too
        handle = os.fdopen(descriptor, mode, **kwargs)
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        yield handle


def write_private(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` as a 0600 file; returns ``path``."""
    if isinstance(data, str):
        with open_private(path, "w", encoding=encoding) as handle:
            handle.write(data)
    else:
        with open_private(path, "wb") as handle:
            handle.write(data)
    return path


def make_private(path: Path) -> None:
    """Give an entry that is already there the private modes: a file 0600, a folder 0700 with all it
    holds. Symbolic links are not followed (a link has no mode of its own on Linux)."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return
    if not stat.S_ISDIR(info.st_mode):
        os.chmod(path, FILE_MODE)
        return
    os.chmod(path, DIR_MODE)
    for root, dirs, files in os.walk(path):
        for name in dirs:
            if not os.path.islink(os.path.join(root, name)):
                os.chmod(os.path.join(root, name), DIR_MODE)
        for name in files:
            if not os.path.islink(os.path.join(root, name)):
                os.chmod(os.path.join(root, name), FILE_MODE)
