"""Lint on hostile repositories: odd paths, odd Git states, no Git at all."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import git, write_tree
from tests.lint.conftest import SYNC, tree
from tests.reliability.conftest import assert_handled

ODD_NAMES = [
    "with space.yaml",
    "ünïcødé-✓.yaml",
    "new\nline.yaml",
    "tab\there.yaml",
    "quote\"and'.yaml",
    "back\\slash.yaml",
    "-leading-dash.yaml",
    "#hash.yaml",
    "!bang.yaml",
    "日本語/ファイル.yaml",
]
SECRET_DOC = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: b}\n"


def lint_json(cli, root: Path, *args: str, code: int = 1) -> list[dict]:
    """The findings of a lint that must end with exit `code` (1: the tree has errors)."""
    result = cli("lint", str(root), "--format", "json", "--sync-path", SYNC, *args)
    assert_handled(result, codes=(code,))
    return json.loads(result.stdout)["findings"]


@pytest.mark.parametrize("in_git", [False, True], ids=["plain", "git"])
def test_odd_paths_are_linted_and_reported_exactly(cli, tmp_path, in_git) -> None:
    files = tree(**{f"{SYNC}/odd/{name}": SECRET_DOC for name in ODD_NAMES})
    root = write_tree(tmp_path / "repo", files)
    if in_git:
        git(root, "init", "--quiet")
        git(root, "add", "-A")
    findings = lint_json(cli, root)
    reported = {f["path"] for f in findings if f["rule"] == "plaintext-secret"}
    assert reported == {f"{SYNC}/odd/{name}" for name in ODD_NAMES}
    for fmt in ("text", "sarif", "github"):
        assert_handled(cli("lint", str(root), "--format", fmt, "--sync-path", SYNC), codes=(1,))


def test_github_format_escapes_a_newline_in_a_path(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", tree(**{"a\nb.yaml": SECRET_DOC}))
    result = cli("lint", str(root), "--format", "github", "--sync-path", SYNC)
    assert_handled(result, codes=(1,))
    assert "file=a%0Ab.yaml" in result.stdout
    assert all(line.startswith("::") for line in result.stdout.splitlines())


@pytest.mark.parametrize("in_git", [False, True], ids=["plain", "git"])
def test_directory_named_like_yaml(cli, tmp_path, in_git) -> None:
    root = write_tree(tmp_path / "repo", tree(**{"x.yaml/inner.yaml": SECRET_DOC}))
    (root / "empty.yaml").mkdir()
    if in_git:
        git(root, "init", "--quiet")
        git(root, "add", "-A")
    paths = {f["path"] for f in lint_json(cli, root)}
    assert "x.yaml/inner.yaml" in paths
    assert "x.yaml" not in paths and "empty.yaml" not in paths


def test_empty_directory(cli, tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("lint", str(tmp_path / "empty"))
    assert_handled(result, codes=(0,))
    assert "0 errors, 0 warnings in 0 files" in result.stderr


def test_git_repo_without_commits(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", tree(**{"s.yaml": SECRET_DOC}))
    git(root, "init", "--quiet")
    assert ("plaintext-secret", "s.yaml") in {(f["rule"], f["path"]) for f in lint_json(cli, root)}
    (tmp_path / "bare-init").mkdir()
    git(tmp_path / "bare-init", "init", "--quiet")
    assert_handled(cli("lint", str(tmp_path / "bare-init")), codes=(0,))


def test_detached_head(cli, make_git_repo) -> None:
    root = make_git_repo(tree(**{"s.yaml": SECRET_DOC}))
    git(root, "commit", "--quiet", "--allow-empty", "-m", "second")
    git(root, "checkout", "--quiet", "--detach", "HEAD~1")
    assert ("plaintext-secret", "s.yaml") in {(f["rule"], f["path"]) for f in lint_json(cli, root)}


def test_submodule_is_not_descended(cli, make_git_repo, tmp_path) -> None:
    inner = make_git_repo({"inner.yaml": SECRET_DOC}, name="inner")
    root = make_git_repo(tree())
    git(root, "-c", "protocol.file.allow=always", "submodule", "add", "--quiet", str(inner), "sub")
    git(root, "commit", "--quiet", "-m", "add submodule")
    assert (root / "sub/inner.yaml").is_file()
    paths = {f["path"] for f in lint_json(cli, root, code=0)}
    assert not any(p.startswith("sub") for p in paths)
    # an untracked nested repository is not descended either
    make_git_repo({"nested.yaml": SECRET_DOC}, name="repo/nested")
    paths = {f["path"] for f in lint_json(cli, root, code=0)}
    assert not any(p.startswith("nested") for p in paths)


UNUSUAL_GITIGNORE = (
    "\\#hash.yaml\n"  # escaped '#': a file named #hash.yaml, not a comment
    "\\!bang.yaml\n"  # escaped '!': a file named !bang.yaml, not a negation
    "trailing.yaml   \n"  # trailing spaces are ignored
    "spaced\\ .yaml\n"  # an escaped space is part of the name
    "**/deep/**\n"
    "logs/\n"
    "!logs/keep.yaml\n"  # cannot re-include under an ignored directory
    "*-values-*.yaml\n"
    "!*-sealed.yaml\n"
)


@pytest.mark.parametrize("in_git", [False, True], ids=["plain", "git"])
def test_unusual_gitignore_patterns(cli, tmp_path, in_git) -> None:
    names = [
        "#hash.yaml", "!bang.yaml", "trailing.yaml", "spaced .yaml", "a/deep/b/c.yaml",
        "logs/keep.yaml", "app-values-prod.yaml", "app-values-sealed.yaml", "plain.yaml",
    ]  # fmt: skip
    files = tree(**{".gitignore": UNUSUAL_GITIGNORE, **dict.fromkeys(names, SECRET_DOC)})
    root = write_tree(tmp_path / "repo", files)
    if in_git:
        git(root, "init", "--quiet")
    reported = {f["path"] for f in lint_json(cli, root) if f["rule"] == "plaintext-secret"}
    assert reported == {"app-values-sealed.yaml", "plain.yaml"}


def test_not_a_git_repository_inside_one(cli, tmp_path, make_git_repo) -> None:
    """A directory given to lint that is a plain tree: no Git state is assumed."""
    root = write_tree(tmp_path / "plain", tree(**{"s.yaml": SECRET_DOC}))
    findings = lint_json(cli, root)
    assert ("plaintext-secret", "s.yaml") in {(f["rule"], f["path"]) for f in findings}
    assert not any(f["rule"] == "plaintext-values-committed" for f in findings)


def test_git_missing_from_path_walks_the_tree(cli, make_git_repo, tmp_path, monkeypatch) -> None:
    root = make_git_repo(tree(**{"s.yaml": SECRET_DOC, ".gitignore": "ignored.yaml\n"}))
    write_tree(root, {"ignored.yaml": SECRET_DOC})
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    result = cli("lint", str(root), "--format", "json", "--sync-path", SYNC)
    assert_handled(result, codes=(1,))
    paths = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert "s.yaml" in paths and "ignored.yaml" not in paths
    assert not any(p.startswith(".git/") for p in paths)
    assert "warning: `git` was not found on PATH" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads directories whatever their mode")
def test_unreadable_directory(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", tree(**{"locked/a.yaml": SECRET_DOC}))
    (root / "locked").chmod(0)
    try:
        assert_handled(cli("lint", str(root)), codes=(0,))  # unchecked-file is a warning
    finally:
        (root / "locked").chmod(0o755)


def test_output_file_in_a_missing_directory_is_a_clear_error(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", tree())
    result = cli("lint", str(root), "--output-file", str(tmp_path / "no/such/dir/report.json"))
    assert_handled(result, codes=(1,))
    assert result.stderr.startswith("error: ") and "cannot write the report" in result.stderr


def test_lint_of_a_missing_path_is_a_usage_error(cli, tmp_path) -> None:
    result = cli("lint", str(tmp_path / "nowhere"))
    assert_handled(result, codes=(2,))
    assert "no such file or directory" in result.stderr


@pytest.mark.parametrize("in_git", [False, True], ids=["plain", "git"])
@pytest.mark.parametrize("ignore_file", [".gitignore", "sub/.gitignore", ".sourceignore"])
def test_invalid_ignore_pattern_is_skipped_as_git_does(cli, tmp_path, in_git, ignore_file) -> None:
    """A lone trailing backslash makes a pattern Git never matches; it must not crash lint."""
    files = tree(**{ignore_file: "dangling\\\nplain.yaml\n", "dangling": SECRET_DOC})
    root = write_tree(tmp_path / "repo", {**files, "plain.yaml": SECRET_DOC, "sub/x": ""})
    if in_git:
        git(root, "init", "--quiet")
    assert_handled(cli("lint", str(root), "--sync-path", SYNC), codes=(1,))


def test_invalid_exclude_pattern_is_a_config_error(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", tree(**{".gitops-scaffold.yaml": "exclude: ['x\\']\n"}))
    result = cli("lint", str(root))
    assert_handled(result, codes=(2,))
    assert result.stderr.startswith("error: .gitops-scaffold.yaml:1:10: `exclude`")


def test_verbose_says_what_was_read(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", tree(**{"s.yaml": SECRET_DOC, "bad.yaml": "a: [\n"}))
    result = cli("lint", str(root), "--sync-path", SYNC, "--verbose")
    assert_handled(result, codes=(1,))
    assert "read s.yaml: 1 document(s) (Secret)" in result.stderr
    assert "read bad.yaml: 0 document(s), 1 parse finding(s)" in result.stderr
    assert "linted 9 files under" in result.stderr
    assert "stringData" not in result.stderr
