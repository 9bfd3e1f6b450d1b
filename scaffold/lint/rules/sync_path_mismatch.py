"""The flux-system Kustomization syncs a different path than the one it lives in.

## What it does
Reports a Kustomization in `<sync>/flux-system/gotk-sync.yaml` whose `spec.path`
is not `./<sync>`, or that uses backslashes.

## Why is this bad
`flux bootstrap --path` writes the sync manifests into the path it syncs; if they
disagree (a moved directory, a Windows shell's `clusters\\dev`), Flux syncs
another directory, or none, and changes under `<sync>` never reach the cluster.

## Example
```yaml
# clusters/dev/flux-system/gotk-sync.yaml
kind: Kustomization
spec:
  path: ./clusters/staging
```

## Fix
Set `spec.path: ./<sync>` (re-run `flux bootstrap` with the right `--path`), or
move the directory back.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding
from scaffold.repository.sync_path import normalize_sync_path

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "sync-path-mismatch"
DEFAULT_LEVEL = "error"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A gotk-sync.yaml Kustomization's spec.path is not `./<its sync path>`."

GOTK_SYNC = "flux-system/gotk-sync.yaml"


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each flux-system Kustomization whose path is not its own sync path."""
    for facts, doc in ctx.documents(flux_only=False):
        if not facts.path.endswith("/" + GOTK_SYNC) or doc.kind != "Kustomization":
            continue
        if doc.spec_path is None or doc.spec_path_pos is None:
            continue
        sync_path = posixpath.dirname(posixpath.dirname(facts.path))
        if "\\" not in doc.spec_path and normalize_sync_path(doc.spec_path) == sync_path:
            continue
        yield RawFinding(
            ID,
            facts.path,
            *doc.spec_path_pos,
            f"Kustomization `{doc.name or '?'}` syncs `{doc.spec_path}`, "
            f"but lives in sync path {sync_path}",
            f"set `spec.path: ./{sync_path}` (forward slashes)",
        )
