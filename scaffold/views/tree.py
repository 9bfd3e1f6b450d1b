"""`tree`: the deployment graph of one sync path, read off the model lint builds."""

from __future__ import annotations

from pathlib import Path

from scaffold.errors import UsageError
from scaffold.model.facts.loader import no_cyclic_gc
from scaffold.views.clusters import load_views_model
from scaffold.views.deployment_from_model import build_graph
from scaffold.views.deployment_graph import Graph


def load_tree(path: Path, sync_path: str | None) -> Graph:
    """The deployment graph of `sync_path` (or of the repository's only one)."""
    with no_cyclic_gc():
        model, clusters = load_views_model(path, sync_path)
    if len(clusters) != 1:
        raise UsageError(
            f"which sync path? ({', '.join(clusters)})",
            hint="pass --sync-path, e.g. --sync-path clusters/dev",
        )
    return build_graph(model, clusters[0])
