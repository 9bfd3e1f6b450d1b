"""A top-down walk of a directory tree that never recurses.

`os.walk` of Python 3.11 recurses once per level, so a tree nested about a thousand
levels deep raised RecursionError. This walk keeps its own stack and yields as
`os.walk(top, followlinks=False)` does: `(directory, dirs, files)`, where the caller
may prune `dirs` in place; a directory that cannot be listed is skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator


def walk(top: str | os.PathLike[str]) -> Iterator[tuple[str, list[str], list[str]]]:
    """Each directory under `top` (itself first), with its subdirectories and other entries."""
    stack = [os.fspath(top)]
    while stack:
        current = stack.pop()
        dirs: list[str] = []
        files: list[str] = []
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()  # a link to a directory counts, as in os.walk
                    except OSError:
                        is_dir = False
                    (dirs if is_dir else files).append(entry.name)
        except OSError:
            continue
        yield current, dirs, files
        # Pushed in reverse, so the directories are entered in the order left in `dirs`.
        stack.extend(
            os.path.join(current, d)
            for d in reversed(dirs)
            if not os.path.islink(os.path.join(current, d))
        )
