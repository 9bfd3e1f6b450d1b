"""The model the views draw, loaded as lint loads it (same configuration, same cache), and
the clusters asked for."""

from __future__ import annotations

from pathlib import Path

from scaffold.errors import UsageError
from scaffold.model.repo import RepoContext
from scaffold.repository.root import find_root
from scaffold.repository.sync_path import normalize_sync_path


def load_views_model(path: Path, sync_path: str | None) -> tuple[RepoContext, list[str]]:
    """The model of the repository holding `path`, and the clusters to show: `sync_path`,
    or every cluster the model knows."""
    from scaffold.lint.engine import configured_model

    root = find_root(path)
    model = configured_model(root, [sync_path] if sync_path is not None else [])
    if sync_path is not None:
        chosen = normalize_sync_path(sync_path)
        if not model.is_dir(chosen):
            raise UsageError(
                f"no cluster at {sync_path!r} in {root}: the directory does not exist",
                hint="pass the sync path of a cluster, relative to the repository root",
            )
        return model, [chosen]
    if not model.sync_paths:
        raise UsageError(
            f"no cluster found in {root}: no answers file, gotk-sync.yaml or FluxInstance "
            "names a sync path",
            hint="pass --sync-path PATH, or lay one out with "
            "`gitops-scaffold new . --force --sync-path clusters/dev` (keeps your files)",
        )
    return model, list(model.sync_paths)
