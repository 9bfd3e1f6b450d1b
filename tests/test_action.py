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
