"""A Flux Kustomization's sourceRef names a source nothing defines.

## What it does
Resolves each Flux Kustomization's `spec.sourceRef` (GitRepository,
OCIRepository, Bucket, ExternalArtifact) by kind, name and namespace (its own
namespace when the reference has none) against what the cluster holds:
sources defined in the repository, the ExternalArtifacts ArtifactGenerators
make, and the `flux-system/flux-system` source that `flux bootstrap` or a
FluxInstance creates. Names holding a `${VAR}` are skipped, and so are
Kustomizations no sync path applies when the repository has sync paths.

## Why is this bad
kustomize-controller waits for a source that never appears: the Kustomization
stays not ready and applies nothing, and its dependents wait too.

## Example
```yaml
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  sourceRef: {kind: GitRepository, name: flux-sytem}   # a typo
```

## Fix
Fix the reference's kind, name or namespace, or add the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "dangling-source-ref"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A Flux Kustomization's sourceRef names no source defined anywhere."

SOURCE_KINDS = ("GitRepository", "OCIRepository", "Bucket", "ExternalArtifact")


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each Flux Kustomization source reference that matches no source."""
    from scaffold.flux.vocabulary import KUSTOMIZE_GROUP

    for facts, doc in ctx.documents():
        ref = doc.source_ref
        if doc.kind != "Kustomization" or not doc.group.startswith(KUSTOMIZE_GROUP):
            continue
        if ref is None or not ref.name or "${" in ref.name or ref.kind not in SOURCE_KINDS:
            continue
        if not ctx.references.judged(facts.path, doc):
            continue
        for landing in ctx.references.landings(facts.path, doc):
            if landing.index.resolves((ref.kind,), ref, landing.namespace):
                continue
            namespace = ref.namespace or landing.namespace
            where = f" in namespace `{namespace}`" if namespace else ""
            yield RawFinding(
                ID,
                facts.path,
                *ref.position,
                f"Kustomization `{doc.name or '?'}` takes its files from {ref.kind} "
                f"`{ref.name}`{where}, which nothing defines",
                "fix the sourceRef's kind, name or namespace, or add the source",
            )
            break
