from __future__ import annotations

import pytest

from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, found, tree


def test_fires_without_version(lint_tree) -> None:
    report = lint_tree(tree(**{RELEASE_PATH: HELM_RELEASE.replace("      version: 6.5.0\n", "")}))
    assert found(report) == [("unpinned-chart-version", RELEASE_PATH, 10)]
    assert report.findings[0].severity == "warning"


def test_fires_on_star(lint_tree) -> None:
    text = HELM_RELEASE.replace("version: 6.5.0", 'version: "*"')
    assert found(lint_tree(tree(**{RELEASE_PATH: text}))) == [
        ("unpinned-chart-version", RELEASE_PATH, 11)
    ]


def test_chart_ref_release_is_fine(lint_tree) -> None:
    text = HELM_RELEASE.replace(
        "  chart:\n    spec:\n      chart: podinfo\n      version: 6.5.0\n"
        "      sourceRef:\n        kind: HelmRepository\n        name: podinfo\n",
        "  chartRef:\n    kind: HelmRepository\n    name: podinfo\n",
    )
    assert found(lint_tree(tree(**{RELEASE_PATH: text}), select=["unpinned-chart-version"])) == []


def test_suppressed_for_the_document(lint_tree) -> None:
    text = "# gitops-scaffold: disable=unpinned-chart-version\n" + HELM_RELEASE.replace(
        "      version: 6.5.0\n", ""
    )
    assert found(lint_tree(tree(**{RELEASE_PATH: text}))) == []


def test_a_version_patched_in_by_an_overlay_pins_it(lint_tree) -> None:
    base = HELM_RELEASE.replace("      version: 6.5.0\n", "")
    patch = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n"
        "spec:\n  chart:\n    spec:\n      version: '6.5.0'\n"
    )
    files = {
        "apps/base/release.yaml": base,
        "apps/base/kustomization.yaml": "resources: [release.yaml]\n",
        "apps/prod/kustomization.yaml": "resources: [../base]\npatches:\n"
        "  - path: podinfo-values.yaml\n    target: {kind: HelmRelease}\n",
        "apps/prod/podinfo-values.yaml": patch,
    }
    report = lint_tree(files, sync_paths=(), select=["unpinned-chart-version"])
    assert found(report) == []
    files["apps/prod/podinfo-values.yaml"] = patch.replace("podinfo", "other")
    report = lint_tree(files, sync_paths=(), select=["unpinned-chart-version"])
    assert found(report) == [("unpinned-chart-version", "apps/base/release.yaml", 10)]


def test_a_chart_from_a_git_repository_is_versioned_by_its_chart_yaml(lint_tree) -> None:
    text = HELM_RELEASE.replace("      version: 6.5.0\n", "").replace(
        "kind: HelmRepository\n        name: podinfo", "kind: GitRepository\n        name: mono"
    )
    report = lint_tree(tree(**{RELEASE_PATH: text}), select=["unpinned-chart-version"])
    assert found(report) == []


@pytest.mark.parametrize("version", ['">=15.5.0"', '"6.x"', "6.5", '"~1.2.0"', '">=1.0.0 <2.0.0"'])
def test_fires_on_a_range_with_the_reason(lint_tree, version) -> None:
    text = HELM_RELEASE.replace("version: 6.5.0", f"version: {version}")
    report = lint_tree(tree(**{RELEASE_PATH: text}), select=["unpinned-chart-version"])
    assert found(report) == [("unpinned-chart-version", RELEASE_PATH, 11)]
    assert "a range: Flux installs the newest match" in report.findings[0].message


@pytest.mark.parametrize("version", ["6.5.0", "v6.5.0", "1.0.0-rc.1", '"6.5.0+build.1"'])
def test_an_exact_version_is_pinned(lint_tree, version) -> None:
    text = HELM_RELEASE.replace("version: 6.5.0", f"version: {version}")
    report = lint_tree(tree(**{RELEASE_PATH: text}), select=["unpinned-chart-version"])
    assert found(report) == []


def test_a_range_patched_in_by_an_overlay_is_reported_on_the_patch(lint_tree) -> None:
    base = HELM_RELEASE.replace("      version: 6.5.0\n", "")
    patch = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n"
        "spec:\n  chart:\n    spec:\n      version: '>=6.0.0'\n"
    )
    files = {
        "apps/base/release.yaml": base,
        "apps/base/kustomization.yaml": "resources: [release.yaml]\n",
        "apps/prod/kustomization.yaml": "resources: [../base]\npatches:\n"
        "  - path: podinfo-values.yaml\n    target: {kind: HelmRelease}\n",
        "apps/prod/podinfo-values.yaml": patch,
    }
    report = lint_tree(files, sync_paths=(), select=["unpinned-chart-version"])
    assert found(report) == [("unpinned-chart-version", "apps/prod/podinfo-values.yaml", 8)]
