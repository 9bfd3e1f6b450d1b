"""Probing the effective ignore rules with made-up paths, as Git would judge them.

Checking for the literal line would miss a later `!*.yaml`, a nested
`.gitignore`, or an equivalent pattern; asking "would this path be ignored?"
in every directory that matters does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scaffold.repository.convention import HELM_DIRS, helm_dir

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext


def probe_directories(ctx: RepoContext) -> list[str]:
    """The directories to probe: the root, every sync path and its helm dirs, and every
    directory holding manifests (not every directory: one ignored on purpose, such as an
    editor's, is none of Flux's business)."""
    dirs = {"", *manifest_directories(ctx)}
    for sync_path in ctx.sync_paths:
        dirs.add(sync_path)
        dirs.update(helm_dir(sync_path, sub) for sub in HELM_DIRS)
    return sorted(dirs)


def manifest_directories(ctx: RepoContext) -> frozenset[str]:
    """Directories holding at least one Kubernetes manifest."""
    return ctx.manifest_directories


def probe(directory: str, name: str) -> str:
    """The path of a made-up file `name` in `directory`."""
    return f"{directory}/{name}" if directory else name


def first_unignored(ctx: RepoContext, name: str) -> str | None:
    """The first probe path of `name` the rules do not ignore."""
    for directory in probe_directories(ctx):
        path = probe(directory, name)
        if not ctx.ignore.is_ignored(path):
            return path
    return None


def first_ignored(ctx: RepoContext, names: tuple[str, ...]) -> str | None:
    """The first probe path of any of `names` the rules ignore."""
    for directory in probe_directories(ctx):
        for name in names:
            path = probe(directory, name)
            if ctx.ignore.is_ignored(path):
                return path
    return None
