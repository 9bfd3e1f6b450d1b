"""The comparison is pure: it imports nothing of lint or the commands, and reads no file or Git."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import scaffold.diff

PACKAGE = Path(scaffold.diff.__file__).parent
# What reads the disk, runs a process or talks to Git.
FORBIDDEN_MODULES = (
    "scaffold.lint", "scaffold.commands", "scaffold.git", "scaffold.proc", "scaffold.fs",
    "scaffold.yamlfile", "scaffold.model.source", "scaffold.model.files", "scaffold.model.load",
    "os", "pathlib", "subprocess", "shutil", "io", "tempfile", "glob", "typer",
)  # fmt: skip
FORBIDDEN_CALLS = {"open", "print", "exec", "eval", "__import__"}


def modules():
    return sorted(PACKAGE.glob("*.py"))


def imported(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_no_module_of_the_package_imports_what_reads_or_runs() -> None:
    assert len(modules()) > 10
    for path in modules():
        for name in imported(ast.parse(path.read_text())):
            assert not any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES), (
                f"{path.name} imports {name}"
            )


def test_no_module_of_the_package_opens_prints_or_evaluates() -> None:
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in FORBIDDEN_CALLS, f"{path.name} calls {node.func.id}"


def test_importing_every_module_loads_nothing_of_lint_or_the_commands() -> None:
    names = [f"scaffold.diff.{p.stem}" for p in modules() if p.stem != "__init__"]
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in names)
        + "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('scaffold'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "scaffold.diff.compare" in loaded
    leaks = [
        m for m in loaded if m.startswith(("scaffold.lint", "scaffold.commands", "scaffold.git"))
    ]
    assert leaks == []
