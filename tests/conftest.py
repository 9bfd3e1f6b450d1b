"""Shared fixtures: an isolated HOME and git identity, a CLI runner, tree builders."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from scaffold.cli import app

VENV_BIN = Path(sys.executable).parent

# Property tests run the `ci` profile (100 examples); `--hypothesis-profile=slow` (or
# GITOPS_SCAFFOLD_HYPOTHESIS_PROFILE=slow) explores more. No deadline: the machine may be busy.
_PROPERTY = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=100, **_PROPERTY)  # type: ignore[arg-type]
settings.register_profile("slow", max_examples=2000, **_PROPERTY)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("GITOPS_SCAFFOLD_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's git config, caches or tokens."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(var, "Test User")
    for var in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(var, "test@example.com")
    monkeypatch.delenv("CI", raising=False)  # lint reads files differently in CI
    for var in ("GITHUB_TOKEN", "GITLAB_TOKEN", "GITEA_TOKEN", "BITBUCKET_TOKEN", "GIT_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")


class Cli:
    """Run the CLI in-process and keep stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, cwd: Path | None = None, input: str | None = None):  # type: ignore[no-untyped-def]
        old = os.getcwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
        finally:
            os.chdir(old)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def console_script() -> Path:
    """The installed `gitops-scaffold` executable of this environment."""
    return VENV_BIN / "gitops-scaffold"


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Create `files` (relative path -> content) under `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` and return its stdout; fail the test on error."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[..., Path]:
    def make(files: Mapping[str, str | bytes], name: str = "repo") -> Path:
        return write_tree(tmp_path / name, files)

    return make


@pytest.fixture
def make_git_repo(tmp_path: Path) -> Callable[..., Path]:
    """A real git repository holding `files`, committed unless `commit=False`."""

    def make(files: Mapping[str, str | bytes], name: str = "repo", commit: bool = True) -> Path:
        root = write_tree(tmp_path / name, files)
        git(root, "init", "--quiet", "--initial-branch=main")
        if commit and files:
            git(root, "add", "-A")
            git(root, "commit", "--quiet", "-m", "initial")
        return root

    return make
