from __future__ import annotations

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
