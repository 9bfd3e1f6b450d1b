"""What reading a repository finds wrong, before any configuration weighs it: raw
findings and the fixes they carry.

Everything here is picklable (str/int/tuples), so per-file work can run in other
processes and be cached by content later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Called with (files done, files in all) while files are parsed.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TextEdit:
    """Replace `old` by `new` on one 1-based line of a file, starting at a 1-based column."""

    path: str
    line: int
    column: int
    old: str
    new: str


@dataclass(frozen=True)
class AppendText:
    """Append `text` to a file (created if missing), unless it already ends with it."""

    path: str
    text: str


@dataclass(frozen=True)
class CreateFile:
    """Create an empty file (and its parent directories) if it does not exist."""

    path: str


@dataclass(frozen=True)
class RenameFile:
    """Rename a file (`git mv` when Git tracks it), unless `new_path` exists already."""

    path: str
    new_path: str


Fix = TextEdit | AppendText | CreateFile | RenameFile


@dataclass(frozen=True)
class RawFinding:
    """A finding before the engine stamps its severity: what a rule yields.

    `level` lets a rule suggest a level other than its default for this one
    finding (deprecated vs removed API); configuration still wins.
    """

    rule: str
    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    fixes: tuple[Fix, ...] = ()
    level: str | None = None
