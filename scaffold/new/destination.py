"""Where `new` writes: checks on DEST, placing a rendered tree, committing it."""

from __future__ import annotations

import os
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
    raise UsageError(
        f"{dest} is inside the Git repository {top}: the CI workflow and pre-commit config "
        "only work at a repository's top level, and the sync path is relative to it",
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


def commit_files(dest: Path, files: list[str], message: str) -> str | None:
    """`git init` DEST unless inside a work tree, then commit exactly `files`."""
    if not files:
        return None
    if git.toplevel(dest) is None:
        git.init(dest)
    top = git.toplevel(dest) or dest
    paths = [os.path.relpath(dest / rel, top) for rel in files]
    return git.commit_paths(top, paths, message)
