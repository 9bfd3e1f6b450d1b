"""Where a repository's root is, from anywhere inside it."""

from __future__ import annotations

from pathlib import Path

from scaffold import git
from scaffold.repository.clusters import find_answers_files


def find_root(start: Path) -> Path:
    """The repository root for `start`: the git top level, else the nearest
    directory upward holding an answers file, else `start` itself."""
    start = start.resolve()
    top = git.toplevel(start) if git.has_git() else None
    if top is not None:
        return top
    for candidate in (start, *start.parents):
        if find_answers_files(candidate):
            return candidate
    return start
