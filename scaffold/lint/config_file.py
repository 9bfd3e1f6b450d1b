"""Where the lint configuration lives, and its bytes as they are.

Kept apart from `config` (which validates it against every rule) so that a run
that reuses its last findings can compare the file without loading a rule.
"""

from __future__ import annotations

import os
from pathlib import Path

from scaffold import fs

CONFIG_FILE = ".gitops-scaffold.yaml"
# Larger than any configuration; a file past it is left to the full run, which refuses it.
MAX_BYTES = 10 * 1024 * 1024


# `config_source` of a configuration that cannot be read as it is: the full run says why.
UNREADABLE = b"\0unreadable"


def config_source(root: Path) -> bytes | None:
    """The configuration file's bytes as they are (None: there is none), without parsing
    it: what a run that reuses the last findings compares. `UNREADABLE` for anything
    but a regular file that can be read within the size limit."""
    path = root / CONFIG_FILE
    if not os.path.lexists(path):
        return None
    if path.is_symlink():
        return UNREADABLE
    try:
        return fs.read_bounded(path, MAX_BYTES)
    except (OSError, fs.Refused):
        return UNREADABLE
