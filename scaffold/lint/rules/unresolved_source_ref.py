"""A HelmRelease's chart source is not defined anywhere in the repository.

## What it does
Resolves each HelmRelease's `spec.chart.spec.sourceRef` (HelmRepository,
GitRepository, Bucket) or `spec.chartRef` (OCIRepository, HelmChart) against
every source the repository defines, by kind, name and namespace (the namespace
defaults to the HelmRelease's own). Files excluded by `.sourceignore` do not
count: Flux never sees them. The `GitRepository` `flux-system/flux-system` that
`flux bootstrap` creates always counts.

## Why is this bad
helm-controller waits for a source that never appears: the release stays not
ready, with no chart installed, and nothing fails loudly in Git.

## Example
```yaml
kind: HelmRelease
metadata: {name: podinfo, namespace: apps}
spec:
  chart:
    spec:
      chart: podinfo
      sourceRef: {kind: HelmRepository, name: podinfo}   # no such HelmRepository in apps
```

## Fix
Fix the name, kind or namespace of the reference, or add the missing source
(`helm/repositories/<name>.yaml`).
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.lint.context.objects import index_documents
from scaffold.lint.context.repo import RepoContext
from scaffold.lint.model import RawFinding

ID = "unresolved-source-ref"
DEFAULT_LEVEL = "error"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A HelmRelease's sourceRef or chartRef names no source in the repository."

SOURCE_KINDS = ("HelmRepository", "GitRepository", "Bucket", "OCIRepository", "HelmChart")


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each HelmRelease chart reference that matches no source."""
    index = index_documents(doc for _, doc in ctx.documents(kustomizations=True))
    for facts, doc in ctx.documents():
        if doc.kind != "HelmRelease":
            continue
        for field, ref in (("spec.chart.spec.sourceRef", doc.chart_source_ref),
                           ("spec.chartRef", doc.chart_ref)):  # fmt: skip
            if ref is None or not ref.name:
                continue
            kinds = (ref.kind,) if ref.kind else SOURCE_KINDS
            if index.resolves(kinds, ref, doc.namespace):
                continue
            namespace = ref.namespace or doc.namespace
            where = f" in namespace `{namespace}`" if namespace else ""
            yield RawFinding(
                ID,
                facts.path,
                *ref.position,
                f"HelmRelease `{doc.name or '?'}` {field} names {ref.kind or 'source'} "
                f"`{ref.name}`{where}, which is not defined in the repository",
                "fix the reference's kind, name or namespace, or add the source",
            )
