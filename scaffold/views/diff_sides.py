"""`diff`'s two sides rendered and compared, cluster by cluster: the head reusing the base
wherever both read the same.

Both sides come from the render cache, read without any file's facts, when every
Kustomization of each is one kept there (the cache keeps a diff's two states). Otherwise
each side's model is loaded (the blobs both share parsed once), then each cluster is
rendered on both sides, kept and compared in a worker (`model.cluster_pool`); the head
tries the base's rendering before the cache's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scaffold import errors
from scaffold.model.render.source_reader import artifact_reader
from scaffold.model.rendering import Rendering, render_clusters
from scaffold.model.source import Source
from scaffold.views.diff_cluster import ClusterCompared, compare_cluster


def compared_clusters(
    root: Path, before: Source, after: Source, sync_paths: Sequence[str], key: bytes
) -> list[ClusterCompared]:
    """Each cluster (of `sync_paths`, or of either side) rendered on both sides and
    compared, masks keyed by `key`."""
    cached = _from_cache(root, before, after, sync_paths)
    if cached is not None:
        base, head = cached
        clusters = dict.fromkeys(c.sync_path for r in cached for c in r.clusters)
        return [compare_cluster(base.only(c), head.only(c), key) for c in clusters]
    return _rendered(root, before, after, sync_paths, key)


def _rendered(
    root: Path, before: Source, after: Source, sync_paths: Sequence[str], key: bytes
) -> list[ClusterCompared]:
    from scaffold.lint.engine import configured_model
    from scaffold.model import render_cache
    from scaffold.model.cluster_pool import map_clusters

    base_model = configured_model(root, sync_paths, source=before, documents=True)
    head_model = configured_model(root, sync_paths, source=after, documents=True)
    head_model.parsed = base_model.parsed = {**base_model.parsed, **head_model.parsed}
    on_base, on_head = set(base_model.sync_paths), set(head_model.sync_paths)
    clusters = list(dict.fromkeys([*base_model.sync_paths, *head_model.sync_paths]))
    earlier = render_cache.earlier_states(root, clusters)

    def one(cluster: str) -> ClusterCompared:
        base = base_model.rendering([cluster], earlier) if cluster in on_base else Rendering()
        head = (
            head_model.rendering([cluster], [base, *earlier]) if cluster in on_head else Rendering()
        )
        # Both states kept: the next diff of the same two reuses each side's own rendering.
        head_model.keep_rendering(head, base)
        return compare_cluster(base, head, key)

    return map_clusters(one, clusters)


def _from_cache(
    root: Path, before: Source, after: Source, sync_paths: Sequence[str]
) -> tuple[Rendering, Rendering] | None:
    """Both sides from the render cache when nothing either side's clusters read has
    changed since they were kept; else None (the full path decides and says why)."""
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

    roots: dict[str, str] = {}
    for state in reversed(earlier):  # the latest state's root wins
        roots.update((c.sync_path, c.source_root) for c in state.clusters)
    if not all(c in roots and source.is_dir(c) for c in clusters):
        return None
    with artifact_reader(source, source.discover(), source.source_ignore()) as reader:
        rendering = render_clusters(reader, clusters, roots, earlier)
    return None if rendering.built() else rendering
