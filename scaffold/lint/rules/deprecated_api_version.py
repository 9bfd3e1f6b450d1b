"""A Flux object uses an apiVersion that Flux removed or deprecated.

## What it does
Reports a Flux apiVersion older than the current one for its kind:
`helm.toolkit.fluxcd.io/v2beta1`/`v2beta2` (now `v2`),
`source.toolkit.fluxcd.io/v1beta1`/`v1beta2`, `kustomize.toolkit.fluxcd.io/v1beta1`/
`v1beta2` (now `v1`), the image and notification betas. It is an error when the
configured Flux release (`flux_version` in `.gitops-scaffold.yaml`, default 2.9;
the same setting selects the schemas of `schema-violation`) has removed the
version, and a warning when that release only deprecates it. The same holds for the
apiVersion a Flux object names inside its spec: a Receiver's `resources[]`, a
Kustomization's `healthChecks[]` and `sourceRef`, a HelmRelease's chart
`sourceRef`/`chartRef`, an Alert's `eventSources[]`, any `dependsOn[]` entry that
carries one (the controller looks the object up by that version and fails). The older
per-rule option `flux_version` of this rule still works and sets the same thing.

## Why is this bad
A removed version is no longer served by the cluster's CRDs: kustomize-controller
fails to apply the file, and an upgrade of Flux breaks the repository.

## Example
```yaml
apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
```

## Fix
`gitops-scaffold lint --fix` rewrites the apiVersion value on that line only (as
`flux migrate -f` does), keeping every other byte:

```yaml
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.api_versions import CURRENT_FLUX, outdated_finding, version_finding
from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "deprecated-api-version"
DEFAULT_LEVEL = "error"
FIXABLE = True
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {"flux_version": (str, CURRENT_FLUX)}
SUMMARY = "A Flux apiVersion that Flux removed (error) or deprecated (warning)."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each outdated Flux apiVersion, with the one-line rewrite that fixes it."""
    for facts, doc in ctx.documents():
        found = outdated_finding(ID, facts.path, doc, ctx.flux_version, doc.kind or "")
        if found is not None:
            yield found
        for named in doc.nested_api_versions:
            subject = f"{doc.kind} `{doc.name or '?'}`'s reference to {named[1]}"
            found = version_finding(ID, facts.path, named, ctx.flux_version, subject)
            if found is not None:
                yield found
