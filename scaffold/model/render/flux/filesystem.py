"""The files a Flux build sees: a file system, and what source-controller leaves out of it.

The generator reads through `FileSystem` (as kustomize builds over an injected file
system), so the same code reads a work tree or a git revision. `artifact_excluded` is
source-controller's default exclusion list (fluxcd/pkg `sourceignore`: VCS, CI and extra
files), which never reach kustomize-controller; a caller that knows the repository's
`.sourceignore` passes its own predicate instead.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import posixpath
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from scaffold import fs

# (path, is_dir) -> whether the artifact leaves it out.
Excluded = Callable[[str, bool], bool]

_EXCLUDED_DIRS = frozenset((".git", ".github", ".circleci"))
_EXCLUDED_NAMES = frozenset(
    (
        ".gitignore", ".gitmodules", ".gitattributes", ".travis.yml", ".gitlab-ci.yml",
        "appveyor.yml", ".drone.yml", "cloudbuild.yaml", "codeship-services.yml",
        "codeship-steps.yml", ".goreleaser.yml", ".sops.yaml", ".flux.yaml",
    )
)  # fmt: skip
_EXCLUDED_GLOBS = ("*.jpg", "*.jpeg", "*.gif", "*.png", "*.wmv", "*.flv", "*.tar.gz", "*.zip")
_REMOTE_PREFIXES = (
    "git::", "gh:", "ssh://", "https://", "http://", "git@", "github.com:", "github.com/",
)  # fmt: skip


class FileSystem(Protocol):
    """Read access to a directory by POSIX paths relative to it."""

    def entries(self, directory: str) -> Sequence[tuple[str, bool]]:
        """The names in `directory` with whether each is a directory, in byte order."""

    def is_file(self, path: str) -> bool:
        """Whether `path` is a file (not a directory)."""

    def exists(self, path: str) -> bool:
        """Whether `path` exists."""

    def read_text(self, path: str) -> str:
        """The text of the file `path`."""


def artifact_excluded(path: str, is_dir: bool) -> bool:
    """Whether source-controller's default patterns leave `path` out of the artifact."""
    name = posixpath.basename(path)
    if name in _EXCLUDED_DIRS and is_dir:
        return True
    return name in _EXCLUDED_NAMES or any(fnmatch.fnmatchcase(name, g) for g in _EXCLUDED_GLOBS)


def is_local_relative(path: str) -> bool:
    """fluxcd/pkg IsLocalRelativePath: not remote, not absolute (with or without file://)."""
    lowered = path.lower()
    if any(len(p) < len(path) and lowered.startswith(p) for p in _REMOTE_PREFIXES):
        return False
    return not (path.startswith("/") or lowered.removeprefix("file://").startswith("/"))


class DiskFileSystem:
    """A `FileSystem` over a directory on disk (symbolic links are not followed into)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, path: str) -> Path:
        return self.root / path

    def entries(self, directory: str) -> Sequence[tuple[str, bool]]:
        with os.scandir(self._path(directory)) as found:
            items = [(e.name, e.is_dir(follow_symlinks=False)) for e in found]
        return sorted(items, key=lambda item: item[0].encode())

    def is_file(self, path: str) -> bool:
        return self._path(path).is_file()

    def exists(self, path: str) -> bool:
        return self._path(path).exists()

    def read_text(self, path: str) -> str:
        full = self._path(path)
        if fs.reads_git_dir(full, self.root):
            raise OSError(errno.EACCES, "inside a .git directory; not read", str(full))
        return full.read_text(encoding="utf-8")
