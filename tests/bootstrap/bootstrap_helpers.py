"""Helpers shared by the bootstrap and status tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` and return its stdout; fail the test on error."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def layout(sync_path: str = "clusters/dev", **answers: object) -> dict[str, str]:
    """The files `gitops-scaffold new` lays out, with an answers file holding `answers`."""
    recorded = {"sync_path": sync_path, "branch": "main", **answers}
    return {
        ".copier-answers.yml": yaml.safe_dump(recorded),
        ".gitignore": "*-values-*.yaml\n!*-sealed.yaml\n",
        "README.md": "# fleet\n",
        f"{sync_path}/helm/repositories/.gitkeep": "",
        f"{sync_path}/helm/releases/.gitkeep": "",
        f"{sync_path}/helm/secrets/.gitkeep": "",
    }
