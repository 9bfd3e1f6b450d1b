"""`tree`: the deployment graph of each sync path asked for, read off the model lint builds,
whole or from one Kustomization down (as `flux tree kustomization NAME` draws a cluster)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from scaffold.errors import UsageError
from scaffold.flux.vocabulary import FLUX_SYSTEM
from scaffold.model.gc_pause import no_cyclic_gc
from scaffold.views.clusters import load_views_model
from scaffold.views.deployment_from_model import deployment_of
from scaffold.views.deployment_graph import Graph, GraphNode, Presence


def load_trees(
    path: Path,
    sync_paths: Sequence[str],
    kustomization: str | None = None,
    namespace: str | None = None,
    note: Callable[[str], None] = lambda _: None,
) -> list[Graph]:
    """One graph per cluster (`sync_paths`, else every one), rooted at `kustomization` when
    given; clusters without it are left out, with a `note` saying so."""
    if namespace is not None and kustomization is None:
        raise UsageError(
            "--namespace picks the Kustomization's namespace: pass --kustomization NAME too"
        )
    with no_cyclic_gc():
        model, clusters = load_views_model(path, sync_paths)
    graphs = [deployment_of(model, cluster) for cluster in clusters]
    if kustomization is None:
        return graphs
    wanted = namespace or FLUX_SYSTEM
    rooted, lacking = [], []
    for graph in graphs:
        found = _kustomization(graph, kustomization, wanted)
        if found is None:
            lacking.append(graph)
        else:
            rooted.append(graph.rooted_at(found.key))
    if not rooted:
        raise UsageError(_not_found(lacking, kustomization, wanted))
    for graph in lacking:
        note(f"{graph.sync_path} has no Kustomization {wanted}/{kustomization}: left out")
    return rooted


def _kustomization(graph: Graph, name: str, namespace: str) -> GraphNode | None:
    """The Kustomization `namespace/name`; one whose namespace is set elsewhere matches by name."""
    found = [n for n in _kustomizations(graph) if n.name == name]
    exact = [n for n in found if n.namespace == namespace]
    open_namespace = [n for n in found if n.namespace is None]
    chosen = exact or open_namespace
    return chosen[0] if chosen else None


def _kustomizations(graph: Graph) -> list[GraphNode]:
    return [
        n for n in graph.nodes.values()
        if n.kind == "Kustomization" and n.state is Presence.declared
    ]  # fmt: skip


def _not_found(graphs: list[Graph], name: str, namespace: str) -> str:
    where = ", ".join(g.sync_path for g in graphs)
    known = sorted({_named(n) for g in graphs for n in _kustomizations(g)})
    return f"no Kustomization {namespace}/{name} in {where}; there are: {', '.join(known)}"


def _named(node: GraphNode) -> str:
    return f"{node.namespace}/{node.name}" if node.namespace else node.name
