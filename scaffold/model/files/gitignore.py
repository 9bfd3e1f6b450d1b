"""Git's ignore rules, evaluated without Git: the one place that answers "is P ignored?".

Patterns of a nested `.gitignore` are relative to its directory; a deeper file
wins over a shallower one; within a file the last matching pattern wins; and a
path under an excluded directory is ignored whatever later patterns say (Git
never descends into it). Directories are asked about with a trailing `/`, and
answered as `git check-ignore --no-index` does for a directory that is only a
name (not on disk): a directory-only pattern in that directory's own
`.gitignore` cannot tell, so it does not match there.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold import fs
from scaffold.model.files import tree_walk

if TYPE_CHECKING:
    from scaffold.model.files.patterns import Pattern

GITIGNORE = ".gitignore"
MAX_IGNORE_FILE_BYTES = 10 * 1024 * 1024


class IgnoreRules:
    """The combined ignore files of one tree."""

    def __init__(self) -> None:
        self._lines: dict[str, tuple[str, ...]] = {}
        # The lines compiled, on the first question (a run that reuses its last findings
        # asks none).
        self._compiled: dict[str, _Spec] | None = None
        self._deepest_first: list[str] = []
        # Verdicts on directories, asked again for every path beneath them.
        self._directories: dict[str, bool] = {}

    def add(self, base: str, lines: Iterable[str]) -> None:
        """Add the patterns of an ignore file in directory `base` ("" for the root)."""
        self._lines[base.strip("/")] = tuple(lines)
        self._compiled = None
        self._deepest_first = sorted(self._lines, key=len, reverse=True)
        self._directories.clear()

    @property
    def _specs(self) -> dict[str, _Spec]:
        if self._compiled is None:
            from scaffold.model.files.patterns import parse_pattern

            self._compiled = {
                base: _Spec([p for p in map(parse_pattern, lines) if p is not None])
                for base, lines in self._lines.items()
            }
        return self._compiled

    def source(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every ignore file's directory and lines, as added: what the verdicts depend on."""
        return sorted(self._lines.items())

    @property
    def bases(self) -> list[str]:
        """The directories holding ignore files."""
        return sorted(self._lines)

    def is_ignored(self, path: str, on_disk: bool = True) -> bool:
        """Whether `path` (relative, POSIX; a trailing `/` marks a directory) is ignored,
        as `git check-ignore --no-index` answers.

        A directory on disk is judged as Git's walk judges it, by the ignore files
        above it; `on_disk=False` answers for a directory that is only a name."""
        is_dir = path.endswith("/")
        parts = path.rstrip("/").split("/")
        # Git first asks about each leading directory (and, for `dir/`, the directory
        # itself) by name; anything under an excluded directory is excluded.
        for depth in range(1, len(parts) + (1 if is_dir else 0)):
            if self.directory_excluded("/".join(parts[:depth])):
                return True
        # Then the path as given. For `dir/` Git keeps the slash (so `dir/**` matches it),
        # sees an empty base name, and (the directory being only a name) no directory.
        if is_dir and on_disk:
            return False
        return self._decide(path, is_dir=False, own_file=is_dir)

    def directory_excluded(self, directory: str) -> bool:
        """Whether Git, walking the tree, would not enter `directory` (no trailing `/`)."""
        verdict = self._directories.get(directory)
        if verdict is None:
            verdict = self._directories[directory] = self._decide(directory, is_dir=True)
        return verdict

    def _decide(self, path: str, is_dir: bool, own_file: bool = False) -> bool:
        specs = self._specs
        bare = path.rstrip("/")
        # Deepest ignore file first, last pattern first: the first match decides.
        for base in self._deepest_first:
            if own_file and base == bare:
                relative = ""  # `dir/` asked of dir/.gitignore
            elif base and not bare.startswith(base + "/"):
                continue
            else:
                relative = path[len(base) + 1 :] if base else path
            for pattern in reversed(specs[base].candidates(relative)):
                if pattern.matches(relative, is_dir):
                    return not pattern.negated
        return False


class _Spec:
    """The patterns of one ignore file, and the literal tails most of them end with."""

    def __init__(self, patterns: list[Pattern]) -> None:
        self.patterns = patterns
        self.tails = tuple(p.tail for p in patterns if p.tail)
        self.untailed = [p for p in patterns if not p.tail]

    def candidates(self, path: str) -> list[Pattern]:
        """The patterns that may match `path`, in order: a path that ends with none of the
        tails can only match a pattern that has none (one `endswith` for most files)."""
        if self.tails and path.endswith(self.tails):
            return self.patterns
        return self.untailed


def read_lines(path: Path) -> list[str]:
    """The lines of an ignore file (an unreadable one counts as empty)."""
    try:
        data = fs.read_bounded(path, MAX_IGNORE_FILE_BYTES)
    except (OSError, fs.Refused):
        return []  # also a FIFO or a device: never opened for reading, never waited on
    return data.decode("utf-8", errors="surrogateescape").splitlines()


def rules_from_files(root: Path, ignore_files: Iterable[str]) -> IgnoreRules:
    """The rules of the given `.gitignore` files (paths relative to `root`)."""
    rules = IgnoreRules()
    for rel in ignore_files:
        rules.add(posixpath.dirname(rel), read_lines(root / rel))
    return rules


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, with symlinks resolved, stays inside `root`."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return False
    return True


def walk(
    root: Path, symlinks: list[str] | None = None, *, honour_ignore: bool = True
) -> tuple[list[str], IgnoreRules]:
    """Every file under `root` Git would not ignore, outside a work tree, and the rules used.

    Symlinks that are not followed (to directories, or out of `root`) are added to `symlinks`.
    With `honour_ignore` False every file is listed (the rules are still read).
    """
    rules = IgnoreRules()
    found = _walk(root, rules, [] if symlinks is None else symlinks, honour_ignore)
    return sorted(found), rules


def _walk(
    root: Path, rules: IgnoreRules, symlinks: list[str], honour_ignore: bool = True
) -> Iterator[str]:
    for current, dirs, files in tree_walk.walk(root):
        rel_dir = Path(current).relative_to(root).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"
        if GITIGNORE in files:
            rules.add(prefix, read_lines(Path(current) / GITIGNORE))
        linked = [d for d in dirs if os.path.islink(os.path.join(current, d))]
        symlinks.extend(
            prefix + d for d in linked if not (honour_ignore and rules.is_ignored(prefix + d))
        )
        dirs[:] = sorted(
            d
            for d in dirs
            if d != ".git"
            and d not in linked
            and not (honour_ignore and rules.directory_excluded(f"{prefix}{d}"))
        )
        for name in files:
            full = Path(current) / name
            if honour_ignore and rules.is_ignored(prefix + name):
                continue
            if full.is_symlink() and not (
                inside(root, full) and full.is_file() and not fs.reads_git_dir(full, root)
            ):
                symlinks.append(prefix + name)
                continue
            if not full.is_symlink() and not full.is_file():
                continue  # a FIFO, socket or device: Git does not track it, lint never opens it
            yield prefix + name


def is_path_ignored(root: Path, path: str) -> bool:
    """Whether `path` (relative; trailing `/` for a directory) is ignored by the `.gitignore`
    files of the tree at `root`, as `git check-ignore --no-index` would answer."""
    _, rules = walk(root)
    return rules.is_ignored(path)
