from __future__ import annotations

from scaffold.lint import fix
from scaffold.lint.engine import LintOptions, run_lint
from tests.lint.conftest import SYNC, found, tree


def test_fires_per_missing_directory(lint_tree) -> None:
    files = tree(
        **{
            f"{SYNC}/helm/secrets/podinfo-values-sealed.yaml": None,
            f"{SYNC}/helm/secrets/.gitkeep": None,
        }
    )
    report = lint_tree(files)
    assert found(report) == [("missing-helm-dir", SYNC, 1)]
    assert "helm/secrets" in report.findings[0].message
    assert report.findings[0].fixable


def test_fires_for_a_sync_path_without_helm(lint_tree) -> None:
    report = lint_tree(tree(), sync_paths=(SYNC, "clusters/prod"))
    assert [f.message for f in report.findings] == [
        "sync path clusters/prod has no `helm/releases` directory",
        "sync path clusters/prod has no `helm/repositories` directory",
        "sync path clusters/prod has no `helm/secrets` directory",
    ]


def test_fix_creates_gitkeep_and_is_idempotent(lint_tree) -> None:
    report = lint_tree(tree(), sync_paths=("clusters/prod",))
    root = report.root
    changes = fix.plan(root, report.findings)
    assert sorted(c.path for c in changes) == [
        "clusters/prod/helm/releases/.gitkeep",
        "clusters/prod/helm/repositories/.gitkeep",
        "clusters/prod/helm/secrets/.gitkeep",
    ]
    fix.apply(root, changes)
    again = run_lint(root, LintOptions(sync_paths=("clusters/prod",)))
    assert found(again, "missing-helm-dir") == []
    assert fix.plan(root, again.findings) == []


def test_suppressed_by_config(lint_tree, tmp_path) -> None:
    files = tree(**{".gitops-scaffold.yaml": "rules:\n  missing-helm-dir: off\n"})
    assert found(lint_tree(files, sync_paths=("clusters/prod",))) == []
