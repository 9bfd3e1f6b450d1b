"""Fixtures for lint tests: a clean repository of the convention, and a way to lint a tree."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from scaffold.lint.engine import LintOptions, LintReport, run_lint
from scaffold.repository.convention import IGNORE_BLOCK, RELEASES, release_file_name
from tests.conftest import git, write_tree
from tests.fixtures import (  # noqa: F401  (re-exported to the lint tests)
    HELM_RELEASE,
    HELM_REPOSITORY,
    SEALED_SECRET,
    SYNC,
    helm_path,
    podinfo_layout,
)

GITIGNORE_BLOCK = IGNORE_BLOCK
CLEAN: dict[str, str] = podinfo_layout(SYNC)
RELEASE_PATH = helm_path(SYNC, RELEASES, release_file_name("podinfo", "6.5.0"))

LintTree = Callable[..., LintReport]


def tree(**changes: str | None) -> dict[str, str]:
    """The clean tree with files replaced (a value) or removed (None); keys use `__` for `/`."""
    files = dict(CLEAN)
    for key, value in changes.items():
        path = key.replace("__", "/")
        if value is None:
            files.pop(path, None)
        else:
            files[path] = value
    return files


@pytest.fixture
def lint_tree(tmp_path: Path) -> LintTree:
    """Write `files` (optionally as a committed git repo) and lint them with sync path SYNC."""
    counter = iter(range(1000))

    def run(
        files: Mapping[str, str | bytes],
        *,
        in_git: bool = False,
        sync_paths: tuple[str, ...] = (SYNC,),
        **options: object,
    ) -> LintReport:
        root = write_tree(tmp_path / f"repo{next(counter)}", files)
        if in_git:
            git(root, "init", "--quiet", "--initial-branch=main")
            git(root, "add", "-A")
            git(root, "commit", "--quiet", "--allow-empty", "-m", "initial")
        return run_lint(root, LintOptions(sync_paths=sync_paths, **options))  # type: ignore[arg-type]

    return run


def found(report: LintReport, rule: str | None = None) -> list[tuple[str, str, int]]:
    """(rule, path, line) of each finding, optionally of one rule."""
    return [(f.rule, f.path, f.line) for f in report.findings if rule in (None, f.rule)]


REALWORLD = Path(__file__).parents[1] / "realworld"


@pytest.fixture(scope="session")
def realworld_repo(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """A committed Git copy of one tests/realworld repository, made once per session.

    Linted in place, a corpus folder would be read as part of this project's work tree.
    """
    copies: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in copies:
            root = tmp_path_factory.mktemp("realworld") / name
            shutil.copytree(REALWORLD / name, root)
            git(root, "init", "--quiet", "--initial-branch=main")
            git(root, "add", "-A", "-f", ".")
            git(root, "commit", "--quiet", "-m", "import")
            copies[name] = root
        return copies[name]

    return get
