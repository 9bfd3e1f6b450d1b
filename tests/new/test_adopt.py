"""`new .` in a clone that `flux bootstrap` made: adopt it, never re-bootstrap it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scaffold.lint.engine import run_lint
from scaffold.repository.convention import IGNORE_BLOCK
from tests.conftest import git, write_tree
from tests.repository.bootstrapped import bootstrapped_clone

USER_IGNORE = "# editor files\n*.swp\n.idea/\n"


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    return bootstrapped_clone(
        tmp_path, seed={"README.md": "# fleet\n", ".gitignore": USER_IGNORE}
    )


def flux_files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / "clusters/dev/flux-system").iterdir()}


def test_adopts_a_bootstrapped_clone(cli, clone: Path) -> None:
    before = flux_files(clone)
    result = cli("new", ".", "--sync-path", "clusters/dev", cwd=clone)
    assert result.exit_code == 0, result.stderr
    # flux-system is untouched; the helm dirs are added and committed with the answers file.
    assert flux_files(clone) == before
    assert git(clone, "status", "--porcelain") == ""
    subject = git(clone, "log", "-1", "--format=%s").strip()
    assert subject == "Adopt the Flux layout for clusters/dev"
    tracked = git(clone, "ls-files").split()
    for sub in ("repositories", "releases", "secrets"):
        assert f"clusters/dev/helm/{sub}/.gitkeep" in tracked
    # The user's .gitignore keeps every line; the block is appended once.
    gitignore = (clone / ".gitignore").read_text()
    assert gitignore.startswith(USER_IGNORE)
    assert gitignore.endswith(IGNORE_BLOCK)
    assert (clone / "README.md").read_text() == "# fleet\n"
    answers = yaml.safe_load((clone / ".copier-answers.yml").read_text())
    assert answers["sync_path"] == "clusters/dev"
    assert answers["git_provider"] == "github"
    assert (answers["owner"], answers["repository"], answers["branch"]) == ("acme", "fleet", "main")
    assert answers["hostname"] == ""
    # Next steps: no second bootstrap.
    assert "Adopted clusters/dev" in result.stdout
    assert "bootstrap " not in result.stdout.replace("do not bootstrap again", "")
    assert "gitops-scaffold bootstrap" not in result.stdout
    assert "gitops-scaffold status" in result.stdout
    # Lint passes in the adopted repository (the ignore block and helm dirs are there).
    report = run_lint(clone)
    assert [f.rule for f in report.findings if f.severity == "error"] == []


def test_adopting_twice_is_refused_and_merging_never_duplicates(cli, clone: Path) -> None:
    assert cli("new", ".", "--sync-path", "clusters/dev", cwd=clone).exit_code == 0
    again = cli("new", ".", "--sync-path", "clusters/dev", cwd=clone)
    assert again.exit_code == 2
    assert (clone / ".gitignore").read_text().count("*-values-*.yaml") == 1


def test_a_gitignore_that_already_holds_the_block_is_left_alone(cli, tmp_path: Path) -> None:
    text = "*.swp\n" + IGNORE_BLOCK
    clone = bootstrapped_clone(tmp_path, seed={".gitignore": text})
    assert cli("new", ".", "--sync-path", "clusters/dev", cwd=clone).exit_code == 0
    assert (clone / ".gitignore").read_text() == text


def test_sealed_exception_before_the_values_pattern_gets_the_block_again(
    cli, tmp_path: Path
) -> None:
    # Git's last matching line wins: `!*-sealed.yaml` first lets the values pattern
    # ignore sealed files again.
    text = "!*-sealed.yaml\n*-values-*.yaml"
    clone = bootstrapped_clone(tmp_path, seed={".gitignore": text})
    assert cli("new", ".", "--sync-path", "clusters/dev", cwd=clone).exit_code == 0
    merged = (clone / ".gitignore").read_text()
    assert merged == text + "\n\n" + IGNORE_BLOCK
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "app-values-sealed.yaml"], cwd=clone
    ).returncode
    assert ignored == 1


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://github.com/acme/fleet.git", {"git_provider": "github", "owner": "acme"}),
        ("ssh://git@gitlab.com/platform/infra/fleet.git",
         {"git_provider": "gitlab", "owner": "platform/infra", "hostname": ""}),
        ("https://oauth2:secret-token@gitlab.example.com/ops/fleet.git",
         {"git_provider": "gitlab", "owner": "ops", "hostname": "gitlab.example.com"}),
        ("git@git.example.com:ops/fleet.git",
         {"git_provider": "git", "git_url": "ssh://git@git.example.com/ops/fleet"}),
    ],
)  # fmt: skip
def test_answers_come_from_the_remote(cli, tmp_path: Path, remote: str, expected: dict) -> None:
    clone = bootstrapped_clone(tmp_path, remote=remote)
    result = cli("new", ".", "--sync-path", "clusters/dev", cwd=clone)
    assert result.exit_code == 0, result.stderr
    text = (clone / ".copier-answers.yml").read_text()
    assert "secret-token" not in text and "oauth2" not in text
    answers = yaml.safe_load(text)
    assert {k: answers.get(k) for k in expected} == expected


def test_given_answers_win_over_inferred_ones(cli, clone: Path) -> None:
    result = cli("new", ".", "--sync-path", "clusters/dev", "--data", "owner=other", cwd=clone)
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load((clone / ".copier-answers.yml").read_text())["owner"] == "other"


def test_branch_comes_from_the_sync_manifest(cli, tmp_path: Path) -> None:
    clone = bootstrapped_clone(tmp_path, branch="trunk")
    assert cli("new", ".", "--sync-path", "clusters/dev", cwd=clone).exit_code == 0
    assert yaml.safe_load((clone / ".copier-answers.yml").read_text())["branch"] == "trunk"


def test_adopted_repository_updates_with_copier(cli, tmp_path: Path) -> None:
    from tests.new.test_update import release_v2
    from tests.template_repo import make_template_repo

    template = make_template_repo(tmp_path / "template", "v1.0.0")
    clone = bootstrapped_clone(tmp_path, seed={"README.md": "# fleet\n", ".gitignore": USER_IGNORE})
    result = cli("new", ".", "--template", str(template), cwd=clone)
    assert result.exit_code == 0, result.stderr
    release_v2(template)
    done = subprocess.run(
        [sys.executable, "-m", "copier", "update", "--defaults"],
        cwd=clone, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (clone / "clusters/dev/kustomizations/.gitkeep").is_file()
    assert yaml.safe_load((clone / ".copier-answers.yml").read_text())["_commit"] == "v2.0.0"
    assert (clone / "clusters/dev/flux-system/gotk-sync.yaml").is_file()


def test_a_new_cluster_in_a_bootstrapped_repository_still_needs_its_bootstrap(
    cli, clone: Path
) -> None:
    result = cli("new", ".", "--sync-path", "clusters/staging", cwd=clone)
    assert result.exit_code == 0, result.stderr
    assert "--path=clusters/staging" in result.stdout  # flux does not sync it yet
    assert (clone / ".gitignore").read_text().startswith(USER_IGNORE)
    answers = yaml.safe_load((clone / ".copier-answers.yml").read_text())
    assert (answers["owner"], answers["sync_path"]) == ("acme", "clusters/staging")


def test_adopts_a_repository_a_flux_instance_syncs(cli, make_git_repo) -> None:
    from tests.repository.bootstrapped import FLUX_INSTANCE

    repo = make_git_repo({"clusters/prod/flux-system/flux-instance.yaml": FLUX_INSTANCE})
    git(repo, "remote", "add", "origin", "https://gitlab.example.com/platform/infra/fleet.git")
    result = cli("new", ".", "--sync-path", "clusters/prod", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert "Adopted clusters/prod" in result.stdout
    answers = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    assert answers["git_provider"] == "gitlab"
    assert (answers["owner"], answers["repository"]) == ("platform/infra", "fleet")
    assert (answers["hostname"], answers["branch"]) == ("gitlab.example.com", "trunk")


def test_adopting_one_of_two_bootstrapped_clusters_names_it_for_status(
    cli, clone: Path
) -> None:
    from tests.fakes import fake_flux

    sync = fake_flux.sync_yaml(
        "flux-system", "ssh://git@github.com/acme/fleet", "main", "flux-system",
        "clusters/prod", "1m0s",
    )  # fmt: skip
    write_tree(clone, {"clusters/prod/flux-system/gotk-sync.yaml": sync})
    git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "-m", "Bootstrap prod")
    result = cli("new", ".", "--sync-path", "clusters/dev", cwd=clone)
    assert result.exit_code == 0, result.stderr
    [status] = [line.strip() for line in result.stdout.splitlines() if "status" in line]
    assert status == "gitops-scaffold status --sync-path clusters/dev"
    # The command it names works where the bare one is refused for two clusters.
    from scaffold.errors import UsageError
    from scaffold.views.clusters import choose_cluster

    with pytest.raises(UsageError, match="several clusters"):
        choose_cluster(clone, None)
    assert choose_cluster(clone, "clusters/dev").sync_path == "clusters/dev"
