"""The deployment graph of one cluster, read off the model: what lint places, drawn.

Every object the model places in the cluster is applied by exactly the Flux
Kustomization the model says applies it (the root one for what the sync path's
own build yields); the Kustomizations, HelmReleases, chart sources, Secrets and
ConfigMaps among them are nodes. References are the model's (`model.usage`): a
reference answered in the cluster points at the object that answers it; one
answered only elsewhere in the repository ends at an `outside` node, one answered
nowhere at a `missing` node: what lint reports dangling.
"""

from __future__ import annotations

import posixpath

from scaffold.flux.vocabulary import CHART_SOURCE_KINDS, FLUX_SYSTEM, KUSTOMIZE_GROUP
from scaffold.model.flux_graph import Applier, Placed
from scaffold.model.repo import RepoContext
from scaffold.model.usage import CHART, DEPENDS_ON, VALUES, Use
from scaffold.repository.sync_path import normalize_sync_path
from scaffold.views.deployment_graph import Edge, EdgeKind, Graph, GraphNode, Presence, node_key

SHOWN_KINDS = ("HelmRelease", *CHART_SOURCE_KINDS, "SealedSecret", "Secret", "ConfigMap")
EDGE_OF = {CHART: EdgeKind.chart, VALUES: EdgeKind.values, DEPENDS_ON: EdgeKind.depends_on}


def is_flux_kustomization(placed: Placed) -> bool:
    """Whether a placed object is a Flux Kustomization (not a kustomize one)."""
    doc = placed.doc
    return doc is not None and placed.item.kind == "Kustomization" and (
        doc.group == KUSTOMIZE_GROUP
    )


class Builder:
    """One graph for one cluster of one model."""

    def __init__(self, model: RepoContext, sync_path: str) -> None:
        self.model = model
        self.sync_path = sync_path
        self.placed = list(model.graph.placed_in(sync_path))
        # (file, document index) -> the node drawn for it
        self.nodes_of: dict[tuple[str, int], str] = {}

    def build(self) -> Graph:
        """Kustomizations and what they apply, then the references between them."""
        syncs = self._syncs()
        root = syncs[0] if syncs else self._default_root()
        graph = Graph(root=root.key, sync_path=self.sync_path)
        graph.add_node(root)
        for placed in self.placed:
            node = self._node(placed)
            if node is None:
                continue
            self.nodes_of[(placed.item.path, placed.item.index)] = node.key
            if node.key == root.key:
                continue
            kept = graph.add_node(node)
            graph.add_edge(Edge(self._applier_key(placed.applier, root), kept.key,
                                EdgeKind.applies))  # fmt: skip
        for again in syncs[1:]:
            # Another Kustomization applying the sync path applies the root's objects again.
            if again.key != root.key:
                graph.add_edge(Edge(again.key, root.key, EdgeKind.applies))
        for use in self.model.usage.uses(self.sync_path):
            user = self.nodes_of.get((use.path, use.index))
            kind = EDGE_OF.get(use.relation)
            if user is not None and kind is not None and user in graph.nodes:
                self._link(graph, user, use, kind)
        return graph

    def _syncs(self) -> list[GraphNode]:
        """The Kustomizations of the sync path's own build that apply the sync path: Flux's
        own (`flux-system`) first, when it is one of them."""
        found: dict[str, GraphNode] = {}
        for placed in self.placed:
            if placed.applier.doc is None and is_flux_kustomization(placed):
                doc = placed.doc
                assert doc is not None
                node = self._node(placed)
                if node is not None and _spec_path(doc.spec_path) == self.sync_path:
                    found.setdefault(node.key, node)
        return sorted(found.values(), key=lambda node: node.name != FLUX_SYSTEM)

    def _default_root(self) -> GraphNode:
        return GraphNode(
            node_key("Kustomization", FLUX_SYSTEM, FLUX_SYSTEM),
            "Kustomization",
            FLUX_SYSTEM,
            FLUX_SYSTEM,
            detail=self.sync_path,
        )

    @staticmethod
    def _applier_key(applier: Applier, root: GraphNode) -> str:
        if applier.doc is None or applier.doc.name is None:
            return root.key
        return node_key("Kustomization", applier.namespace, applier.doc.name)

    def _node(self, placed: Placed) -> GraphNode | None:
        item, doc = placed.item, placed.doc
        flux_kustomization = is_flux_kustomization(placed)
        if not item.name or (not flux_kustomization and item.kind not in SHOWN_KINDS):
            return None
        detail, external = None, False
        if flux_kustomization and doc is not None:
            source = doc.source_ref
            # Paths of another source (a Git repository, an OCI artifact) are not in this one.
            external = source is not None and (
                source.kind != "GitRepository" or source.name != FLUX_SYSTEM
            )
            detail = _spec_path(doc.spec_path) if doc.spec_path else None
            if external and source is not None:
                detail = f"{doc.spec_path or '.'} of {source.kind} {source.name}"
        elif item.kind == "HelmRelease" and doc is not None:
            target = doc.target_namespace
            into = f"into {target}" if target and target != placed.namespace else None
            detail = " ".join(p for p in (doc.chart_name, doc.chart_version, into) if p) or None
        key = node_key(item.kind, placed.namespace, item.name)
        return GraphNode(key, item.kind, item.name, placed.namespace, path=item.path, detail=detail,
                    external=external)  # fmt: skip

    def _link(self, graph: Graph, user: str, use: Use, kind: EdgeKind) -> None:
        answered = [self.nodes_of.get((t.path, t.index)) for t in use.targets]
        target = next((key for key in answered if key is not None and key in graph.nodes), None)
        if target is None:
            namespace = use.ref.namespace or use.user_namespace
            shown_kind = use.kinds[0] if len(use.kinds) == 1 else "source"
            elsewhere = kind is not EdgeKind.depends_on and (
                bool(use.targets) or self.model.usage.defined_anywhere(use)
            )
            state = Presence.outside if elsewhere else Presence.missing
            target = graph.add_node(
                GraphNode(node_key(shown_kind, namespace, use.ref.name), shown_kind, use.ref.name,
                     namespace, state=state)
            ).key  # fmt: skip
        graph.add_edge(Edge(user, target, kind, optional=use.ref.optional))


def _spec_path(value: str | None) -> str | None:
    if not value:
        return None
    path = posixpath.normpath(normalize_sync_path(value))
    return None if path.startswith("..") else ("" if path == "." else path)


def deployment_of(model: RepoContext, sync_path: str) -> Graph:
    """The deployment graph of `sync_path` in the repository `model` describes."""
    return Builder(model, sync_path).build()
