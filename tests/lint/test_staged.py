"""`lint --staged`: what the next commit holds, read from the index, never from the work tree."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import git
from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, SYNC, tree

BROKEN = "a: [unclosed\n"


@pytest.fixture
def repo(make_git_repo):
    files = tree()
    files[".gitops-scaffold.yaml"] = f"sync_paths: [{SYNC}]\n"
    return make_git_repo(files)


def test_an_untracked_broken_file_is_not_what_is_committed(cli, repo) -> None:
    (repo / "scratch.yaml").write_text(BROKEN)
    assert cli("lint", cwd=repo).exit_code == 1
    result = cli("lint", "--staged", cwd=repo)
    assert result.exit_code == 0, result.stdout
    assert (repo / "scratch.yaml").read_text() == BROKEN  # the work tree is left alone
    assert git(repo, "status", "--porcelain") == "?? scratch.yaml\n"


def test_the_staged_content_is_linted_not_the_edited_one(cli, repo) -> None:
    release = repo / RELEASE_PATH
    old = HELM_RELEASE.replace("helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v2beta1")
    release.write_text(old)
    git(repo, "add", RELEASE_PATH)
    release.write_text(HELM_RELEASE)  # fixed, but not staged: the commit would hold the old one
    assert cli("lint", cwd=repo).exit_code == 0
    result = cli("lint", "--staged", cwd=repo)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{RELEASE_PATH}:1:13: error:")
    # A file staged for deletion is gone from the commit, and from the next --staged run.
    git(repo, "rm", "--quiet", "--cached", "--force", RELEASE_PATH)
    assert cli("lint", "--staged", cwd=repo).exit_code == 0


def test_a_commits_temporary_index_is_the_one_read(cli, repo, tmp_path, monkeypatch) -> None:
    # `git commit PATH` runs its hooks with GIT_INDEX_FILE naming a temporary index.
    (repo / "scratch.yaml").write_text(BROKEN)
    index = tmp_path / "next-index"
    env = {**os.environ, "GIT_INDEX_FILE": str(index)}
    subprocess.run(["git", "read-tree", "HEAD"], cwd=repo, env=env, check=True)
    subprocess.run(["git", "add", "scratch.yaml"], cwd=repo, env=env, check=True)
    assert cli("lint", "--staged", cwd=repo).exit_code == 0  # the real index: not staged
    monkeypatch.setenv("GIT_INDEX_FILE", str(index))
    result = cli("lint", "--staged", cwd=repo)
    assert result.exit_code == 1 and "scratch.yaml:1" in result.stdout
    assert os.environ["GIT_INDEX_FILE"] == str(index)  # given back to the process


def test_staged_refuses_fix_and_a_directory_outside_git(cli, repo, tmp_path) -> None:
    result = cli("lint", "--staged", "--fix", cwd=repo)
    assert result.exit_code == 2
    assert "--staged reads the Git index; --fix and --diff edit the work tree" in result.stderr
    plain = tmp_path / "plain"
    plain.mkdir()
    result = cli("lint", "--staged", str(plain))
    assert result.exit_code == 2
    assert "--staged lints the Git index" in result.stderr
