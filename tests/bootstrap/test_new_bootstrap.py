"""`gitops-scaffold new ... --bootstrap PROVIDER`: from nothing to a bootstrapped cluster."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.bootstrap.bootstrap_helpers import GIT_URL, git


def test_new_then_bootstrap_in_one_command(cli, fake_flux, https_remote, tmp_path: Path) -> None:
    remote = https_remote
    fleet = tmp_path / "fleet"
    result = cli(
        "new",
        str(fleet),
        "--sync-path",
        "clusters/prod",
        "--bootstrap",
        "git",
        "--data",
        f"git_url={GIT_URL}",
        "--push",
    )
    assert result.exit_code == 0, result.stderr
    answers = yaml.safe_load((fleet / ".copier-answers.yml").read_text())
    assert answers["git_provider"] == "git"
    assert answers["git_url"] == GIT_URL
    bootstrap = [a for a in fake_flux.argvs() if a[0] == "bootstrap"]
    # No terminal here: --token-auth keeps flux from asking about a deploy key.
    assert bootstrap == [
        ["bootstrap", "git", f"--url={GIT_URL}", "--branch=main", "--path=clusters/prod",
         "--token-auth"]
    ]
    sync = (fleet / "clusters/prod/flux-system/gotk-sync.yaml").read_text()
    assert "path: ./clusters/prod" in sync
    # Pushed without force: the remote now holds the layout and flux's commits.
    assert "clusters/prod/helm/releases/.gitkeep" in git(
        remote, "ls-tree", "-r", "--name-only", "main"
    )
    assert git(fleet, "status", "--porcelain") == ""
    assert result.stdout.strip() == ""  # nothing left to run


def test_bootstrap_without_the_answers_it_needs_renders_nothing(
    cli, fake_flux, tmp_path: Path
) -> None:
    result = cli("new", str(tmp_path / "fleet"), "--bootstrap", "github")
    assert result.exit_code == 2
    assert "needs owner" in result.stderr
    assert "--data owner=..." in result.stderr
    assert not (tmp_path / "fleet").exists()
    assert fake_flux.argvs() == []


def test_bootstrap_refuses_no_commit_and_unknown_providers(cli, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "f"), "--bootstrap", "git", "--no-commit")
    assert result.exit_code == 2
    assert "--no-commit" in result.stderr
    result = cli("new", str(tmp_path / "f"), "--bootstrap", "svn")
    assert result.exit_code == 2
    assert "unknown provider 'svn'" in result.stderr
    assert not (tmp_path / "f").exists()


def test_flux_flags_need_bootstrap(cli, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "f"), "--", "--components-extra=image-reflector-controller")
    assert result.exit_code == 2
    assert not (tmp_path / "f").exists()


def test_flux_flags_are_passed_through(cli, fake_flux, https_remote, tmp_path: Path) -> None:
    result = cli(
        "new",
        str(tmp_path / "fleet"),
        "--bootstrap",
        "git",
        "--data",
        f"git_url={GIT_URL}",
        "--",
        "--components-extra=image-reflector-controller",
    )
    assert result.exit_code == 0, result.stderr
    bootstrap = next(a for a in fake_flux.argvs() if a[0] == "bootstrap")
    assert bootstrap[-1] == "--components-extra=image-reflector-controller"
