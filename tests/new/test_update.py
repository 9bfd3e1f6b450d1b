"""`copier update` round trips on repositories made by `gitops-scaffold new`, with the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import git
from tests.template_repo import installed_bundle, make_template_repo

COPIER = [sys.executable, "-m", "copier"]
STAGING_ANSWERS = ".copier-answers.clusters.staging.yml"
RELEASE = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      version: 6.5.0
      sourceRef:
        kind: HelmRepository
        name: podinfo
"""


def copier_update(repo: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COPIER, "update", "--defaults", *extra], cwd=repo, capture_output=True, text=True
    )


def release_v2(template: Path) -> None:
    """A new template release: a new directory, a new .gitignore line, a changed README line."""
    layout = template / "templates" / "flux-layout"
    kustomizations = layout / "{{ sync_path }}" / "kustomizations"
    kustomizations.mkdir()
    (kustomizations / ".gitkeep").write_text("")
    gitignore = next(layout.glob("*.gitignore*"))
    gitignore.write_text(gitignore.read_text() + "\n# Decrypted secrets.\n*.dec.yaml\n")
    readme = next(layout.glob("*README.md*"))
    text = readme.read_text()
    assert "## Layout\n" in text
    readme.write_text(text.replace("## Layout\n", "## Repository layout\n"))
    git(template, "add", "-A")
    git(template, "commit", "--quiet", "-m", "v2")
    git(template, "tag", "v2.0.0")


@pytest.fixture
def generated(cli, tmp_path: Path) -> tuple[Path, Path]:
    template = make_template_repo(tmp_path / "template", "v1.0.0")
    repo = tmp_path / "fleet"
    for sync_path in ("clusters/dev", "clusters/staging"):
        result = cli("new", str(repo), "--template", str(template), "--sync-path", sync_path)
        assert result.exit_code == 0, result.stderr
    for answers in (".copier-answers.yml", STAGING_ANSWERS):
        data = yaml.safe_load((repo / answers).read_text())
        assert data["_commit"] == "v1.0.0"
        assert data["_src_path"] == str(template)
    # The user's own work: a release, and an edit of the README on a line the template changes.
    (repo / "clusters/dev/helm/releases/podinfo-v6.5.0.yaml").write_text(RELEASE)
    readme = repo / "README.md"
    readme.write_text(readme.read_text().replace("## Layout\n", "## Our layout\n") + "\nOurs.\n")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "user work")
    release_v2(template)
    return template, repo


def test_update_brings_the_release_and_keeps_user_edits(generated: tuple[Path, Path]) -> None:
    _, repo = generated
    done = copier_update(repo)
    assert done.returncode == 0, done.stderr
    assert (repo / "clusters/dev/kustomizations/.gitkeep").is_file()
    assert "*.dec.yaml" in (repo / ".gitignore").read_text()
    assert (repo / "clusters/dev/helm/releases/podinfo-v6.5.0.yaml").read_text() == RELEASE
    readme = (repo / "README.md").read_text()
    assert readme.rstrip().endswith("Ours.")
    # Both sides changed the same line: Copier shows the conflict inline.
    assert "<<<<<<< before updating" in readme
    assert ">>>>>>> after updating" in readme
    assert "## Our layout" in readme and "## Repository layout" in readme
    assert yaml.safe_load((repo / ".copier-answers.yml").read_text())["_commit"] == "v2.0.0"
    # The second cluster was not touched by the first one's update.
    assert not (repo / "clusters/staging/kustomizations").exists()


def test_second_cluster_updates_through_its_own_answers_file(
    generated: tuple[Path, Path],
) -> None:
    _, repo = generated
    gitignore_before = (repo / ".gitignore").read_text()
    readme_before = (repo / "README.md").read_text()
    done = copier_update(repo, "--answers-file", STAGING_ANSWERS)
    assert done.returncode == 0, done.stderr
    assert (repo / "clusters/staging/kustomizations/.gitkeep").is_file()
    assert not (repo / "clusters/dev/kustomizations").exists()
    # Root files belong to the first cluster's answers file: not duplicated, not clobbered.
    assert (repo / ".gitignore").read_text() == gitignore_before
    assert (repo / "README.md").read_text() == readme_before
    data = yaml.safe_load((repo / STAGING_ANSWERS).read_text())
    assert data["_commit"] == "v2.0.0"
    assert data["sync_path"] == "clusters/staging"
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "update staging")
    # ...and the first cluster still updates afterwards.
    done = copier_update(repo)
    assert done.returncode == 0, done.stderr
    assert (repo / "clusters/dev/kustomizations/.gitkeep").is_file()
    assert (repo / ".gitignore").read_text().count("*.dec.yaml") == 1


def test_bundled_render_updates_from_the_template_repository(
    cli, tmp_path: Path, monkeypatch
) -> None:
    from scaffold import __version__, settings
    from scaffold.new import render

    template = make_template_repo(tmp_path / "template", f"v{__version__}")
    monkeypatch.setenv(settings.TEMPLATE_URL_ENV, str(template))
    monkeypatch.setattr(render, "bundled_template", lambda: installed_bundle(tmp_path))
    repo = tmp_path / "fleet"
    assert cli("new", str(repo)).exit_code == 0  # offline, from the bundle
    release_v2(template)  # tagged v2.0.0, newer than this package's release
    done = copier_update(repo)
    assert done.returncode == 0, done.stderr
    assert (repo / "clusters/dev/kustomizations/.gitkeep").is_file()
    assert yaml.safe_load((repo / ".copier-answers.yml").read_text())["_commit"] == "v2.0.0"


def test_existing_cluster_hint_is_an_update_that_works(
    cli, generated: tuple[Path, Path]
) -> None:
    import re
    import shlex

    template, repo = generated
    refused = cli("new", str(repo), "--template", str(template), "--sync-path", "clusters/staging")
    assert refused.exit_code == 2
    [command] = re.findall(r"`(gitops-scaffold update[^`]*)`", refused.stderr)
    assert command == "gitops-scaffold update --defaults --sync-path clusters/staging"
    done = cli(*shlex.split(command)[1:], cwd=repo)
    assert done.exit_code == 0, done.stderr
    assert yaml.safe_load((repo / STAGING_ANSWERS).read_text())["_commit"] == "v2.0.0"
    assert yaml.safe_load((repo / ".copier-answers.yml").read_text())["_commit"] == "v1.0.0"


def test_interactive_update_never_asks_the_internal_answers(
    generated: tuple[Path, Path], monkeypatch
) -> None:
    import copier
    from copier import _main

    _, repo = generated
    asked: list[str] = []

    def prompt(questions, answers):  # the user presses Enter at every question
        name = questions[0]["name"]
        asked.append(name)
        return {name: answers[name]}

    monkeypatch.setattr(_main, "unsafe_prompt", prompt)
    monkeypatch.chdir(repo)
    copier.run_update(
        repo, answers_file=STAGING_ANSWERS, defaults=False, overwrite=True, quiet=True
    )
    assert "owner" in asked and "branch" in asked
    assert "sync_path" not in asked and "manage_root_files" not in asked
    data = yaml.safe_load((repo / STAGING_ANSWERS).read_text())
    assert (data["sync_path"], data["manage_root_files"]) == ("clusters/staging", False)
    assert data["_commit"] == "v2.0.0"
