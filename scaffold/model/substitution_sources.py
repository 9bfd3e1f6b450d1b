"""The variables a Flux Kustomization's postBuild defines, when the repository tells all.

`postBuild.substitute` names its keys; each `substituteFrom` ConfigMap or Secret
defines the keys of its data. They are known only when every one of those objects is
in the repository, applied to the same cluster in the Kustomization's own namespace,
as a plain ConfigMap, Secret or SealedSecret whose keys are spelled out. A source
marked `optional`, one only the cluster holds, one an operator or a kustomize
generator makes, one of another kind, or one a parent's patches add: the variables
cannot be known, and nothing is said about them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scaffold.model.facts.digests import key_digest
from scaffold.model.facts.producers import ANYWHERE
from scaffold.model.flux_graph import Applier, FluxGraph, Placed

SOURCE_KINDS = ("ConfigMap", "Secret")
# (cluster, kind, namespace, name); namespace ANYWHERE for one that may land in any
Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class Defined:
    """The variables a postBuild defines: `substitute` keys, and the digests of the keys
    of its substituteFrom sources."""

    names: frozenset[str]
    digests: frozenset[str] = frozenset()

    def __contains__(self, name: object) -> bool:
        return name in self.names or (
            bool(self.digests) and isinstance(name, str) and key_digest(name) in self.digests
        )


class SubstitutionSources:
    """The keys of each cluster's ConfigMaps and Secrets, as substituteFrom finds them."""

    def __init__(self, graph: FluxGraph) -> None:
        # The digests of the keys of each object; None where some cannot be known
        self.keys: dict[Key, set[str] | None] = {}
        for placed in graph.placed:
            self._add(placed)

    def _add(self, placed: Placed) -> None:
        cluster, item, doc = placed.applier.cluster, placed.item, placed.doc
        namespace = placed.namespace if placed.settled and placed.namespace else ANYWHERE
        if item.kind in SOURCE_KINDS:
            known = None if doc is None or item.generated else doc.data_keys
            self._record((cluster, item.kind, namespace, item.name), known)
        if doc is None:
            return
        for kind, name, where in doc.produced:
            if kind not in SOURCE_KINDS:
                continue
            lands = ANYWHERE if where == ANYWHERE else where or namespace
            known = doc.data_keys if doc.kind == "SealedSecret" else None
            self._record((cluster, kind, lands, name), known)

    def _record(self, key: Key, names: Iterable[str] | None) -> None:
        if key in self.keys and self.keys[key] is None:
            return
        if names is None:
            self.keys[key] = None
        else:
            self.keys.setdefault(key, set()).update(names)  # type: ignore[union-attr]

    def defined(self, applier: Applier) -> Defined | None:
        """What the applier's postBuild defines, or None when that cannot be known."""
        if not applier.substitute_from:
            return Defined(applier.substitute)
        doc = applier.doc
        if doc is None or applier.inherited_substitute_from or applier.namespace is None:
            return None
        digests: set[str] = set()
        for ref in doc.substitute_from:
            if ref.optional or ref.kind not in SOURCE_KINDS or not ref.name or "${" in ref.name:
                return None
            key = (applier.cluster, ref.kind, applier.namespace, ref.name)
            anywhere = (applier.cluster, ref.kind, ANYWHERE, ref.name)
            if anywhere in self.keys or key not in self.keys:
                return None  # it may land here with other keys, or only the cluster has it
            found = self.keys[key]
            if found is None:
                return None
            digests |= found
        return Defined(applier.substitute, frozenset(digests))
