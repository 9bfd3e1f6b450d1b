"""The README's set-up commands stay true: CI runs exactly the documented test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```sh\n(python3 -m venv [^\n]+)\n```", text)[:2]


def test_readme_starts_with_the_two_commands() -> None:
    install_and_new, install_and_test = setup_commands()
    assert "gitops-scaffold new" in install_and_new
    assert "pytest" in install_and_test


def test_ci_runs_the_readme_test_command() -> None:
    _, install_and_test = setup_commands()
    assert install_and_test in (ROOT / ".ci/run").read_text().splitlines()
