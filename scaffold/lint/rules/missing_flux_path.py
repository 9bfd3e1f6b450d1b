"""A Flux Kustomization's spec.path does not exist in the repository.

## What it does
Follows every Flux Kustomization a sync path reaches to its `spec.path`, relative
to its source when that source is this repository: the cluster's sync source
(`flux-system`, at the repository root or at the folder an OCI artifact is built
from), another GitRepository with the same URL, or an `ExternalArtifact` whose
ArtifactGenerator copies from this repository (the path is mapped back through
the copy). Reports a path that is not a directory there. Paths in other
repositories, and paths holding a `${VAR}` that no directory matches, are not
judged.

## Why is this bad
kustomize-controller fails with "kustomization path not found": nothing of that
Kustomization is applied, and everything that `dependsOn` it waits.

## Example
```yaml
kind: Kustomization
spec:
  sourceRef: {kind: GitRepository, name: flux-system}
  path: ./apps/prodution        # a typo of apps/production
```

## Fix
Fix `spec.path` (relative to the source's root, not to the file), or create
the directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding
from scaffold.model.sync_paths import GOTK_SYNC_SUFFIX

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "missing-flux-path"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A Flux Kustomization's spec.path is not a directory of this repository."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each reached Flux Kustomization whose path is missing from its source."""
    seen: set[tuple[str, int]] = set()
    for applier in ctx.graph.appliers:
        doc = applier.doc
        if not applier.missing or doc is None or applier.path is None:
            continue
        if applier.path.endswith(GOTK_SYNC_SUFFIX):
            continue  # the sync Kustomization: sync-path-mismatch says more
        if (applier.path, doc.index) in seen:
            continue
        seen.add((applier.path, doc.index))
        root = applier.source_root
        root = f" (under `{root}/`, the root of its source)" if root else ""
        yield RawFinding(
            ID,
            applier.path,
            *(doc.spec_path_pos or doc.position),
            f"Kustomization `{doc.name or '?'}` applies `{doc.spec_path}`, "
            f"which is not a directory of the repository{root}",
            "fix spec.path (relative to the source's root) or create the directory",
        )
