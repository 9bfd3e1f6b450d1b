from __future__ import annotations

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
