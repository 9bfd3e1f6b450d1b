"""An object uses an apiVersion that the cluster's Kubernetes release no longer serves.

## What it does
Reports every object whose `apiVersion` and `kind` Kubernetes has removed by the
release the cluster runs (`kubernetes_version` in `.gitops-scaffold.yaml`, default
1.37), naming the release that removed it and what replaces it, from Kubernetes'
Deprecated API Migration Guide: `extensions/v1beta1` and `networking.k8s.io/v1beta1`
Ingress (1.22), `batch/v1beta1` CronJob, `policy/v1beta1` PodDisruptionBudget and
PodSecurityPolicy, `autoscaling/v2beta1` (1.25), `autoscaling/v2beta2` (1.26), the
`flowcontrol.apiserver.k8s.io` betas (1.26, 1.29, 1.32), `networking.k8s.io/v1beta1`
IPAddress and ServiceCIDR and `storage.k8s.io/v1beta1` VolumeAttributesClass (1.37)
and the rest of that guide. The same holds for the apiVersion a Flux object names
inside its spec (the references `deprecated-api-version` reads for Flux's own
versions): a Kustomization's `healthChecks[]`, a Receiver's `resources[]`, an Alert's
`eventSources[]`, reported at that line. An alpha apiVersion a release dropped is
`kubernetes-schema-violation`'s finding.

## Why is this bad
The API server answers "no matches for kind" and the whole Kustomization that
applies the file fails to reconcile. Schema validators only say they have no schema
for it; this says what to write instead.

## Example
```yaml
apiVersion: policy/v1beta1        # removed in Kubernetes 1.25: use policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
```

A health check of a removed version never turns ready, and the Kustomization times out.

## Fix
Change `apiVersion` to the replacement and apply the field changes the hint names.
A PodSecurityPolicy has no replacement object: use Pod Security Admission labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "removed-kubernetes-api"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "An object uses a Kubernetes apiVersion the cluster's release has removed."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield one finding per object of a removed built-in apiVersion, and per reference
    to one inside a Flux object."""
    from scaffold.lint.rules.schema_violation import _chart_templates

    templates = _chart_templates(ctx)
    minor = ctx.kubernetes_version
    for facts, doc in ctx.every_document():
        if not doc.api_version or not doc.kind or not ctx.flux_sees(facts.path):
            continue
        if templates and facts.path.startswith(templates):
            continue
        where = doc.api_version_pos or doc.position
        found = _finding(facts.path, (doc.api_version, doc.kind, where), minor, "")
        if found is not None:
            yield found
        for named in doc.nested_api_versions:
            subject = f"{doc.kind} `{doc.name or '?'}` refers to "
            found = _finding(facts.path, named, minor, subject)
            if found is not None:
                yield found


def _finding(
    path: str, named: tuple[str, str, tuple[int, int]], minor: str, subject: str
) -> RawFinding | None:
    """The finding for an (apiVersion, kind, position) removed by release `minor`;
    `subject` opens the message when an object names it rather than is it."""
    from scaffold.model.schemas.removed_apis import removal

    api_version, kind, where = named
    found = removal(api_version, kind, minor)
    if found is None:
        return None
    if found.replacement is not None:
        hint = f"use `apiVersion: {found.replacement}`"
        hint += f"; {found.note}" if found.note else ""
    else:
        hint = found.note
    return RawFinding(
        ID,
        path,
        *where,
        f"{subject}`{api_version}` {kind}{', which' if subject else ''} was removed in "
        f"Kubernetes {found.removed_in} (the cluster runs {minor})",
        hint,
    )
