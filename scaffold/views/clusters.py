"""The model the commands read, loaded as lint loads it (same configuration, same cache),
and the clusters asked for: every command that acts on a cluster chooses it here, among
the model's clusters, so it agrees with lint on what the clusters are."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from scaffold.errors import UsageError
from scaffold.model.repo import RepoContext
from scaffold.model.sync_paths import clusters_of
from scaffold.repository import clusters
from scaffold.repository.clusters import Cluster, no_cluster_found
from scaffold.repository.convention import ClusterDirs
from scaffold.repository.root import find_root
from scaffold.repository.sync_path import normalize_sync_path


def load_views_model(
    path: Path, sync_paths: Sequence[str], *, documents: bool = False
) -> tuple[RepoContext, list[str]]:
    """The model of the repository holding `path`, and the clusters to show: `sync_paths`
    in the order given, or every cluster the model knows; `documents` for a view that
    renders them (`ModelOptions.documents`)."""
    from scaffold.lint.engine import configured_model

    if not path.is_dir():
        raise UsageError(
            f"{path}: no such directory",
            hint="pass the repository's directory (default: the current one)",
        )
    root = find_root(path)
    model = configured_model(root, list(sync_paths), documents=documents)
    if sync_paths:
        for given in sync_paths:
            if not model.is_dir(normalize_sync_path(given)):
                raise UsageError(
                    f"no cluster at {given!r} in {root}: the directory does not exist",
                    hint="pass the sync path of a cluster, relative to the repository root",
                )
        return model, list(dict.fromkeys(normalize_sync_path(p) for p in sync_paths))
    if not model.sync_paths:
        raise no_cluster_found(root)
    return model, list(model.sync_paths)


def model_clusters(root: Path) -> list[Cluster]:
    """The clusters of the repository at `root` as lint counts them, with what is recorded
    of each (answers, branch, the Flux file naming it)."""
    from scaffold.lint.engine import configured_model

    return clusters_of(configured_model(root))


def choose_cluster(root: Path, requested: str | None, model: RepoContext | None = None) -> Cluster:
    """The cluster a command acts on: `requested`, or the only one the model knows (read
    only when no sync path is given, or the one given is unknown; `model` when the caller
    has loaded it already)."""
    found = partial(clusters_of, model) if model is not None else partial(model_clusters, root)
    return clusters.choose_cluster(root, requested, found)


def resolve_cluster(
    requested_sync_path: str | None, cwd: Path | None = None, model: RepoContext | None = None
) -> ClusterDirs:
    """The cluster a writer acts on, from anywhere inside the repository."""
    root = model.root if model is not None else find_root(cwd or Path.cwd())
    cluster = choose_cluster(root, requested_sync_path, model)
    return ClusterDirs(root, cluster.sync_path)
