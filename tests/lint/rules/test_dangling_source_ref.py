from __future__ import annotations

from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo, kustomization

RULE = "dangling-source-ref"
OCI = (
    "apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\n"
    "metadata:\n  name: podinfo\n  namespace: flux-system\nspec:\n  url: oci://x/y\n"
)


def lint(lint_tree, files, sync_paths=(SYNC,)):
    return lint_tree(files, sync_paths=sync_paths, select=[RULE])


def test_clean(lint_tree) -> None:
    files = apps_repo(
        **{
            f"{SYNC}/oci.yaml": OCI,
            f"{SYNC}/pod.yaml": kustomization("pod", "./", source="OCIRepository/podinfo"),
        }
    )
    assert found(lint(lint_tree, files)) == []


def test_fires_on_an_undefined_source(lint_tree) -> None:
    files = apps_repo(
        **{f"{SYNC}/apps.yaml": kustomization("apps", "./apps", source="GitRepository/flux-sytem")}
    )
    report = lint(lint_tree, files)
    assert found(report) == [(RULE, f"{SYNC}/apps.yaml", 10)]
    assert "GitRepository `flux-sytem` in namespace `flux-system`" in report.findings[0].message


def test_namespace_aware(lint_tree) -> None:
    ks = kustomization("pod", "./", source="OCIRepository/podinfo", namespace="apps")
    files = apps_repo(**{f"{SYNC}/oci.yaml": OCI, f"{SYNC}/pod.yaml": ks})
    assert found(lint(lint_tree, files)) == [(RULE, f"{SYNC}/pod.yaml", 10)]


def test_without_sync_path_every_kustomization_is_judged(lint_tree) -> None:
    files = {"ks.yaml": kustomization("x", "./", source="Bucket/nothing")}
    assert found(lint(lint_tree, files, sync_paths=())) == [(RULE, "ks.yaml", 10)]


def test_unreached_kustomization_is_not_judged(lint_tree) -> None:
    files = apps_repo(**{"old/ks.yaml": kustomization("x", "./", source="Bucket/nothing")})
    assert found(lint(lint_tree, files)) == []


def test_suppressed(lint_tree) -> None:
    text = kustomization("apps", "./apps", source="GitRepository/nope").replace(
        "  sourceRef:", "  # gitops-scaffold: disable=dangling-source-ref\n  sourceRef:"
    )
    assert found(lint(lint_tree, apps_repo(**{f"{SYNC}/apps.yaml": text}))) == []
