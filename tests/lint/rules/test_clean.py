"""The clean tree of the convention has no finding: every rule's clean case starts here."""

from __future__ import annotations

from tests.lint.conftest import CLEAN, found


def test_clean_tree_has_no_findings(lint_tree) -> None:
    report = lint_tree(CLEAN)
    assert found(report) == []
    assert report.files == 7
    assert report.documents == 3


def test_clean_tree_in_git_has_no_findings(lint_tree) -> None:
    assert found(lint_tree(CLEAN, in_git=True)) == []
