"""A kustomization.yaml lists a resource, component, patch or generator input not there.

## What it does
Resolves every local entry of `resources`, `components`, `patches`,
`patchesStrategicMerge` and `patchesJson6902` of every `kustomization.yaml`
against the repository's files: a file must exist, and a directory must hold a
kustomization file of its own. The files a `configMapGenerator` or
`secretGenerator` reads (`files:` as `path` or `key=path`, `envs:`, the older
`env:`) must exist too. Remote bases (URLs) and entries holding a `${VAR}` are not
checked. An error where a sync path reaches the kustomization
file; a warning where none does (nothing applies it today, but a build fails),
unless the clusters are known: then a kustomization file no cluster applies is
not judged.

## Why is this bad
`kustomize build` stops at the first missing entry, so kustomize-controller
fails the whole Kustomization: nothing in it is applied or updated any more.

## Example
```yaml
# apps/kustomization.yaml
resources:
  - podinfo        # apps/podinfo does not exist
configMapGenerator:
  - name: dashboards
    files:
      - grafana.json   # apps/grafana.json does not exist
```

## Fix
Fix the entry's path, add the missing file, or remove the entry.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "missing-kustomization-entry"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A kustomization.yaml lists a file or directory that is not there."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each local kustomization entry that names nothing buildable."""
    reached = ctx.graph.reached
    for missing in ctx.builds.build_everything():
        applied = posixpath.dirname(missing.path) in reached
        yield RawFinding(
            ID,
            missing.path,
            *missing.position,
            f"`{missing.field}` entry `{missing.entry}` {missing.reason}"
            + ("" if applied else " (no sync path applies this kustomization today)"),
            "fix the path, add what it names, or remove the entry",
            level=None if applied else "warning",
        )
