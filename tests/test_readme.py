"""The README stays true: CI runs exactly the documented test command, and the Architecture
tree is the package's."""

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


def architecture_tree() -> str:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Architecture") :]
    return section[section.index("```\n") + 4 : section.index("\n```", section.index("```\n") + 4)]


def test_the_architecture_tree_names_every_package_and_only_what_exists() -> None:
    tree = architecture_tree()
    listed = set(re.findall(r"^(\S+)", tree, re.MULTILINE))
    assert sorted(p for p in listed if not (ROOT / p).exists()) == []
    package = ROOT / "scaffold"
    packages = {
        f"{p.parent.relative_to(ROOT).as_posix()}/"
        for p in package.glob("*/__init__.py")
    } | {f"{p.parent.relative_to(ROOT).as_posix()}/" for p in package.glob("model/*/__init__.py")}
    assert packages <= listed, sorted(packages - listed)
