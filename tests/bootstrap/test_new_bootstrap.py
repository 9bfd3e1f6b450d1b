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


def _new_git(cli, fleet: Path, *extra: str):
    return cli(
        "new", str(fleet), "--sync-path", "clusters/prod", "--bootstrap", "git",
        "--data", f"git_url={GIT_URL}", *extra,
    )


def test_a_missing_flux_stops_new_before_anything_is_written(
    cli, no_flux, https_remote, tmp_path: Path
) -> None:
    fleet = tmp_path / "fleet"
    result = _new_git(cli, fleet)
    assert result.exit_code == 1
    assert "[fail] flux CLI: `flux` was not found on PATH" in result.stderr
    assert "nothing was written" in result.stderr
    assert "flux bootstrap" not in result.stderr  # no raw flux line to paste
    assert not fleet.exists()


def test_an_unset_token_stops_new_before_anything_is_written(
    cli, fake_flux, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    fleet = tmp_path / "fleet"
    result = cli("new", str(fleet), "--bootstrap", "github", "-d", "owner=acme")
    assert result.exit_code == 1
    assert "GITHUB_TOKEN is not set" in result.stderr
    assert "nothing was written" in result.stderr
    assert not fleet.exists()
    assert fake_flux.argvs() == []  # refused before the cluster was even asked


def test_a_failing_flux_check_pre_stops_new_before_anything_is_written(
    cli, fake_flux, https_remote, tmp_path: Path
) -> None:
    fake_flux.fail("check-pre", 1)
    fleet = tmp_path / "fleet"
    result = _new_git(cli, fleet)
    assert result.exit_code == 1
    assert "`flux check --pre` failed" in result.stderr
    assert "nothing was written" in result.stderr
    assert not fleet.exists()
    assert [a[0] for a in fake_flux.argvs()] == ["check"]


def test_a_failed_bootstrap_after_new_names_the_command_that_resumes(
    cli, fake_flux, https_remote, tmp_path: Path
) -> None:
    import re
    import shlex

    fake_flux.fail("bootstrap", 1)
    fleet = tmp_path / "fleet"
    result = _new_git(cli, fleet, "--push", "--", "--components-extra=image-reflector-controller")
    assert result.exit_code == 1
    assert (fleet / ".copier-answers.yml").is_file()  # the layout stays, committed
    [resume] = re.findall(r"the command that resumes is `([^`]*)`", result.stderr)
    assert resume == shlex.join([
        "gitops-scaffold", "bootstrap", "git", "-C", str(fleet.resolve()),
        "--sync-path", "clusters/prod", "--push", "--",
        "--components-extra=image-reflector-controller",
    ])
    fake_flux.monkeypatch.delenv("FAKE_FLUX_FAIL")
    resumed = cli(*shlex.split(resume)[1:])
    assert resumed.exit_code == 0, resumed.stderr
    assert "clusters/prod/flux-system/gotk-sync.yaml" in git(
        https_remote, "ls-tree", "-r", "--name-only", "main"
    )


def test_the_branch_answer_is_the_branch_bootstrapped_and_pushed(
    cli, fake_flux, https_remote, tmp_path: Path
) -> None:
    fleet = tmp_path / "fleet"
    result = _new_git(cli, fleet, "-d", "branch=production", "--push")
    assert result.exit_code == 0, result.stderr
    bootstrap = next(a for a in fake_flux.argvs() if a[0] == "bootstrap")
    assert "--branch=production" in bootstrap
    assert git(fleet, "branch", "--show-current").strip() == "production"
    # One branch on the remote, holding the layout and flux's files alike.
    assert git(https_remote, "branch", "--format=%(refname:short)").split() == ["production"]
    files = git(https_remote, "ls-tree", "-r", "--name-only", "production")
    assert "clusters/prod/helm/releases/.gitkeep" in files
    assert "clusters/prod/flux-system/gotk-sync.yaml" in files


def test_interactive_new_checks_what_it_can_before_asking_anything(
    cli, fake_flux, monkeypatch, tmp_path: Path
) -> None:
    import copier

    asked = []
    monkeypatch.setattr(copier, "run_copy", lambda *a, **k: asked.append(k))
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    fleet = tmp_path / "fleet"
    result = cli("new", str(fleet), "--interactive", "--bootstrap", "github")
    assert result.exit_code == 1
    assert "GITHUB_TOKEN is not set" in result.stderr
    assert asked == [] and not fleet.exists()
    # For `git` the URL, and so whether a token is needed, is only known once asked.
    result = cli("new", str(fleet), "--interactive", "--bootstrap", "git")
    assert "[ok]   flux CLI" in result.stderr
    assert "[ok]   cluster: flux check --pre passed" in result.stderr
    assert "token:" not in result.stderr
    assert len(asked) == 1
