"""`diff`'s two sides rendered: the head reusing the base wherever both read the same.

Both sides come from the render cache, read without any file's facts, when every
Kustomization of each is one kept there (the cache keeps a diff's two states). Otherwise
each side's model is loaded (the blobs both share parsed once) and rendered; the head
tries the base's rendering before the cache's, and both are kept for the next run.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scaffold.model.rendering import Rendering
from scaffold.model.source import Source


def render_sides(
    root: Path, before: Source, after: Source, sync_paths: Sequence[str]
) -> tuple[Rendering, Rendering]:
    """The base and head renderings of the clusters (`sync_paths`, or each side's own)."""
    cached = _from_cache(root, before, after, sync_paths)
    return cached if cached is not None else _rendered(root, before, after, sync_paths)


def _rendered(
    root: Path, before: Source, after: Source, sync_paths: Sequence[str]
) -> tuple[Rendering, Rendering]:
    from scaffold.lint.engine import configured_model
    from scaffold.model import render_cache

    base_model = configured_model(root, sync_paths, source=before, documents=True)
    head_model = configured_model(root, sync_paths, source=after, documents=True)
    head_model.parsed = base_model.parsed = {**base_model.parsed, **head_model.parsed}
    clusters = list(dict.fromkeys([*base_model.sync_paths, *head_model.sync_paths]))
    earlier = render_cache.earlier_states(root, clusters)
    base = base_model.rendering(previous=earlier)
    head = head_model.rendering(previous=[base, *earlier])
    # Both states kept: the next diff of the same two reuses each side's own rendering.
    head_model.keep_rendering(head, base)
    return base, head


def _from_cache(
    root: Path, before: Source, after: Source, sync_paths: Sequence[str]
) -> tuple[Rendering, Rendering] | None:
    """Both sides from the render cache when nothing either side's clusters read has
    changed since they were kept; else None (the full path decides and says why)."""
    from scaffold import errors
    from scaffold.lint.config import load_config
    from scaffold.model import render_cache
    from scaffold.model.sync_paths import declared_sync_paths

    try:
        configured = load_config(root).sync_paths
        base_clusters = declared_sync_paths(before, sync_paths, configured)
        head_clusters = declared_sync_paths(after, sync_paths, configured)
    except errors.ScaffoldError:
        return None
    if not base_clusters or not head_clusters:
        return None
    earlier = render_cache.earlier_states(root, list(dict.fromkeys(base_clusters + head_clusters)))
    base = _reused(before, base_clusters, earlier)
    head = _reused(after, head_clusters, [base, *earlier]) if base is not None else None
    return (base, head) if base is not None and head is not None else None


def _reused(
    source: Source, clusters: Sequence[str], earlier: Sequence[Rendering]
) -> Rendering | None:
    """The clusters of `source` rendered from `earlier` states alone, or None when one is
    not cached or one Kustomization would be built."""
    from scaffold.model.render.source_reader import artifact_reader
    from scaffold.model.rendering import render_clusters

    roots: dict[str, str] = {}
    for state in reversed(earlier):  # the latest state's root wins
        roots.update((c.sync_path, c.source_root) for c in state.clusters)
    if not all(c in roots and source.is_dir(c) for c in clusters):
        return None
    with artifact_reader(source, source.discover(), source.source_ignore()) as reader:
        rendering = render_clusters(reader, clusters, roots, earlier)
    return None if rendering.built() else rendering
