"""What `new` commits with: the user's identity, exactly the files it wrote, and no hook
or file-system monitor of the user's or the repository's configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git

HOOKS = ("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit",
         "reference-transaction", "post-index-change", "post-checkout")  # fmt: skip


def _programs(tmp_path: Path) -> tuple[Path, Path, Path]:
    marker = tmp_path / "ran"
    program = tmp_path / "program.sh"
    program.write_text(f'#!/bin/sh\necho "$0" >> {marker}\nexit 0\n')
    program.chmod(0o755)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in HOOKS:
        (hooks / hook).symlink_to(program)
    return marker, program, hooks


def test_a_new_repository_is_committed_without_the_users_hooks(cli, tmp_path: Path) -> None:
    marker, _, hooks = _programs(tmp_path)
    git(tmp_path, "config", "--global", "core.hooksPath", str(hooks))
    dest = tmp_path / "fleet"

    result = cli("new", str(dest))

    assert result.exit_code == 0, result.stderr
    assert not marker.exists(), marker.read_text()
    assert git(dest, "log", "--format=%an <%ae>").splitlines() == ["Test User <test@example.com>"]
    assert git(dest, "status", "--porcelain") == ""


@pytest.mark.parametrize("setting", ["core.hooksPath", "core.fsmonitor"])
def test_a_cluster_added_to_a_repository_runs_none_of_its_programs(
    cli, tmp_path: Path, setting: str
) -> None:
    dest = tmp_path / "fleet"
    assert cli("new", str(dest)).exit_code == 0
    marker, program, hooks = _programs(tmp_path)
    git(dest, "config", setting, str(hooks if setting == "core.hooksPath" else program))

    result = cli("new", str(dest), "--sync-path", "clusters/prod")

    assert result.exit_code == 0, result.stderr
    assert not marker.exists(), marker.read_text()
    assert "clusters/prod/helm/releases/.gitkeep" in git(dest, "show", "--name-only", "HEAD")
