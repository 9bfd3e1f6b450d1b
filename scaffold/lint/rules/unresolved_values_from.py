"""A HelmRelease's valuesFrom names a Secret or ConfigMap the repository does not define.

## What it does
Resolves each `spec.valuesFrom` entry that is not `optional: true` against the
Secrets, ConfigMaps and SealedSecrets (by the name and namespace of the Secret
they produce) and kustomize generators of the repository, in the HelmRelease's
namespace.

## Why is this bad
helm-controller refuses to install or upgrade the release until the object
exists; if it is created outside Git the repository no longer describes the
cluster.

## Example
```yaml
spec:
  valuesFrom:
    - kind: Secret
      name: podinfo-values        # no Secret or SealedSecret of that name
```

## Fix
Add the SealedSecret (`helm/secrets/<name>-sealed.yaml`), fix the name, or mark
the entry `optional: true` if the object really lives outside Git.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.lint.context.objects import index_documents
from scaffold.lint.context.repo import RepoContext
from scaffold.lint.model import RawFinding

ID = "unresolved-values-from"
DEFAULT_LEVEL = "warning"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A non-optional valuesFrom Secret/ConfigMap is defined nowhere in the repository."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each required valuesFrom reference that matches no object."""
    index = index_documents(doc for _, doc in ctx.documents(kustomizations=True))
    for facts, doc in ctx.documents():
        if doc.kind != "HelmRelease":
            continue
        for ref in doc.values_from:
            if ref.optional or not ref.name or ref.kind not in ("Secret", "ConfigMap"):
                continue
            if index.resolves((ref.kind,), ref, doc.namespace):
                continue
            yield RawFinding(
                ID,
                facts.path,
                *ref.position,
                f"HelmRelease `{doc.name or '?'}` takes values from {ref.kind} `{ref.name}`, "
                "which is not defined in the repository",
                "add it (a SealedSecret for a Secret), fix the name, or set `optional: true`",
            )
