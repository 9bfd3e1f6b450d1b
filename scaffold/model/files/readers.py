"""Reading a file's bytes for the facts pipeline: from the work tree, or a Git blob by id.

A reader is small and picklable: parse workers receive it with their paths and read
their own files, so contents never cross a process boundary.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
from typing import Protocol

from scaffold import fs


class FileReader(Protocol):
    """Reads a file of the repository by its relative path."""

    def read(self, path: str, max_bytes: int) -> bytes:
        """The file's bytes; past `max_bytes` only `max_bytes + 1` of them. OSError when
        it cannot be read."""
        ...

    def close(self) -> None:
        """Release what reading holds open."""
        ...


class WorkTreeReader:
    """Regular files under a directory, opened without blocking."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._git_dirs: dict[str, bool] = {}  # directory -> whether it resolves into .git

    def read(self, path: str, max_bytes: int) -> bytes:
        """A regular file's bytes: a FIFO or device put in place of a file raises OSError,
        and a huge file is never read whole just to be reported as too large."""
        full = os.path.join(self.root, path)
        if self._in_git_dir(path, full):
            raise OSError(errno.EACCES, "inside a .git directory; not read", full)
        fd = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise OSError(errno.EINVAL, "not a regular file", full)
            return fs.read_up_to(fd, info.st_size, max_bytes + 1)
        finally:
            os.close(fd)

    def _in_git_dir(self, path: str, full: str) -> bool:
        # Resolving every file's path costs a tenth of a lint: a directory is resolved
        # once, and a file itself only when it is a link.
        directory = path.rpartition("/")[0]
        if directory not in self._git_dirs:
            where = os.path.join(self.root, directory) if directory else self.root
            self._git_dirs[directory] = fs.reads_git_dir(where, self.root)
        if self._git_dirs[directory]:
            return True
        return os.path.islink(full) and fs.reads_git_dir(full, self.root)

    def close(self) -> None:
        """Nothing is held open."""


class BlobReader:
    """Blobs of one repository by id, through one `git cat-file --batch` per process."""

    def __init__(self, root: str, blobs: dict[str, str]) -> None:
        self.root = root
        self.blobs = blobs
        self._pid = -1
        self._git: subprocess.Popen[bytes] | None = None

    def __getstate__(self) -> dict[str, object]:
        # A worker starts its own `git cat-file`: a pipe does not cross a fork or pickle.
        return {"root": self.root, "blobs": self.blobs, "_pid": -1, "_git": None}

    def read(self, path: str, max_bytes: int) -> bytes:
        """The blob's bytes (at most `max_bytes + 1` of them kept)."""
        blob = self.blobs.get(path)
        if blob is None:
            raise OSError(errno.ENOENT, "not in the revision", path)
        git = self._process()
        assert git.stdin is not None and git.stdout is not None
        git.stdin.write(blob.encode("ascii") + b"\n")
        git.stdin.flush()
        header = git.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise OSError(errno.EIO, "git cat-file could not read the blob", path)
        size = int(header[2])
        kept = git.stdout.read(min(size, max_bytes + 1))
        left = size - len(kept)
        while left > 0:  # drain what is past the limit, in bounded pieces
            left -= len(git.stdout.read(min(left, 1 << 20)))
        git.stdout.read(1)  # the newline after each blob
        return kept

    def _process(self) -> subprocess.Popen[bytes]:
        if self._git is None or self._pid != os.getpid():
            from scaffold import git, proc

            self._git = proc.pipe(["git", *git.READ_ONLY, "cat-file", "--batch"], cwd=self.root)
            self._pid = os.getpid()
        return self._git

    def close(self) -> None:
        """End this process's `git cat-file`."""
        if self._git is not None and self._pid == os.getpid():
            assert self._git.stdin is not None
            self._git.stdin.close()
            self._git.wait()
        self._git = None
