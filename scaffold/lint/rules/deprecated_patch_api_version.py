"""A kustomize patch file uses a Flux apiVersion that Flux removed.

## What it does
Reports an outdated Flux apiVersion (as `deprecated-api-version` does for
manifests) in the files kustomization files name as patches (`patches`,
`patchesStrategicMerge`, `patchesJson6902`): an error when the configured Flux
release (option `flux_version` of `deprecated-api-version`) has removed it, a
warning when it only deprecates it.

## Why is this bad
A strategic-merge patch selects its target by apiVersion and kind: once the
HelmRelease is migrated to the current version, a patch still naming the old
one no longer matches (kustomize fails: "no matches for Id"), or, with a
`target:`, writes the removed version back into the object.

## Example
```yaml
# apps/production/podinfo-values.yaml, listed under `patches:`
apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
metadata: {name: podinfo}
spec:
  values: {replicaCount: 3}
```

## Fix
`gitops-scaffold lint --fix` rewrites the apiVersion value on that line only:
`apiVersion: helm.toolkit.fluxcd.io/v2`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.api_versions import outdated_finding
from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "deprecated-patch-api-version"
DEFAULT_LEVEL = "error"
FIXABLE = True
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A patch file names a Flux apiVersion that Flux removed (error) or deprecated."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each outdated Flux apiVersion in a patch file, with its one-line fix."""
    for path in sorted(ctx.layout.patches):
        facts = ctx.facts.get(path)
        for doc in facts.documents if facts is not None else ():
            subject = f"patch of {doc.kind}"
            found = outdated_finding(ID, path, doc, ctx.flux_version, subject)
            if found is not None:
                yield found
