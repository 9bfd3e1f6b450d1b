"""Two documents define the same object through one sync path.

## What it does
Reports a document whose API group, kind, namespace and name equal those of an
earlier document applied through the same sync path (files a
`kustomization.yaml` does not list, or names as patches, are not applied and do
not count).

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

from scaffold.lint.context.repo import RepoContext
from scaffold.lint.model import RawFinding

ID = "duplicate-resource"
DEFAULT_LEVEL = "error"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "Two documents with the same group, kind, namespace and name share a sync path."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield every repeat of an object already defined under the same sync path."""
    first: dict[tuple[str, str, str, str, str], tuple[str, int]] = {}
    for facts, doc in sorted(ctx.documents(), key=lambda item: (item[0].path, item[1].index)):
        sync_path = ctx.sync_path_of(facts.path)
        if sync_path is None or not doc.kind or not doc.name:
            continue
        if not ctx.layout.applied(facts.path, sync_path):
            continue
        key = (sync_path, doc.group, doc.kind, doc.namespace or "", doc.name)
        if key not in first:
            first[key] = (facts.path, doc.position[0])
            continue
        other, line = first[key]
        namespace = f"{doc.namespace}/" if doc.namespace else ""
        yield RawFinding(
            ID,
            facts.path,
            *doc.position,
            f"{doc.kind} `{namespace}{doc.name}` is already defined in {other}:{line}",
            "keep one definition: delete or rename the other",
        )
