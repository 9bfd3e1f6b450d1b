"""What a repository is: where its root is, and its git state."""

from __future__ import annotations

from pathlib import Path

from scaffold import git
from scaffold.repository.clusters import choose_cluster, find_answers_files
from scaffold.repository.convention import ClusterDirs


def find_root(start: Path) -> Path:
    """The repository root for `start`: the git top level, else the nearest
    directory upward holding an answers file, else `start` itself."""
    start = start.resolve()
    top = git.toplevel(start) if git.has_git() else None
    if top is not None:
        return top
    for candidate in (start, *start.parents):
        if find_answers_files(candidate):
            return candidate
    return start


def resolve_cluster(requested_sync_path: str | None, cwd: Path | None = None) -> ClusterDirs:
    """The cluster a command acts on, from anywhere inside the repository."""
    root = find_root(cwd or Path.cwd())
    cluster = choose_cluster(root, requested_sync_path)
    return ClusterDirs(root, cluster.sync_path)
