"""Ignore patterns never hang lint: every pattern is matched without backtracking.

A `.sourceignore`, an `exclude:` list or a `.gitignore` read outside Git, each holding
2.6 KB of many-star patterns, against forty files with 3 KB paths. Matching that
backtracked took 45 to 57 s for ten such files here (the linear matcher: 0.3 s); the run
is given a minute, in a child process, so a regression fails the test instead of hanging
the suite.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git, write_tree

TIMEOUT = 60  # seconds; a linear matcher needs about one


def many_star_patterns() -> list[str]:
    patterns, size = [], 0
    while size < 2600:
        line = "*" + "a*" * (10 + len(patterns) % 7) + "b*"
        patterns.append(line)
        size += len(line) + 1
    return patterns


def long_paths() -> dict[str, str]:
    directory = "/".join(["a" * 200] * 15)
    return {f"{directory}/{'a' * 190}{k}.yaml": "kind: ConfigMap\n" for k in range(40)}


def lint_in_child(root: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [sys.executable, "-m", "scaffold", "lint", "--no-cache", str(root)],
            cwd=root, capture_output=True, text=True, timeout=TIMEOUT,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"lint took over {TIMEOUT} s on many-star ignore patterns")


@pytest.mark.parametrize("where", ["sourceignore", "exclude", "gitignore-outside-git"])
def test_many_star_patterns_against_long_paths(tmp_path, where) -> None:
    lines = "\n".join(many_star_patterns()) + "\n"
    files = long_paths()
    if where == "sourceignore":
        files[".sourceignore"] = lines
    elif where == "exclude":
        quoted = "".join(f"  - '{line}'\n" for line in many_star_patterns())
        files[".gitops-scaffold.yaml"] = f"exclude:\n{quoted}"
    else:
        files[".gitignore"] = lines
    root = write_tree(tmp_path / "repo", files)
    if where != "gitignore-outside-git":
        git(root, "init", "--quiet")
        git(root, "add", "-A")
    done = lint_in_child(root)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
