"""The deployment graph as a Mermaid flowchart, which GitHub renders in Markdown.

A Kustomization that applies several entries is a subgraph holding them (the
nesting says "applies"); every other entry is a node. Ids are generated
(`n1`, `g2`), so no object name can break the syntax; labels are quoted with
Mermaid's entity codes for the characters that would end or nest them.
Dangling references end at a red node; objects outside the tree are dashed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from scaffold.views.deployment_graph import Edge, EdgeKind, Graph, GraphNode, Presence
from scaffold.views.tree_layout import Entry, build_view
from scaffold.views.tree_text import headline

ESCAPES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;"}
CLASSES = (
    "classDef missing fill:#fee,stroke:#c00,color:#900",
    "classDef outside stroke-dasharray:4 4",
)
ARROW = {EdgeKind.chart: "-->", EdgeKind.values: "-->", EdgeKind.depends_on: "-.->"}
LABEL = {EdgeKind.chart: "chart", EdgeKind.values: "values", EdgeKind.depends_on: "after"}


def escape(text: str) -> str:
    """`text` safe inside a double-quoted Mermaid label."""
    return "".join(ESCAPES.get(ch, ch) for ch in text)


@dataclass
class _Drawing:
    graph: Graph
    lines: list[str] = field(default_factory=list)
    # GraphNode key -> the id it is drawn as (a merged release shares its Kustomization's id).
    ids: dict[str, str] = field(default_factory=dict)
    edges: list[tuple[str, Edge]] = field(default_factory=list)
    counter: int = 0

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"


def render_mermaid(graph: Graph) -> list[str]:
    """The flowchart's lines, starting with `flowchart LR`."""
    drawing = _Drawing(graph)
    _draw(drawing, build_view(graph), "  ")
    lines = ["flowchart LR", *(f"  {line}" for line in CLASSES), *drawing.lines]
    lines.extend(_edge_lines(drawing))
    return lines


def render_mermaid_clusters(graphs: Sequence[Graph]) -> list[str]:
    """One flowchart for several clusters: a subgraph titled with each sync path (ids stay
    unique across them, so no edge can land in another cluster)."""
    if len(graphs) == 1:
        return render_mermaid(graphs[0])
    lines = ["flowchart LR", *(f"  {line}" for line in CLASSES)]
    counter = 0
    for graph in graphs:
        drawing = _Drawing(graph, counter=counter)
        cluster = drawing.new_id("g")
        _draw(drawing, build_view(graph), "    ")
        lines.append(f'  subgraph {cluster}["{escape(graph.sync_path)}"]')
        lines.extend(drawing.lines)
        lines.append("  end")
        lines.extend(_edge_lines(drawing))
        counter = drawing.counter
    return lines


def _label(graph: Graph, entry: Entry) -> str:
    node = entry.node
    if node is None:
        return escape(entry.title)
    if entry.release is not None:
        text = [node.label, entry.release.label]
        text += [entry.release.detail] if entry.release.detail else []
    elif node.kind == "Kustomization" and node.detail:
        text = [node.label, node.detail]
    else:
        text = [headline(entry)]
    text += [graph.nodes[key].label for key in sorted(entry.absorbed)]
    return "<br/>".join(escape(part) for part in text)


def _draw(drawing: _Drawing, entry: Entry, indent: str) -> None:
    node = entry.node
    if entry.children:
        group = drawing.new_id("g")
        drawing.lines.append(f'{indent}subgraph {group}["{_label(drawing.graph, entry)}"]')
        if node is not None:
            drawing.ids.setdefault(node.key, group)
        for child in entry.children:
            _draw(drawing, child, indent + "  ")
        drawing.lines.append(f"{indent}end")
    else:
        assert node is not None
        ident = drawing.new_id("n")
        drawing.lines.append(f'{indent}{ident}["{_label(drawing.graph, entry)}"]')
        drawing.ids.setdefault(node.key, ident)
        if entry.release is not None:
            drawing.ids.setdefault(entry.release.key, ident)
        for key in entry.absorbed:
            drawing.ids.setdefault(key, ident)
    for edge in entry.references:
        drawing.edges.append((drawing.ids[node.key] if node else "", edge))


def _edge_lines(drawing: _Drawing) -> list[str]:
    """Edges to what is drawn elsewhere, after every node exists; new nodes for the rest."""
    lines: list[str] = []
    for source, edge in drawing.edges:
        target = drawing.graph.nodes[edge.target]
        if drawing.ids.get(target.key) == source:
            continue  # drawn inside the entry itself
        if target.key not in drawing.ids:
            drawing.ids[target.key] = _extra_node(drawing, target, edge.optional, lines)
        line = f"  {source} {ARROW[edge.kind]}|{LABEL[edge.kind]}| {drawing.ids[target.key]}"
        if line not in lines:  # a Kustomization and its merged release may share a dependency
            lines.append(line)
    return lines


def _extra_node(drawing: _Drawing, node: GraphNode, optional: bool, lines: list[str]) -> str:
    ident = drawing.new_id("n")
    if node.state is Presence.missing and optional:
        lines.append(f'  {ident}["{escape(node.label)}<br/>optional, declared nowhere"]:::outside')
    elif node.state is Presence.missing:
        lines.append(f'  {ident}["✗ {escape(node.label)}<br/>declared nowhere"]:::missing')
    elif node.state is Presence.outside:
        lines.append(f'  {ident}["{escape(node.label)}<br/>outside this tree"]:::outside')
    else:
        lines.append(f'  {ident}["{escape(node.label)}"]')
    return ident
