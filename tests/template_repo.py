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


def tree(root: Path) -> dict[str, bytes]:
    """Every file below `root` except .git, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }
