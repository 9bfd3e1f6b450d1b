"""A dependsOn entry names an object nothing defines.

## What it does
Resolves each `spec.dependsOn` entry of a Flux Kustomization (naming a
Kustomization) and of a HelmRelease (naming a HelmRelease) by name and
namespace (the depending object's own when the entry has none, where each lands
after kustomize and `targetNamespace`), within the cluster (sync path) that
applies it. Names holding a `${VAR}` are skipped, and so are objects no sync
path applies when the repository has sync paths (Flux never reads them).

## Why is this bad
Flux waits for the dependency to be ready before reconciling: a dependency that
never exists blocks the object for ever ("dependency not found").

## Example
```yaml
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  dependsOn:
    - name: infra-controller      # the Kustomization is infra-controllers
```

## Fix
Fix the entry's name or namespace, or remove it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "dangling-depends-on"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A Kustomization or HelmRelease dependsOn names an object nothing defines."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each dependsOn entry that matches no object of its kind."""
    for facts, doc in ctx.documents():
        if not doc.depends_on or not ctx.references.judged(facts.path, doc):
            continue
        for ref in doc.depends_on:
            if not ref.name or "${" in ref.name or "${" in (ref.namespace or ""):
                continue
            kind = doc.kind or ref.kind
            for landing in ctx.references.landings(facts.path, doc):
                if landing.index.resolves((kind,), ref, landing.namespace):
                    continue
                namespace = ref.namespace or landing.namespace
                where = f" in namespace `{namespace}`" if namespace else ""
                yield RawFinding(
                    ID,
                    facts.path,
                    *ref.position,
                    f"{doc.kind} `{doc.name or '?'}` depends on {kind} `{ref.name}`{where}, "
                    "which nothing defines",
                    "fix the dependency's name or namespace, or remove it",
                )
                break
