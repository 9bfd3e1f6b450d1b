from __future__ import annotations

from tests.lint.conftest import SEALED_SECRET, SYNC, found, tree

SECRETS = f"{SYNC}/helm/secrets"


def test_fires_on_misnamed_file_in_helm_secrets(lint_tree) -> None:
    report = lint_tree(tree(**{f"{SECRETS}/db.yaml": SEALED_SECRET.replace("podinfo", "db")}))
    assert found(report) == [("sealed-secret-naming", f"{SECRETS}/db.yaml", 1)]


def test_fires_on_non_yaml_file_in_helm_secrets(lint_tree) -> None:
    report = lint_tree(tree(**{f"{SECRETS}/notes.txt": "x"}))
    assert found(report) == [("sealed-secret-naming", f"{SECRETS}/notes.txt", 1)]


def test_fires_on_a_plain_secret_named_sealed(lint_tree) -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: apps}\n"
    report = lint_tree(tree(**{f"{SECRETS}/x-sealed.yaml": text}))
    assert found(report) == [("sealed-secret-naming", f"{SECRETS}/x-sealed.yaml", 1)]
    assert "ConfigMap" in report.findings[0].message


def test_fires_on_empty_encrypted_data(lint_tree) -> None:
    text = SEALED_SECRET.replace(
        "  encryptedData:\n    values.yaml: AgBy8hCi\n", "  encryptedData: {}\n"
    )
    report = lint_tree(tree(**{f"{SECRETS}/podinfo-values-sealed.yaml": text}))
    assert found(report) == [("sealed-secret-naming", f"{SECRETS}/podinfo-values-sealed.yaml", 1)]


def test_gitkeep_is_fine(lint_tree) -> None:
    assert found(lint_tree(tree(**{f"{SECRETS}/.gitkeep": ""}))) == []


def test_suppressed_by_disable_file(lint_tree) -> None:
    text = "# gitops-scaffold: disable-file\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"
    assert found(lint_tree(tree(**{f"{SECRETS}/x-sealed.yaml": text}))) == []
