"""A YAML document under a sync path is not a Kubernetes manifest.

## What it does
Reports a document under a sync path that kustomize-controller would apply but
that lacks `apiVersion`, `kind` or `metadata.name`. Empty documents,
`kustomization.yaml` files, files a `kustomization.yaml` names as patches, files
a `kustomization.yaml` does not list, and files excluded by `.sourceignore` are
not applied as resources and are skipped.

## Why is this bad
Without a `kustomization.yaml`, kustomize-controller generates one listing every
YAML file under the path; a file that is not a manifest (a plain values file, a
patch) makes the build, and so the whole sync, fail.

## Example
```yaml
# clusters/dev/podinfo-values.yaml
replicaCount: 2
```

## Fix
Move the file out of the sync path, give it the missing fields, or add a
`kustomization.yaml` that lists only the real resources.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "not-a-manifest"
DEFAULT_LEVEL = "error"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A document under a sync path lacks apiVersion, kind or metadata.name."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each applied document missing one of the identifying fields."""
    for facts, doc in ctx.documents():
        sync_path = ctx.sync_path_of(facts.path)
        if sync_path is None or not ctx.layout.applied(facts.path, sync_path):
            continue
        missing = [
            field
            for field, value in (
                ("apiVersion", doc.api_version),
                ("kind", doc.kind),
                ("metadata.name", doc.name),
            )
            if not value
        ]
        if missing:
            yield RawFinding(
                ID,
                facts.path,
                *doc.position,
                f"document {doc.index + 1} under sync path {sync_path} lacks "
                + ", ".join(f"`{m}`" for m in missing),
                "make it a complete manifest, move it out of the sync path, "
                "or list the real resources in a kustomization.yaml",
            )
