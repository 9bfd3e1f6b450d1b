"""action.yml, the reusable GitHub Action: its steps, run as the runner runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import git
from tests.template_repo import PROJECT

ACTION = yaml.safe_load((PROJECT / "action.yml").read_text())
EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def evaluate(value: str, context: dict[str, str]) -> str:
    return EXPRESSION.sub(lambda m: context[m[1]], value)


def run_step(step: dict, context: dict[str, str], workspace: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **{k: evaluate(v, context) for k, v in step.get("env", {}).items()}}
    cwd = workspace / evaluate(step.get("working-directory", "."), context)
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env,
                          capture_output=True, text=True)  # fmt: skip


@pytest.fixture
def context(tmp_path: Path) -> dict[str, str]:
    inputs = {f"inputs.{k}": v.get("default", "") for k, v in ACTION["inputs"].items()}
    runner = tmp_path / "runner"
    tool = runner / "gitops-scaffold/bin"
    tool.mkdir(parents=True)
    # The install step's venv, standing in: this environment has the tool at this revision.
    (tool / "gitops-scaffold").symlink_to(Path(sys.executable).parent / "gitops-scaffold")
    return {**inputs, "runner.temp": str(runner), "github.action_path": str(PROJECT)}


def test_a_composite_action_installing_its_own_revision() -> None:
    assert ACTION["runs"]["using"] == "composite"
    steps = ACTION["runs"]["steps"]
    [install] = [s for s in steps if "pip install" in s.get("run", "")]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '-m pip install --quiet "$ACTION_PATH"' in install["run"]
    for step in steps:
        # No expression inside a script: inputs reach it as environment variables only.
        assert "${{" not in step.get("run", ""), step
        if "run" in step:
            assert step["shell"] == "bash"


def test_the_lint_and_sarif_steps_run(cli, tmp_path: Path, context) -> None:
    workspace = tmp_path / "workspace"
    assert cli("new", str(workspace)).exit_code == 0
    steps = ACTION["runs"]["steps"]
    lint, write = [s for s in steps if '/bin/gitops-scaffold" lint' in s.get("run", "")]
    assert run_step(lint, context, workspace).returncode == 0
    (workspace / "clusters/dev/helm/releases/x.yaml").write_text("a: [unclosed\n")
    failed = run_step(lint, context, workspace)
    assert failed.returncode == 1 and failed.stdout.startswith("::error file=clusters/dev/")
    context["inputs.args"] = "--select invalid-yaml --strict"
    assert run_step(write, context, workspace).returncode == 0  # findings: the step above failed
    report = Path(context["runner.temp"]) / "gitops-lint.sarif"
    results = json.loads(report.read_text())["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"invalid-yaml"}
    [upload] = [s for s in ACTION["runs"]["steps"] if "upload-sarif" in s.get("uses", "")]
    assert evaluate(upload["with"]["sarif_file"], context) == str(report)
    assert upload["if"] == write["if"] == "always() && inputs.upload-sarif == 'true'"


def _diff_step() -> dict:
    steps = ACTION["runs"]["steps"]
    [step] = [s for s in steps if '/bin/gitops-scaffold" diff' in s.get("run", "")]
    return step


def test_the_diff_step_runs_on_pull_requests_only_and_can_be_turned_off() -> None:
    step = _diff_step()
    assert step["if"] == (
        "always() && inputs.diff == 'true' && github.event_name == 'pull_request'"
    )
    assert ACTION["inputs"]["diff"]["default"] == "true"
    assert step["env"]["BASE_REF"] == "${{ github.base_ref }}"


def test_the_diff_step_writes_the_change_to_the_job_summary(
    cli, tmp_path: Path, context, monkeypatch
) -> None:
    workspace = tmp_path / "workspace"
    assert cli("new", str(workspace)).exit_code == 0
    git(workspace, "update-ref", "refs/remotes/origin/main", "HEAD")
    release = workspace / "clusters/dev/helm/repositories/podinfo.yaml"
    release.write_text(
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\n"
        "metadata: {name: podinfo, namespace: flux-system}\n"
        "spec: {interval: 1h, url: https://stefanprodan.github.io/podinfo}\n"
    )
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "podinfo")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    done = run_step(_diff_step(), {**context, "github.base_ref": "main"}, workspace)
    assert done.returncode == 0, done.stderr
    assert "HelmRepository" in summary.read_text() and "podinfo" in summary.read_text()


def test_the_diff_step_skips_with_a_notice_in_a_shallow_checkout(
    cli, tmp_path: Path, context, monkeypatch
) -> None:
    workspace = tmp_path / "workspace"
    assert cli("new", str(workspace)).exit_code == 0
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    done = run_step(_diff_step(), {**context, "github.base_ref": "main"}, workspace)
    assert done.returncode == 0
    assert done.stdout.startswith("::notice::no diff: origin/main is not in the checkout")
    assert "fetch-depth: 0" in done.stdout
    assert not summary.exists()
