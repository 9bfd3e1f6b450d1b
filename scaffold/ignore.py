"""Git's ignore rules, evaluated without Git: the one place that answers "is P ignored?".

Patterns of a nested `.gitignore` are relative to its directory; a deeper file
wins over a shallower one; within a file the last matching pattern wins; and a
path under an ignored directory is ignored whatever later patterns say (Git
never descends into it). Directories are asked about with a trailing `/`.

pathspec translates each pattern to a regular expression; its own verdicts
(`GitIgnoreSpec.check_file`) diverge from Git where a pattern matches a path
only as the descendant of a directory it matches, so the last-match-wins
decision is made here, per path level, as Git makes it.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from pathspec import GitIgnoreSpec

GITIGNORE = ".gitignore"


class IgnoreRules:
    """The combined ignore files of one tree."""

    def __init__(self) -> None:
        self._specs: dict[str, list[_Pattern]] = {}

    def add(self, base: str, lines: Iterable[str]) -> None:
        """Add the patterns of an ignore file in directory `base` ("" for the root)."""
        spec = compile_patterns(list(lines))
        self._specs[base.strip("/")] = [
            _Pattern.of(p.regex, bool(p.include), str(p.pattern))
            for p in spec.patterns
            if p.include is not None and p.regex is not None
        ]

    @property
    def bases(self) -> list[str]:
        """The directories holding ignore files."""
        return sorted(self._specs)

    def is_ignored(self, path: str) -> bool:
        """Whether `path` (relative, POSIX; a trailing `/` marks a directory) is ignored."""
        parts = path.rstrip("/").split("/")
        for depth in range(1, len(parts)):
            if self._decide("/".join(parts[:depth]) + "/"):
                return True
        return self._decide(path)

    def _decide(self, path: str) -> bool:
        # Deepest ignore file first: the first one with an opinion decides.
        for base in sorted(self._specs, key=len, reverse=True):
            if base and not path.startswith(base + "/"):
                continue
            relative = path[len(base) + 1 :] if base else path
            if not relative:
                continue
            verdict = _last_match(self._specs[base], relative)
            if verdict is not None:
                return verdict
        return False


class _Pattern(NamedTuple):
    # pathspec's regex is searched and also matches a path below a matched
    # directory; `whole` only matches the path itself (it must end the path).
    regex: re.Pattern[str]
    whole: re.Pattern[str]
    include: bool
    # `dir/**` (and `dir/**/`: directories only) match below dir/, but not dir/ itself
    below_only: bool
    dir_only: bool

    @classmethod
    def of(cls, regex: re.Pattern[str], include: bool, text: str) -> _Pattern:
        core = text.lstrip("!").rstrip()
        body = core.rstrip("/")
        prefix = body[: -len("/**")] if body.endswith("/**") else ""
        # `**/**` (only globstars before the last) matches everything, not below something
        below_only = bool(prefix.replace("**", "").strip("/"))
        whole = re.compile(f"(?:{regex.pattern})$")
        return cls(regex, whole, include, below_only, core.endswith("/"))

    def matches(self, path: str) -> bool:
        """Whether the pattern matches `path` itself, as Git decides for one path level."""
        if self.below_only:
            if self.dir_only and not path.endswith("/"):
                return False
            # below a directory the pattern's prefix matches: one of the path's ancestors
            ancestors = (path[: i + 1] for i, c in enumerate(path[:-1]) if c == "/")
            return any(self.whole.search(ancestor) for ancestor in ancestors)
        return self.whole.search(path) is not None


def _last_match(patterns: list[_Pattern], path: str) -> bool | None:
    """The verdict of the last pattern matching `path` itself (not one of its parents)."""
    for pattern in reversed(patterns):
        if pattern.matches(path):
            return pattern.include
    return None


def compile_patterns(lines: list[str]) -> GitIgnoreSpec:
    """The spec of gitignore `lines`, skipping a pattern Git cannot parse as Git does."""
    lines = [_keep_trailing_whitespace(line) for line in lines]
    try:
        return GitIgnoreSpec.from_lines(lines)
    except ValueError:  # e.g. a lone trailing backslash: Git never matches that line
        return GitIgnoreSpec.from_lines([line for line in lines if _parses(line)])


def _keep_trailing_whitespace(line: str) -> str:
    """Git trims only unescaped trailing spaces; pathspec trims tabs too: bracket those."""
    body = line.rstrip(" ")
    if body.endswith("\\") and body != line:
        body += " "  # an escaped trailing space is kept
    stripped = body.rstrip()
    if stripped == body or body.endswith("\\ "):
        return body
    tail = body[len(stripped) :]
    if stripped.endswith("\\") and not stripped.endswith("\\\\"):
        stripped = stripped[:-1]  # an escaped whitespace character is itself
    return stripped + "".join(f"[{c}]" for c in tail)


def _parses(line: str) -> bool:
    try:
        GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


def read_lines(path: Path) -> list[str]:
    """The lines of an ignore file (an unreadable one counts as empty)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


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


def walk(root: Path, symlinks: list[str] | None = None) -> tuple[list[str], IgnoreRules]:
    """Every file under `root` Git would not ignore, outside a work tree, and the rules used.

    Symlinks that are not followed (to directories, or out of `root`) are added to `symlinks`.
    """
    rules = IgnoreRules()
    return sorted(_walk(root, rules, [] if symlinks is None else symlinks)), rules


def _walk(root: Path, rules: IgnoreRules, symlinks: list[str]) -> Iterator[str]:
    for current, dirs, files in os.walk(root, followlinks=False):
        rel_dir = Path(current).relative_to(root).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"
        if GITIGNORE in files:
            rules.add(prefix, read_lines(Path(current) / GITIGNORE))
        linked = [d for d in dirs if os.path.islink(os.path.join(current, d))]
        symlinks.extend(prefix + d for d in linked if not rules.is_ignored(prefix + d))
        dirs[:] = sorted(
            d
            for d in dirs
            if d != ".git" and d not in linked and not rules.is_ignored(f"{prefix}{d}/")
        )
        for name in files:
            full = Path(current) / name
            if rules.is_ignored(prefix + name):
                continue
            if full.is_symlink() and not (inside(root, full) and full.is_file()):
                symlinks.append(prefix + name)
                continue
            yield prefix + name
