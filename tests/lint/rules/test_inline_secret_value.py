from __future__ import annotations

from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, found, tree

SECRET_VALUE = "PLANTED-7c1e"


def release(values: str) -> str:
    return HELM_RELEASE.replace("  values:\n    replicaCount: 2\n", "  values:\n" + values)


def test_fires_on_nested_password_without_showing_it(lint_tree) -> None:
    text = release(f"    auth:\n      password: {SECRET_VALUE}\n      apiKey: '{SECRET_VALUE}'\n")
    report = lint_tree(tree(**{RELEASE_PATH: text}))
    assert found(report) == [
        ("inline-secret-value", RELEASE_PATH, 17),
        ("inline-secret-value", RELEASE_PATH, 18),
    ]
    finding = report.findings[0]
    assert finding.severity == "warning"
    assert "spec.values.auth.password" in finding.message
    assert "targetPath: auth.password" in finding.hint
    assert all(SECRET_VALUE not in f.message + f.hint for f in report.findings)


def test_fires_in_sequences_and_for_tokens(lint_tree) -> None:
    text = release(f"    users:\n      - name: a\n        access_token: {SECRET_VALUE}\n")
    report = lint_tree(tree(**{RELEASE_PATH: text}))
    assert [f.message.split("`")[-2] for f in report.findings] == [
        "spec.values.users[0].access_token"
    ]


def test_references_empty_and_substituted_values_are_fine(lint_tree) -> None:
    text = release(
        "    existingSecret: db\n    secretName: db\n    password: ''\n"
        "    token: ${API_TOKEN}\n    secret: true\n    passwordKey: pw\n"
    )
    assert found(lint_tree(tree(**{RELEASE_PATH: text}))) == []


def test_extra_keys_option(lint_tree) -> None:
    text = release(f"    license: {SECRET_VALUE}\n")
    config = "rules:\n  inline-secret-value:\n    extra_keys: [license]\n"
    report = lint_tree(tree(**{RELEASE_PATH: text, ".gitops-scaffold.yaml": config}))
    assert [f.rule for f in report.findings] == ["inline-secret-value"]


def test_suppressed_on_the_line(lint_tree) -> None:
    text = release(
        f"    password: {SECRET_VALUE}  # gitops-scaffold: disable=inline-secret-value\n"
    )
    assert found(lint_tree(tree(**{RELEASE_PATH: text}))) == []


def test_fires_in_a_kustomize_patch_file(lint_tree) -> None:
    from tests.lint.conftest import SYNC

    patch = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
        f"metadata:\n  name: podinfo\nspec:\n  values:\n    adminPassword: {SECRET_VALUE}\n"
    )
    files = tree(
        **{
            f"{SYNC}/apps/kustomization.yaml": "resources: []\npatches:\n  - path: patch.yaml\n",
            f"{SYNC}/apps/patch.yaml": patch,
        }
    )
    # kustomize also rejects the patch (it matches nothing): that rule's finding
    assert found(lint_tree(files), "inline-secret-value") == [
        ("inline-secret-value", f"{SYNC}/apps/patch.yaml", 7)
    ]


def test_user_prefixed_credentials_are_flagged() -> None:
    """`userPassword` once passed as a reference because it starts with `use`."""
    from scaffold.model.facts.secret_values import is_credential_key

    assert is_credential_key("userPassword")
    assert is_credential_key("user_password")
    assert not is_credential_key("existingSecret")
    assert not is_credential_key("passwordSecretRef")


def test_keys_naming_a_secret_and_non_credentials_are_fine(lint_tree) -> None:
    values = (
        "    githubConfigSecret: gha-runner-secret\n"
        "    instance:\n      sync:\n        pullSecret: ghcr-auth\n"
        "    backupTargetCredentialSecret: longhorn-backup\n"
        "    existingSecretName: db-credentials\n"
        "    ingress:\n      tls:\n        secret: app-tls\n"
        "    githubToken:\n      secretName: agent\n      secretKey: token\n"
        "    clientSecretKey: OIDC_CLIENT_SECRET\n"
        "    lifespans:\n      access_token: 1h\n      refresh_token: 90m\n"
        "    GF_CLIENT_SECRET: $__file{/etc/secrets/client-secret}\n"
        "    password: op://vault/db/password\n"
        "    token: <token>\n"
    )
    assert found(lint_tree(tree(**{RELEASE_PATH: release(values)}))) == []


def test_literal_credentials_beside_those_still_fire(lint_tree) -> None:
    values = (
        f"    clientSecret: {SECRET_VALUE}\n"
        f"    s3:\n      secretKey: {SECRET_VALUE}\n"
        f"    adminPassword: {SECRET_VALUE}\n"
    )
    report = lint_tree(tree(**{RELEASE_PATH: release(values)}))
    assert [f.message.split("`")[-2] for f in report.findings] == [
        "spec.values.clientSecret",
        "spec.values.s3.secretKey",
        "spec.values.adminPassword",
    ]


def test_a_secret_named_by_what_it_holds_or_carries_is_a_name(lint_tree) -> None:
    values = (
        "    vpn:\n      configFileSecret: vpn-gateway-vpnconfig\n"
        "    postgres:\n      passwordSecret: app\n"
        "    tokenSecret: bot-token\n    apiKeySecret: api-keys\n"
        "    adminPasswordSecret: admin.credentials\n    sshSecret: git-ssh\n"
        "    envSecret: app-env\n    valuesSecret: app-values\n"
        "    rconPasswordExistingSecret: minecraft-rcon\n"
    )
    assert found(lint_tree(tree(**{RELEASE_PATH: release(values)}))) == []


def test_a_secret_named_by_who_shares_it_is_the_secret(lint_tree) -> None:
    values = (
        "    sharedSecret: hunter2\n    jwtSecret: abcdef\n    webhookSecret: s3cr3t\n"
        # not a Kubernetes name: a value, whatever the key says
        "    passwordSecret: Hunter2!\n"
    )
    report = lint_tree(tree(**{RELEASE_PATH: release(values)}))
    assert [f.message.split("`")[-2] for f in report.findings] == [
        "spec.values.sharedSecret",
        "spec.values.jwtSecret",
        "spec.values.webhookSecret",
        "spec.values.passwordSecret",
    ]


def _generated_values(values: str, config_map: str = "podinfo-values") -> dict[str, str]:
    from tests.lint.rules.flux_tree import SYNC, kustomization

    release = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n"
        "spec:\n  chartRef: {kind: OCIRepository, name: podinfo}\n"
        f"  valuesFrom:\n    - kind: ConfigMap\n      name: {config_map}\n"
    )
    return {
        f"{SYNC}/apps.yaml": kustomization("apps", "./apps"),
        "apps/kustomization.yaml": "resources: [release.yaml]\nconfigMapGenerator:\n"
        "  - name: podinfo-values\n    files:\n      - values.yaml=podinfo-values.yaml\n",
        "apps/release.yaml": release,
        "apps/podinfo-values.yaml": values,
    }


def test_fires_in_a_values_file_fed_through_a_generated_config_map(lint_tree) -> None:
    from tests.lint.rules.flux_tree import SYNC

    values = f"grafana:\n  adminPassword: {SECRET_VALUE}\nexporter:\n  apiToken: {SECRET_VALUE}\n"
    report = lint_tree(
        _generated_values(values), sync_paths=(SYNC,), select=["inline-secret-value"]
    )
    assert found(report) == [
        ("inline-secret-value", "apps/podinfo-values.yaml", 2),
        ("inline-secret-value", "apps/podinfo-values.yaml", 4),
    ]
    message = report.findings[0].message
    assert "HelmRelease `podinfo` (through ConfigMap `podinfo-values`)" in message
    assert "`grafana.adminPassword`" in message
    assert all(SECRET_VALUE not in f.message + f.hint for f in report.findings)


def test_a_values_file_no_release_takes_is_not_judged(lint_tree) -> None:
    from tests.lint.rules.flux_tree import SYNC

    values = f"auth:\n  password: {SECRET_VALUE}\n"
    files = _generated_values(values, config_map="other-values")
    report = lint_tree(files, sync_paths=(SYNC,), select=["inline-secret-value"])
    assert found(report) == []
    clean = _generated_values("auth:\n  existingSecret: db\n  password: ${DB_PASSWORD}\n")
    assert found(lint_tree(clean, sync_paths=(SYNC,), select=["inline-secret-value"])) == []


def test_keys_naming_a_key_inside_a_secret_are_names(lint_tree) -> None:
    values = (
        "    auth:\n      existingSecret: db\n      passwordSecretKey: password\n"
        "    adminPasswordSecretKey: admin-password\n"
        "    tokenSecretKey: token\n"
        "    oidc:\n      clientSecretKey: client-secret\n"
        "    keycloak:\n      clientSecretKey: clientSecret\n"
        "    existingSecretPasswordKey: password\n"
        "    userPasswordKey: password\n"
        "    passwordSecretKeyName: password\n"
        "    env:\n      - name: DB_PASSWORD\n"
        "        valueFrom:\n          secretKeyRef: {name: db, key: password}\n"
    )
    assert found(lint_tree(tree(**{RELEASE_PATH: release(values)}))) == []


def test_a_key_name_is_told_from_a_credential_by_its_shape(lint_tree) -> None:
    values = (
        "    clientSecretKey: hunter2\n"
        "    passwordSecretKey: Hunter2!\n"
        # a store's own secret key, however its value reads
        "    minioSecretKey: minioadmin\n"
        "    s3:\n      secretKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
        "    clientSecret: abc123\n    password: hunter2\n    apiKey: k3y-v4lue\n"
    )
    report = lint_tree(tree(**{RELEASE_PATH: release(values)}))
    assert [f.message.split("`")[-2] for f in report.findings] == [
        "spec.values.clientSecretKey",
        "spec.values.passwordSecretKey",
        "spec.values.minioSecretKey",
        "spec.values.s3.secretKey",
        "spec.values.clientSecret",
        "spec.values.password",
        "spec.values.apiKey",
    ]
