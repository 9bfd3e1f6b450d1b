"""A `${VAR}` that the applying Flux Kustomization's postBuild does not define.

## What it does
For every object a Flux Kustomization with `spec.postBuild` applies, reports each
`${VAR}` without a default (`${VAR:=x}`, `${VAR:-x}` have one; `$${VAR}` is an
escape) that `postBuild.substitute` does not define, counting what a parent
Kustomization's `spec.patches` add to the postBuild of the Kustomizations it
applies, and the keys of its `substituteFrom` ConfigMaps and Secrets when every
one of them is in the repository (a ConfigMap, Secret or SealedSecret the same
cluster gets in the Kustomization's namespace, its keys spelled out; only key
names are compared, by digest, never a value). Silent when a `substituteFrom` source is
`optional`, only in the cluster, made by an operator or a kustomize generator, or
added by a parent's patches (the value may come from there); on documents
annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`, and in comments.

## Why is this bad
Since Flux 2.9, kustomize-controller fails the build of the whole Kustomization
on it (the StrictPostBuildSubstitutions feature gate, on by default since then):
nothing of it is applied. Earlier releases, or the gate turned off, replace the
variable with an empty string: an image tag, host name or namespace silently
becomes empty on the cluster.

## Example
```yaml
kind: Kustomization
spec:
  postBuild:
    substitute:
      CLUSTER: prod
# and in a file it applies:
host: app.${DOMAIN}        # DOMAIN is not defined
```

## Fix
Define it in `postBuild.substitute` (or `substituteFrom`), give it a default
(`${DOMAIN:=example.com}`), or escape it as `$${DOMAIN}` if it is meant literally.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding
from scaffold.model.substitution_sources import Defined, SubstitutionSources

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "undefined-substitution"
DEFAULT_LEVEL = "warning"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A `${VAR}` the applying Kustomization's postBuild.substitute does not define."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each variable without default its Kustomization's postBuild leaves undefined."""
    reported: set[tuple[str, tuple[int, int], str]] = set()
    sources: SubstitutionSources | None = None
    for placed in ctx.graph.placed:
        applier, doc = placed.applier, placed.doc
        if doc is None or not doc.variables or not applier.post_build:
            continue
        if applier.substitute_from and sources is None:
            sources = SubstitutionSources(ctx.graph)
        defined = sources.defined(applier) if sources is not None else Defined(applier.substitute)
        if defined is None:
            continue
        for name, position in doc.variables:
            key = (placed.item.path, position, name)
            if name in defined or key in reported:
                continue
            reported.add(key)
            by = applier.doc.name if applier.doc is not None else applier.cluster
            yield RawFinding(
                ID,
                placed.item.path,
                *position,
                f"`${{{name}}}` is not defined by the postBuild of Kustomization "
                f"`{by}` ({applier.path}), which applies this file: Flux 2.9 fails the build "
                "(strict substitution), earlier releases make it empty",
                f"define {name} in postBuild.substitute (or a substituteFrom source), "
                f"or write `${{{name}:=default}}`",
            )
