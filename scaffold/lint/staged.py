"""`lint --staged`: lint what the next commit will contain, read from the Git index.

The index is checked out into a directory of its own inside the Git directory
(`<git dir>/gitops-scaffold/staged`), a repository that borrows the objects of
the real one (alternates) and holds a copy of its index: lint then reads exactly
the staged files, with the staged content, and Git answers about them as it does
in the real repository. The work tree is never touched (no stash): an untracked
scratch file or an unstaged edit is not what is being committed. The directory
stays put between runs, so the lint cache keeps working.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from scaffold import git
from scaffold.errors import UsageError

# Set by `git commit` for its hooks (a temporary index for `git commit PATH`): they name the
# real repository's files, and must not leak into the Git commands run in the staged copy.
GIT_LOCATION_VARIABLES = ("GIT_INDEX_FILE", "GIT_DIR", "GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY")


@contextlib.contextmanager
def staged_tree(root: Path) -> Iterator[Path]:
    """A directory holding the staged files of the repository at `root`, for one lint run."""
    if git.toplevel(root) is None:
        raise UsageError(
            f"{root} is not in a Git repository: --staged lints the Git index",
            hint="drop --staged to lint the files as they are",
        )
    index = _git_path(root, "index")
    objects = _git_path(root, "objects")
    home = _git_path(root, "gitops-scaffold")
    home.mkdir(parents=True, exist_ok=True)
    with open(home / "staged.lock", "w") as lock, _without_location_variables():
        fcntl.flock(lock, fcntl.LOCK_EX)  # two commits at once: one copy at a time
        tree = home / "staged"
        _refresh(tree, index, objects)
        yield tree


def _refresh(tree: Path, index: Path, objects: Path) -> None:
    if not (tree / ".git").is_dir():
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
        git.init(tree)
    alternates = tree / ".git/objects/info/alternates"
    alternates.parent.mkdir(parents=True, exist_ok=True)
    alternates.write_text(f"{objects}\n", encoding="utf-8")
    if index.is_file():
        shutil.copyfile(index, tree / ".git/index")
    else:  # nothing staged yet in a new repository
        (tree / ".git/index").unlink(missing_ok=True)
    # Files of an earlier run that are not staged now go; then every staged file is written.
    git.git(["clean", "--quiet", "--force", "-d", "-x"], tree)
    if index.is_file():
        git.git(["checkout-index", "--all", "--force"], tree)


def _git_path(root: Path, name: str) -> Path:
    # --git-path follows GIT_INDEX_FILE (a commit's temporary index) and linked work trees.
    out = git.read_only(["rev-parse", "--git-path", name], root).stdout.strip()
    return (root / out).resolve()


@contextlib.contextmanager
def _without_location_variables() -> Iterator[None]:
    saved = {k: os.environ.pop(k) for k in GIT_LOCATION_VARIABLES if k in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)
