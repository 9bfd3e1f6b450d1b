"""Renaming and deleting files of the layout: through Git when it tracks them, so the
history shows a rename, and `git status` a deletion ready to commit."""

from __future__ import annotations

import os
from pathlib import Path

from scaffold import fs, git
from scaffold.errors import EnvironmentProblem, UsageError


def is_tracked(path: Path, root: Path) -> bool:
    """Whether Git tracks `path` (False outside a work tree or without git)."""
    if not git.has_git() or not (root / ".git").exists():
        return False
    done = git.git(["ls-files", "--error-unmatch", "--", str(path)], root, check=False)
    return done.returncode == 0


def move(old: Path, new: Path, root: Path) -> bool:
    """Rename `old` to `new` (both inside `root`), `git mv` when tracked; return whether Git did."""
    fs.check_inside(new, root)
    if new.exists() or new.is_symlink():
        raise UsageError(
            f"{fs.display_path(new)} already exists",
            hint="remove or rename it first; nothing was changed",
        )
    if is_tracked(old, root):
        git.git(["mv", "--", str(old), str(new)], root)
        return True
    try:
        os.rename(old, new)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot rename {fs.display_path(old)}: {exc.strerror}") from exc
    return False


def delete(path: Path, root: Path) -> bool:
    """Delete `path` (inside `root`), `git rm` when tracked; return whether Git did."""
    fs.check_inside(path, root)
    if is_tracked(path, root):
        # --force: a tracked file with uncommitted edits is still the user's decision to drop.
        git.git(["rm", "--quiet", "--force", "--", str(path)], root)
        return True
    try:
        path.unlink()
    except OSError as exc:
        raise EnvironmentProblem(f"cannot delete {fs.display_path(path)}: {exc.strerror}") from exc
    return False
