"""`bootstrap git` end to end against a fake flux and a real bare repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.bootstrap.bootstrap_helpers import GIT_URL, git

FLUX_FILES = ("gotk-components.yaml", "gotk-sync.yaml", "kustomization.yaml")


def tip(repo: Path, ref: str) -> str:
    return git(repo, "rev-parse", ref).strip()


def is_ancestor(repo: Path, older: str, newer: str) -> bool:
    import subprocess

    done = subprocess.run(["git", "merge-base", "--is-ancestor", older, newer], cwd=repo)
    return done.returncode == 0


def test_happy_path_converges_local_and_remote(cli, fake_flux, git_target) -> None:
    root, remote = git_target
    layout_commit = tip(root, "HEAD")

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 0, result.stderr
    assert fake_flux.argvs() == [
        ["check", "--pre"],
        ["bootstrap", "git", f"--url={GIT_URL}", "--branch=main", "--path=clusters/dev",
         "--token-auth"],
        ["check"],
    ]
    # The remote holds flux's commits only; the local branch merged them with the layout.
    remote_tip = tip(remote, "main")
    assert git(remote, "log", "--format=%s", "main").splitlines() == [
        "Add Flux sync manifests",
        "Add Flux v2.7.3 component manifests",
    ]
    assert is_ancestor(root, layout_commit, "HEAD")
    assert is_ancestor(root, remote_tip, "HEAD")
    assert git(root, "config", "remote.origin.url").strip() == GIT_URL
    for name in FLUX_FILES:
        assert (root / "clusters/dev/flux-system" / name).is_file()
    assert git(root, "status", "--porcelain") == ""
    # Without --push, the one command left is printed, ready to paste.
    assert result.stdout.strip() == "git push origin HEAD:refs/heads/main"
    assert "[ok]   verify: gotk-sync.yaml Kustomization path is ./clusters/dev" in result.stderr
    # --token-auth kept the cluster on the https URL: no deploy key, no question asked.
    assert f"[ok]   verify: the cluster pulls {GIT_URL} (token auth)" in result.stderr
    assert "Please give the key access" not in result.stderr
    assert "✔ all checks passed" in result.stderr


def test_push_publishes_the_merge_without_force(cli, fake_flux, git_target) -> None:
    root, remote = git_target

    result = cli("bootstrap", "git", "--skip-lint", "--push", cwd=root)

    assert result.exit_code == 0, result.stderr
    assert tip(remote, "main") == tip(root, "HEAD")
    assert result.stdout == ""
    messages = git(remote, "log", "--format=%s", "main").splitlines()
    assert "Add Flux sync manifests" in messages and "Lay out the cluster" in messages


def test_flux_output_is_streamed_to_stderr(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    result = cli("bootstrap", "git", "--skip-lint", cwd=root)
    assert f'► cloning branch "main" from Git repository "{GIT_URL}"' in result.stderr
    assert "✔ all components are healthy" in result.stderr


def test_existing_matching_remote_is_reused(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    git(root, "remote", "add", "upstream", GIT_URL)

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 0, result.stderr
    assert git(root, "remote").split() == ["upstream"]
    assert result.stdout.strip() == "git push upstream HEAD:refs/heads/main"


def test_remote_already_holding_the_layout_fast_forwards(cli, fake_flux, git_target) -> None:
    root, remote = git_target
    git(root, "remote", "add", "origin", GIT_URL)
    git(root, "push", "--quiet", "origin", "main")

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 0, result.stderr
    assert tip(root, "HEAD") == tip(remote, "main")
    assert "fast-forwarded" in result.stderr
    assert result.stdout == ""
    # Fast-forward: no merge commit was needed.
    assert len(git(root, "log", "--merges", "--format=%H").split()) == 0


def test_lint_passes_after_bootstrap(cli, fake_flux, git_target) -> None:
    pytest.importorskip("scaffold.lint.engine")
    root, _ = git_target

    result = cli("bootstrap", "git", cwd=root)

    assert result.exit_code == 0, result.stderr
    assert "[ok]   lint" in result.stderr
    linted = cli("lint", "--format", "json", cwd=root)
    findings = [(f["rule"], f["path"], f["message"]) for f in json.loads(linted.stdout)["findings"]]
    # flux wrote an https:// GitRepository (--token-auth): lint has nothing to say.
    assert findings == []


def test_answers_rendered_by_copier_drive_the_bootstrap(cli, fake_flux, tmp_path, https_remote):
    copier = pytest.importorskip("copier")
    remote = https_remote
    root = tmp_path / "rendered"
    project = Path(__file__).resolve().parents[2]
    copier.run_copy(
        str(project), str(root), defaults=True, unsafe=False, quiet=True,
        data={"sync_path": "clusters/prod", "git_provider": "git", "git_url": GIT_URL,
              "branch": "live"},
    )
    git(root, "init", "--quiet", "--initial-branch=live")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "Render")

    result = cli("bootstrap", "git", "--skip-lint", "--push", cwd=root)

    assert result.exit_code == 0, result.stderr
    sync = yaml.safe_load_all((root / "clusters/prod/flux-system/gotk-sync.yaml").read_text())
    kinds = {doc["kind"]: doc for doc in sync}
    assert kinds["Kustomization"]["spec"]["path"] == "./clusters/prod"
    assert kinds["GitRepository"]["spec"]["ref"]["branch"] == "live"
    assert tip(remote, "live") == tip(root, "HEAD")


def test_from_zero_new_then_bootstrap_then_status(cli, fake_flux, tmp_path, https_remote) -> None:
    fleet = tmp_path / "fleet"
    created = cli("new", str(fleet), "--sync-path", "clusters/dev",
                  "-d", "git_provider=git", "-d", f"git_url={GIT_URL}")
    assert created.exit_code == 0, created.stderr

    result = cli("bootstrap", "git", "--skip-lint", "--push", cwd=fleet)

    assert result.exit_code == 0, result.stderr
    tip_commit = tip(fleet, "origin/main")
    assert tip_commit == tip(fleet, "HEAD")
    fake_flux.set("REVISION", f"main@sha1:{tip_commit[:8]}")
    assert cli("status", cwd=fleet).exit_code == 0


def test_readme_answers_for_github_reach_the_command(cli, fake_flux, tmp_path, monkeypatch):
    fleet = tmp_path / "fleet"
    created = cli(
        "new",
        str(fleet),
        "--sync-path",
        "clusters/dev",
        "-d",
        "git_provider=github",
        "-d",
        "owner=alice",
        "-d",
        "repository=fleet",
        "-d",
        "personal=true",
    )
    assert created.exit_code == 0, created.stderr
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_readme0123456789")

    result = cli("bootstrap", "github", "--skip-lint", "--dry-run", cwd=fleet)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == (
        "flux bootstrap github --owner=alice --repository=fleet --personal"
        " --branch=main --path=clusters/dev"
    )
    # The README and the next steps of `new` show the very same line.
    assert result.stdout.strip() in (fleet / "README.md").read_text()
    assert result.stdout.strip() in created.stdout + created.stderr
