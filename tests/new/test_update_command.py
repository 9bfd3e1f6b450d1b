"""`gitops-scaffold update`: copier update for every cluster, in order, with clear failures."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import git
from tests.new.test_update import STAGING_ANSWERS, release_v2
from tests.template_repo import make_template_repo


@pytest.fixture
def fleet(cli, tmp_path: Path) -> tuple[Path, Path]:
    template = make_template_repo(tmp_path / "template", "v1.0.0")
    repo = tmp_path / "fleet"
    for sync_path in ("clusters/dev", "clusters/staging"):
        result = cli("new", str(repo), "--template", str(template), "--sync-path", sync_path)
        assert result.exit_code == 0, result.stderr
    release_v2(template)
    return template, repo


def commit_of(repo: Path, answers: str = ".copier-answers.yml") -> str:
    return yaml.safe_load((repo / answers).read_text())["_commit"]


def test_updates_every_cluster_root_owner_first(cli, fleet) -> None:
    _, repo = fleet
    result = cli("update", "--defaults", cwd=repo)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("clusters/dev: template v1.0.0 -> v2.0.0, committed as ")
    assert lines[1].startswith("clusters/staging: template v1.0.0 -> v2.0.0, committed as ")
    assert commit_of(repo) == commit_of(repo, STAGING_ANSWERS) == "v2.0.0"
    assert (repo / "clusters/staging/kustomizations/.gitkeep").is_file()
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "log", "-2", "--format=%s").splitlines() == [
        "Update clusters/staging to template v2.0.0",
        "Update clusters/dev to template v2.0.0",
    ]
    again = cli("update", "--defaults", cwd=repo)
    assert again.exit_code == 0
    assert "clusters/dev: already at template v2.0.0" in again.stdout


def test_conflicts_left_are_one_line(cli, fleet) -> None:
    _, repo = fleet
    readme = repo / "README.md"
    readme.write_text(readme.read_text().replace("## Layout\n", "## Our layout\n"))
    git(repo, "commit", "--quiet", "-am", "ours")
    result = cli("update", "--defaults", cwd=repo)
    assert result.exit_code == 1
    assert "error: clusters/dev: the update left conflicts in README.md" in result.stderr
    assert commit_of(repo, STAGING_ANSWERS) == "v1.0.0"  # stopped before the next cluster


def test_a_dirty_tree_is_one_line(cli, fleet) -> None:
    _, repo = fleet
    (repo / "notes.txt").write_text("x\n")
    result = cli("update", "--defaults", cwd=repo)
    assert result.exit_code == 1
    assert "uncommitted changes" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_revision_is_one_line(cli, fleet) -> None:
    template, repo = fleet
    git(template, "tag", "-d", "v1.0.0")
    result = cli("update", "--defaults", cwd=repo)
    assert result.exit_code == 1, result.stderr
    assert f"the template source {template} has no revision v1.0.0" in result.stderr
    assert git(repo, "status", "--porcelain") == ""


def test_an_unreachable_source_is_one_line_and_changes_nothing(cli, fleet, tmp_path) -> None:
    _, repo = fleet
    head = git(repo, "rev-parse", "HEAD")
    result = cli("update", "--defaults", "--template", str(tmp_path / "gone"), cwd=repo)
    assert result.exit_code == 1
    assert f"cannot reach the template source {tmp_path / 'gone'}" in result.stderr
    assert git(repo, "rev-parse", "HEAD") == head
    # The recorded source itself unreachable: the same line, from copier's failure.
    template, _ = fleet
    template.rename(tmp_path / "moved")
    result = cli("update", "--defaults", cwd=repo)
    assert result.exit_code == 1
    assert f"cannot reach the template source {template}" in result.stderr


def test_template_moves_the_repository_to_a_mirror(cli, fleet, tmp_path) -> None:
    template, repo = fleet
    mirror = tmp_path / "mirror.git"
    git(tmp_path, "clone", "--quiet", "--mirror", str(template), str(mirror))
    template.rename(tmp_path / "retired")
    result = cli("update", "--defaults", "--template", str(mirror), cwd=repo)
    assert result.exit_code == 0, result.stderr
    for answers in (".copier-answers.yml", STAGING_ANSWERS):
        data = yaml.safe_load((repo / answers).read_text())
        # A local bare repository is recorded as a URL: Copier reads a path as a work tree.
        assert (data["_src_path"], data["_commit"]) == (mirror.as_uri(), "v2.0.0")
    hook = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())["repos"][0]
    assert hook["repo"] == mirror.as_uri()


def test_migrations_run_only_with_trust(cli, fleet, tmp_path) -> None:
    template, repo = fleet
    copier_yml = template / "copier.yml"
    migration = "_migrations:\n  - version: v3.0.0\n    command: [git, --version]\n"
    copier_yml.write_text(migration + copier_yml.read_text())
    git(template, "commit", "--quiet", "-am", "v3")
    git(template, "tag", "v3.0.0")
    refused = cli("update", "--defaults", cwd=repo)
    assert refused.exit_code == 1
    src = yaml.safe_load((repo / ".copier-answers.yml").read_text())["_src_path"]
    # Names the source whose copier.yml to read: the answers file may point anywhere.
    assert f"the template {src} runs migrations or tasks" in refused.stderr
    assert "--trust" in refused.stderr
    trusted = cli("update", "--defaults", "--trust", cwd=repo)
    assert trusted.exit_code == 0, trusted.stderr
    assert commit_of(repo) == "v3.0.0"


def test_a_revision_the_new_source_lacks_changes_nothing(cli, fleet, tmp_path) -> None:
    # As recorded by a wheel built from an untagged clone: a tag that exists nowhere.
    _, repo = fleet
    for answers in (".copier-answers.yml", STAGING_ANSWERS):
        path = repo / answers
        path.write_text(path.read_text().replace("_commit: v1.0.0", "_commit: v0.1.0"))
    git(repo, "commit", "--quiet", "-am", "an old record")
    untagged = tmp_path / "untagged"
    git(tmp_path, "clone", "--quiet", str(fleet[0]), str(untagged))
    git(untagged, "tag", "-d", "v1.0.0", "v2.0.0")
    head = git(repo, "rev-parse", "HEAD")
    result = cli("update", "--defaults", "--template", str(untagged), cwd=repo)
    assert result.exit_code == 1
    assert f"the template source {untagged} has no revision v0.1.0" in result.stderr
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == ""


def test_a_failure_after_the_source_moved_leaves_no_commit(cli, fleet, tmp_path) -> None:
    _, repo = fleet
    other = make_template_repo(tmp_path / "other", "v1.0.0")  # holds v1.0.0: the move goes ahead
    copier_yml = other / "copier.yml"
    copier_yml.write_text(copier_yml.read_text() + "\nbroken: {{\n")
    git(other, "commit", "--quiet", "-am", "broken")
    git(other, "tag", "v3.0.0")
    head = git(repo, "rev-parse", "HEAD")
    result = cli("update", "--defaults", "--template", str(other), cwd=repo)
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == ""


def test_progress_per_cluster_and_already_there_without_copier(cli, fleet, monkeypatch) -> None:
    from scaffold.new import update

    _, repo = fleet
    result = cli("update", "--defaults", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"updating {sync} ({answers}): v1.0.0 -> v2.0.0; copier renders both revisions"
        for sync, answers in (("clusters/dev", ".copier-answers.yml"),
                              ("clusters/staging", STAGING_ANSWERS))
    ]  # fmt: skip

    def no_copier(*args, **kwargs):
        raise AssertionError("copier ran although every cluster is at the target")

    monkeypatch.setattr(update, "_update_one", no_copier)
    again = cli("update", "--defaults", cwd=repo)
    assert again.exit_code == 0, again.stderr
    assert again.stdout.splitlines() == [
        "clusters/dev: already at template v2.0.0",
        "clusters/staging: already at template v2.0.0",
    ]


def test_a_template_that_reads_as_a_git_option_runs_nothing(cli, fleet, tmp_path) -> None:
    _, repo = fleet
    marker = tmp_path / "ran"
    result = cli("update", "--defaults", "--template", f"--upload-pack=touch {marker}", cwd=repo)
    assert result.exit_code == 2
    assert "cannot start with `-`" in result.stderr
    assert not marker.exists()
    assert git(repo, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("sync_path=clusters/x", "--data sync_path cannot change after `new`"),
        ("manage_root_files=false", "--data manage_root_files cannot change after `new`"),
        ("personal=maybe", "answer personal='maybe' is not yes or no"),
        ("colour=blue", "unknown answer(s): colour"),
    ],
)
def test_data_that_cannot_be_recorded_is_refused_before_anything_runs(
    cli, tmp_path, item: str, message: str
) -> None:
    repo = tmp_path / "fleet"
    assert cli("new", str(repo)).exit_code == 0
    head = git(repo, "rev-parse", "HEAD")
    result = cli("update", "--defaults", "-d", item, cwd=repo)
    assert result.exit_code == 2
    assert message in result.stderr
    assert git(repo, "rev-parse", "HEAD") == head


def test_data_changes_an_answer_at_the_same_revision_one_commit_per_cluster(cli, fleet) -> None:
    _template, repo = fleet
    result = cli("update", "--defaults", "--vcs-ref", "v1.0.0", "-d", "owner=bob", cwd=repo)
    assert result.exit_code == 0, result.stderr
    for answers in (".copier-answers.yml", STAGING_ANSWERS):
        recorded = yaml.safe_load((repo / answers).read_text())
        assert (recorded["owner"], recorded["_commit"]) == ("bob", "v1.0.0")
    log = git(repo, "log", "--format=%s", "-2").splitlines()
    assert log == [
        "Update clusters/staging to template v1.0.0, answering owner anew",
        "Update clusters/dev to template v1.0.0, answering owner anew",
    ]
    again = cli("update", "--defaults", "--vcs-ref", "v1.0.0", "-d", "owner=bob", cwd=repo)
    assert again.exit_code == 0, again.stderr
    assert "clusters/dev: already at template v1.0.0" in again.stdout


def test_a_recorded_source_that_reads_as_a_git_option_runs_nothing(cli, fleet, tmp_path) -> None:
    _, repo = fleet
    marker = tmp_path / "ran"
    for name in (".copier-answers.yml", STAGING_ANSWERS):
        answers = repo / name
        data = yaml.safe_load(answers.read_text())
        data["_src_path"] = f"--upload-pack=touch {marker}"
        answers.write_text(yaml.safe_dump(data))
    git(repo, "commit", "--quiet", "-am", "A hostile source")
    head = git(repo, "rev-parse", "HEAD")
    result = cli("update", "--defaults", cwd=repo)
    assert result.exit_code == 1
    assert "cannot reach the template source --upload-pack=" in result.stderr
    assert not marker.exists()
    assert git(repo, "rev-parse", "HEAD") == head


def test_a_vcs_ref_that_reads_as_a_git_option_runs_nothing(cli, fleet, tmp_path) -> None:
    _, repo = fleet
    marker = tmp_path / "ran"
    head = git(repo, "rev-parse", "HEAD")
    result = cli("update", "--defaults", "--vcs-ref", f"--upload-pack=touch {marker}", cwd=repo)
    assert result.exit_code != 0
    assert not marker.exists()
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == ""


def test_update_runs_no_program_the_repository_names(cli, fleet, tmp_path) -> None:
    _, repo = fleet
    marker = tmp_path / "ran"
    program = tmp_path / "program.sh"
    program.write_text(f'#!/bin/sh\necho "$0" >> {marker}\n')
    program.chmod(0o755)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-commit", "prepare-commit-msg", "reference-transaction",
                 "post-index-change", "post-checkout", "post-merge"):  # fmt: skip
        (hooks / hook).symlink_to(program)
    git(repo, "config", "core.fsmonitor", str(program))
    git(repo, "config", "core.hooksPath", str(hooks))
    result = cli("update", "--defaults", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert commit_of(repo) == "v2.0.0"
    assert not marker.exists(), marker.read_text()
