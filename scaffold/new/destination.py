"""Where `new` writes: checks on DEST, placing a rendered tree, committing it."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from scaffold import git
from scaffold.errors import EnvironmentProblem, UsageError
from scaffold.new import placement
from scaffold.repository.clusters import load_clusters


def check_dest(dest: Path, force: bool) -> None:
    """Refuse a DEST that is a file, unwritable, or full of unrelated files (unless forced)."""
    if dest.exists() and not dest.is_dir():
        raise UsageError(f"{dest} exists and is not a directory", hint="choose another DEST")
    existing = dest.exists() and os.access(dest, os.W_OK)
    parent = next((p for p in dest.parents if p.exists()), dest)
    if (dest.exists() and not existing) or (not dest.exists() and not os.access(parent, os.W_OK)):
        raise EnvironmentProblem(
            f"cannot write to {dest if dest.exists() else parent}",
            hint="choose a DEST you can write to, or fix its permissions",
        )
    if dest.is_dir() and not load_clusters(dest) and not force:
        others = sorted(p.name for p in dest.iterdir() if p.name != ".git")
        if others:
            shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
            raise UsageError(
                f"{dest} already holds files ({shown}) and is not a generated repository",
                hint="choose an empty DEST, or pass --force (existing files are never overwritten)",
            )


def check_top_level(dest: Path, sync_path: str) -> None:
    """Refuse a DEST inside another work tree: CI, pre-commit and Flux read the top level."""
    parent = next((p for p in (dest, *dest.parents) if p.exists()), None)
    top = git.toplevel(parent) if parent is not None else None
    if top is None or top.resolve() == dest.resolve():
        return
    inner = dest.resolve().relative_to(top.resolve()).as_posix()
    message = (
        f"{dest} is inside the Git repository {top}: the CI workflow and pre-commit config "
        "only work at a repository's top level, and the sync path is relative to it"
    )
    if not load_clusters(top):
        # Not a GitOps repository (this tool's own clone, say): never lay Flux out in it.
        outside = top.parent / dest.name
        raise UsageError(
            message,
            hint=f"create it outside that repository: `gitops-scaffold new {outside}`, "
            f"or `git init` DEST first to make it a repository of its own",
        )
    raise UsageError(
        message,
        hint=f"lay the cluster out from the top: `gitops-scaffold new {top} "
        f"--sync-path {inner}/{sync_path} --force` (your files are never overwritten), "
        f"or `git init` DEST first to make it a repository of its own",
    )


def make_parent(directory: Path) -> Path:
    """Create `directory` and its parents, as an environment problem if impossible."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot create {directory}: {exc.strerror}") from exc
    return directory


def place(out: Path, dest: Path, force: bool) -> placement.Placement:
    """Move the rendered tree into DEST without overwriting; say what was placed and kept."""
    if not dest.exists():
        files = placement.rendered_files(out)
        try:
            placement.move_tree(out, dest)
        except OSError as exc:
            raise EnvironmentProblem(f"cannot create {dest}: {exc.strerror or exc}") from exc
        return placement.Placement(new=files)
    layout = placement.plan(out, dest)
    if layout.conflicts and not force:
        raise UsageError(
            f"{dest} already holds different versions of: {', '.join(layout.conflicts)}",
            hint="move them away, or pass --force to keep yours and skip the template's",
        )
    try:
        placement.move_files(out, dest, layout.new)
    except OSError as exc:
        raise EnvironmentProblem(
            f"cannot write into {dest}: {exc.strerror or exc}; nothing was changed",
            hint="free some space or fix the permissions, then run again",
        ) from exc
    return layout


STAGING_PREFIX = ".gitops-scaffold-"


def make_staging(parent: Path) -> Path:
    """A new staging directory in `parent`, named after this process so a later run can
    tell one left behind by a killed run from one in use."""
    try:
        return Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise EnvironmentProblem(
            f"cannot create files in {parent}: {exc.strerror or exc}; nothing was changed",
            hint="choose a DEST in a directory you can write to",
        ) from exc


def remove_stale_staging(parent: Path) -> None:
    """Remove staging directories whose process is gone (a run killed with SIGKILL)."""
    for entry in parent.glob(STAGING_PREFIX + "*"):
        pid = entry.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if entry.is_dir() and not entry.is_symlink() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


@dataclass(frozen=True)
class PriorState:
    """What DEST was before `new` placed anything: absent, and whether it had its own .git."""

    existed: bool
    had_git_dir: bool
    in_work_tree: bool

    @classmethod
    def of(cls, dest: Path) -> PriorState:
        """DEST's state now."""
        existed = dest.exists()
        in_tree = existed and git.toplevel(dest) is not None
        return cls(existed, (dest / ".git").exists(), in_tree)


def roll_back(dest: Path, files: list[str], before: PriorState) -> None:
    """Undo a `new` whose commit failed: DEST as it was, so that a rerun works."""
    if not before.existed:
        shutil.rmtree(dest, ignore_errors=True)
        return
    if before.in_work_tree:
        top = git.toplevel(dest)
        if top is not None:
            paths = [os.path.relpath(dest / rel, top) for rel in files]
            git.git([*git.NO_PROGRAMS, "reset", "--quiet", "--", *paths], top, check=False)
    elif not before.had_git_dir:
        shutil.rmtree(dest / ".git", ignore_errors=True)  # the one `git init` made
    for rel in files:
        (dest / rel).unlink(missing_ok=True)
        parent = (dest / rel).parent
        while parent != dest:
            with contextlib.suppress(OSError):
                parent.rmdir()
            parent = parent.parent


def commit_files(dest: Path, files: list[str], message: str, branch: str) -> str | None:
    """`git init` DEST unless inside a work tree, then commit exactly `files`.

    The first commit goes on `branch`, the branch Flux will sync, so that `bootstrap`
    merges into and pushes the branch it names; a branch with commits is never renamed.
    """
    if not files:
        return None
    if git.toplevel(dest) is None:
        git.init(dest, branch)
    top = git.toplevel(dest) or dest
    git.name_unborn_branch(top, branch)
    paths = [os.path.relpath(dest / rel, top) for rel in files]
    return git.commit_paths(top, paths, message)
