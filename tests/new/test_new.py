"""`gitops-scaffold new`: the rendered layout, its commit, and several clusters."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from scaffold import __version__, settings
from tests.conftest import git
from tests.template_repo import installed_bundle, make_template_repo, tree

GITIGNORE_BLOCK = (
    "# Ignore all YAML files containing the `-values-` string.\n"
    "*-values-*.yaml\n"
    "\n"
    "# Do not ignore sealed YAML files.\n"
    "!*-sealed.yaml\n"
)


@pytest.fixture
def fleet(cli, tmp_path: Path) -> Path:
    result = cli("new", str(tmp_path / "fleet"), "--sync-path", "clusters/dev")
    assert result.exit_code == 0, result.stderr
    return tmp_path / "fleet"


def test_renders_the_layout_in_one_commit(fleet: Path) -> None:
    files = set(git(fleet, "ls-files").split())
    assert {
        "clusters/dev/helm/repositories/.gitkeep",
        "clusters/dev/helm/releases/.gitkeep",
        "clusters/dev/helm/secrets/.gitkeep",
        ".gitignore",
        "README.md",
        ".copier-answers.yml",
        ".pre-commit-config.yaml",
        ".github/workflows/gitops-lint.yml",
    } == files
    assert git(fleet, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(fleet, "status", "--porcelain") == ""


def test_no_kustomization_in_the_sync_path(fleet: Path) -> None:
    assert not list((fleet / "clusters").rglob("kustomization.yaml"))


def test_gitignore_is_exactly_the_block(fleet: Path) -> None:
    assert (fleet / ".gitignore").read_text() == GITIGNORE_BLOCK


@pytest.mark.parametrize(
    ("path", "ignored"),
    [
        ("app-values-dev.yaml", True),
        ("clusters/dev/helm/releases/app-values-dev.yaml", True),
        ("deep/er/x-values-v1.2.3.yaml", True),
        ("app-values-sealed.yaml", False),
        ("clusters/dev/helm/secrets/app-sealed.yaml", False),
        ("app-sealed.yaml", False),
        ("values.yaml", False),
    ],
)
def test_git_honours_the_gitignore(fleet: Path, path: str, ignored: bool) -> None:
    done = subprocess.run(["git", "check-ignore", "-q", path], cwd=fleet)
    assert (done.returncode == 0) is ignored


def test_answers_file_points_at_the_checkout_it_came_from(fleet: Path) -> None:
    # Run from this checkout, the template is the checkout's: its exact commit, no tag
    # claimed, at this checkout or a remote whose branches hold that commit.
    answers = yaml.safe_load((fleet / ".copier-answers.yml").read_text())
    project = Path(__file__).resolve().parents[2]
    remotes = [git(project, "remote", "get-url", r).strip() for r in git(project, "remote").split()]
    # Copier reads a local bare repository only as a file URL, so such a remote is recorded so.
    as_urls = [Path(r).resolve().as_uri() for r in remotes if r.startswith("/")]
    assert answers["_src_path"] in [str(project), *remotes, *as_urls]
    assert answers["_commit"] == git(project, "rev-parse", "HEAD").strip()
    assert answers["sync_path"] == "clusters/dev"
    assert answers["repository"] == "fleet"


def test_readme_names_the_exact_bootstrap_line(fleet: Path) -> None:
    readme = (fleet / "README.md").read_text()
    line = (
        "flux bootstrap github --owner=<owner> --repository=fleet --branch=main"
        " --path=clusters/dev"
    )
    assert line in readme
    for name in (
        "<repo>.yaml",
        "<chart>-v<version>.yaml",
        "<name>-sealed.yaml",
        "<component>-values-<anything>.yaml",
    ):
        assert name in readme


def test_prints_next_steps(cli, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "f"), "--data", "owner=acme", "--sync-path", "clusters/prod")
    assert result.exit_code == 0
    assert "gitops-scaffold lint" in result.stdout
    assert (
        "flux bootstrap github --owner=acme --repository=f --branch=main "
        "--path=clusters/prod"
        in result.stdout
    )


def test_answers_flow_into_the_readme(cli, tmp_path: Path) -> None:
    result = cli(
        "new",
        str(tmp_path / "f"),
        "-d",
        "owner=acme",
        "-d",
        "repository=fleet-infra",
        "-d",
        "personal=false",
        "-d",
        "branch=prod",
    )
    assert result.exit_code == 0, result.stderr
    readme = (tmp_path / "f" / "README.md").read_text()
    assert (
        "flux bootstrap github --owner=acme --repository=fleet-infra --branch=prod "
        "--path=clusters/dev\n" in readme
    )


def test_optional_files_can_be_declined(cli, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "f"), "-d", "pre_commit=false", "-d", "ci=gitlab")
    assert result.exit_code == 0, result.stderr
    files = set(git(tmp_path / "f", "ls-files").split())
    assert ".pre-commit-config.yaml" not in files
    assert ".gitlab-ci.yml" in files
    assert not any(f.startswith(".github") for f in files)
    assert not (tmp_path / "f" / ".github").exists()


def test_no_commit_leaves_files_uncommitted(cli, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "f"), "--no-commit")
    assert result.exit_code == 0
    assert (tmp_path / "f" / ".gitignore").is_file()
    assert (
        subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=tmp_path / "f", capture_output=True
        ).returncode
        != 0
    )


def test_a_subdirectory_of_a_work_tree_is_refused_with_the_way_in(cli, make_git_repo) -> None:
    # CI and pre-commit files below the top level are never read, and flux's --path is
    # relative to the top: a half-placed layout would look right and do nothing.
    outer = make_git_repo({"other.txt": "x\n"}, name="outer")
    result = cli("new", str(outer / "gitops"))
    assert result.exit_code == 2
    assert f"is inside the Git repository {outer}" in result.stderr
    # Not a GitOps repository (the tool's own clone, say): the way out, never --force into it.
    assert f"`gitops-scaffold new {outer.parent / 'gitops'}`" in result.stderr
    assert "--force" not in result.stderr
    assert not (outer / "gitops").exists()
    # A GitOps repository: the way in, from its top.
    assert cli("new", str(outer), "--sync-path", "clusters/dev", "--force").exit_code == 0
    result = cli("new", str(outer / "gitops"))
    assert result.exit_code == 2
    assert f"gitops-scaffold new {outer} --sync-path gitops/clusters/dev --force" in result.stderr
    # Doing what the hint says puts everything where GitHub, pre-commit and flux look.
    result = cli("new", str(outer), "--sync-path", "gitops/clusters/dev", "--force")
    assert result.exit_code == 0, result.stderr
    files = git(outer, "ls-files").split()
    assert "gitops/clusters/dev/helm/releases/.gitkeep" in files
    assert ".pre-commit-config.yaml" in files and ".github/workflows/gitops-lint.yml" in files
    listed = cli("add", "repository", "podinfo", "--url", "https://stefanprodan.github.io/podinfo",
                 "--sync-path", "gitops/clusters/dev", cwd=outer / "gitops")  # fmt: skip
    assert listed.exit_code == 0, listed.stderr
    assert (outer / "gitops/clusters/dev/helm/repositories/podinfo.yaml").is_file()


def _without_identity(monkeypatch) -> Path:
    for var in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var)
    monkeypatch.delenv("EMAIL", raising=False)
    config = Path.home() / ".gitconfig"
    # Where the host name is a domain, git would make an identity up from it: forbid that.
    config.write_text(config.read_text() + "[user]\n\tuseConfigOnly = true\n")
    return config


def test_commits_without_a_configured_identity_and_says_so(
    cli, tmp_path: Path, monkeypatch
) -> None:
    config = _without_identity(monkeypatch)
    dest = tmp_path / "f"
    result = cli("new", str(dest))
    assert result.exit_code == 0, result.stderr
    assert git(dest, "log", "-1", "--format=%an <%ae>").strip() == (
        "gitops-scaffold <gitops-scaffold@localhost>"
    )
    assert "the commit was made as gitops-scaffold <gitops-scaffold@localhost>" in result.stderr
    commands = [line.strip() for line in result.stderr.splitlines() if line.startswith("  git ")]
    assert commands[-1] == f"git -C {dest} commit --amend --reset-author --no-edit"
    # The printed commands do what they say once the placeholders are filled in.
    config.write_text(config.read_text() + "\tname = Ada\n\temail = ada@example.com\n")
    subprocess.run(commands[-1], shell=True, check=True, capture_output=True)
    assert git(dest, "log", "-1", "--format=%an <%ae> %cn").strip() == "Ada <ada@example.com> Ada"
    assert git(dest, "rev-list", "--count", "HEAD").strip() == "1"


def test_no_identity_note_when_git_knows_the_user(cli, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "f"))
    assert result.exit_code == 0, result.stderr
    assert "--reset-author" not in result.stderr


def test_the_branch_answer_names_the_new_repositorys_branch(cli, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "fleet"), "-d", "branch=production")
    assert result.exit_code == 0, result.stderr
    assert git(tmp_path / "fleet", "branch", "--show-current").strip() == "production"
    assert "--branch=production" in result.stdout


def test_an_empty_repository_gets_the_branch_answer_too(cli, tmp_path: Path) -> None:
    fleet = tmp_path / "fleet"
    fleet.mkdir()
    git(fleet, "init", "--quiet", "--initial-branch=main")
    result = cli("new", str(fleet), "-d", "branch=production")
    assert result.exit_code == 0, result.stderr
    assert git(fleet, "branch", "--show-current").strip() == "production"


def test_a_branch_with_commits_is_never_renamed(cli, fleet: Path) -> None:
    result = cli("new", str(fleet), "--sync-path", "clusters/prod", "-d", "branch=production")
    assert result.exit_code == 0, result.stderr
    assert git(fleet, "branch", "--show-current").strip() == "main"


def test_a_second_cluster_leaves_the_first_alone(cli, fleet: Path) -> None:
    before = tree(fleet)
    result = cli("new", str(fleet), "--sync-path", "clusters/staging")
    assert result.exit_code == 0, result.stderr
    after = tree(fleet)
    assert {k: v for k, v in after.items() if k in before} == before
    added = sorted(set(after) - set(before))
    assert added == [
        ".copier-answers.clusters.staging.yml",
        "clusters/staging/helm/releases/.gitkeep",
        "clusters/staging/helm/repositories/.gitkeep",
        "clusters/staging/helm/secrets/.gitkeep",
    ]
    answers = yaml.safe_load((fleet / ".copier-answers.clusters.staging.yml").read_text())
    assert answers["manage_root_files"] is False
    assert answers["repository"] == "fleet"
    assert git(fleet, "status", "--porcelain") == ""


def test_the_same_cluster_twice_is_refused(cli, fleet: Path) -> None:
    result = cli("new", str(fleet), "--sync-path", "clusters/dev")
    assert result.exit_code == 2
    assert "already has a cluster at clusters/dev" in result.stderr


def test_an_installed_release_records_its_own_tag(cli, tmp_path: Path, monkeypatch) -> None:
    from scaffold.new import render

    monkeypatch.setattr(render, "bundled_template", lambda: installed_bundle(tmp_path))
    assert cli("new", str(tmp_path / "f")).exit_code == 0
    answers = yaml.safe_load((tmp_path / "f/.copier-answers.yml").read_text())
    assert answers["_commit"] == f"v{__version__}"


def test_bundle_and_git_tag_render_identical_trees(cli, tmp_path: Path, monkeypatch) -> None:
    from scaffold.new import render

    monkeypatch.setattr(render, "bundled_template", lambda: installed_bundle(tmp_path))
    source = make_template_repo(tmp_path / "template", f"v{__version__}")
    monkeypatch.setenv(settings.TEMPLATE_URL_ENV, str(source))
    assert cli("new", str(tmp_path / "from-bundle"), "-d", "owner=acme").exit_code == 0
    result = cli(
        "new",
        str(tmp_path / "from-git"),
        "-d",
        "owner=acme",
        "-d",
        "repository=from-bundle",
        "--template",
        str(source),
    )
    assert result.exit_code == 0, result.stderr
    assert tree(tmp_path / "from-bundle") == tree(tmp_path / "from-git")


def test_template_url_has_an_environment_override(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(settings.TEMPLATE_URL_ENV, "https://git.example.com/fork.git")
    assert cli("new", str(tmp_path / "f")).exit_code == 0
    answers = yaml.safe_load((tmp_path / "f" / ".copier-answers.yml").read_text())
    assert answers["_src_path"] == "https://git.example.com/fork.git"


def test_help_for_new(cli) -> None:
    result = cli("new", "--help")
    assert result.exit_code == 0
    for flag in (
        "--sync-path",
        "--data",
        "--interactive",
        "--template",
        "--vcs-ref",
        "--no-commit",
        "--force",
    ):
        assert flag in result.stdout


def test_interactive_asks_with_computed_defaults(cli, tmp_path: Path, monkeypatch) -> None:
    """Derived answers (the repository name) stay questions with a default, not fixed answers."""
    import copier

    real = copier.run_copy
    seen = {}

    def answering(src, dst, **kwargs):
        seen.update(kwargs)
        return real(src, dst, **{**kwargs, "defaults": True})

    monkeypatch.setattr(copier, "run_copy", answering)
    result = cli("new", str(tmp_path / "fleet"), "--interactive", "-d", "owner=acme")
    assert result.exit_code == 0, result.stderr
    assert seen["defaults"] is False
    assert seen["user_defaults"] == {"repository": "fleet"}
    from scaffold.new import provenance, render

    origin = provenance.of_template(render.bundled_template())
    assert seen["data"] == {"owner": "acme", "sync_path": "clusters/dev", **origin.template_data()}


def test_next_steps_use_the_recorded_answers(cli, fleet: Path) -> None:
    result = cli("new", str(fleet), "--sync-path", "clusters/prod", "-d", "branch=prod")
    assert result.exit_code == 0, result.stderr
    assert "--repository=fleet --branch=prod --path=clusters/prod" in result.stdout
    # Two clusters now: the command that bootstraps this one names it.
    assert "`gitops-scaffold bootstrap github --sync-path clusters/prod`" in result.stdout


def test_a_bare_template_repository_renders(cli, tmp_path: Path) -> None:
    template = make_template_repo(tmp_path / "template", "v1.0.0")
    bare = tmp_path / "template.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(template), str(bare))
    result = cli("new", str(tmp_path / "fleet"), "--template", str(bare))
    assert result.exit_code == 0, result.stderr
    answers = yaml.safe_load((tmp_path / "fleet/.copier-answers.yml").read_text())
    assert (answers["_src_path"], answers["_commit"]) == (bare.as_uri(), "v1.0.0")
    plain = bare.rename(tmp_path / "template-bare")
    refused = cli("new", str(tmp_path / "other"), "--template", str(plain))
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"error: {plain} is a bare Git repository whose name")
    assert "Traceback" not in refused.stderr and not (tmp_path / "other").exists()


def test_ctrl_c_at_a_question_is_one_line_and_exit_130(cli, tmp_path: Path, monkeypatch) -> None:
    from copier import _main

    def interrupted(questions, answers):  # the user presses Ctrl-C at the first question
        raise KeyboardInterrupt

    monkeypatch.setattr(_main, "unsafe_prompt", interrupted)
    result = cli("new", str(tmp_path / "fleet"), "--interactive")
    assert (result.exit_code, result.stderr, result.stdout) == (130, "interrupted\n", "")
    assert list(tmp_path.iterdir()) == []  # nothing left behind, no staging directory
