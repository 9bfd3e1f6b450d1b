"""A `${VAR}` that the applying Flux Kustomization's postBuild does not define.

## What it does
For every object a Flux Kustomization with `spec.postBuild` applies, reports each
`${VAR}` without a default (`${VAR:=x}`, `${VAR:-x}` have one; `$${VAR}` is an
escape) that `postBuild.substitute` does not define, counting what a parent
Kustomization's `spec.patches` add to the postBuild of the Kustomizations it
applies. Silent when the Kustomization has a `substituteFrom` (the value may
come from a ConfigMap or Secret in the cluster), on documents annotated
`kustomize.toolkit.fluxcd.io/substitute: disabled`, and in comments.

## Why is this bad
kustomize-controller replaces an undefined variable with an empty string (or,
with strict substitution, fails the build): an image tag, host name or
namespace silently becomes empty on the cluster.

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

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "undefined-substitution"
DEFAULT_LEVEL = "warning"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A `${VAR}` the applying Kustomization's postBuild.substitute does not define."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each variable without default its Kustomization's postBuild leaves undefined."""
    reported: set[tuple[str, tuple[int, int], str]] = set()
    for placed in ctx.graph.placed:
        applier, doc = placed.applier, placed.doc
        if doc is None or not doc.variables or not applier.post_build or applier.substitute_from:
            continue
        for name, position in doc.variables:
            key = (placed.item.path, position, name)
            if name in applier.substitute or key in reported:
                continue
            reported.add(key)
            by = applier.doc.name if applier.doc is not None else applier.cluster
            yield RawFinding(
                ID,
                placed.item.path,
                *position,
                f"`${{{name}}}` is not defined by the postBuild.substitute of Kustomization "
                f"`{by}` ({applier.path}), which applies this file; it becomes empty",
                f"define {name} in postBuild.substitute, or write `${{{name}:=default}}`",
            )
