from __future__ import annotations

import pytest

from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, SYNC, found, tree


def with_values_from(entries: str) -> str:
    return HELM_RELEASE.replace("  values:\n", "  valuesFrom:\n" + entries + "  values:\n")


def test_resolves_through_the_sealed_secret(lint_tree) -> None:
    text = with_values_from("    - kind: Secret\n      name: podinfo-values\n")
    assert found(lint_tree(tree(**{RELEASE_PATH: text}))) == []


def test_fires_on_missing_secret_and_configmap(lint_tree) -> None:
    text = with_values_from(
        "    - kind: Secret\n      name: nope\n    - kind: ConfigMap\n      name: cm\n"
    )
    report = lint_tree(tree(**{RELEASE_PATH: text}))
    assert found(report) == [
        ("unresolved-values-from", RELEASE_PATH, 16),
        ("unresolved-values-from", RELEASE_PATH, 18),
    ]
    assert report.findings[0].severity == "warning"
    assert "Secret `nope`" in report.findings[0].message


def test_fires_on_other_namespace(lint_tree) -> None:
    text = with_values_from("    - kind: Secret\n      name: podinfo-values\n").replace(
        "namespace: apps", "namespace: web"
    )
    report = lint_tree(tree(**{RELEASE_PATH: text}), select=["unresolved-values-from"])
    assert [f.rule for f in report.findings] == ["unresolved-values-from"]


def test_optional_configmap_and_generator_are_fine(lint_tree) -> None:
    text = with_values_from(
        "    - kind: ConfigMap\n      name: cm\n      optional: true\n"
        "    - kind: ConfigMap\n      name: generated\n"
    )
    kustomization = "resources: [podinfo-v6.5.0.yaml]\nconfigMapGenerator:\n  - name: generated\n"
    files = tree(**{RELEASE_PATH: text, f"{SYNC}/helm/releases/kustomization.yaml": kustomization})
    assert found(lint_tree(files)) == []


def test_suppressed_in_document_comments(lint_tree) -> None:
    text = "# gitops-scaffold: disable=unresolved-values-from\n" + with_values_from(
        "    - kind: Secret\n      name: nope\n"
    )
    assert found(lint_tree(tree(**{RELEASE_PATH: text}))) == []


def _flux_apps(release: str, **extra: str) -> dict[str, str]:
    from tests.lint.rules.flux_tree import kustomization

    return {
        f"{SYNC}/apps.yaml": kustomization("apps", "./apps", spec="  targetNamespace: media\n"),
        "apps/kustomization.yaml": "resources: [release.yaml, creator.yaml]\n"
        "configMapGenerator:\n  - name: generated\n    literals: [a=b]\n",
        "apps/release.yaml": release,
        **extra,
    }


def _release(kind: str, name: str) -> str:
    return (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\n"
        "spec:\n  chartRef: {kind: OCIRepository, name: app}\n"
        f"  valuesFrom:\n    - kind: {kind}\n      name: {name}\n"
    )


EXTERNAL_SECRET = (
    "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: {name}\n"
    "spec:\n  target:\n    name: {target}\n"
)


def test_creators_in_the_namespace_the_release_lands_in(lint_tree) -> None:
    creators = {
        ("Secret", "alertmanager-webhooks"): EXTERNAL_SECRET.format(
            name="webhooks", target="alertmanager-webhooks"
        ),
        ("Secret", "own-name"): EXTERNAL_SECRET.format(name="own-name", target="~"),
        ("ConfigMap", "generated"): "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    }
    for (kind, name), creator in creators.items():
        files = _flux_apps(_release(kind, name), **{"apps/creator.yaml": creator})
        report = lint_tree(files, select=["unresolved-values-from"])
        assert found(report) == [], (kind, name)


def test_a_creator_in_another_namespace_does_not_count(lint_tree) -> None:
    creator = EXTERNAL_SECRET.format(name="s", target="s").replace(
        "  name: s\n", "  name: s\n  namespace: elsewhere\n", 1
    )
    files = _flux_apps(
        _release("Secret", "s"),
        **{"apps/kustomization.yaml": "resources: [release.yaml]\n", f"{SYNC}/es.yaml": creator},
    )
    report = lint_tree(files, select=["unresolved-values-from"])
    assert found(report) == [("unresolved-values-from", "apps/release.yaml", 8)]


def _cr(api_version: str, kind: str, name: str, spec: str = "") -> str:
    body = f"spec:\n{spec}" if spec else ""
    return f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: {name}\n{body}"


# (what creates it, the Secret or ConfigMap valuesFrom names): each operator's naming rule
PRODUCED = [
    (_cr("db.movetokube.com/v1alpha1", "PostgresUser", "app-user",
         "  role: app\n  database: app-db\n  secretName: database\n"),
     "Secret", "database-app-user"),
    (_cr("objectbucket.io/v1alpha1", "ObjectBucketClaim", "bucket",
         "  generateBucketName: b\n  storageClassName: ceph-bucket\n"), "Secret", "bucket"),
    (_cr("objectbucket.io/v1alpha1", "ObjectBucketClaim", "bucket"), "ConfigMap", "bucket"),
    (_cr("ceph.rook.io/v1", "CephObjectStoreUser", "loki", "  store: objects\n"),
     "Secret", "rook-ceph-object-user-objects-loki"),
    (_cr("postgresql.cnpg.io/v1", "Cluster", "pg", "  instances: 3\n"), "Secret", "pg-app"),
    (_cr("postgresql.cnpg.io/v1", "Cluster", "pg", "  enableSuperuserAccess: true\n"),
     "Secret", "pg-superuser"),
    (_cr("postgresql.cnpg.io/v1", "Cluster", "pg"), "Secret", "pg-ca"),
    (_cr("acid.zalan.do/v1", "postgresql", "acid-db", "  users:\n    app_user: []\n"),
     "Secret", "app-user.acid-db.credentials.postgresql.acid.zalan.do"),
    (_cr("postgres-operator.crunchydata.com/v1beta1", "PostgresCluster", "hippo",
         "  users:\n    - name: rhino\n"), "Secret", "hippo-pguser-rhino"),
    (_cr("postgres-operator.crunchydata.com/v1beta1", "PostgresCluster", "hippo"),
     "Secret", "hippo-pguser-hippo"),
    (_cr("cert-manager.io/v1", "Certificate", "web", "  secretName: web-tls\n"),
     "Secret", "web-tls"),
    (_cr("cert-manager.io/v1", "ClusterIssuer", "le",
         "  acme:\n    privateKeySecretRef:\n      name: le-account\n"), "Secret", "le-account"),
    (_cr("trust.cert-manager.io/v1alpha1", "Bundle", "roots",
         "  target:\n    configMap:\n      key: ca.crt\n"), "ConfigMap", "roots"),
    (_cr("database.aws.crossplane.io/v1beta1", "RDSInstance", "db",
         "  writeConnectionSecretToRef:\n    name: db-conn\n    namespace: media\n"),
     "Secret", "db-conn"),
    (_cr("platform.example.org/v1alpha1", "PostgreSQLInstance", "db",
         "  writeConnectionSecretToRef:\n    name: claim-conn\n"), "Secret", "claim-conn"),
    (_cr("onepassword.com/v1", "OnePasswordItem", "op-item", '  itemPath: "vaults/v/items/i"\n'),
     "Secret", "op-item"),
    (_cr("secrets.hashicorp.com/v1beta1", "VaultStaticSecret", "vss",
         "  destination:\n    name: from-vault\n    create: true\n"), "Secret", "from-vault"),
    (_cr("secrets.hashicorp.com/v1beta1", "VaultDynamicSecret", "vds",
         "  destination:\n    name: dyn\n    create: true\n"), "Secret", "dyn"),
    (_cr("secrets.hashicorp.com/v1beta1", "VaultPKISecret", "pki",
         "  destination:\n    name: pki-tls\n    create: true\n"), "Secret", "pki-tls"),
    (_cr("kafka.strimzi.io/v1beta2", "KafkaUser", "producer",
         "  authentication:\n    type: scram-sha-512\n"), "Secret", "producer"),
    (_cr("kafka.strimzi.io/v1beta2", "Kafka", "events"), "Secret", "events-cluster-ca-cert"),
    (_cr("external-secrets.io/v1", "ClusterExternalSecret", "shared",
         "  externalSecretSpec:\n    target:\n      name: shared-creds\n"),
     "Secret", "shared-creds"),
    (_cr("secrets.doppler.com/v1alpha1", "DopplerSecret", "doppler",
         "  managedSecret:\n    name: doppler-managed\n"), "Secret", "doppler-managed"),
    (_cr("secrets.infisical.com/v1alpha1", "InfisicalSecret", "inf",
         "  managedSecretReference:\n    secretName: inf-managed\n"), "Secret", "inf-managed"),
    (_cr("k8s.bitwarden.com/v1", "BitwardenSecret", "bw", "  secretName: bw-secret\n"),
     "Secret", "bw-secret"),
    (_cr("isindir.github.com/v1alpha3", "SopsSecret", "sops",
         "  secretTemplates:\n    - name: sops-one\n"), "Secret", "sops-one"),
    (_cr("rabbitmq.com/v1beta1", "RabbitmqCluster", "mq"), "Secret", "mq-default-user"),
    (_cr("rabbitmq.com/v1beta1", "RabbitmqCluster", "mq"), "Secret", "mq-erlang-cookie"),
    (_cr("k8s.mariadb.com/v1alpha1", "MariaDB", "maria",
         "  rootPasswordSecretKeyRef:\n    name: maria-root\n    key: password\n"
         "    generate: true\n"), "Secret", "maria-root"),
    (_cr("k8s.mariadb.com/v1alpha1", "MariaDB", "maria",
         "  username: app\n  passwordSecretKeyRef:\n    name: maria-app\n    key: password\n"
         "    generate: true\n"), "Secret", "maria-app"),
    (_cr("k8s.mariadb.com/v1alpha1", "Connection", "conn",
         "  mariaDbRef: {name: maria}\n  secretName: app-dsn\n"), "Secret", "app-dsn"),
    (_cr("k8s.keycloak.org/v2alpha1", "Keycloak", "sso", "  instances: 1\n"),
     "Secret", "sso-initial-admin"),
    (_cr("mongodbcommunity.mongodb.com/v1", "MongoDBCommunity", "mongo",
         "  users:\n    - name: app\n      db: admin\n"), "Secret", "mongo-admin-app"),
    (_cr("mongodbcommunity.mongodb.com/v1", "MongoDBCommunity", "mongo",
         "  users:\n    - name: App_User\n      db: admin\n"
         "      connectionStringSecretName: app-conn\n"), "Secret", "app-conn"),
    (_cr("clustersecret.io/v1", "ClusterSecret", "pull-creds", "  matchNamespace: [.*]\n"),
     "Secret", "pull-creds"),
]  # fmt: skip


@pytest.mark.parametrize(("creator", "kind", "name"), PRODUCED,
                         ids=[f"{c.split()[3]}-{n}" for c, _, n in PRODUCED])  # fmt: skip
def test_secrets_operators_create_from_repository_objects(lint_tree, creator, kind, name) -> None:
    files = _flux_apps(_release(kind, name), **{"apps/creator.yaml": creator})
    assert found(lint_tree(files, select=["unresolved-values-from"])) == []


NOT_PRODUCED = [
    # an unknown kind is no producer, whatever its fields say
    (_cr("example.com/v1", "Database", "db", "  secretName: database\n"), "database"),
    # a known kind in another group is another kind
    (_cr("example.com/v1", "Certificate", "web", "  secretName: web-tls\n"), "web-tls"),
    # VSO writes into an existing Secret unless `destination.create: true`
    (_cr("secrets.hashicorp.com/v1beta1", "VaultStaticSecret", "vss",
         "  destination:\n    name: from-vault\n"), "from-vault"),
    # ext-postgres-operator suffixes the CR's name
    (_cr("db.movetokube.com/v1alpha1", "PostgresUser", "app-user", "  secretName: database\n"),
     "database"),
    # Strimzi makes no Secret for a user without authentication
    (_cr("kafka.strimzi.io/v1beta2", "KafkaUser", "producer"), "producer"),
    # CloudNativePG uses the bootstrap secret it is given instead of making `-app`
    (_cr("postgresql.cnpg.io/v1", "Cluster", "pg",
         "  bootstrap:\n    initdb:\n      secret:\n        name: mine\n"), "pg-app"),
    # the default user lives in Vault with a secret backend
    (_cr("rabbitmq.com/v1beta1", "RabbitmqCluster", "mq",
         "  secretBackend:\n    vault:\n      defaultUserPath: secret/mq\n"),
     "mq-default-user"),
    # MariaDB waits for a Secret it is not told to generate; a User only reads its own
    (_cr("k8s.mariadb.com/v1alpha1", "MariaDB", "maria",
         "  rootPasswordSecretKeyRef:\n    name: maria-root\n    key: password\n"),
     "maria-root"),
    (_cr("k8s.mariadb.com/v1alpha1", "User", "app",
         "  passwordSecretKeyRef:\n    name: app-password\n    key: password\n"),
     "app-password"),
    # Keycloak takes the admin's Secret it is given
    (_cr("k8s.keycloak.org/v2alpha1", "Keycloak", "sso",
         "  bootstrapAdmin:\n    user:\n      secret: my-admin\n"), "sso-initial-admin"),
    # MongoDB rewrites a composed name that is not a Kubernetes name: not guessed
    (_cr("mongodbcommunity.mongodb.com/v1", "MongoDBCommunity", "mongo",
         "  users:\n    - name: App_User\n      db: admin\n"), "mongo-admin-App_User"),
    # a PushSecret writes into a provider, not into the cluster
    (_cr("external-secrets.io/v1alpha1", "PushSecret", "push",
         "  selector:\n    secret:\n      name: pushed\n"), "pushed"),
    # a Secret named like an operator's in an unknown group is still nobody's
    (_cr("example.com/v1", "RabbitmqCluster", "mq"), "mq-default-user"),
]  # fmt: skip


@pytest.mark.parametrize(("creator", "name"), NOT_PRODUCED,
                         ids=[n for _, n in NOT_PRODUCED])  # fmt: skip
def test_what_no_operator_creates_is_still_reported(lint_tree, creator, name) -> None:
    files = _flux_apps(_release("Secret", name), **{"apps/creator.yaml": creator})
    assert found(lint_tree(files, select=["unresolved-values-from"])) == [
        ("unresolved-values-from", "apps/release.yaml", 8)
    ]


def test_a_producer_that_names_another_namespace_does_not_count(lint_tree) -> None:
    ref = "  writeConnectionSecretToRef:\n    name: db-conn\n    namespace: other\n"
    creator = _cr("database.aws.crossplane.io/v1beta1", "RDSInstance", "db", ref)
    files = _flux_apps(_release("Secret", "db-conn"), **{"apps/creator.yaml": creator})
    assert found(lint_tree(files, select=["unresolved-values-from"])) == [
        ("unresolved-values-from", "apps/release.yaml", 8)
    ]


def _source(name: str, kind: str, annotations: str) -> str:
    return (
        f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: shared\n"
        f"  annotations:\n{annotations}data: {{a: b}}\n"
    )


REFLECTOR = "    reflector.v1.k8s.emberstack.com/"
REPLICATOR = "    replicator.v1.mittwald.de/"
COPIED = [
    (f'{REFLECTOR}reflection-allowed: "true"\n{REFLECTOR}reflection-auto-enabled: "true"\n'
     f'{REFLECTOR}reflection-auto-namespaces: "web,media"\n', True),
    (f'{REFLECTOR}reflection-allowed: "true"\n{REFLECTOR}reflection-auto-enabled: "true"\n'
     f'{REFLECTOR}reflection-allowed-namespaces: "med.*"\n', True),
    (f'{REFLECTOR}reflection-allowed: "true"\n{REFLECTOR}reflection-auto-enabled: "true"\n',
     True),
    (f'{REPLICATOR}replicate-to: "media"\n', True),
    (f'{REPLICATOR}replicate-to: "team-.*"\n', True),
    (f'{REPLICATOR}replicate-to-matching: "copy=yes"\n', True),
    # reflection allowed but not automatic: a mirror must be declared
    (f'{REFLECTOR}reflection-allowed: "true"\n{REFLECTOR}reflection-allowed-namespaces: '
     '"media"\n', False),
    (f'{REFLECTOR}reflection-allowed: "true"\n{REFLECTOR}reflection-auto-enabled: "true"\n'
     f'{REFLECTOR}reflection-auto-namespaces: "web"\n', False),
    (f'{REPLICATOR}replicate-to: "web,other"\n', False),
    (f'{REPLICATOR}replicate-from: "media/x"\n', False),
]  # fmt: skip


@pytest.mark.parametrize("kind", ["Secret", "ConfigMap"])
@pytest.mark.parametrize(("annotations", "copied"), COPIED)
def test_copies_pushed_into_other_namespaces(lint_tree, kind, annotations, copied) -> None:
    files = _flux_apps(
        _release(kind, "shared-creds"),
        **{"apps/kustomization.yaml": "resources: [release.yaml]\n",
           f"{SYNC}/source.yaml": _source("shared-creds", kind, annotations)},
    )  # fmt: skip
    expected = [] if copied else [("unresolved-values-from", "apps/release.yaml", 8)]
    assert found(lint_tree(files, select=["unresolved-values-from"])) == expected
