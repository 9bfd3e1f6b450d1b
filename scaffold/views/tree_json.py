"""The deployment graphs as JSON: nodes and edges, for tools that draw their own picture."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scaffold.views.deployment_graph import Graph


def graphs_as_dict(graphs: Sequence[Graph], version: int) -> dict[str, Any]:
    """The document `tree -o json` prints: one entry per cluster."""
    return {"version": version, "clusters": [graph_as_dict(graph) for graph in graphs]}


def graph_as_dict(graph: Graph) -> dict[str, Any]:
    """Every node (kind, name, namespace, state, file, detail) and every edge, by node key."""
    return {
        "sync_path": graph.sync_path,
        "root": graph.root,
        "nodes": [
            {
                "key": node.key,
                "kind": node.kind,
                "name": node.name,
                "namespace": node.namespace,
                "state": node.state.value,
                "file": node.path,
                "detail": node.detail,
            }
            for node in graph.nodes.values()
        ],
        "edges": [
            {"from": e.source, "to": e.target, "kind": e.kind.value, "optional": e.optional}
            for e in graph.edges
        ],
        "dangling": [
            {"from": e.source, "to": e.target, "kind": e.kind.value} for e in graph.dangling()
        ],
    }
