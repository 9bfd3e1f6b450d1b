"""FIFOs and devices are never opened for reading; huge inputs are bounded.

Each command runs as a subprocess with a timeout: before the fix these hung forever.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import git, write_tree
from tests.lint.conftest import SYNC, tree

TIMEOUT = 60


def run(console_script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(console_script), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=TIMEOUT, check=False)  # fmt: skip


@pytest.mark.parametrize("name", ["pipe.yaml", ".gitignore", ".sourceignore", f"{SYNC}/a.yaml"])
@pytest.mark.parametrize("in_git", [False, True], ids=["plain", "git"])
def test_lint_never_opens_a_fifo(console_script, tmp_path, name, in_git) -> None:
    files = {k: v for k, v in tree().items() if k != name}
    root = write_tree(tmp_path / "repo", files)
    if in_git:
        git(root, "init", "--quiet")
        git(root, "add", "-A")
    os.mkfifo(root / name)
    done = run(console_script, "lint", "--sync-path", SYNC, str(root), cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    if in_git and name == ".gitignore":  # Git itself would block on it: refused up front
        assert done.stderr.startswith("error: .gitignore: not a regular file")


def test_a_fifo_as_the_config_is_a_config_error(console_script, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", tree())
    os.mkfifo(root / ".gitops-scaffold.yaml")
    done = run(console_script, "lint", str(root), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("error: .gitops-scaffold.yaml: not a regular file")


@pytest.fixture
def seal_root(make_git_repo, cert_file) -> Path:
    from tests.authoring.conftest import CLUSTER_FILES, answers

    return make_git_repo({**CLUSTER_FILES, ".copier-answers.yml": answers("clusters/dev")})


@pytest.mark.parametrize("source", ["fifo", "/dev/zero", "/dev/urandom", "huge", "directory"])
@pytest.mark.parametrize("option", ["--from-file", "--from-env-file", "--cert"])
def test_seal_inputs_are_bounded(console_script, seal_root, cert_file, tmp_path, source, option):
    path = tmp_path / source
    if source == "fifo":
        os.mkfifo(path)
    elif source == "huge":
        with path.open("wb") as handle:
            handle.truncate(3 * 1024**3)  # sparse: 3 GiB that take no disk
    elif source == "directory":
        path.mkdir()
    else:
        path = Path(source)
    given = {"--from-file": ["--from-file", f"password={path}"],
             "--from-env-file": ["--from-env-file", str(path)],
             "--cert": ["--from-literal", "a=b"]}[option]  # fmt: skip
    cert = str(path) if option == "--cert" else str(cert_file)
    done = run(console_script, "seal", "db", "-n", "apps", "--cert", cert, *given, cwd=seal_root)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    assert not list(seal_root.rglob("db-sealed.yaml"))
