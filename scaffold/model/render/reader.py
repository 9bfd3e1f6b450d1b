"""How the renderer reads files: a small read-only protocol, and its work-tree implementation.

Paths are repository-relative POSIX paths ("" is the root). The renderer never touches the
disk itself, so the same build runs over a work tree or a git revision.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Protocol

from scaffold import fs

MAX_FILE_BYTES = 10 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be read (missing, outside the root, too large)."""


class Reader(Protocol):
    """Read-only access to the files of one repository."""

    def read(self, path: str) -> bytes:
        """The bytes of the regular file `path`; ReadError if there is none."""
        ...

    def is_file(self, path: str) -> bool:
        """Whether `path` is a regular file."""
        ...

    def is_dir(self, path: str) -> bool:
        """Whether `path` is a directory."""
        ...

    def list_dir(self, path: str) -> list[str]:
        """The names of the entries of directory `path`, sorted."""
        ...


class WorkTreeReader:
    """A Reader over a directory on disk that refuses anything resolving outside it."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _resolve(self, path: str) -> Path | None:
        target = (self.root / path).resolve() if path else self.root
        if target != self.root and self.root not in target.parents:
            return None
        if fs.git_parts(target.relative_to(self.root)) or fs.git_parts(Path(path)):
            return None  # the Git directory is not the repository's content
        return target

    def read(self, path: str) -> bytes:
        """The bytes of the regular file `path`, bounded in size."""
        target = self._resolve(path)
        if target is None:
            if fs.reads_git_dir(self.root / path, self.root):
                raise ReadError(f"{path}: inside a .git directory, which is not read")
            raise ReadError(f"{path}: resolves outside the repository")
        try:
            fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            raise ReadError(f"{path}: {exc.strerror or exc}") from exc
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ReadError(f"{path}: not a regular file")
            if info.st_size > MAX_FILE_BYTES:
                raise ReadError(f"{path}: too large ({info.st_size} bytes)")
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read(MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)

    def is_file(self, path: str) -> bool:
        """Whether `path` is a regular file inside the root."""
        target = self._resolve(path)
        return target is not None and target.is_file()

    def is_dir(self, path: str) -> bool:
        """Whether `path` is a directory inside the root."""
        target = self._resolve(path)
        return target is not None and target.is_dir()

    def list_dir(self, path: str) -> list[str]:
        """The sorted entry names of directory `path`."""
        target = self._resolve(path)
        if target is None or not target.is_dir():
            raise ReadError(f"{path or '.'}: not a directory")
        return sorted(os.listdir(target))


class MemoReader:
    """A Reader that asks its source once per path whether it is a file or a directory.

    One build walks the same directories many times; the answers cannot change during it.
    """

    def __init__(self, source: Reader) -> None:
        self.source = source
        self._files: dict[str, bool] = {}
        self._dirs: dict[str, bool] = {}

    def read(self, path: str) -> bytes:
        """The bytes of `path`, from the source."""
        return self.source.read(path)

    def is_file(self, path: str) -> bool:
        """Whether `path` is a regular file (asked once)."""
        if path not in self._files:
            self._files[path] = self.source.is_file(path)
        return self._files[path]

    def is_dir(self, path: str) -> bool:
        """Whether `path` is a directory (asked once)."""
        if path not in self._dirs:
            self._dirs[path] = self.source.is_dir(path)
        return self._dirs[path]

    def list_dir(self, path: str) -> list[str]:
        """The entries of directory `path`, from the source."""
        return self.source.list_dir(path)

    def key(self, path: str) -> str | None:
        """The source's content key of `path` (when it has keys)."""
        own = getattr(self.source, "key", None)
        if not callable(own):
            raise AttributeError("key")
        found = own(path)
        return found if isinstance(found, str) else None
