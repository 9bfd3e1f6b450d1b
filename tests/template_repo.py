"""Build git repositories of this project's Copier template, for render and update tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import git

PROJECT = Path(__file__).resolve().parents[1]


def make_template_repo(path: Path, tag: str) -> Path:
    """A git repository holding copier.yml and templates/ of this project, tagged `tag`."""
    path.mkdir(parents=True)
    shutil.copy2(PROJECT / "copier.yml", path / "copier.yml")
    shutil.copytree(PROJECT / "templates", path / "templates")
    git(path, "init", "--quiet", "--initial-branch=main")
    git(path, "add", "-A")
    git(path, "commit", "--quiet", "-m", "template")
    git(path, "tag", tag)
    return path


PROJECT_FILES = (
    "pyproject.toml", "hatch_build.py", "README.md", "copier.yml", ".pre-commit-hooks.yaml",
    "templates", "scaffold", "scripts",
)  # fmt: skip


def make_project_repo(path: Path) -> Path:
    """A git repository holding this project's source as it is now, one commit, no tag."""
    path.mkdir(parents=True)
    for rel in PROJECT_FILES:
        if (PROJECT / rel).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_bundle", "_origin.json")
            shutil.copytree(PROJECT / rel, path / rel, ignore=ignore)
        else:
            shutil.copy2(PROJECT / rel, path / rel)
    git(path, "init", "--quiet", "--initial-branch=main")
    git(path, "add", "-A")
    git(path, "commit", "--quiet", "-m", "source")
    return path


def installed_bundle(tmp_path: Path) -> Path:
    """The template as a wheel carries it (scaffold/_bundle), outside any Git checkout."""
    bundle = tmp_path / "site-packages" / "scaffold" / "_bundle"
    if bundle.is_dir():
        return bundle
    bundle.mkdir(parents=True)
    shutil.copy2(PROJECT / "copier.yml", bundle / "copier.yml")
    shutil.copytree(PROJECT / "templates", bundle / "templates")
    return bundle


def tree(root: Path) -> dict[str, bytes]:
    """Every file below `root` except .git, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }
