from __future__ import annotations

from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo

RULE = "missing-kustomization-entry"


def lint(lint_tree, files):
    return lint_tree(files, sync_paths=(SYNC,), select=[RULE])


def test_clean(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": "resources:\n  - app.yaml\n  - sub\n"
            "  - https://github.com/o/r//base?ref=v1\n  - ${REMOTE}\n"
            "patches:\n  - path: patch.yaml\n",
            "apps/patch.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n",
            "apps/sub/kustomization.yaml": "resources: []\n",
        }
    )
    assert found(lint(lint_tree, files)) == []


def test_fires_on_a_missing_file_component_and_patch(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": "resources:\n  - app.yaml\n  - gone.yaml\n"
            "components:\n  - ../components/gone\n"
            "patches:\n  - path: nopatch.yaml\n    target: {kind: ConfigMap}\n"
            "patchesStrategicMerge:\n  - old.yaml\n",
        }
    )
    report = lint(lint_tree, files)
    assert found(report) == [
        (RULE, "apps/kustomization.yaml", 3),
        (RULE, "apps/kustomization.yaml", 5),
        (RULE, "apps/kustomization.yaml", 7),
        (RULE, "apps/kustomization.yaml", 10),
    ]
    assert {f.severity for f in report.findings} == {"error"}
    assert "`resources` entry `gone.yaml` does not exist" in report.findings[0].message


def test_a_directory_without_kustomization(lint_tree) -> None:
    files = apps_repo(
        **{"apps/kustomization.yaml": "resources:\n  - app.yaml\n  - plain\n"},
        apps__plain__cm__yaml="apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    )
    report = lint(lint_tree, files)
    assert found(report) == [(RULE, "apps/kustomization.yaml", 3)]
    assert "without a kustomization.yaml" in report.findings[0].message


def test_unreached_kustomization_is_a_warning(lint_tree) -> None:
    files = apps_repo(**{"old/kustomization.yaml": "resources:\n  - longhorn\n"})
    report = lint(lint_tree, files)
    assert found(report) == [(RULE, "old/kustomization.yaml", 2)]
    assert report.findings[0].severity == "warning"
    assert "no sync path applies" in report.findings[0].message


def test_suppressed(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": "resources:\n  - app.yaml\n"
            "  # gitops-scaffold: disable=missing-kustomization-entry\n  - gone.yaml\n"
        }
    )
    assert found(lint(lint_tree, files)) == []
