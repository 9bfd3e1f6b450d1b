"""What uses what: each reference between the objects a cluster gets, with the objects
that answer it there.

References resolve as Flux resolves them: by kind, name and the namespace the
referring object lands in (its own, unless the reference names one). A Secret is
answered by a Secret, or by what makes one (a SealedSecret, an ExternalSecret, an
operator's resource: the table of `scaffold.model.facts.producers`); an object whose
namespace is set elsewhere (unsettled) matches any. A document no cluster applies is
judged against the whole repository.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scaffold.flux.vocabulary import CHART_SOURCE_KINDS, KUSTOMIZE_GROUP
from scaffold.model.facts.producers import ANYWHERE

if TYPE_CHECKING:
    from scaffold.model.facts.documents import Document, Ref
    from scaffold.model.flux_graph import Placed
    from scaffold.model.repo import RepoContext

CHART = "chart"
VALUES = "values"
DEPENDS_ON = "depends-on"
SOURCE = "source"
SUBSTITUTE = "substitute-from"


@dataclass(frozen=True)
class Target:
    """An object a reference may name: where it is defined and what it is once applied."""

    path: str
    index: int
    kind: str
    name: str
    # None: cluster-scoped, or set elsewhere (matches any namespace)
    namespace: str | None
    # The kind of the defining document when it makes the object (SealedSecret -> Secret)
    made_by: str | None = None


@dataclass(frozen=True)
class Use:
    """One reference of one object, and what answers it."""

    cluster: str | None
    path: str
    index: int
    user_kind: str
    user_name: str
    user_namespace: str | None
    relation: str
    ref: Ref
    kinds: tuple[str, ...]
    targets: tuple[Target, ...]

    @property
    def label(self) -> str:
        """`Kind namespace/name` of the user."""
        return f"{self.user_kind} {self.user_namespace or '-'}/{self.user_name}"


def references_of(doc: Document) -> Iterator[tuple[str, Ref, tuple[str, ...]]]:
    """(relation, reference, the kinds it may name) of each reference a document makes."""
    if doc.kind == "HelmRelease":
        for ref in (doc.chart_source_ref, doc.chart_ref):
            if ref is not None and ref.name:
                yield CHART, ref, (ref.kind,) if ref.kind else CHART_SOURCE_KINDS
        for ref in doc.values_from:
            if ref.name and ref.kind in ("Secret", "ConfigMap"):
                yield VALUES, ref, (ref.kind,)
    flux_kustomization = doc.kind == "Kustomization" and doc.group == KUSTOMIZE_GROUP
    if doc.kind == "HelmRelease" or flux_kustomization:
        for ref in doc.depends_on:
            if ref.name:
                yield DEPENDS_ON, ref, (doc.kind or "",)
    if flux_kustomization:
        if doc.source_ref is not None and doc.source_ref.name:
            yield SOURCE, doc.source_ref, (doc.source_ref.kind or "GitRepository",)
        for ref in doc.substitute_from:
            if ref.name:
                yield SUBSTITUTE, ref, (ref.kind or "ConfigMap",)


def _targets_of(path: str, index: int, doc: Document | None, kind: str, name: str,
                namespace: str | None) -> Iterator[Target]:  # fmt: skip
    yield Target(path, index, kind, name, namespace)
    if doc is None:
        return
    for kind, made, where in doc.produced:  # see scaffold.model.facts.producers
        made_in = None if where == ANYWHERE else where or namespace
        yield Target(path, index, kind, made, made_in, made_by=doc.kind)
    for artifact, _ in doc.artifacts:
        yield Target(path, index, "ExternalArtifact", artifact, doc.namespace or namespace,
                     made_by=doc.kind)  # fmt: skip


class Usage:
    """Every reference in the repository, resolved per cluster; built once per model."""

    def __init__(self, model: RepoContext) -> None:
        self.model = model
        graph = model.graph
        self._by_cluster: dict[str, dict[tuple[str, str], list[Target]]] = {}
        for cluster in model.sync_paths:
            found: dict[tuple[str, str], list[Target]] = defaultdict(list)
            for placed in graph.placed_in(cluster):
                for target in _placed_targets(placed):
                    found[(target.kind, target.name)].append(target)
            self._by_cluster[cluster] = found
        self._repository: dict[tuple[str, str], list[Target]] = defaultdict(list)
        for facts, doc in model.documents(kustomizations=True):
            if doc.kind and doc.name:
                for target in _targets_of(facts.path, doc.index, doc, doc.kind, doc.name,
                                          doc.namespace):  # fmt: skip
                    self._repository[(target.kind, target.name)].append(target)

    def uses(self, cluster: str | None = None) -> list[Use]:
        """Every reference made in `cluster` (None: by documents no cluster applies)."""
        if cluster is not None:
            return [use for placed in self.model.graph.placed_in(cluster)
                    for use in self._uses_of_placed(placed)]  # fmt: skip
        graph = self.model.graph
        unplaced = [
            (facts.path, doc)
            for facts, doc in self.model.documents(kustomizations=True)
            if not graph.placements(facts.path, doc.index)
        ]
        return [use for path, doc in unplaced for use in self._uses(None, path, doc,
                doc.namespace, True)]  # fmt: skip

    def every_use(self) -> list[Use]:
        """The references of every cluster, then those of documents no cluster applies."""
        found = [use for cluster in self.model.sync_paths for use in self.uses(cluster)]
        return found + self.uses(None)

    def users_of(self, path: str, index: int) -> list[Use]:
        """The references, anywhere, that the document `index` of `path` answers."""
        return [
            use
            for use in self.every_use()
            if any(t.path == path and t.index == index for t in use.targets)
            and not (use.path == path and use.index == index)
        ]

    def defined_anywhere(self, use: Use) -> bool:
        """Whether any document of the repository defines what `use` names (its namespace
        left to be set elsewhere matching any)."""
        wanted = use.ref.namespace or use.user_namespace
        return any(
            wanted is None or target.namespace is None or target.namespace == wanted
            for kind in use.kinds
            for target in self._repository.get((kind, use.ref.name), ())
        )

    def _uses_of_placed(self, placed: Placed) -> Iterator[Use]:
        if placed.doc is None or placed.item.generated:
            return
        yield from self._uses(
            placed.applier.cluster, placed.item.path, placed.doc, placed.namespace,
            placed.settled,
        )  # fmt: skip

    def _uses(self, cluster: str | None, path: str, doc: Document, namespace: str | None,
              settled: bool) -> Iterator[Use]:  # fmt: skip
        index = self._by_cluster.get(cluster, {}) if cluster is not None else self._repository
        for relation, ref, kinds in references_of(doc):
            wanted = ref.namespace or (namespace if settled else None)
            targets = tuple(
                target
                for kind in kinds
                for target in index.get((kind, ref.name), ())
                if wanted is None or target.namespace is None or target.namespace == wanted
            )
            yield Use(cluster, path, doc.index, doc.kind or "", doc.name or "",
                      namespace, relation, ref, kinds, targets)  # fmt: skip


def _placed_targets(placed: Placed) -> Iterator[Target]:
    item = placed.item
    namespace = placed.namespace if placed.settled else None
    yield from _targets_of(item.path, item.index, placed.doc, item.kind, item.name, namespace)
