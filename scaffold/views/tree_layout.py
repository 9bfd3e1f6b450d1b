"""What `tree` draws of a graph: the applies-hierarchy, condensed so 200 releases stay readable.

Three condensations, shared by the text and Mermaid drawings:
- a source or Secret that only one release in the same Kustomization uses is drawn
  inside that release's entry, not as an entry of its own;
- a Kustomization that applies nothing but one release (the usual app pattern) is
  drawn as one entry with it;
- a Kustomization applying many entries groups them by namespace (or, where the
  namespace is set elsewhere, by the directory that declares them).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from scaffold.views.deployment_graph import Edge, EdgeKind, Graph, GraphNode

# A Kustomization applying more entries than this groups them.
GROUP_OVER = 12
KIND_ORDER = {"Kustomization": 0, "HelmRelease": 1}
REFERENCES = (EdgeKind.chart, EdgeKind.values, EdgeKind.depends_on)


@dataclass
class Entry:
    """One entry of the drawing: a node (with the release merged into it), or a group."""

    node: GraphNode | None
    title: str = ""
    # The release a Kustomization is drawn together with.
    release: GraphNode | None = None
    children: list[Entry] = field(default_factory=list)
    # The drawn references (chart, values, dependsOn) of the node or its merged release.
    references: list[Edge] = field(default_factory=list)
    # Sources and Secrets drawn inside this entry rather than on their own.
    absorbed: set[str] = field(default_factory=set)
    # A Kustomization already drawn higher up (an applies-cycle).
    repeated: bool = False
    # For a repeated entry, the Kustomizations of the cycle, from the first one back to it.
    cycle: list[GraphNode] = field(default_factory=list)


def build_view(graph: Graph) -> Entry:
    """The root entry of the drawing of `graph`."""
    return _entry(graph, graph.nodes[graph.root], ())


def _in_cycle(graph: Graph, key: str) -> bool:
    """Whether the Kustomization `key` applies itself again, directly or through others."""
    stack, seen = [e.target for e in graph.out(key, EdgeKind.applies)], set()
    while stack:
        current = stack.pop()
        if current == key:
            return True
        if current not in seen:
            seen.add(current)
            stack.extend(e.target for e in graph.out(current, EdgeKind.applies))
    return False


def _sort_key(node: GraphNode) -> tuple[int, str, str]:
    return (KIND_ORDER.get(node.kind, 2), node.name, node.namespace or "")


def _absorbed(graph: Graph, kids: list[GraphNode]) -> dict[str, str]:
    """Kid key -> key of the one sibling release that alone uses it."""
    siblings = {kid.key for kid in kids}
    found = {}
    for kid in kids:
        if kid.kind in ("Kustomization", "HelmRelease"):
            continue
        users = {u for kind in REFERENCES for u in graph.users(kid.key, kind)}
        if len(users) == 1 and users <= siblings:
            found[kid.key] = users.pop()
    return found


def _entry(graph: Graph, node: GraphNode, chain: tuple[GraphNode, ...]) -> Entry:
    keys = [above.key for above in chain]
    if node.key in keys:
        return Entry(node, repeated=True, cycle=[*chain[keys.index(node.key) :], node])
    kids = sorted(graph.children(node.key), key=_sort_key)
    if chain and _in_cycle(graph, node.key):
        # A cycle applies again what a Kustomization above applies: Flux deploys it once,
        # and it is drawn once, where it is first applied.
        drawn = {kid.key for above in chain for kid in graph.children(above.key)}
        kids = [kid for kid in kids if kid.key not in drawn or kid.key in (*keys, node.key)]
    chain = (*chain, node)
    absorbed = _absorbed(graph, kids)
    shown = [kid for kid in kids if kid.key not in absorbed]
    if node.kind == "Kustomization" and len(shown) == 1 and shown[0].kind == "HelmRelease":
        release = shown[0]
        return Entry(
            node,
            release=release,
            references=graph.out(release.key, *REFERENCES) + graph.out(node.key, *REFERENCES),
            absorbed={k for k, user in absorbed.items() if user == release.key},
        )
    entry = Entry(node, references=graph.out(node.key, *REFERENCES))
    children = []
    for kid in shown:
        child = _entry(graph, kid, chain)
        child.absorbed |= {k for k, user in absorbed.items() if user == kid.key}
        children.append(child)
    entry.children = _grouped(node, children)
    return entry


def _group_of(parent: GraphNode, entry: Entry) -> str:
    node = entry.node
    assert node is not None
    if node.namespace:
        return f"namespace {node.namespace}"
    # The first directory below the one the parent applies: by convention, the namespace.
    directory = posixpath.dirname(node.path or "")
    base = parent.detail or ""
    relative = directory[len(base) + 1 :] if base and directory.startswith(base + "/") else ""
    return f"{relative.split('/')[0]}/" if relative else f"{directory or '.'}/"


def _grouped(parent: GraphNode, children: list[Entry]) -> list[Entry]:
    if len(children) <= GROUP_OVER:
        return children
    groups: dict[str, list[Entry]] = {}
    for child in children:
        groups.setdefault(_group_of(parent, child), []).append(child)
    if len(groups) < 2 or len(groups) == len(children):
        return children  # one group, or one per entry: grouping would only add lines
    return [
        Entry(None, title=f"{title} ({len(members)})", children=members)
        for title, members in sorted(groups.items())
    ]
