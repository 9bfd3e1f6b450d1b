"""What a sync path deploys, as a graph: the interface `tree` draws, whoever builds it.

Nodes are Flux Kustomizations, HelmReleases, chart sources and Secrets (or the
SealedSecrets that produce them); edges say that a Kustomization *applies* an
object, a release takes its *chart* from a source or its *values* from a Secret
or ConfigMap, or that an object *depends on* another. A reference to nothing
declared ends at a node whose state is `missing`: a dangling reference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import Enum


class EdgeKind(str, Enum):
    """How one node relates to another."""

    applies = "applies"
    chart = "chart"
    values = "values"
    depends_on = "depends-on"


class Presence(str, Enum):
    """Whether a node is declared in the tree, elsewhere in the repository, or nowhere."""

    declared = "declared"
    # Defined in the repository but not applied under this sync path (or made by Flux itself).
    outside = "outside"
    missing = "missing"


@dataclass(frozen=True)
class GraphNode:
    """One object: a Kustomization, a release, a source, a Secret."""

    key: str
    kind: str
    name: str
    namespace: str | None = None
    state: Presence = Presence.declared
    # The file declaring it, relative to the repository root.
    path: str | None = None
    # For a Kustomization, what it applies (`spec.path`); for a release, `chart version`.
    detail: str | None = None
    # A Kustomization whose path is not in this repository (an OCI or external artifact).
    external: bool = False

    @property
    def label(self) -> str:
        """`Kind namespace/name`, the namespace left out when unknown."""
        where = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind} {where}{self.name}"


@dataclass(frozen=True)
class Edge:
    """A relation from `source` to `target` (node keys)."""

    source: str
    target: str
    kind: EdgeKind
    optional: bool = False


@dataclass
class Graph:
    """The nodes reachable from a sync path's root Kustomization, and their relations."""

    root: str
    sync_path: str
    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    _out: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list), repr=False)

    def add_node(self, node: GraphNode) -> GraphNode:
        """Add `node` unless one with its key exists; return the one kept."""
        return self.nodes.setdefault(node.key, node)

    def add_edge(self, edge: Edge) -> None:
        """Add `edge` once."""
        if edge not in self._out[edge.source]:
            self._out[edge.source].append(edge)
            self.edges.append(edge)

    def out(self, key: str, *kinds: EdgeKind) -> list[Edge]:
        """The edges leaving `key` (of `kinds`, when given), in the order added."""
        return [e for e in self._out.get(key, []) if not kinds or e.kind in kinds]

    def children(self, key: str) -> list[GraphNode]:
        """What the Kustomization `key` applies."""
        return [self.nodes[e.target] for e in self.out(key, EdgeKind.applies)]

    def users(self, key: str, kind: EdgeKind) -> list[str]:
        """The nodes with a `kind` edge to `key`."""
        return [e.source for e in self.edges if e.target == key and e.kind == kind]

    def rooted_at(self, key: str) -> Graph:
        """The part of the graph below node `key`: what it applies, directly or through its
        Kustomizations, and the references of those objects (as `flux tree kustomization`)."""
        below, stack = {key}, [key]
        while stack:
            for edge in self.out(stack.pop(), EdgeKind.applies):
                if edge.target not in below:
                    below.add(edge.target)
                    stack.append(edge.target)
        part = Graph(root=key, sync_path=self.sync_path)
        for node in self.nodes.values():
            if node.key in below:
                part.add_node(node)
        for edge in self.edges:
            if edge.source in below:
                part.add_node(self.nodes[edge.target])
                part.add_edge(edge)
        return part

    def dangling(self) -> list[Edge]:
        """Every required reference to an object declared nowhere."""
        return [
            e
            for e in self.edges
            if self.nodes[e.target].state is Presence.missing and not e.optional
        ]


def node_key(kind: str, namespace: str | None, name: str) -> str:
    """The key of an object: its kind, namespace (empty when unknown) and name."""
    return f"{kind}/{namespace or ''}/{name}"
