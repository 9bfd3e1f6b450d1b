from __future__ import annotations

from scaffold.lint.fix import apply, plan
from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo

RULE = "deprecated-patch-api-version"
PATCH = (
    "apiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease\n"
    "metadata:\n  name: podinfo\nspec:\n  values: {replicaCount: 3}\n"
)
KUSTOMIZATION = (
    "resources: [app.yaml]\npatches:\n  - path: podinfo-values.yaml\n"
    "    target: {kind: HelmRelease}\n"
)


def lint(lint_tree, files):
    return lint_tree(files, sync_paths=(SYNC,), select=[RULE])


def files_with(patch: str) -> dict[str, str]:
    return apps_repo(
        **{"apps/kustomization.yaml": KUSTOMIZATION, "apps/podinfo-values.yaml": patch}
    )


def test_clean(lint_tree) -> None:
    current = PATCH.replace("v2beta1", "v2")
    assert found(lint(lint_tree, files_with(current))) == []


def test_fires_on_a_removed_version_in_a_patch(lint_tree) -> None:
    report = lint(lint_tree, files_with(PATCH))
    assert found(report) == [(RULE, "apps/podinfo-values.yaml", 1)]
    assert report.findings[0].severity == "error"
    assert report.findings[0].fixable


def test_the_same_document_outside_patches_is_another_rule(lint_tree) -> None:
    files = apps_repo(**{"apps/app.yaml": PATCH})
    assert found(lint(lint_tree, files)) == []


def test_fix_rewrites_the_version(lint_tree, tmp_path) -> None:
    report = lint(lint_tree, files_with(PATCH))
    apply(report.root, plan(report.root, report.findings))
    text = (report.root / "apps/podinfo-values.yaml").read_text()
    assert text == PATCH.replace("v2beta1", "v2")


def test_suppressed(lint_tree) -> None:
    text = "# gitops-scaffold: disable=deprecated-patch-api-version\n" + PATCH
    assert found(lint(lint_tree, files_with(text))) == []
