"""The README's authoring walkthrough runs as written and leaves the expected files."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from tests.conftest import git

README = Path(__file__).resolve().parents[2] / "README.md"


def walkthrough_commands() -> list[list[str]]:
    """Every `gitops-scaffold` command of the README's authoring section, continuations joined."""
    section = README.read_text().split("## Authoring components", 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip()
            if line.startswith("gitops-scaffold "):
                commands.append(shlex.split(line)[1:])
    return commands


def test_walkthrough_runs(cli, fleet, controller_key) -> None:
    controller_key.write(fleet)
    (fleet / "sealed-secrets-values-v2.17.1.yaml").write_text(
        "fullnameOverride: sealed-secrets-controller\n"
    )
    (fleet / "grafana-values-v8.5.0.yaml").write_text("ingress:\n  enabled: true\n")
    commands = walkthrough_commands()
    assert len(commands) == 10
    for args in commands:
        result = cli(*args, cwd=fleet, input="admin-pass")
        assert result.exit_code == 0, (args, result.stderr)
        assert "warning" not in result.stderr
    helm = fleet / "clusters/dev/helm"
    assert not (helm / "releases/grafana-v8.5.0.yaml").exists()
    grafana = yaml.safe_load((helm / "releases/grafana-v8.6.0.yaml").read_text())
    assert grafana["spec"]["chart"]["spec"]["version"] == "8.6.0"
    assert [entry["name"] for entry in grafana["spec"]["valuesFrom"]] == [
        "grafana-values",
        "grafana-admin",
    ]
    assert (helm / "secrets/grafana-admin-sealed.yaml").is_file()
    status = git(fleet, "status", "--porcelain", "--untracked-files=all").splitlines()
    # The plaintext values files stay out of Git; every file written is committable, even
    # grafana-values-sealed.yaml, which `*-values-*.yaml` matches and `!*-sealed.yaml` re-includes.
    assert not [line for line in status if line.endswith("-values-v8.5.0.yaml")]
    assert not [line for line in status if line.endswith("-values-v2.17.1.yaml")]
    assert "?? clusters/dev/helm/secrets/grafana-values-sealed.yaml" in status
    assert "?? pub-sealed-secrets.pem" in status


def test_walkthrough_output_passes_the_linter(cli, fleet, controller_key) -> None:
    engine = pytest.importorskip("scaffold.lint.engine")
    controller_key.write(fleet)
    (fleet / "sealed-secrets-values-v2.17.1.yaml").write_text("fullnameOverride: x\n")
    (fleet / "grafana-values-v8.5.0.yaml").write_text("ingress:\n  enabled: true\n")
    for args in walkthrough_commands():
        assert cli(*args, cwd=fleet, input="admin-pass").exit_code == 0
    findings = engine.run_lint(fleet).findings
    assert [(f.rule, f.path, f.message) for f in findings] == []


def shown_block(language: str) -> str:
    """The first `language` block of the README's "What does this cluster run?" section."""
    section = README.read_text().split("### What does this cluster run?", 1)[1]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)[0]


def test_the_tree_shown_is_the_tree_printed(cli, fleet, controller_key) -> None:
    controller_key.write(fleet)
    (fleet / "sealed-secrets-values-v2.17.1.yaml").write_text("fullnameOverride: x\n")
    (fleet / "grafana-values-v8.5.0.yaml").write_text("ingress:\n  enabled: true\n")
    for args in walkthrough_commands():
        assert cli(*args, cwd=fleet, input="admin-pass").exit_code == 0
    assert cli("tree", cwd=fleet).stdout == shown_block("text")
    assert cli("tree", "--format", "mermaid", cwd=fleet).stdout == shown_block("mermaid")
