"""The deployment graph as a text tree, like `flux tree` draws a cluster's inventory."""

from __future__ import annotations

from collections.abc import Sequence

from scaffold.views.deployment_graph import Edge, EdgeKind, Graph, GraphNode, Presence
from scaffold.views.tree_layout import Entry, build_view

# Entries longer than this (tree prefix aside) put their references on lines of their own.
MAX_LINE = 100
MISSING = "✗"
VERB = {EdgeKind.chart: "chart", EdgeKind.values: "values", EdgeKind.depends_on: "after"}


def render_text(graph: Graph) -> list[str]:
    """The tree, one line per entry; dangling references marked ✗, then a count of them."""
    view = build_view(graph)
    lines = _entry_lines(graph, view, "", "", 0)
    dangling = graph.dangling()
    if dangling:
        lines.append(f"{MISSING} {len(dangling)} reference(s) to objects declared nowhere")
    return lines


def render_text_clusters(graphs: Sequence[Graph]) -> list[str]:
    """One tree per cluster; several are headed by their sync path, a blank line apart."""
    if len(graphs) == 1:
        return render_text(graphs[0])
    lines: list[str] = []
    for graph in graphs:
        lines += [*([""] if lines else []), graph.sync_path, *render_text(graph)]
    return lines


def _target(graph: Graph, edge: Edge, merged: bool) -> str:
    node, owner = graph.nodes[edge.target], graph.nodes[edge.source]
    same = node.namespace == owner.namespace
    text = f"{node.kind} {node.name}" if same or not node.namespace else node.label
    if edge.kind is EdgeKind.depends_on and node.kind == owner.kind and not merged:
        # dependsOn names an object of the owner's own kind: the name says it all (unless a
        # Kustomization and its release share the entry).
        text = node.name if same or not node.namespace else f"{node.namespace}/{node.name}"
    if node.state is Presence.outside:
        text += " (outside this tree)"
    if edge.optional:
        text += " (optional)"
    return text


def headline(entry: Entry) -> str:
    """The entry's own words: kind, name, and what it applies or installs."""
    node = entry.node
    if node is None:
        return entry.title
    if entry.repeated:
        cycle = " → ".join(above.label.removeprefix("Kustomization ") for above in entry.cycle)
        return f"{node.label} (applied again: a cycle {cycle}; its objects are shown once)"
    if entry.release is not None:
        return f"{node.label} → {_release(entry.release)}"
    if node.kind == "Kustomization":
        return f"{node.label} → {node.detail}" if node.detail else node.label
    if node.kind == "HelmRelease":
        return _release(node)
    return f"{node.label} (from SealedSecret)" if node.kind == "SealedSecret" else node.label


def _release(node: GraphNode) -> str:
    return f"{node.label}: {node.detail}" if node.detail else node.label


def _reference_parts(graph: Graph, entry: Entry) -> tuple[list[str], list[str]]:
    """(inline words, lines of dangling references) of an entry's references."""
    inline: dict[EdgeKind, list[str]] = {}
    dangling = []
    for edge in entry.references:
        text = _target(graph, edge, entry.release is not None)
        if graph.nodes[edge.target].state is Presence.missing and not edge.optional:
            dangling.append(f"{MISSING} {VERB[edge.kind]} {text}: declared nowhere")
        else:
            inline.setdefault(edge.kind, []).append(text)
    words = [f"{VERB[kind]} {', '.join(targets)}" for kind, targets in inline.items()]
    return words, dangling


def _entry_lines(graph: Graph, entry: Entry, first: str, rest: str, depth: int) -> list[str]:
    words, dangling = _reference_parts(graph, entry)
    own = headline(entry)
    extra = []
    if words and len(own) + sum(len(w) + 3 for w in words) <= MAX_LINE:
        own += " (" + "; ".join(words) + ")"
    else:
        extra = words
    lines = [first + own]
    items: list[str | Entry] = [*extra, *dangling, *entry.children]
    for index, item in enumerate(items):
        last = index == len(items) - 1
        branch, indent = ("└── ", "    ") if last else ("├── ", "│   ")
        if isinstance(item, str):
            lines.append(rest + branch + item)
        else:
            lines.extend(_entry_lines(graph, item, rest + branch, rest + indent, depth + 1))
    return lines
