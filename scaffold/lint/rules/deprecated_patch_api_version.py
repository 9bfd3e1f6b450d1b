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

from scaffold.lint.context.api_versions import CURRENT_FLUX, outdated
from scaffold.lint.context.repo import RepoContext
from scaffold.lint.model import RawFinding, TextEdit

ID = "deprecated-patch-api-version"
DEFAULT_LEVEL = "error"
FIXABLE = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A patch file names a Flux apiVersion that Flux removed (error) or deprecated."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each outdated Flux apiVersion in a patch file, with its one-line fix."""
    flux_version = str(ctx.option("deprecated-api-version", "flux_version") or CURRENT_FLUX)
    for path in sorted(ctx.layout.patches):
        facts = ctx.facts.get(path)
        for doc in facts.documents if facts is not None else ():
            if not doc.api_version or not doc.kind or doc.api_version_pos is None:
                continue
            found = outdated(doc.api_version, doc.kind, flux_version)
            if found is None:
                continue
            status = "removed in" if found.removed else "deprecated, to be removed in"
            yield RawFinding(
                ID,
                path,
                *doc.api_version_pos,
                f"patch of {doc.kind} uses `{doc.api_version}`, {status} Flux {found.removed_in}",
                f"use `apiVersion: {found.current}` (`gitops-scaffold lint --fix` rewrites it)",
                fixes=(TextEdit(path, *doc.api_version_pos, doc.api_version, found.current),),
                level="error" if found.removed else "warning",
            )
