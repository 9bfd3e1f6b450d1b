"""The Secrets database, broker and identity operators create from their resources.

- RabbitMQ cluster-operator RabbitmqCluster: `<name>-erlang-cookie`, and
  `<name>-default-user` unless `spec.secretBackend.vault` holds the default user.
- MariaDB operator (`k8s.mariadb.com`, its older `mariadb.mmontes.io`, the enterprise
  `enterprise.mariadb.com`) MariaDB: the Secret of `spec.rootPasswordSecretKeyRef` and of
  `spec.passwordSecretKeyRef` when the ref says `generate: true` (otherwise the operator
  waits for it); Connection: `spec.secretName`. A User or Grant only reads its Secret.
- Keycloak operator Keycloak: `<name>-initial-admin`, unless `spec.bootstrapAdmin`
  names the admin's own Secret.
- MongoDB Community MongoDBCommunity: per `spec.users[]`, its
  `connectionStringSecretName`, else `<name>-<db>-<user>` (in
  `connectionStringSecretNamespace` when set); the operator rewrites a composed name
  that is not a valid Kubernetes name, so only a valid one is taken as is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scaffold.model.facts.created import Created, Producer, secret
from scaffold.model.facts.nodes import Node, dig, get, is_true, items, text

DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def _rabbitmq_cluster(root: Node, name: str) -> Iterator[Created]:
    yield "Secret", f"{name}-erlang-cookie", None
    if get(dig(root, "spec", "secretBackend"), "vault") is None:
        yield "Secret", f"{name}-default-user", None


def _mariadb(root: Node, _: str) -> Iterator[Created]:
    spec = get(root, "spec")
    for field in ("rootPasswordSecretKeyRef", "passwordSecretKeyRef"):
        ref = get(spec, field)
        if is_true(get(ref, "generate")):
            yield from secret(text(get(ref, "name")))


def _mariadb_connection(root: Node, _: str) -> Iterator[Created]:
    yield from secret(text(dig(root, "spec", "secretName")))


def _keycloak(root: Node, name: str) -> Iterator[Created]:
    if get(get(root, "spec"), "bootstrapAdmin") is None:
        yield "Secret", f"{name}-initial-admin", None


def _mongodb_community(root: Node, name: str) -> Iterator[Created]:
    for user in items(dig(root, "spec", "users")):
        namespace = text(get(user, "connectionStringSecretNamespace"))
        explicit = text(get(user, "connectionStringSecretName"))
        if explicit:
            yield from secret(explicit, namespace)
            continue
        db, user_name = text(get(user, "db")), text(get(user, "name"))
        composed = f"{name}-{db}-{user_name}"
        if db and user_name and len(composed) <= 253 and DNS_SUBDOMAIN.match(composed):
            yield "Secret", composed, namespace


_MARIADB_GROUPS = ("k8s.mariadb.com", "mariadb.mmontes.io", "enterprise.mariadb.com")
OPERATOR_SECRETS: dict[tuple[str, str], Producer] = {
    ("rabbitmq.com", "RabbitmqCluster"): _rabbitmq_cluster,
    **{(group, "MariaDB"): _mariadb for group in _MARIADB_GROUPS},
    **{(group, "Connection"): _mariadb_connection for group in _MARIADB_GROUPS},
    ("k8s.keycloak.org", "Keycloak"): _keycloak,
    ("mongodbcommunity.mongodb.com", "MongoDBCommunity"): _mongodb_community,
}
