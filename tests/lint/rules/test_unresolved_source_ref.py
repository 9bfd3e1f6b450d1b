from __future__ import annotations

from tests.lint.conftest import HELM_RELEASE, HELM_REPOSITORY, RELEASE_PATH, SYNC, found, tree

REPO_PATH = f"{SYNC}/helm/repositories/podinfo.yaml"


def test_fires_when_the_source_is_missing(lint_tree) -> None:
    report = lint_tree(tree(**{REPO_PATH: None}))
    assert found(report) == [("unresolved-source-ref", RELEASE_PATH, 12)]
    assert "HelmRepository `podinfo` in namespace `apps`" in report.findings[0].message


def test_fires_on_namespace_mismatch(lint_tree) -> None:
    report = lint_tree(tree(**{REPO_PATH: HELM_REPOSITORY.replace("apps", "flux-system")}))
    assert found(report) == [("unresolved-source-ref", RELEASE_PATH, 12)]


def test_fires_on_kind_mismatch(lint_tree) -> None:
    text = HELM_REPOSITORY.replace("kind: HelmRepository", "kind: GitRepository")
    assert found(lint_tree(tree(**{REPO_PATH: text}))) == [
        ("unresolved-source-ref", RELEASE_PATH, 12)
    ]


def test_cross_namespace_ref_resolves(lint_tree) -> None:
    release = HELM_RELEASE.replace(
        "        name: podinfo\n", "        name: podinfo\n        namespace: flux-system\n"
    )
    files = tree(
        **{REPO_PATH: HELM_REPOSITORY.replace("apps", "flux-system"), RELEASE_PATH: release}
    )
    assert found(lint_tree(files)) == []


def test_chart_ref_to_oci_repository(lint_tree) -> None:
    release = HELM_RELEASE.replace(
        "  chart:\n    spec:\n      chart: podinfo\n      version: 6.5.0\n"
        "      sourceRef:\n        kind: HelmRepository\n        name: podinfo\n",
        "  chartRef:\n    kind: OCIRepository\n    name: podinfo\n",
    )
    report = lint_tree(tree(**{RELEASE_PATH: release}))
    assert found(report) == [("unresolved-source-ref", RELEASE_PATH, 8)]
    oci = HELM_REPOSITORY.replace("kind: HelmRepository", "kind: OCIRepository").replace(
        "url: https://stefanprodan.github.io/podinfo", "url: oci://ghcr.io/stefanprodan/charts/podinfo"
    )  # an OCIRepository's url must be oci:// (schema-violation)
    files = tree(**{RELEASE_PATH: release, f"{SYNC}/helm/repositories/oci.yaml": oci})
    assert found(lint_tree(files)) == []


def test_sourceignored_source_does_not_count(lint_tree) -> None:
    files = tree(**{".sourceignore": "repositories/\n"})
    assert found(lint_tree(files)) == [("unresolved-source-ref", RELEASE_PATH, 12)]


def test_suppressed_on_the_line_above(lint_tree) -> None:
    release = HELM_RELEASE.replace(
        "      sourceRef:\n",
        "      # gitops-scaffold: disable=unresolved-source-ref\n      sourceRef:\n",
    )
    assert found(lint_tree(tree(**{REPO_PATH: None, RELEASE_PATH: release}))) == []


def test_the_bootstrap_git_repository_always_exists(lint_tree) -> None:
    release = HELM_RELEASE.replace(
        "        kind: HelmRepository\n        name: podinfo\n",
        "        kind: GitRepository\n        name: flux-system\n        namespace: flux-system\n",
    )
    assert found(lint_tree(tree(**{RELEASE_PATH: release}))) == []
    other = release.replace("        name: flux-system\n", "        name: other\n")
    assert found(lint_tree(tree(**{RELEASE_PATH: other}))) == [
        ("unresolved-source-ref", RELEASE_PATH, 12)
    ]
