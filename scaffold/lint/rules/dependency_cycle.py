"""Kustomizations that list or apply each other, or Flux objects that depend on each other.

## What it does
Finds each cycle of three kinds, and reports it once, naming every member in order:
kustomization files whose local `resources` or `components` lead back to
themselves (`apps` lists `../base`, `base` lists `../apps`); Flux
Kustomizations or HelmReleases of one cluster whose `spec.dependsOn` chain comes
back to them (by name and namespace, the depending object's own when the entry has
none, where each lands); and Flux Kustomizations that apply each other by
`spec.path` (`loop` applies `./infra`, whose `back` applies `./apps`, which holds
`loop`; or a second Kustomization in the sync path applying the sync path again).
The one Kustomization applying itself, as Flux's own `flux-system` does, is not a
cycle. The finding sits on the entry of the cycle's first member that points to the
next (its `spec.path` for an applies-cycle). Entries and names holding a `${VAR}`, and objects whose
namespace a kustomize replacement may change, are not followed.

## Why is this bad
kustomize refuses to build a directory whose resources lead back to it ("cycle
detected"), so kustomize-controller applies nothing of it. A Kustomization or
HelmRelease that waits on itself through others is never ready: none of the cycle
is ever reconciled, and everything depending on them waits too. Kustomizations that
apply each other both manage everything either applies: each takes the objects from
the other on every reconciliation, and deleting one prunes what the other still
declares.

## Example
```yaml
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  dependsOn:
    - name: infra      # and Kustomization infra dependsOn apps
```

## Fix
Remove one entry of the cycle: the dependency (or the resource, or the
`spec.path`) that points the wrong way.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.cycles import applies_cycles, depends_on_cycles, resource_cycles
from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "dependency-cycle"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "Kustomizations list or apply each other, or dependsOn comes back to itself."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield one finding per cycle, on the entry of its first member."""
    for cycle in resource_cycles(ctx.builds):
        members = [posixpath.join(d, "") if d else "./" for d in cycle.members]
        way = " -> ".join([*members, members[0]])
        yield RawFinding(
            ID,
            cycle.path,
            *cycle.position,
            f"kustomization resources form a cycle: {way}; kustomize refuses to build it",
            "remove the entry that leads back (a base must not list what uses it)",
        )
    for flux_cycle in depends_on_cycles(ctx.graph):
        kind = flux_cycle.members[0][0]
        names = [f"{namespace}/{name}" for _, namespace, name in flux_cycle.members]
        way = " -> ".join([*names, names[0]])
        yield RawFinding(
            ID,
            flux_cycle.path,
            *flux_cycle.position,
            f"{kind} dependsOn forms a cycle: {way}; none of them is ever reconciled",
            "remove the dependsOn entry that points back",
        )
    for applied in applies_cycles(ctx.graph):
        names = [f"{namespace}/{name}" for _, namespace, name in applied.members]
        way = " -> ".join([*names, names[0]])
        yield RawFinding(
            ID,
            applied.path,
            *applied.position,
            f"Kustomizations apply each other by spec.path: {way}; each manages, and "
            "takes from the other, everything either applies",
            "let one Kustomization apply each directory: change the spec.path that leads back",
        )
