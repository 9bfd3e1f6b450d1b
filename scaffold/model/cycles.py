"""Cycles: kustomization files that list each other as `resources` (or `components`),
Flux objects whose `dependsOn` chain comes back to them, and Flux Kustomizations that
apply each other by `spec.path`.

kustomize refuses to build a directory whose resources lead back to it ("cycle
detected"); Flux never reconciles a Kustomization or HelmRelease that waits on
itself through others; two Kustomizations that apply each other both manage what
either applies, and take it from each other on every reconciliation. Each strongly
connected group of a graph is one cycle; it is named by the shortest way round from
its least member, and found where that member's entry points to the next.
"""

from __future__ import annotations

import posixpath
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from scaffold.flux.vocabulary import KUSTOMIZE_GROUP
from scaffold.model.facts.documents import Document, Position
from scaffold.model.facts.flux_kinds import is_remote
from scaffold.model.flux_graph import Applier, FluxGraph, Placed
from scaffold.model.kustomize_build import KustomizeBuilds

# (kind, namespace, name) of a Flux object that can depend on others
FluxObject = tuple[str, str, str]
# A kustomization directory, or a Flux object
Vertex = TypeVar("Vertex", str, FluxObject)
DEPENDING_KINDS = {"Kustomization": KUSTOMIZE_GROUP, "HelmRelease": "helm.toolkit.fluxcd.io"}


@dataclass(frozen=True)
class Cycle(Generic[Vertex]):
    """A way round a cycle (`members[0]` again at the end is left implicit), and where
    its first edge is written: the file and the position of the entry."""

    members: tuple[Vertex, ...]
    path: str
    position: Position


def cycles(edges: Mapping[Vertex, Sequence[Vertex]]) -> list[tuple[Vertex, ...]]:
    """One way round each cycle of the graph `edges`, from its least member (sorted)."""
    found = []
    for group in _strong_groups(edges):
        members = set(group)
        start = min(group)
        if len(group) == 1 and start not in edges.get(start, ()):
            continue
        found.append(_shortest_round(edges, start, members))
    return sorted(found)


def _strong_groups(edges: Mapping[Vertex, Sequence[Vertex]]) -> list[list[Vertex]]:
    """Tarjan's strongly connected components, without recursion."""
    index: dict[Vertex, int] = {}
    low: dict[Vertex, int] = {}
    stack: list[Vertex] = []
    on_stack: set[Vertex] = set()
    groups: list[list[Vertex]] = []
    for root in edges:
        if root in index:
            continue
        work: list[tuple[Vertex, Iterator[Vertex]]] = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def _shortest_round(
    edges: Mapping[Vertex, Sequence[Vertex]], start: Vertex, members: set[Vertex]
) -> tuple[Vertex, ...]:
    """The shortest way from `start` back to it inside `members` (breadth first)."""
    came_from: dict[Vertex, Vertex] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in edges.get(node, ()):
            if child not in members:
                continue
            if child == start:
                way = [node]
                while way[-1] != start:
                    way.append(came_from[way[-1]])
                return tuple(reversed(way))
            if child not in came_from:
                came_from[child] = node
                queue.append(child)
    return (start,)


def resource_cycles(builds: KustomizeBuilds) -> list[Cycle[str]]:
    """Kustomization directories whose `resources`/`components` lead back to them."""
    edges: dict[str, list[str]] = {}
    where: dict[tuple[str, str], Position] = {}
    for directory in sorted(builds.kustomization):
        doc = builds.kustomization_doc(directory)
        for field, entry, position in doc.entries if doc is not None else ():
            if field not in ("resources", "components") or is_remote(entry) or "${" in entry:
                continue
            target = posixpath.normpath(posixpath.join(directory, entry))
            target = "" if target == "." else target
            if target in builds.kustomization:
                edges.setdefault(directory, []).append(target)
                where.setdefault((directory, target), position)
    found = []
    for members in cycles(edges):
        following = members[1] if len(members) > 1 else members[0]
        found.append(
            Cycle(members, builds.kustomization[members[0]], where[(members[0], following)])
        )
    return found


def depends_on_cycles(graph: FluxGraph) -> list[Cycle[FluxObject]]:
    """Kustomizations and HelmReleases of one cluster whose `dependsOn` lead back to them."""
    found: dict[tuple[FluxObject, ...], Cycle[FluxObject]] = {}
    for cluster in graph.by_cluster:
        edges: dict[FluxObject, list[FluxObject]] = {}
        where: dict[tuple[FluxObject, FluxObject], tuple[str, Position]] = {}
        for placed in graph.placed_in(cluster):
            doc, kind = placed.doc, placed.item.kind
            group = DEPENDING_KINDS.get(kind)
            if doc is None or group is None or not doc.group.startswith(group):
                continue
            namespace, name = placed.namespace, placed.item.name
            if not placed.settled or namespace is None or not name or "${" in name:
                continue  # where it lands is not known: neither is what it waits for
            node = (kind, namespace, name)
            for ref in doc.depends_on:
                target_ns = ref.namespace or namespace
                if not ref.name or "${" in ref.name or "${" in target_ns:
                    continue
                target = (kind, target_ns, ref.name)
                edges.setdefault(node, []).append(target)
                where.setdefault((node, target), (placed.item.path, ref.position))
        for members in cycles(edges):
            following = members[1] if len(members) > 1 else members[0]
            path, position = where[(members[0], following)]
            found.setdefault(members, Cycle(members, path, position))
    return [found[key] for key in sorted(found)]


def applies_cycles(graph: FluxGraph) -> list[Cycle[FluxObject]]:
    """Flux Kustomizations of one cluster that apply each other (through their
    `spec.path`s): a Kustomization of the sync path applying the sync path again, or
    `loop` applying `./infra` whose `back` applies `./apps`, which holds `loop`. One
    applying itself is not one: that is how Flux's own `flux-system` is bootstrapped."""
    found: dict[tuple[FluxObject, ...], Cycle[FluxObject]] = {}
    for cluster in graph.by_cluster:
        edges: dict[FluxObject, list[FluxObject]] = {}
        where: dict[FluxObject, tuple[str, Position]] = {}
        roots = [_applied(p) for p in graph.syncs.get(cluster, ())]
        for placed in graph.placed_in(cluster):
            node = _applied(placed)
            if node is None or placed.doc is None:
                continue
            where.setdefault(node, (placed.item.path, _path_position(placed.doc)))
            applier = placed.applier
            parents = roots if applier.doc is None else [_applier(applier)]
            for parent in parents:
                if parent is not None and parent != node:
                    edges.setdefault(parent, []).append(node)
        for members in cycles(edges):
            found.setdefault(members, Cycle(members, *where[members[0]]))
    return [found[key] for key in sorted(found)]


def _applied(placed: Placed) -> FluxObject | None:
    """The identity of a placed Flux Kustomization, when where it lands is known."""
    doc, name, namespace = placed.doc, placed.item.name, placed.namespace
    if doc is None or placed.item.kind != "Kustomization" or doc.group != KUSTOMIZE_GROUP:
        return None
    return _known(placed.settled, namespace, name)


def _applier(applier: Applier) -> FluxObject | None:
    name = applier.doc.name if applier.doc else None
    return _known(applier.settled, applier.namespace, name)


def _known(settled: bool, namespace: str | None, name: str | None) -> FluxObject | None:
    """A Kustomization's identity, unless a replacement or a variable may change it."""
    if not settled or not namespace or not name or "${" in f"{namespace}{name}":
        return None
    return ("Kustomization", namespace, name)


def _path_position(doc: Document) -> Position:
    return doc.spec_path_pos or doc.position
