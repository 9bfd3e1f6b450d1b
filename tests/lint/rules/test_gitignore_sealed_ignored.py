from __future__ import annotations

from scaffold.lint import fix
from scaffold.lint.engine import LintOptions, run_lint
from tests.lint.conftest import GITIGNORE_BLOCK, SYNC, found, tree

WITHOUT_EXCEPTION = "*-values-*.yaml\n"


def test_fires_when_values_rule_has_no_exception(lint_tree) -> None:
    report = lint_tree(tree(**{".gitignore": WITHOUT_EXCEPTION}))
    assert found(report, "gitignore-sealed-ignored") == [
        ("gitignore-sealed-ignored", ".gitignore", 1)
    ]
    assert "app-values-sealed.yaml" in report.findings[0].message


def test_fires_when_sealed_files_are_ignored_outright(lint_tree) -> None:
    report = lint_tree(tree(**{".gitignore": GITIGNORE_BLOCK + "*-sealed.yaml\n"}))
    assert [f.rule for f in report.findings] == ["gitignore-sealed-ignored"]


def test_fires_when_helm_secrets_dir_is_ignored(lint_tree) -> None:
    report = lint_tree(tree(**{".gitignore": GITIGNORE_BLOCK + "secrets/\n"}))
    assert "gitignore-sealed-ignored" in [f.rule for f in report.findings]


def test_fix_appends_the_block_and_clears_both(lint_tree) -> None:
    report = lint_tree(tree(**{".gitignore": WITHOUT_EXCEPTION}))
    root = report.root
    fix.apply(root, fix.plan(root, report.findings))
    assert (root / ".gitignore").read_text() == WITHOUT_EXCEPTION + "\n" + GITIGNORE_BLOCK
    assert found(run_lint(root, LintOptions(sync_paths=(SYNC,)))) == []


def test_suppressed_by_config_level_off(lint_tree) -> None:
    files = tree(
        **{
            ".gitignore": WITHOUT_EXCEPTION,
            ".gitops-scaffold.yaml": "rules:\n  gitignore-sealed-ignored: {level: off}\n",
        }
    )
    assert found(lint_tree(files)) == []


def test_directories_ignored_on_purpose_are_not_probed(lint_tree) -> None:
    # An editor's or assistant's folder holds no manifests: what it ignores is no concern.
    files = tree(
        **{
            ".gitignore": GITIGNORE_BLOCK + ".claude/*\n!.claude/settings.yaml\n",
            ".claude/settings.yaml": "permissions: {allow: []}\n",
        }
    )
    assert found(lint_tree(files, in_git=True), "gitignore-sealed-ignored") == []
