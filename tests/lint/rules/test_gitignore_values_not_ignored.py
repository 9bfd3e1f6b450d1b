from __future__ import annotations

import json
import os

from scaffold.lint import fix
from scaffold.lint.engine import LintOptions, run_lint
from tests.lint.conftest import GITIGNORE_BLOCK, SYNC, found, tree


def test_fires_without_the_rule(lint_tree) -> None:
    report = lint_tree(tree(**{".gitignore": "bin/\n"}))
    assert found(report) == [("gitignore-values-not-ignored", ".gitignore", 1)]


def test_fires_when_a_later_negation_re_includes(lint_tree) -> None:
    report = lint_tree(tree(**{".gitignore": GITIGNORE_BLOCK + "!*.yaml\n"}))
    assert "gitignore-values-not-ignored" in [f.rule for f in report.findings]


def test_fires_when_a_nested_gitignore_re_includes(lint_tree) -> None:
    report = lint_tree(tree(**{f"{SYNC}/.gitignore": "!*-values-*.yaml\n"}))
    [finding] = report.findings
    assert finding.rule == "gitignore-values-not-ignored"
    assert f"`{SYNC}/" in finding.message


def test_equivalent_pattern_is_accepted(lint_tree) -> None:
    files = tree(**{".gitignore": "**/*-values-*.yaml\n!**/*-sealed.yaml\n"})
    assert found(lint_tree(files)) == []


def test_not_checked_without_sync_paths(lint_tree) -> None:
    assert found(lint_tree({"a.txt": "x"}, sync_paths=())) == []


def test_fix_appends_the_block_keeping_other_bytes(lint_tree) -> None:
    report = lint_tree(tree(**{".gitignore": "bin/\n# keep me\n"}))
    root = report.root
    os.chmod(root / ".gitignore", 0o640)
    fix.apply(root, fix.plan(root, report.findings))
    assert (root / ".gitignore").read_text() == "bin/\n# keep me\n\n" + GITIGNORE_BLOCK
    assert (root / ".gitignore").stat().st_mode & 0o777 == 0o640
    again = run_lint(root, LintOptions(sync_paths=(SYNC,)))
    assert found(again) == []
    assert fix.plan(root, again.findings) == []


def test_fix_creates_a_missing_gitignore(lint_tree) -> None:
    report = lint_tree(tree(**{".gitignore": None}))
    root = report.root
    fix.apply(root, fix.plan(root, report.findings))
    assert (root / ".gitignore").read_text() == GITIGNORE_BLOCK


def test_fix_without_trailing_newline(lint_tree) -> None:
    report = lint_tree(tree(**{".gitignore": "bin/"}))
    root = report.root
    fix.apply(root, fix.plan(root, report.findings))
    assert (root / ".gitignore").read_text() == "bin/\n\n" + GITIGNORE_BLOCK


def test_suppressed_by_ignore_flag(lint_tree) -> None:
    report = lint_tree(tree(**{".gitignore": ""}), ignore=["gitignore-values-not-ignored"])
    assert found(report) == []


def test_a_missing_gitignore_is_said_to_be_missing(lint_tree) -> None:
    from scaffold.formats import OutputFormat
    from scaffold.lint.report import render

    report = lint_tree(tree(**{".gitignore": None}))
    [finding] = report.findings
    assert (finding.rule, finding.path, finding.line, finding.column) == (
        "gitignore-values-not-ignored", ".gitignore", 0, 0
    )
    assert "has no root .gitignore" in finding.message
    text = render(report, OutputFormat.text)
    assert text.startswith(".gitignore: error: the repository has no root .gitignore")
    assert ".gitignore:1:1" not in text
    assert "line=" not in render(report, OutputFormat.github)
    sarif = json.loads(render(report, OutputFormat.sarif))
    [result] = sarif["runs"][0]["results"]
    assert "region" not in result["locations"][0]["physicalLocation"]
