"""Questions about the work tree beyond the linted files: asked by the rules through
`RepoContext`, recorded with their answers, and asked again before a run reuses findings."""

from __future__ import annotations

import os
from pathlib import Path

IS_DIR = "d:"
EXISTS = "e:"


def probe(root: Path, key: str) -> bool:
    """Answer a question about the work tree at `root`: `IS_DIR` or `EXISTS`, then a path."""
    kind, relative = key[:2], key[2:]
    if kind == IS_DIR:
        return (root / relative).is_dir()
    if kind == EXISTS:
        return os.path.lexists(root / relative)
    raise ValueError(f"unknown probe {kind!r}")
