"""The flux-system Kustomization syncs a different path than the one it lives in.

## What it does
Reports a Kustomization in `<sync>/flux-system/gotk-sync.yaml` whose `spec.path`
is not `./<sync>`, or that uses backslashes. A gotk-sync.yaml in a sub-folder that
is a Flux root of its own (`repos/ops/clusters/mgmt` syncing `./clusters/mgmt`,
which the repository root does not have) names its path relative to that folder:
it is not reported, and a mismatch there is fixed relative to that folder.

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
from scaffold.model.flux_sources import source_root
from scaffold.repository.flux_sync import sub_folder_sync_path
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
        path = posixpath.normpath(normalize_sync_path(doc.spec_path))
        if "\\" not in doc.spec_path and (
            path == sync_path or sub_folder_sync_path(facts.path, path, ctx.is_dir) == sync_path
        ):
            continue
        root = source_root(ctx.builds, sync_path)
        relative = sync_path[len(root) :].lstrip("/") if root else sync_path
        where = f" (relative to `{root}/`, the root of its source)" if root else ""
        yield RawFinding(
            ID,
            facts.path,
            *doc.spec_path_pos,
            f"Kustomization `{doc.name or '?'}` syncs `{doc.spec_path}`, "
            f"but lives in sync path {sync_path}",
            f"set `spec.path: ./{relative}` (forward slashes){where}",
        )
