"""Two documents define the same object through one sync path.

## What it does
Reports a document whose API group, kind, namespace and name equal those of an
earlier document that the same cluster (sync path) applies, judged after
placement: the name and namespace each object gets from kustomize `namespace:`
(which also renames a `Namespace`) and the applying Flux Kustomization's
`targetNamespace`. Files a `kustomization.yaml` does not list, or names as
patches, are not applied and do not count; neither do objects of different
clusters, nor ones whose namespace cannot be known offline.

## Why is this bad
kustomize-controller refuses to build a path with two resources of the same id,
so the whole sync fails; if they come from different Kustomizations, they fight
and the object flips between two states.

## Example
```
clusters/dev/helm/releases/podinfo-v6.5.0.yaml   # HelmRelease apps/podinfo
clusters/dev/helm/releases/podinfo-v6.6.0.yaml   # HelmRelease apps/podinfo again
```

## Fix
Delete one of them (often the older version's file), or rename one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.flux_graph import Placed
    from scaffold.model.repo import RepoContext

ID = "duplicate-resource"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "Two documents with the same group, kind, namespace and name share a sync path."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield every repeat of an object a cluster already gets from another document."""
    for cluster in ctx.sync_paths:
        placed = sorted(ctx.graph.placed_in(cluster), key=lambda p: (p.item.path, p.item.index))
        first: dict[tuple[str, str, str, str], Placed] = {}
        for entry in placed:
            key = _identity(entry)
            if key is None:
                continue
            earlier = first.setdefault(key, entry)
            if (earlier.item.path, earlier.item.index) == (entry.item.path, entry.item.index):
                continue
            yield _finding(entry, earlier)


def _identity(entry: Placed) -> tuple[str, str, str, str] | None:
    item = entry.item
    if item.generated or entry.doc is None or not item.name or "${" in item.name:
        return None
    if not entry.settled:
        return None  # set by a replacement: not knowable offline
    return (item.group, item.kind, entry.namespace or "", item.name)


def _finding(entry: Placed, earlier: Placed) -> RawFinding:
    assert entry.doc is not None and earlier.doc is not None
    namespace = f"{entry.namespace}/" if entry.namespace else ""
    return RawFinding(
        ID,
        entry.item.path,
        *entry.doc.position,
        f"{entry.item.kind} `{namespace}{entry.item.name}` is already defined in "
        f"{earlier.item.path}:{earlier.doc.position[0]} (both applied by sync path "
        f"{entry.applier.cluster})",
        "keep one definition: delete or rename the other",
    )
