"""Kustomizations that list each other as resources, or Flux objects that depend on each other.

## What it does
Finds each cycle of two kinds, and reports it once, naming every member in order:
kustomization files whose local `resources` or `components` lead back to
themselves (`apps` lists `../base`, `base` lists `../apps`), and Flux
Kustomizations or HelmReleases of one cluster whose `spec.dependsOn` chain comes
back to them (by name and namespace, the depending object's own when the entry has
none, where each lands). The finding sits on the entry of the cycle's first member
that points to the next. Entries and names holding a `${VAR}`, and objects whose
namespace a kustomize replacement may change, are not followed.

## Why is this bad
kustomize refuses to build a directory whose resources lead back to it ("cycle
detected"), so kustomize-controller applies nothing of it. A Kustomization or
HelmRelease that waits on itself through others is never ready: none of the cycle
is ever reconciled, and everything depending on them waits too.

## Example
```yaml
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  dependsOn:
    - name: infra      # and Kustomization infra dependsOn apps
```

## Fix
Remove one entry of the cycle: the dependency (or the resource) that points the
wrong way.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.cycles import depends_on_cycles, resource_cycles
from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "dependency-cycle"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "Kustomizations list each other as resources, or dependsOn comes back to itself."


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
