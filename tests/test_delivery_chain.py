"""An untagged clone's delivery chain, end to end, with local stand-ins and no network.

A bare Git repository plays the project's public repository, with no release tag.
A wheel built from a clone of it is installed in a fresh virtualenv; the repository
it generates must install the tool from that bare repository at the clone's exact
commit: its CI install line in another fresh virtualenv, its pre-commit hook in
pre-commit's own, and `update` to the next commit pushed there. The package index
is a directory of wheels (tests/wheelhouse.py) and nothing else.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
import yaml

from tests.template_repo import make_project_repo
from tests.test_publishing import Published, ci_install_line, isolated_env
from tests.wheelhouse import build_wheelhouse


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Published:
    base = tmp_path_factory.mktemp("chain")
    dist, upstream = base / "dist", base / "upstream.git"
    env = isolated_env(base, dist, upstream)
    del env["GITOPS_SCAFFOLD_TEMPLATE_URL"]  # the wheel alone says where it came from
    with pytest.MonkeyPatch.context() as patch:
        for key in ("HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_AUTHOR_NAME",
                    "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
            patch.setenv(key, env[key])  # fmt: skip
        src = make_project_repo(base / "src")
    pub = Published(base, env, src, upstream, dist, base / "ci", base / "fleet")
    pub.ok(["git", "clone", "--quiet", "--bare", src, upstream], base)
    clone = base / "clone"
    pub.ok(["git", "clone", "--quiet", upstream, clone], base)
    build_wheelhouse(dist, ["gitops-scaffold", "hatchling"], skip={"gitops-scaffold"})
    wheels = base / "wheels"  # not the index: CI must build the tool from Git
    pub.ok([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
            "--no-build-isolation", "--wheel-dir", wheels, clone], base)  # fmt: skip
    [wheel] = wheels.glob("gitops_scaffold-*.whl")
    tool = base / "tool"
    pub.ok([sys.executable, "-m", "venv", tool], base)
    pub.ok([tool / "bin/pip", "install", "--quiet", wheel], base)
    pub.ok([tool / "bin/gitops-scaffold", "new", pub.fleet, "--data", "owner=acme"], base)
    return pub


def head(pub: Published, repo: Path) -> str:
    return pub.ok(["git", "rev-parse", "HEAD"], repo).strip()


def test_new_records_the_bare_source_at_the_exact_commit(chain: Published) -> None:
    commit = head(chain, chain.src)
    answers = yaml.safe_load((chain.fleet / ".copier-answers.yml").read_text())
    assert (answers["_src_path"], answers["_commit"]) == (chain.upstream.as_uri(), commit)
    hook = yaml.safe_load((chain.fleet / ".pre-commit-config.yaml").read_text())["repos"][0]
    assert (hook["repo"], hook["rev"]) == (chain.upstream.as_uri(), commit)
    url = f"git+file://localhost{chain.upstream}"  # pip before 23.3 refuses git+file:///
    expected = f'pip install "gitops-scaffold @ {url}@{commit}"'
    assert ci_install_line(chain.fleet) == expected


def test_the_ci_install_line_works_in_a_fresh_virtualenv(chain: Published) -> None:
    chain.ok([sys.executable, "-m", "venv", chain.ci], chain.base)
    line = ci_install_line(chain.fleet)
    chain.ok([chain.ci / "bin/pip", *shlex.split(line)[1:]], chain.fleet)
    chain.ok([chain.ci / "bin/gitops-scaffold", "lint"], chain.fleet)
    # Built from Git, the tool knows that commit too.
    origin = chain.ok([chain.ci / "bin/python", "-c", "import importlib.resources as r; "
                       "print(r.files('scaffold').joinpath('_origin.json').read_text())"],
                      chain.fleet)  # fmt: skip
    assert head(chain, chain.src) in origin


def test_the_pre_commit_hook_installs_and_passes(chain: Published) -> None:
    config = yaml.safe_load((chain.fleet / ".pre-commit-config.yaml").read_text())
    ours = [repo for repo in config["repos"] if repo["hooks"][0]["id"] == "gitops-scaffold-lint"]
    offline = chain.base / "offline-pre-commit.yaml"
    offline.write_text(yaml.safe_dump({**config, "repos": ours}))
    argv = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--config", str(offline)]
    out = chain.ok(argv, chain.fleet)
    assert "gitops-scaffold lint" in out and "Passed" in out


def test_update_goes_to_the_next_commit_and_then_says_already(chain: Published) -> None:
    src, fleet, tool = chain.src, chain.fleet, chain.base / "tool/bin/gitops-scaffold"
    kustomizations = src / "templates/flux-layout/{{ sync_path }}/kustomizations"
    kustomizations.mkdir()
    (kustomizations / ".gitkeep").write_text("")
    chain.ok(["git", "add", "-A"], src)
    chain.ok(["git", "commit", "--quiet", "-m", "kustomizations"], src)
    chain.ok(["git", "push", "--quiet", chain.upstream, "main"], src)
    new = head(chain, src)
    done = chain.run([tool, "update", "--defaults"], fleet)
    assert done.returncode == 0, done.stderr
    assert f"clusters/dev: template {new[:7]}" not in done.stdout  # not "already at"
    assert (fleet / "clusters/dev/kustomizations/.gitkeep").is_file()
    assert new.startswith(yaml.safe_load((fleet / ".copier-answers.yml").read_text())["_commit"])
    hook = yaml.safe_load((fleet / ".pre-commit-config.yaml").read_text())["repos"][0]
    assert hook["rev"] == new
    assert ci_install_line(fleet).endswith(f'@{new}"')
    assert chain.ok(["git", "status", "--porcelain"], fleet) == ""
    again = chain.run([tool, "update", "--defaults"], fleet)
    assert again.returncode == 0, again.stderr
    assert "clusters/dev: already at template" in again.stdout
    assert "copier renders" not in again.stderr  # decided before cloning anything


def test_a_failed_update_leaves_no_commit(chain: Published) -> None:
    fleet, tool = chain.fleet, chain.base / "tool/bin/gitops-scaffold"
    other = make_project_repo(chain.base / "other")  # another history: the commit is not there
    before = head(chain, fleet)
    done = chain.run([tool, "update", "--defaults", "--template", other], fleet)
    assert done.returncode == 1
    assert done.stderr.count("\n") <= 3 and "Traceback" not in done.stderr, done.stderr
    assert head(chain, fleet) == before
    assert chain.ok(["git", "status", "--porcelain"], fleet) == ""


def test_a_commit_runs_the_hook_once_on_what_it_commits(chain: Published) -> None:
    fleet = chain.base / "fleet-commits"
    chain.ok(["git", "clone", "--quiet", chain.fleet, fleet], chain.base)
    config = yaml.safe_load((fleet / ".pre-commit-config.yaml").read_text())
    ours = [repo for repo in config["repos"] if repo["hooks"][0]["id"] == "gitops-scaffold-lint"]
    config["repos"] = [*ours, {"repo": "local", "hooks": [{
        "id": "message", "name": "message", "entry": "true", "language": "system",
        "stages": ["commit-msg"],
    }]}]  # fmt: skip
    (fleet / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    chain.ok(["git", "commit", "--quiet", "-am", "offline hooks"], fleet)
    pre_commit = [sys.executable, "-m", "pre_commit", "install"]
    chain.ok([*pre_commit, "--hook-type", "pre-commit", "--hook-type", "commit-msg"], fleet)
    (fleet / "scratch.yaml").write_text("a: [unclosed\n")  # untracked: not in the commit
    (fleet / "README.md").write_text("# fleet\n")
    done = chain.run(["git", "commit", "-am", "A shorter README"], fleet)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (done.stdout + done.stderr).count("gitops-scaffold lint") == 1
    # The same file staged is refused.
    chain.ok(["git", "add", "scratch.yaml"], fleet)
    refused = chain.run(["git", "commit", "-m", "scratch"], fleet)
    assert refused.returncode == 1
    assert "scratch.yaml:1" in refused.stdout + refused.stderr
