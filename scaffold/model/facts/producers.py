"""The objects that make a cluster create a Secret or ConfigMap, and where each names it.

One table, keyed by API group and kind: a custom resource of a kind not listed here
creates nothing, however its fields are named. Each entry follows the operator's own
naming rule (its source or reference documentation):

- SealedSecret: `spec.template.metadata.name`/`namespace`, else its own.
- ExternalSecret: `spec.target.name`, else its own name; ClusterExternalSecret: that of
  its `spec.externalSecretSpec`, else `spec.externalSecretName`, else its own name, in
  every namespace it selects.
- cert-manager Certificate: `spec.secretName`; an ACME Issuer its account key
  `spec.acme.privateKeySecretRef.name` (a ClusterIssuer's lands in cert-manager's
  cluster resource namespace). trust-manager Bundle: a ConfigMap and/or Secret named
  after the Bundle (`spec.target.configMap`/`secret`) in every target namespace.
- ext-postgres-operator PostgresUser: `<spec.secretName>-<its name>`.
- CloudNativePG Cluster: `<name>-app` (unless a bootstrap section names its own
  secret), `<name>-superuser` with `enableSuperuserAccess: true` (unless
  `spec.superuserSecret`), `<name>-replication`, `<name>-ca`, `<name>-server`.
- Zalando `postgresql`: `<user>.<cluster>.credentials.postgresql.acid.zalan.do` for
  each of `spec.users`, `postgres` and `standby` (`_` in a user name becomes `-`).
- Crunchy PostgresCluster: `<cluster>-pguser-<user>` per `spec.users` (the cluster's
  own name when there are none).
- Rook ObjectBucketClaim: a Secret and a ConfigMap of its name; CephObjectStoreUser:
  `rook-ceph-object-user-<spec.store>-<name>`.
- 1Password OnePasswordItem, Strimzi KafkaUser (with `tls` or `scram-sha-512`
  authentication): a Secret of its name. Strimzi Kafka: its cluster and clients CA
  Secrets.
- Vault Secrets Operator (VaultStaticSecret, VaultDynamicSecret, VaultPKISecret,
  HCPVaultSecretsApp): `spec.destination.name` when `destination.create: true`
  (otherwise the Secret must already exist).
- Doppler DopplerSecret: `spec.managedSecret`; Infisical InfisicalSecret:
  `spec.managedSecretReference` and each of `spec.managedKubeSecretReferences`;
  Bitwarden BitwardenSecret: `spec.secretName`; sops-secrets-operator SopsSecret: each
  of `spec.secretTemplates`.
- Crossplane: any managed resource, composite or claim with
  `spec.writeConnectionSecretToRef` (the field is Crossplane's contract for every kind
  it serves, whose groups are the providers' and the platform's own).
- RabbitMQ, MariaDB, Keycloak and MongoDB Community operators: see
  `scaffold.model.facts.operator_secrets`.
- Copies into other namespaces (ClusterSecret, Reflector, kubernetes-replicator): see
  `scaffold.model.facts.secret_copies`.

An External Secrets PushSecret writes into a provider, not into the cluster: it creates
nothing here.

Only names and namespaces are read here, never a value.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.model.facts.created import ANYWHERE, Created, Producer
from scaffold.model.facts.created import secret as _secret
from scaffold.model.facts.nodes import Node, dig, get, is_true, items, pairs, text
from scaffold.model.facts.operator_secrets import OPERATOR_SECRETS
from scaffold.model.facts.secret_copies import COPIES

__all__ = ["ANYWHERE", "PRODUCERS", "Created", "produced"]


def produced(root: Node, group: str, kind: str, name: str | None) -> tuple[Created, ...]:
    """What the object `root` makes its cluster create (named by the table above)."""
    if not name:
        return ()
    found = list(_connection_secret(root))
    producer = PRODUCERS.get((group, kind))
    if producer is not None:
        found.extend(producer(root, name))
    return tuple(c for c in found if c[1] and "${" not in c[1])


def _sealed_secret(root: Node, name: str) -> Iterator[Created]:
    template = dig(root, "spec", "template", "metadata")
    yield from _secret(text(get(template, "name")) or name, text(get(template, "namespace")))


def _external_secret(root: Node, name: str) -> Iterator[Created]:
    yield from _secret(text(dig(root, "spec", "target", "name")) or name)


def _cluster_external_secret(root: Node, name: str) -> Iterator[Created]:
    spec = get(root, "spec")
    target = text(dig(spec, "externalSecretSpec", "target", "name"))
    yield from _secret(target or text(get(spec, "externalSecretName")) or name, ANYWHERE)


def _certificate(root: Node, _: str) -> Iterator[Created]:
    yield from _secret(text(dig(root, "spec", "secretName")))


def _issuer(root: Node, _: str) -> Iterator[Created]:
    yield from _secret(text(dig(root, "spec", "acme", "privateKeySecretRef", "name")))


def _cluster_issuer(root: Node, _: str) -> Iterator[Created]:
    key = text(dig(root, "spec", "acme", "privateKeySecretRef", "name"))
    yield from _secret(key, ANYWHERE)


def _bundle(root: Node, name: str) -> Iterator[Created]:
    target = dig(root, "spec", "target")
    if get(target, "configMap") is not None:
        yield "ConfigMap", name, ANYWHERE
    if get(target, "secret") is not None:
        yield "Secret", name, ANYWHERE


def _postgres_user(root: Node, name: str) -> Iterator[Created]:
    secret = text(dig(root, "spec", "secretName"))
    if secret:
        yield "Secret", f"{secret}-{name}", None


def _cnpg_cluster(root: Node, name: str) -> Iterator[Created]:
    spec = get(root, "spec")
    bootstrap = get(spec, "bootstrap")
    if not any(text(dig(bootstrap, way, "secret", "name")) for way in _CNPG_BOOTSTRAPS):
        yield "Secret", f"{name}-app", None
    if is_true(get(spec, "enableSuperuserAccess")) and not text(
        dig(spec, "superuserSecret", "name")
    ):
        yield "Secret", f"{name}-superuser", None
    for suffix in ("replication", "ca", "server"):
        yield "Secret", f"{name}-{suffix}", None


_CNPG_BOOTSTRAPS = ("initdb", "recovery", "pg_basebackup")


def _zalando_postgresql(root: Node, name: str) -> Iterator[Created]:
    users = [str(k.value) for k, _ in pairs(dig(root, "spec", "users"))]
    for user in (*users, "postgres", "standby"):
        user_part = user.replace("_", "-")
        yield "Secret", f"{user_part}.{name}.credentials.postgresql.acid.zalan.do", None


def _crunchy_cluster(root: Node, name: str) -> Iterator[Created]:
    users = [text(get(u, "name")) for u in items(dig(root, "spec", "users"))]
    for user in [u for u in users if u] or [name]:
        yield "Secret", f"{name}-pguser-{user}", None


def _object_bucket_claim(_: Node, name: str) -> Iterator[Created]:
    yield "Secret", name, None
    yield "ConfigMap", name, None


def _ceph_object_store_user(root: Node, name: str) -> Iterator[Created]:
    store = text(dig(root, "spec", "store"))
    if store:
        yield "Secret", f"rook-ceph-object-user-{store}-{name}", None


def _own_name(_: Node, name: str) -> Iterator[Created]:
    yield "Secret", name, None


def _kafka_user(root: Node, name: str) -> Iterator[Created]:
    if text(dig(root, "spec", "authentication", "type")) in ("tls", "scram-sha-512"):
        yield "Secret", name, None


def _kafka(_: Node, name: str) -> Iterator[Created]:
    for ca in ("cluster-ca", "cluster-ca-cert", "clients-ca", "clients-ca-cert"):
        yield "Secret", f"{name}-{ca}", None


def _vault_destination(root: Node, _: str) -> Iterator[Created]:
    destination = dig(root, "spec", "destination")
    if is_true(get(destination, "create")):
        yield from _secret(text(get(destination, "name")))


def _doppler_secret(root: Node, _: str) -> Iterator[Created]:
    managed = dig(root, "spec", "managedSecret")
    yield from _secret(text(get(managed, "name")), text(get(managed, "namespace")))


def _infisical_secret(root: Node, _: str) -> Iterator[Created]:
    spec = get(root, "spec")
    many = items(get(spec, "managedKubeSecretReferences"))
    for ref in [get(spec, "managedSecretReference"), *many]:
        yield from _secret(text(get(ref, "secretName")), text(get(ref, "secretNamespace")))


def _bitwarden_secret(root: Node, _: str) -> Iterator[Created]:
    yield from _secret(text(dig(root, "spec", "secretName")))


def _sops_secret(root: Node, _: str) -> Iterator[Created]:
    for template in items(dig(root, "spec", "secretTemplates")):
        yield from _secret(text(get(template, "name")))


def _connection_secret(root: Node) -> Iterator[Created]:
    ref = dig(root, "spec", "writeConnectionSecretToRef")
    yield from _secret(text(get(ref, "name")), text(get(ref, "namespace")))


_VAULT = "secrets.hashicorp.com"
_VAULT_KINDS = ("VaultStaticSecret", "VaultDynamicSecret", "VaultPKISecret", "HCPVaultSecretsApp")
PRODUCERS: dict[tuple[str, str], Producer] = {
    ("bitnami.com", "SealedSecret"): _sealed_secret,
    ("external-secrets.io", "ExternalSecret"): _external_secret,
    ("external-secrets.io", "ClusterExternalSecret"): _cluster_external_secret,
    ("cert-manager.io", "Certificate"): _certificate,
    ("cert-manager.io", "Issuer"): _issuer,
    ("cert-manager.io", "ClusterIssuer"): _cluster_issuer,
    ("trust.cert-manager.io", "Bundle"): _bundle,
    ("db.movetokube.com", "PostgresUser"): _postgres_user,
    ("postgresql.cnpg.io", "Cluster"): _cnpg_cluster,
    ("acid.zalan.do", "postgresql"): _zalando_postgresql,
    ("postgres-operator.crunchydata.com", "PostgresCluster"): _crunchy_cluster,
    ("objectbucket.io", "ObjectBucketClaim"): _object_bucket_claim,
    ("ceph.rook.io", "CephObjectStoreUser"): _ceph_object_store_user,
    ("onepassword.com", "OnePasswordItem"): _own_name,
    ("kafka.strimzi.io", "KafkaUser"): _kafka_user,
    ("kafka.strimzi.io", "Kafka"): _kafka,
    **{(_VAULT, kind): _vault_destination for kind in _VAULT_KINDS},
    ("secrets.doppler.com", "DopplerSecret"): _doppler_secret,
    ("secrets.infisical.com", "InfisicalSecret"): _infisical_secret,
    ("k8s.bitwarden.com", "BitwardenSecret"): _bitwarden_secret,
    ("isindir.github.com", "SopsSecret"): _sops_secret,
    **OPERATOR_SECRETS,
    **COPIES,
}
