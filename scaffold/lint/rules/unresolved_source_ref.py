"""A HelmRelease's chart source is not defined anywhere in the repository.

## What it does
Resolves each HelmRelease's `spec.chart.spec.sourceRef` (HelmRepository,
GitRepository, Bucket) or `spec.chartRef` (OCIRepository, HelmChart) against
every source the repository defines, by kind, name and namespace, within the
cluster (sync path) that applies the HelmRelease. The namespace is the one each
side really lands in: its own, kustomize `namespace:`, or the applying Flux
Kustomization's `targetNamespace` (the reference's namespace defaults to the
HelmRelease's). Files excluded by `.sourceignore` do not count: Flux never sees
them. The `flux-system/flux-system` source that `flux bootstrap` or a
FluxInstance creates always counts.

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
from typing import TYPE_CHECKING

from scaffold.flux.vocabulary import CHART_SOURCE_KINDS
from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.facts.documents import Ref
    from scaffold.model.references import Landing
    from scaffold.model.repo import RepoContext

ID = "unresolved-source-ref"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A HelmRelease's sourceRef or chartRef names no source in the repository."

SOURCE_KINDS = CHART_SOURCE_KINDS


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each HelmRelease chart reference that matches no source."""
    for facts, doc in ctx.documents():
        if doc.kind != "HelmRelease":
            continue
        for field, ref in (("spec.chart.spec.sourceRef", doc.chart_source_ref),
                           ("spec.chartRef", doc.chart_ref)):  # fmt: skip
            if ref is None or not ref.name or "${" in ref.name:
                continue
            kinds = (ref.kind,) if ref.kind else SOURCE_KINDS
            for landing in ctx.references.landings(facts.path, doc):
                if landing.index.resolves(kinds, ref, landing.namespace):
                    continue
                yield _finding(facts.path, doc.name, field, ref, landing)
                break


def _finding(path: str, name: str | None, field: str, ref: Ref, landing: Landing) -> RawFinding:
    namespace = ref.namespace or landing.namespace
    where = f" in namespace `{namespace}`" if namespace else ""
    elsewhere = sorted(n for n in landing.index.namespaces((ref.kind,), ref.name) if n)
    lands = f"; it lands in namespace `{'`, `'.join(elsewhere)}`" if elsewhere else ""
    defined = "is not defined there" if elsewhere else "is not defined in the repository"
    return RawFinding(
        ID,
        path,
        *ref.position,
        f"HelmRelease `{name or '?'}` {field} names {ref.kind or 'source'} "
        f"`{ref.name}`{where}, which {defined}{lands}",
        "fix the reference's kind, name or namespace, or add the source",
    )
