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
