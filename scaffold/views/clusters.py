"""The model the views draw, loaded as lint loads it (same configuration, same cache), and
the clusters asked for."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scaffold.errors import UsageError
from scaffold.model.repo import RepoContext
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
        raise UsageError(
            f"no cluster found in {root}: no answers file, gotk-sync.yaml or FluxInstance "
            "names a sync path",
            hint="pass --sync-path PATH, or lay one out with "
            "`gitops-scaffold new . --force --sync-path clusters/dev` (keeps your files)",
        )
    return model, list(model.sync_paths)
