"""Renaming and deleting files of the layout: through Git when it tracks them, so the
history shows a rename, and `git status` a deletion ready to commit."""

from __future__ import annotations

import os
from pathlib import Path

from scaffold import fs, git
from scaffold.errors import EnvironmentProblem, ExternalToolError, UsageError


def is_tracked(path: Path, root: Path) -> bool:
    """Whether Git tracks `path` (False outside a work tree or without git)."""
    if not in_work_tree(root):
        return False
    done = git.read_only(["ls-files", "--error-unmatch", "--", str(path)], root, check=False)
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
        try:
            git.git(["mv", "--", str(old), str(new)], root)
        except ExternalToolError as exc:
            # git's first line names the cause (a held index.lock); the last only says what to do.
            lines = exc.stderr.strip().splitlines() or [str(exc)]
            raise EnvironmentProblem(
                f"cannot rename {fs.display_path(old)} with `git mv`: {lines[0]}",
                hint="nothing was changed; run again once git can write its index",
            ) from exc
        return True
    try:
        os.rename(old, new)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot rename {fs.display_path(old)}: {exc.strerror}") from exc
    return False


def in_work_tree(root: Path) -> bool:
    """Whether `root` is a Git work tree the tool can ask about."""
    return git.has_git() and (root / ".git").exists()


def check_committed(path: Path, root: Path) -> None:
    """Raise UsageError when `path`, in a Git work tree, has changes no commit holds:
    untracked, or edited (staged or not) since the last commit."""
    if not in_work_tree(root):
        return
    shown = fs.display_path(path)
    status = git.read_only(["status", "--porcelain", "--", str(path)], root).stdout
    if status.startswith("??"):
        raise UsageError(
            f"{shown} is not committed: removing it would lose it",
            hint="commit it first, or delete it yourself; nothing was changed",
        )
    if status.strip():
        raise UsageError(
            f"{shown} has uncommitted changes: removing it would lose them",
            hint="commit or discard them first; nothing was changed",
        )


def delete(path: Path, root: Path) -> bool:
    """Delete `path` (inside `root`), `git rm` when tracked; return whether Git did.

    In a Git work tree only a file whose content a commit holds is deleted: nothing
    the user has not committed is ever lost (and `git rm` is never forced)."""
    fs.check_inside(path, root)
    check_committed(path, root)
    if is_tracked(path, root):
        git.git(["rm", "--quiet", "--", str(path)], root)
        return True
    try:
        path.unlink()
    except OSError as exc:
        raise EnvironmentProblem(f"cannot delete {fs.display_path(path)}: {exc.strerror}") from exc
    return False
