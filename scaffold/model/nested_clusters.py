"""Sync paths that are part of another cluster: merged into it, as Flux applies them.

Given `--sync-path setup/flux/cluster --sync-path kubernetes` where a Kustomization of
the first applies `./kubernetes`, or `clusters` and `clusters/dev` where the first
builds the second, the inner path is not a cluster of its own: judged alone it would
lack the sources, substitutions and namespaces its cluster gives it, and its objects
would be counted twice. A sync path another one's build reaches is folded into that
cluster; two that reach each other are one cluster, named by the first in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from scaffold.model.flux_graph import FluxGraph, build_graph
from scaffold.model.kustomize_build import KustomizeBuilds


@dataclass(frozen=True)
class Clusters:
    """The clusters of the given sync paths, each once, and the graph Flux applies."""

    sync_paths: list[str]
    graph: FluxGraph
    # A sync path given -> the cluster that applies it
    merged: Mapping[str, str] = field(default_factory=dict)

    @property
    def note(self) -> str | None:
        """One line saying which sync paths were merged into which cluster, or None."""
        if not self.merged:
            return None
        parts = [f"{inner} into {outer}" for inner, outer in sorted(self.merged.items())]
        return (
            "note: merged sync paths another cluster applies: "
            + "; ".join(parts)
            + " (each is linted as part of that cluster)"
        )


def merge_nested(builds: KustomizeBuilds, given: Iterable[str]) -> Clusters:
    """The clusters of `given`, a sync path applied by another merged into it."""
    paths = sorted(set(given))
    graph = build_graph(builds, paths)
    if len(paths) < 2:
        return Clusters(paths, graph)
    reaches = _reaches(builds, graph, paths)
    merged = _owners(paths, reaches)
    if not merged:
        return Clusters(paths, graph)
    kept = [p for p in paths if p not in merged]
    return Clusters(kept, build_graph(builds, kept), merged)


def _reaches(builds: KustomizeBuilds, graph: FluxGraph, paths: list[str]) -> dict[str, set[str]]:
    """The other sync paths each cluster's build applies."""
    reached: dict[str, set[str]] = {p: set() for p in paths}
    for applier in graph.appliers:
        if applier.directory is not None and not applier.missing:
            reached[applier.cluster] |= builds.reached(applier.directory)
    return {p: {q for q in paths if q != p and q in reached[p]} for p in paths}


def _owners(paths: list[str], reaches: Mapping[str, set[str]]) -> dict[str, str]:
    """Each merged sync path -> the kept cluster it belongs to."""
    parent: dict[str, str] = {}
    for inner in paths:
        # Of two that reach each other, the first in order is the cluster.
        owners = [
            outer
            for outer in paths
            if inner in reaches[outer] and (outer not in reaches[inner] or outer < inner)
        ]
        if owners:
            parent[inner] = owners[0]
    merged = {}
    for inner in parent:
        outer, seen = parent[inner], {inner}
        while outer in parent and outer not in seen:
            seen.add(outer)
            outer = parent[outer]
        if outer not in parent:
            merged[inner] = outer
    return merged
