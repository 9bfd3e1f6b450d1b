"""What a repository is: where its root is, and its git state."""

from __future__ import annotations

from pathlib import Path

from scaffold import git, proc
from scaffold.repository.clusters import find_answers_files


def find_root(start: Path) -> Path:
    """The repository root for `start`: the git top level, else the nearest
    directory upward holding an answers file, else `start` itself."""
    start = start.resolve()
    top = git.toplevel(start) if proc.which("git") else None
    if top is not None:
        return top
    for candidate in (start, *start.parents):
        if find_answers_files(candidate):
            return candidate
    return start
