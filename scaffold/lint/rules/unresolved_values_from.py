"""A HelmRelease's valuesFrom names a Secret or ConfigMap the repository does not define.

## What it does
Resolves each `spec.valuesFrom` entry that is not `optional: true` against what
creates a Secret or ConfigMap: the Secrets and ConfigMaps themselves (SOPS ones
included), kustomize generators, and the objects that make an operator create one,
by that operator's naming rule: SealedSecrets, ExternalSecrets, cert-manager
Certificates and ACME issuers, CloudNativePG, Zalando and Crunchy Postgres clusters,
ext-postgres-operator PostgresUsers, Rook ObjectBucketClaims and object store users,
1Password items, Vault Secrets Operator secrets (with `destination.create: true`),
Strimzi Kafkas and KafkaUsers, Doppler, Infisical, Bitwarden and sops-secrets-operator
secrets, trust-manager Bundles, Crossplane `writeConnectionSecretToRef`, RabbitMQ
clusters, MariaDB (a `generate: true` password ref) and its Connections, Keycloak
(`<name>-initial-admin`), MongoDB Community users, and the copies ClusterSecrets,
Reflector (`reflection-auto-enabled`) and kubernetes-replicator (`replicate-to`)
make in other namespaces (the table and its rules are in
`scaffold/model/facts/producers.py`). A custom
resource of any other kind creates nothing. It resolves in the namespace the
HelmRelease lands in (its own, kustomize `namespace:` or the applying Flux
Kustomization's `targetNamespace`), within the cluster (sync path) that applies it.
A name holding a `${VAR}` is skipped.

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
Add the SealedSecret (`helm/secrets/<name>-sealed.yaml`), fix the name (an
operator's Secret is named by its rule: a PostgresUser's is `<secretName>-<name>`),
or mark the entry `optional: true` if the object really lives outside Git.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "unresolved-values-from"
DEFAULT_LEVEL = "warning"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A non-optional valuesFrom Secret/ConfigMap is defined nowhere in the repository."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each required valuesFrom reference that matches no object."""
    for facts, doc in ctx.documents():
        if doc.kind != "HelmRelease":
            continue
        for ref in doc.values_from:
            if ref.optional or not ref.name or ref.kind not in ("Secret", "ConfigMap"):
                continue
            if "${" in ref.name or all(
                landing.index.resolves((ref.kind,), ref, landing.namespace)
                for landing in ctx.references.landings(facts.path, doc)
            ):
                continue
            yield RawFinding(
                ID,
                facts.path,
                *ref.position,
                f"HelmRelease `{doc.name or '?'}` takes values from {ref.kind} `{ref.name}`, "
                "which is not defined in the repository",
                "add it (a SealedSecret for a Secret), fix the name, or set `optional: true`",
            )
