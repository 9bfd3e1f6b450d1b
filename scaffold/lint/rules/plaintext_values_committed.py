"""A plaintext values file is in the Git index.

## What it does
Reports every file in the Git index whose name matches `*-values-*.yaml` and not
`*-sealed.yaml`: it was force-added, or committed before the ignore rule existed.
Needs a Git work tree.

## Why is this bad
The ignore rule only keeps *untracked* files out. A values file already in the
index is committed on every change, with the plaintext secrets it holds; they are
in the history of every clone.

## Example
```
$ git ls-files
clusters/dev/helm/releases/podinfo-values-dev.yaml
```

## Fix
`git rm --cached <file>` (the file stays on disk), commit, then rotate every
secret it held: they remain in the history.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding
from scaffold.repository.convention import is_values_file

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "plaintext-values-committed"
DEFAULT_LEVEL = "error"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A `*-values-*.yaml` file (not `*-sealed.yaml`) is in the Git index."


def is_plaintext_values(path: str) -> bool:
    """Whether a file name is a plaintext values file of the convention."""
    name = posixpath.basename(path)
    return is_values_file(name)


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each tracked plaintext values file."""
    for path in sorted(ctx.tracked or ()):
        if is_plaintext_values(path):
            yield RawFinding(
                ID,
                path,
                1,
                1,
                f"plaintext values file `{path}` is tracked by Git",
                f"run `git rm --cached {path}` and commit, then rotate the secrets "
                "it holds: they are in the history",
            )
