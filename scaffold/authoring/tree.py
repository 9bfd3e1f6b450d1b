"""`tree`: read the repository as lint does, and build the deployment graph of one sync path."""

from __future__ import annotations

from pathlib import Path

from scaffold.authoring.graph import Graph
from scaffold.authoring.graph_from_lint import build_graph
from scaffold.errors import UsageError
from scaffold.lint.config import load_config
from scaffold.lint.engine import LintOptions, build_context
from scaffold.model.facts.loader import no_cyclic_gc
from scaffold.model.repo import RepoContext
from scaffold.repository.root import find_root


def repository_context(root: Path, sync_path: str | None) -> RepoContext:
    """The model lint's rules see, built as lint builds it (and sharing its cache)."""
    requested = [sync_path] if sync_path is not None else []
    return build_context(root, LintOptions(sync_paths=requested), load_config(root))


def load_tree(path: Path, sync_path: str | None) -> Graph:
    """The deployment graph of `sync_path` (or of the repository's only one)."""
    root = find_root(path)
    with no_cyclic_gc():
        ctx = repository_context(root, sync_path)
    if len(ctx.sync_paths) != 1:
        known = ", ".join(ctx.sync_paths) or "none found"
        raise UsageError(
            f"which sync path? ({known})",
            hint="pass --sync-path, e.g. --sync-path clusters/dev",
        )
    chosen = ctx.sync_paths[0]
    if not (root / chosen).is_dir():
        raise UsageError(
            f"no directory {chosen} in {root}",
            hint="pass the sync path of a cluster, relative to the repository root",
        )
    return build_graph(ctx, chosen)
