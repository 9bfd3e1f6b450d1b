"""An index of the objects a repository defines, to resolve references by kind, name, namespace."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from scaffold.flux.vocabulary import SYNC_SOURCE_KINDS
from scaffold.model.facts.documents import Document, Ref
from scaffold.model.facts.producers import ANYWHERE


class ObjectIndex:
    """Namespaces per (kind, name); None stands for "set elsewhere" (kustomize, targetNamespace)."""

    def __init__(self) -> None:
        self._namespaces: dict[tuple[str, str], set[str | None]] = defaultdict(set)

    def add(self, kind: str, name: str, namespace: str | None) -> None:
        """Record one object."""
        self._namespaces[(kind, name)].add(namespace)

    def resolves(self, kinds: Iterable[str], ref: Ref, owner_namespace: str | None) -> bool:
        """Whether an object of one of `kinds` named by `ref` exists.

        The namespace defaults to the owner's; when either side leaves the namespace
        to be set elsewhere, the name alone decides.
        """
        wanted = ref.namespace or owner_namespace
        for kind in kinds:
            found = self._namespaces.get((kind, ref.name), set())
            if found and (wanted is None or None in found or wanted in found):
                return True
        return False

    def namespaces(self, kinds: Iterable[str], name: str) -> set[str | None]:
        """Every namespace an object of one of `kinds` named `name` lands in."""
        found: set[str | None] = set()
        for kind in kinds:
            found |= self._namespaces.get((kind, name), set())
        return found


# `flux bootstrap` always creates the source `flux-system/flux-system`, even where the
# repository only holds a placeholder gotk-sync.yaml; a FluxInstance creates one of the
# kind it names.


def add_produced(index: ObjectIndex, doc: Document, namespace: str | None) -> None:
    """Record what `doc` makes the cluster create (scaffold.model.facts.producers), in its
    own namespace `namespace` unless it names another, or in any ("*")."""
    for kind, name, where in doc.produced:
        index.add(kind, name, None if where == ANYWHERE else where or namespace)


def index_documents(documents: Iterable[Document]) -> ObjectIndex:
    """Index every named object, and what each makes the cluster create: the Secrets of
    SealedSecrets, ExternalSecrets and operators' resources, ArtifactGenerators'
    ExternalArtifacts."""
    index = ObjectIndex()
    for kind in SYNC_SOURCE_KINDS:
        index.add(kind, "flux-system", "flux-system")
    for doc in documents:
        add_produced(index, doc, doc.namespace)
        for name, _ in doc.artifacts:
            index.add("ExternalArtifact", name, doc.namespace)
        for kind, name in doc.generated:
            index.add(kind, name, None)
        if doc.kind and doc.name:
            index.add(doc.kind, doc.name, doc.namespace)
    return index
