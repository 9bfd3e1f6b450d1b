"""The repository as Flux applies it: per cluster (sync path), which Flux Kustomizations
apply which objects, in which namespace, with which postBuild variables.

Each sync path is the root Kustomization of one cluster. Its build is walked; every
Flux Kustomization found is followed to its `spec.path` (see flux_sources), and so
on. What cannot be known offline stays unknown: a path in another repository is not
followed, a namespace a `replacements` may write is None.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from scaffold.flux.vocabulary import KUSTOMIZE_GROUP
from scaffold.model.facts.documents import Document
from scaffold.model.flux_sources import SYNC_SOURCE, Sources
from scaffold.model.kustomize_build import Item, KustomizeBuilds, namespaced


@dataclass(frozen=True)
class Applier:
    """A Flux Kustomization as a cluster sees it; `doc` None for the cluster's root sync."""

    cluster: str
    path: str | None
    doc: Document | None
    namespace: str | None
    directory: str | None
    source_root: str | None
    # spec.path lies in this repository and is absent there
    missing: bool = False
    target_namespace: str | None = None
    settled: bool = True
    post_build: bool = False
    substitute: frozenset[str] = frozenset()
    substitute_from: bool = False
    # A parent's spec.patches give it a substituteFrom this repository does not show
    inherited_substitute_from: bool = False
    child_substitute: frozenset[str] = frozenset()
    child_substitute_from: bool = False


@dataclass(frozen=True)
class Placed:
    """One object as a cluster gets it: its effective name and namespace.

    `namespace` None is no namespace: a cluster-scoped object, one nothing gives a
    namespace, or (`settled` False) one a kustomize replacement may set.
    """

    item: Item
    doc: Document | None
    namespace: str | None
    applier: Applier
    settled: bool = True


@dataclass
class FluxGraph:
    """Every cluster's appliers and placed objects."""

    builds: KustomizeBuilds
    source_roots: dict[str, str] = field(default_factory=dict)
    appliers: list[Applier] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)
    # The same objects, per cluster
    by_cluster: dict[str, list[Placed]] = field(default_factory=dict)
    # Directories a cluster's build reads (the others are not applied by any sync path)
    reached: set[str] = field(default_factory=set)
    # The Kustomizations of a cluster's own build that apply its sync path again (Flux's
    # own gotk-sync one among them): they apply what the cluster's root applies
    syncs: dict[str, list[Placed]] = field(default_factory=dict)
    _index: dict[tuple[str, int], list[Placed]] | None = field(default=None, repr=False)

    def placed_in(self, cluster: str) -> Iterator[Placed]:
        """The objects one cluster gets."""
        return iter(self.by_cluster.get(cluster, ()))

    def placements(self, path: str, index: int) -> list[Placed]:
        """Where the document `index` of `path` lands (empty when no cluster applies it)."""
        if self._index is None:
            self._index = {}
            for placed in self.placed:
                self._index.setdefault((placed.item.path, placed.item.index), []).append(placed)
        return self._index.get((path, index), [])


def build_graph(builds: KustomizeBuilds, sync_paths: Iterable[str]) -> FluxGraph:
    """Walk every cluster from its sync path."""
    graph = FluxGraph(builds)
    sources = Sources(builds)
    for cluster in sync_paths:
        root = sources.cluster_root(cluster)
        graph.source_roots[cluster] = root
        start = Applier(cluster, None, None, SYNC_SOURCE, cluster, root)
        _walk(graph, start, sources)
    return graph


def _walk(graph: FluxGraph, start: Applier, sources: Sources) -> None:
    queue = [start]
    seen: set[tuple[str | None, int, str | None]] = set()
    while queue:
        applier = queue.pop()
        graph.appliers.append(applier)
        if applier.directory is None or applier.missing:
            continue
        graph.reached |= graph.builds.reached(applier.directory)
        for item in _items(graph.builds, applier):
            doc = graph.builds.document(item)
            namespace = _namespace(item, applier)
            settled = applier.settled or not namespaced(item.kind)
            placed = Placed(item, doc, namespace, applier, settled)
            graph.placed.append(placed)
            graph.by_cluster.setdefault(applier.cluster, []).append(placed)
            if (
                doc is None
                or item.kind != "Kustomization"
                or not doc.group.startswith(KUSTOMIZE_GROUP)
            ):
                continue
            key = (item.path, item.index, namespace)
            if key in seen:
                continue
            seen.add(key)
            child = _child(graph, sources, applier, item, doc, namespace)
            if child.directory != applier.cluster or applier.doc is not None:
                queue.append(child)
            else:  # the sync Kustomization itself (gotk-sync.yaml), or another like it
                graph.syncs.setdefault(applier.cluster, []).append(placed)


def _items(builds: KustomizeBuilds, applier: Applier) -> list[Item]:
    assert applier.directory is not None
    items = list(builds.flux_build(applier.directory))
    for component in applier.doc.components if applier.doc else ():
        target = posixpath.normpath(posixpath.join(applier.directory, component))
        if target in builds.kustomization:
            items.extend(builds.build(target))
    return items


def _namespace(item: Item, applier: Applier) -> str | None:
    if not namespaced(item.kind):
        return None
    if not applier.settled:
        return None
    if applier.target_namespace:
        return applier.target_namespace
    return item.namespace


def _child(
    graph: FluxGraph,
    sources: Sources,
    parent: Applier,
    item: Item,
    doc: Document,
    namespace: str | None,
) -> Applier:
    root, directory, missing = sources.resolve(
        doc, graph.source_roots[parent.cluster], parent.cluster
    )
    return Applier(
        cluster=parent.cluster,
        path=item.path,
        doc=doc,
        namespace=namespace,
        directory=directory,
        source_root=root,
        missing=missing,
        target_namespace=doc.target_namespace,
        settled=item.settled,
        post_build=doc.has_post_build or bool(parent.child_substitute),
        substitute=frozenset(doc.substitute) | parent.child_substitute,
        substitute_from=bool(doc.substitute_from) or parent.child_substitute_from,
        inherited_substitute_from=parent.child_substitute_from,
        child_substitute=frozenset(doc.child_substitute),
        child_substitute_from=doc.child_substitute_from,
    )
