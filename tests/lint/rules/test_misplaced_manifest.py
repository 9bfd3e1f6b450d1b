from __future__ import annotations

from tests.lint.conftest import HELM_RELEASE, HELM_REPOSITORY, RELEASE_PATH, SYNC, found, tree


def test_fires_on_release_outside_releases(lint_tree) -> None:
    files = tree(**{RELEASE_PATH: None, f"{SYNC}/apps/podinfo.yaml": HELM_RELEASE})
    report = lint_tree(files)
    assert found(report) == [("misplaced-manifest", f"{SYNC}/apps/podinfo.yaml", 1)]
    assert report.findings[0].severity == "warning"


def test_fires_on_repository_in_releases(lint_tree) -> None:
    files = tree(**{f"{SYNC}/helm/releases/repo.yaml": HELM_REPOSITORY.replace("podinfo", "b")})
    assert found(lint_tree(files)) == [("misplaced-manifest", f"{SYNC}/helm/releases/repo.yaml", 1)]


def test_outside_helm_layout_is_fine(lint_tree) -> None:
    files = {"clusters/x/podinfo.yaml": HELM_RELEASE, "clusters/x/repo.yaml": HELM_REPOSITORY}
    report = lint_tree(files, sync_paths=("clusters/x",), select=["misplaced-manifest"])
    assert found(report) == []


def test_suppressed_for_the_document(lint_tree) -> None:
    text = "# gitops-scaffold: disable=misplaced-manifest\n" + HELM_REPOSITORY.replace(
        "podinfo", "b"
    )
    assert found(lint_tree(tree(**{f"{SYNC}/helm/releases/repo.yaml": text}))) == []
