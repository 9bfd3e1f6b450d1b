"""The README's "Adopting" and "Updating" walkthroughs run as written."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import yaml

from tests.conftest import git
from tests.new.test_update import release_v2
from tests.repository.bootstrapped import bootstrapped_clone
from tests.template_repo import make_template_repo

README = Path(__file__).resolve().parents[2] / "README.md"


def block(heading: str) -> list[str]:
    """The lines of the first sh block under `### heading`."""
    section = README.read_text().split(f"### {heading}\n", 1)[1].split("\n#", 1)[0]
    [text] = re.findall(r"```sh\n(.*?)```", section, flags=re.S)[:1]
    return [line.strip() for line in text.splitlines() if line.strip()]


def run_line(cli, line: str, cwd: Path) -> None:
    args = shlex.split(line.split("  #", 1)[0])
    if args[0] == "gitops-scaffold":
        result = cli(*args[1:], cwd=cwd)
        assert result.exit_code == 0, (line, result.stderr)
    else:
        subprocess.run(args, cwd=cwd, check=True, capture_output=True)


def test_adopting_walkthrough(cli, tmp_path: Path) -> None:
    lines = block("Adopting a repository you already bootstrapped")
    bootstrap, clone_line, *rest = lines
    # flux bootstrap and the clone are what bootstrapped_clone reproduces, with these values.
    assert bootstrap.startswith("flux bootstrap github --owner=acme --repository=fleet")
    assert "--path=clusters/dev" in bootstrap
    assert clone_line == "git clone git@github.com:acme/fleet.git && cd fleet"
    clone = bootstrapped_clone(tmp_path, remote="git@github.com:acme/fleet.git")
    # `git push` reaches the stand-in of GitHub.
    git(clone, "config", f"url.{tmp_path / 'fleet.git'}.pushInsteadOf",
        "git@github.com:acme/fleet.git")  # fmt: skip
    assert rest[-1] == "git push"
    for line in rest:
        run_line(cli, line, clone)
    pushed = git(tmp_path / "fleet.git", "log", "-1", "--format=%s", "main").strip()
    assert pushed == "Adopt the Flux layout for clusters/dev"
    answers = yaml.safe_load((clone / ".copier-answers.yml").read_text())
    assert (answers["owner"], answers["repository"]) == ("acme", "fleet")


def test_updating_walkthrough(cli, tmp_path: Path) -> None:
    template = make_template_repo(tmp_path / "template", "v1.0.0")
    repo = tmp_path / "fleet"
    for sync_path in ("clusters/dev", "clusters/staging"):
        made = cli("new", str(repo), "--template", str(template), "--sync-path", sync_path)
        assert made.exit_code == 0, made.stderr
    release_v2(template)
    lines = block("Updating")
    assert lines == ["gitops-scaffold update --defaults"]
    for line in lines:
        run_line(cli, line, repo)
    for answers in (".copier-answers.yml", ".copier-answers.clusters.staging.yml"):
        assert yaml.safe_load((repo / answers).read_text())["_commit"] == "v2.0.0"
    assert git(repo, "status", "--porcelain") == ""
