"""The Copier template itself: plain `copier copy` works, validates, and its files are valid."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scaffold import __version__
from tests.conftest import git
from tests.template_repo import PROJECT, make_template_repo

COPIER = [sys.executable, "-m", "copier"]
BAD_SYNC_PATHS = [
    "../../etc",
    "/etc/flux",
    "clusters/dev/../../x",
    "clusters\\dev",
    "clusters//dev",
    "clusters/dev/",
    "Clusters/Dev",
    "clusters/dev\nx",
    "clusters/{{ 7 * 7 }}",
    "clusters/dev\x00",
    "",
]


def copier_copy(src: Path, dest: Path, *data: str) -> subprocess.CompletedProcess[str]:
    args = [*COPIER, "copy", "--defaults", "--quiet"]
    for item in data:
        args += ["--data", item]
    return subprocess.run([*args, str(src), str(dest)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template_repo(tmp_path_factory.mktemp("t") / "template", "v1.0.0")


def test_plain_copier_copy_of_this_repo(template: Path, tmp_path: Path) -> None:
    done = copier_copy(template, tmp_path / "out", "sync_path=clusters/prod")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out/clusters/prod/helm/secrets/.gitkeep").is_file()
    answers = yaml.safe_load((tmp_path / "out/.copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.0.0"
    assert answers["_src_path"] == str(template)


@pytest.mark.parametrize("sync_path", [p for p in BAD_SYNC_PATHS if "\x00" not in p])
def test_template_validators_reject_bad_sync_paths(
    template: Path, tmp_path: Path, sync_path: str
) -> None:
    done = copier_copy(template, tmp_path / "out", f"sync_path={sync_path}")
    assert done.returncode != 0
    assert "sync path" in done.stderr
    assert not (tmp_path / "out" / "clusters").exists()


@pytest.mark.parametrize(
    "answer",
    ["owner={{ 7 * 7 }}", "owner=a\nb", "repository=x;rm -rf", "branch=../x", "hostname=a b"],
)
def test_template_validators_reject_injected_answers(
    template: Path, tmp_path: Path, answer: str
) -> None:
    done = copier_copy(template, tmp_path / "out", answer)
    assert done.returncode != 0
    assert "Validation error" in done.stderr


def test_template_version_and_home_match_the_package() -> None:
    from scaffold import settings

    questions = yaml.safe_load((PROJECT / "copier.yml").read_text())
    assert questions["scaffold_version"]["default"] == __version__
    # The hook's repository is the template's source; the project's when it has none.
    fallback = re.findall(r"'([^']+)'", questions["scaffold_repo_url"]["default"])
    assert fallback == [settings.DEFAULT_TEMPLATE_URL]
    name = re.search(r'^name = "([^"]+)"', (PROJECT / "pyproject.toml").read_text(), re.M)
    assert name is not None and name[1] == settings.PACKAGE


def test_ci_templates_install_the_package_of_the_settings() -> None:
    from scaffold import settings

    layout = PROJECT / "templates" / "flux-layout"
    for path in [*layout.glob("*gitlab-ci*"), *layout.rglob("gitops-lint.yml*")]:
        assert 'pip install "{{ scaffold_requirement }}"' in path.read_text(), path
    requirement = yaml.safe_load((PROJECT / "copier.yml").read_text())["scaffold_requirement"]
    assert f"'{settings.PACKAGE}==' ~ scaffold_version" in requirement["default"]
    assert f"'{settings.PACKAGE} @ ' ~ url ~ '@' ~ scaffold_rev" in requirement["default"]


def test_pre_commit_config_is_valid(cli, tmp_path: Path) -> None:
    assert cli("new", str(tmp_path / "f")).exit_code == 0
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=tmp_path / "f",
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    config = yaml.safe_load((tmp_path / "f/.pre-commit-config.yaml").read_text())
    hook_ids = [h["id"] for repo in config["repos"] for h in repo["hooks"]]
    assert hook_ids == ["gitops-scaffold-lint", "check-merge-conflict"]
    # Run from this checkout: the hook is installed from its exact commit.
    assert config["repos"][0]["rev"] == git(PROJECT, "rev-parse", "HEAD").strip()
    assert config["repos"][1]["repo"] == "https://github.com/pre-commit/pre-commit-hooks"
    assert re.fullmatch(r"v\d+\.\d+\.\d+", config["repos"][1]["rev"])


def test_pre_commit_hooks_manifest_is_valid() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "gitops-scaffold-lint"
    # The index is what a commit holds; one stage list, so a commit-msg hook never runs it twice.
    assert hooks[0]["entry"] == "gitops-scaffold lint --staged"
    assert hooks[0]["stages"] == ["pre-commit", "pre-merge-commit", "manual"]


def test_github_workflow_runs_the_linter(cli, tmp_path: Path) -> None:
    assert cli("new", str(tmp_path / "f")).exit_code == 0
    workflow = yaml.safe_load((tmp_path / "f/.github/workflows/gitops-lint.yml").read_text())
    assert set(workflow[True]) == {"push", "pull_request"}  # YAML 1.1 reads `on` as True
    steps = workflow["jobs"]["lint"]["steps"]
    assert any(s.get("uses", "").startswith("actions/checkout@") for s in steps)
    assert any(s.get("run") == "gitops-scaffold lint -o github" for s in steps)
    head = git(PROJECT, "rev-parse", "HEAD").strip()
    assert any("gitops-scaffold @ git+" in s.get("run", "") and f"@{head}\"" in s.get("run", "")
               for s in steps)  # fmt: skip


PINNED = re.compile(r"uses: ([\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$", re.M)


def test_github_workflow_uploads_sarif_with_pinned_actions(cli, tmp_path: Path) -> None:
    root = tmp_path / "f"
    assert cli("new", str(root)).exit_code == 0
    text = (root / ".github/workflows/gitops-lint.yml").read_text()
    workflow = yaml.safe_load(text)
    job = workflow["jobs"]["lint"]
    assert job["permissions"] == {"contents": "read", "security-events": "write"}
    steps = job["steps"]
    # Every action by commit, never a tag (which can be moved), the release beside it.
    pins = {name: (sha, tag) for name, sha, tag in PINNED.findall(text)}
    assert len(pins) == len([s for s in steps if "uses" in s]) == 3
    assert pins["github/codeql-action/upload-sarif"][1].startswith("v4.")
    assert steps[0]["with"] == {"persist-credentials": False}
    [upload] = [
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    ]
    [write] = [s for s in steps if "-o sarif" in s.get("run", "")]
    assert upload["if"] == write["if"] == "always()"
    sarif_file = upload["with"]["sarif_file"]
    assert f"> {sarif_file}" in write["run"]
    # The step's command, run in the new repository, writes a SARIF report and passes.
    done = subprocess.run(
        ["bash", "-c", write["run"]],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads((root / sarif_file).read_text())["version"] == "2.1.0"


def test_the_action_and_the_workflow_pin_the_same_commits(cli, tmp_path: Path) -> None:
    assert cli("new", str(tmp_path / "f")).exit_code == 0
    workflow = (tmp_path / "f/.github/workflows/gitops-lint.yml").read_text()
    action = (PROJECT / "action.yml").read_text()
    in_action = PINNED.findall(action)
    assert len(in_action) == action.count("uses:") == 2
    assert set(in_action) <= set(PINNED.findall(workflow))


def test_gitlab_ci_writes_a_code_quality_report(cli, tmp_path: Path) -> None:
    root = tmp_path / "f"
    assert cli("new", str(root), "-d", "ci=gitlab").exit_code == 0
    job = yaml.safe_load((root / ".gitlab-ci.yml").read_text())["gitops-lint"]
    report = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"
    (root / "clusters/dev/helm/releases/x.yaml").write_text("a: [unclosed\n")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "broken")
    # GitLab runs the script's lines in one shell; the install line is tested elsewhere.
    script = "\n".join(line for line in job["script"] if not line.startswith("pip install"))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-e", "-c", script], cwd=root, capture_output=True,
                          text=True, env=env)  # fmt: skip
    assert done.returncode == 1, done.stderr  # the findings fail the job...
    assert "x.yaml:1:" in done.stdout  # ...shown in the log...
    issues = json.loads((root / report).read_text())
    [issue] = [i for i in issues if i["check_name"] == "invalid-yaml"]
    assert issue["location"] == {"path": "clusters/dev/helm/releases/x.yaml", "lines": {"begin": 1}}
    assert issue["severity"] == "major" and len(issue["fingerprint"]) > 16
    assert issue["description"]


def test_gitlab_ci_runs_the_linter(cli, tmp_path: Path) -> None:
    assert cli("new", str(tmp_path / "f"), "-d", "ci=gitlab").exit_code == 0
    config = yaml.safe_load((tmp_path / "f/.gitlab-ci.yml").read_text())
    assert any("gitops-scaffold lint" in line for line in config["gitops-lint"]["script"])


def test_gitlab_ci_image_has_git(cli, tmp_path: Path) -> None:
    # Without git, lint cannot tell committed files from ignored ones; slim and alpine
    # Python images ship without it, the full Debian-based one has it.
    assert cli("new", str(tmp_path / "f"), "-d", "ci=gitlab").exit_code == 0
    image = yaml.safe_load((tmp_path / "f/.gitlab-ci.yml").read_text())["gitops-lint"]["image"]
    assert image.startswith("python:3.")
    assert not any(word in image for word in ("slim", "alpine"))


@pytest.mark.parametrize(
    "source",
    ["/srv/git/gitops-scaffold.git", "file:///srv/git/gitops-scaffold.git",
     "https://git.example.com/acme/gitops-scaffold.git", "git@git.example.com:acme/gs.git",
     "ssh://git@git.example.com/acme/gs.git", "git+https://git.example.com/acme/gs.git"],
)  # fmt: skip
def test_ci_installs_from_the_git_source_as_pip_reads_it(
    template: Path, tmp_path: Path, source: str
) -> None:
    from scaffold.new.provenance import pip_url

    for ci in ("ci=github", "ci=gitlab"):
        out = tmp_path / ci
        done = copier_copy(template, out, f"scaffold_repo_url={source}",
                           "scaffold_from_index=false", "scaffold_rev=0123abc", ci)  # fmt: skip
        assert done.returncode == 0, done.stderr
        text = "".join(p.read_text() for p in out.rglob("*.yml") if "answers" not in p.name)
        assert f'pip install "gitops-scaffold @ {pip_url(source)}@0123abc"' in text


def test_a_render_of_an_untagged_commit_installs_from_that_commit(tmp_path: Path) -> None:
    template = make_template_repo(tmp_path / "template", "not-a-release")
    commit = git(template, "rev-parse", "HEAD").strip()
    assert copier_copy(template, tmp_path / "out").returncode == 0
    hook = yaml.safe_load((tmp_path / "out/.pre-commit-config.yaml").read_text())["repos"][0]
    assert (hook["repo"], hook["rev"]) == (str(template), commit)
    workflow = (tmp_path / "out/.github/workflows/gitops-lint.yml").read_text()
    assert f'"gitops-scaffold @ git+file://localhost{template}@{commit}"' in workflow


def test_github_workflow_writes_the_pull_requests_diff_to_the_job_summary(cli, tmp_path) -> None:
    root = tmp_path / "f"
    assert cli("new", str(root)).exit_code == 0
    workflow = yaml.safe_load((root / ".github/workflows/gitops-lint.yml").read_text())
    job = workflow["jobs"]["diff"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read"}
    assert job["steps"][0]["with"] == {"persist-credentials": False, "fetch-depth": 0}
    [step] = [s for s in job["steps"] if "gitops-scaffold diff" in s.get("run", "")]
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    # The step's command, in a clone with a pull request's change, writes the summary.
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(root), str(clone))
    git(clone, "checkout", "--quiet", "-b", "change")
    config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: added, namespace: default}\n"
    (clone / "clusters/dev/added.yaml").write_text(config_map)
    git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "-m", "add a ConfigMap")
    summary = tmp_path / "summary.md"
    done = subprocess.run(
        ["bash", "-c", step["run"]], cwd=clone, capture_output=True, text=True,
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
             "BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = summary.read_text()
    assert "ConfigMap default/added" in text and "<details>" in text


def test_gitlab_ci_has_a_merge_request_diff_job(cli, tmp_path) -> None:
    root = tmp_path / "f"
    assert cli("new", str(root), "-d", "ci=gitlab").exit_code == 0
    pipeline = yaml.safe_load((root / ".gitlab-ci.yml").read_text())
    job = pipeline["gitops-diff"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["variables"] == {"GIT_DEPTH": 0}
    assert any("gitops-scaffold diff" in line and "-o markdown" in line for line in job["script"])
    assert job["artifacts"]["paths"] == ["gitops-diff.md"]
