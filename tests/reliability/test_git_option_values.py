"""Values the user gives that git would read as options run nothing, at every entry point.

`update --template` and `lint --rev` are covered beside their commands
(tests/new/test_update_command.py, tests/model/test_source.py); here the names that
reach `fetch`, `push`, `remote add` and `rev-parse` from `bootstrap` and `status`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.bootstrap.bootstrap_helpers import git


def _marker_option(tmp_path: Path) -> tuple[Path, str]:
    marker = tmp_path / "ran"
    return marker, f"--upload-pack=touch {marker}"


def test_bootstrap_remote_read_as_an_option_runs_nothing(cli, fake_flux, git_target, tmp_path):
    root, _ = git_target
    marker, option = _marker_option(tmp_path)

    result = cli("bootstrap", "git", "--skip-lint", "--remote", option, cwd=root)

    assert result.exit_code == 2, result.stderr
    assert f"--remote {option!r} is not a name Git accepts" in result.stderr
    assert fake_flux.argvs() == []  # refused before flux could push anything
    assert not marker.exists()
    assert git(root, "remote") == ""


@pytest.mark.parametrize("branch", ["--upload-pack=x", "main:refs/heads/other", "a b"])
def test_bootstrap_branch_git_would_misread_is_refused(
    cli, fake_flux, cluster_repo, https_remote, branch
) -> None:
    from tests.bootstrap.bootstrap_helpers import GIT_URL

    root = cluster_repo(git_provider="git", git_url=GIT_URL)
    answers = root / ".copier-answers.yml"
    data = yaml.safe_load(answers.read_text())
    data["branch"] = branch
    answers.write_text(yaml.safe_dump(data))
    git(root, "commit", "--quiet", "-am", "Another branch")

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 2, result.stderr
    assert f"the branch {branch!r} is not a name Git accepts" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2
    assert fake_flux.argvs() == []


def test_status_remote_read_as_an_option_is_refused(cli, fake_flux, cluster_repo, tmp_path):
    root = cluster_repo(git_provider="git", git_url="https://git.example.test/fleet.git")
    marker, option = _marker_option(tmp_path)

    result = cli("status", "--remote", option, cwd=root)

    assert result.exit_code == 2, result.stderr
    assert f"--remote {option!r} is not a name Git accepts" in result.stderr
    assert not marker.exists()
