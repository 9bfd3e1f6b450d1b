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
and the rest of that guide. An alpha apiVersion a release dropped is
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
    """Yield one finding per object of a removed built-in apiVersion."""
    from scaffold.lint.rules.schema_violation import _chart_templates
    from scaffold.model.schemas.removed_apis import removal

    templates = _chart_templates(ctx)
    minor = ctx.kubernetes_version
    for facts, doc in ctx.every_document():
        if not doc.api_version or not doc.kind or not ctx.flux_sees(facts.path):
            continue
        if templates and facts.path.startswith(templates):
            continue
        found = removal(doc.api_version, doc.kind, minor)
        if found is None:
            continue
        if found.replacement is not None:
            hint = f"use `apiVersion: {found.replacement}`"
            hint += f"; {found.note}" if found.note else ""
        else:
            hint = found.note
        yield RawFinding(
            ID,
            facts.path,
            *(doc.api_version_pos or doc.position),
            f"`{doc.api_version}` {doc.kind} was removed in Kubernetes {found.removed_in} "
            f"(the cluster runs {minor})",
            hint,
        )
