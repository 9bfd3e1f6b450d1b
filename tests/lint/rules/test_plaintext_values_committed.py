from __future__ import annotations

from tests.conftest import git
from tests.lint.conftest import SYNC, found, tree

VALUES = f"{SYNC}/helm/secrets/podinfo-values-dev.yaml"


def test_fires_on_a_force_added_values_file(lint_tree) -> None:
    files = tree(**{VALUES: "password: PLANTED-0451\n"})
    report = lint_tree(files, in_git=True)
    # the ignore rule kept it out of `git add -A`; force-add it
    git(report.root, "add", "-f", VALUES)
    from scaffold.lint.engine import LintOptions, run_lint

    again = run_lint(report.root, LintOptions(sync_paths=(SYNC,)))
    rules = found(again)
    assert ("plaintext-values-committed", VALUES, 1) in rules
    finding = next(f for f in again.findings if f.rule == "plaintext-values-committed")
    assert "git rm --cached" in finding.hint and "rotate" in finding.hint


def test_committed_before_the_ignore_rule(lint_tree) -> None:
    files = tree(**{".gitignore": "", "app-values-prod.yaml": "a: 1\n"})
    report = lint_tree(files, in_git=True)
    assert ("plaintext-values-committed", "app-values-prod.yaml", 1) in found(report)


def test_untracked_ignored_values_file_is_fine(lint_tree) -> None:
    report = lint_tree(tree(**{VALUES: "password: x\n"}), in_git=True)
    assert found(report) == []


def test_sealed_values_file_is_fine(lint_tree) -> None:
    assert found(lint_tree(tree(), in_git=True)) == []


def test_suppressed_by_select(lint_tree) -> None:
    files = tree(**{".gitignore": "", "app-values-prod.yaml": "a: 1\n"})
    report = lint_tree(files, in_git=True, select=["missing-helm-dir"])
    assert found(report) == []
