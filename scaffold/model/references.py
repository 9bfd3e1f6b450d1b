"""Resolving references the way a cluster sees them: against the objects that cluster
gets, in the namespace they land in. A document no cluster applies (no sync path, or
reached only from another repository) is judged against the whole repository, where
a namespace set elsewhere matches any."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scaffold.flux.vocabulary import SYNC_SOURCE_KINDS
from scaffold.model.facts.documents import Document
from scaffold.model.flux_graph import FluxGraph, Placed
from scaffold.model.objects import ObjectIndex, add_produced, index_documents

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext


@dataclass(frozen=True)
class Landing:
    """Where a referring document lands: its cluster (None: none), namespace, and the index
    of what that cluster holds."""

    cluster: str | None
    namespace: str | None
    index: ObjectIndex


class References:
    """Per-cluster object indexes, built once per run."""

    def __init__(self, ctx: RepoContext) -> None:
        self.graph: FluxGraph = ctx.graph
        documents = [doc for _, doc in ctx.documents(kustomizations=True)]
        self.repository = index_documents(documents)
        self._clusters: dict[str, ObjectIndex] = {}
        self._unplaced = [
            doc
            for facts, doc in ctx.documents(kustomizations=True)
            if not self.graph.placements(facts.path, doc.index)
        ]

    def judged(self, path: str, doc: Document) -> bool:
        """Whether Flux would act on the document: some cluster applies it, or the
        repository has no sync path to tell."""
        return not self.graph.source_roots or bool(self.graph.placements(path, doc.index))

    def landings(self, path: str, doc: Document) -> Iterator[Landing]:
        """One landing per cluster the document lands in, or the repository's."""
        placements = self.graph.placements(path, doc.index)
        if not placements:
            yield Landing(None, doc.namespace, self.repository)
            return
        seen: set[tuple[str, str | None]] = set()
        for placed in placements:
            key = (placed.applier.cluster, placed.namespace)
            if key not in seen:
                seen.add(key)
                namespace = placed.namespace if placed.settled else None
                yield Landing(placed.applier.cluster, namespace, self.cluster(key[0]))

    def cluster(self, cluster: str) -> ObjectIndex:
        """What one cluster holds, plus what no cluster reaches (namespace unknown)."""
        if cluster not in self._clusters:
            self._clusters[cluster] = self._build(cluster)
        return self._clusters[cluster]

    def _build(self, cluster: str) -> ObjectIndex:
        index = ObjectIndex()
        for kind in SYNC_SOURCE_KINDS:
            index.add(kind, "flux-system", "flux-system")
        for placed in self.graph.placed_in(cluster):
            _add_placed(index, placed)
        for doc in self._unplaced:
            _add_created(index, doc, None)
            if doc.kind and doc.name:
                index.add(doc.kind, doc.name, None)
        return index


def _add_placed(index: ObjectIndex, placed: Placed) -> None:
    item = placed.item
    index.add(item.kind, item.name, placed.namespace if placed.settled else None)
    if placed.doc is not None:
        _add_created(index, placed.doc, placed.namespace)


def _add_created(index: ObjectIndex, doc: Document, namespace: str | None) -> None:
    """Objects a document makes the cluster create: Secrets (and ConfigMaps) from the
    producers' table, ExternalArtifacts from ArtifactGenerators."""
    add_produced(index, doc, doc.namespace or namespace)
    for name, _ in doc.artifacts:
        index.add("ExternalArtifact", name, doc.namespace or namespace)
    for kind, name in doc.generated:
        index.add(kind, name, None)
