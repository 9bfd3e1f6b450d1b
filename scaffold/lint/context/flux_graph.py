"""The repository as Flux applies it: per cluster (sync path), which Flux Kustomizations
apply which objects, in which namespace, with which postBuild variables.

Each sync path is the root Kustomization of one cluster. Its build is walked; every
Flux Kustomization found is followed to its `spec.path` (relative to its source:
this repository, the sync source's artifact root, or an ArtifactGenerator's copy),
and so on. What cannot be known offline stays unknown: a path in another
repository is not followed, a namespace a `replacements` may write is None.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from scaffold.lint.context.kustomize_build import Item, Tree, namespaced
from scaffold.lint.facts.documents import Document
from scaffold.lint.facts.flux_kinds import KUSTOMIZE_GROUP, normalized

SYNC_SOURCE = "flux-system"


@dataclass(frozen=True)
class Applier:
    """A Flux Kustomization as a cluster sees it; `doc` None for the cluster's root sync."""

    cluster: str
    path: str | None
    doc: Document | None
    namespace: str | None
    directory: str | None
    source_root: str | None
    # spec.path lies in this repository and is absent there
    missing: bool = False
    target_namespace: str | None = None
    settled: bool = True
    post_build: bool = False
    substitute: frozenset[str] = frozenset()
    substitute_from: bool = False
    child_substitute: frozenset[str] = frozenset()
    child_substitute_from: bool = False


@dataclass(frozen=True)
class Placed:
    """One object as a cluster gets it: its effective name and namespace.

    `namespace` None is no namespace: a cluster-scoped object, one nothing gives a
    namespace, or (`settled` False) one a kustomize replacement may set.
    """

    item: Item
    doc: Document | None
    namespace: str | None
    applier: Applier
    settled: bool = True


@dataclass
class FluxGraph:
    """Every cluster's appliers and placed objects."""

    tree: Tree
    source_roots: dict[str, str] = field(default_factory=dict)
    appliers: list[Applier] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)
    # Directories a cluster's build reads (the others are not applied by any sync path)
    reached: set[str] = field(default_factory=set)
    # GitRepository name -> URL, to tell a second source on this same repository
    source_urls: dict[str, str] = field(default_factory=dict)
    _index: dict[tuple[str, int], list[Placed]] | None = field(default=None, repr=False)

    def placed_in(self, cluster: str) -> Iterator[Placed]:
        """The objects one cluster gets."""
        return (p for p in self.placed if p.applier.cluster == cluster)

    def placements(self, path: str, index: int) -> list[Placed]:
        """Where the document `index` of `path` lands (empty when no cluster applies it)."""
        if self._index is None:
            self._index = {}
            for placed in self.placed:
                self._index.setdefault((placed.item.path, placed.item.index), []).append(placed)
        return self._index.get((path, index), [])


def build_graph(tree: Tree, sync_paths: Iterable[str]) -> FluxGraph:
    """Walk every cluster from its sync path."""
    graph = FluxGraph(tree)
    for facts in tree.facts.values():
        for doc in facts.documents:
            if doc.kind == "GitRepository" and doc.name and doc.source_url:
                graph.source_urls.setdefault(doc.name, doc.source_url)
    generators = _artifact_generators(tree)
    for cluster in sync_paths:
        root = source_root(tree, cluster)
        graph.source_roots[cluster] = root
        start = Applier(cluster, None, None, SYNC_SOURCE, cluster, root)
        _walk(graph, start, generators)
    return graph


def _walk(graph: FluxGraph, start: Applier, generators: dict[str, list[Document]]) -> None:
    queue = [start]
    seen: set[tuple[str | None, int, str | None]] = set()
    while queue:
        applier = queue.pop()
        graph.appliers.append(applier)
        if applier.directory is None or applier.missing:
            continue
        graph.reached |= graph.tree.reached(applier.directory)
        for item in _items(graph.tree, applier):
            doc = _document(graph.tree, item)
            namespace = _namespace(item, applier)
            settled = applier.settled or not namespaced(item.kind)
            graph.placed.append(Placed(item, doc, namespace, applier, settled))
            if (
                doc is None
                or item.kind != "Kustomization"
                or not doc.group.startswith(KUSTOMIZE_GROUP)
            ):
                continue
            key = (item.path, item.index, namespace)
            if key in seen:
                continue
            seen.add(key)
            child = _child(graph, applier, item, doc, namespace, generators)
            if child.directory != applier.cluster or applier.doc is not None:
                queue.append(child)  # else: the sync Kustomization itself (gotk-sync.yaml)


def _items(tree: Tree, applier: Applier) -> list[Item]:
    assert applier.directory is not None
    items = list(tree.flux_build(applier.directory))
    for component in applier.doc.components if applier.doc else ():
        target = posixpath.normpath(posixpath.join(applier.directory, component))
        if target in tree.kustomization:
            items.extend(tree.build(target))
    return items


def _document(tree: Tree, item: Item) -> Document | None:
    facts = tree.facts.get(item.path)
    if facts is None or item.generated or item.index >= len(facts.documents):
        return None
    return facts.documents[item.index]


def _namespace(item: Item, applier: Applier) -> str | None:
    if not namespaced(item.kind):
        return None
    if not applier.settled:
        return None
    if applier.target_namespace:
        return applier.target_namespace
    return item.namespace


def _child(
    graph: FluxGraph,
    parent: Applier,
    item: Item,
    doc: Document,
    namespace: str | None,
    generators: dict[str, list[Document]],
) -> Applier:
    root, path = _resolve_source(graph, parent, doc, generators)
    directory = missing = None
    if root is not None and path is not None:
        directory = _resolve_path(graph.tree, root, path, parent.cluster)
        missing = directory is None and "${" not in path
    return Applier(
        cluster=parent.cluster,
        path=item.path,
        doc=doc,
        namespace=namespace,
        directory=directory,
        source_root=root,
        missing=bool(missing),
        target_namespace=doc.target_namespace,
        settled=item.settled,
        post_build=doc.has_post_build or bool(parent.child_substitute),
        substitute=frozenset(doc.substitute) | parent.child_substitute,
        substitute_from=bool(doc.substitute_from) or parent.child_substitute_from,
        child_substitute=frozenset(doc.child_substitute),
        child_substitute_from=doc.child_substitute_from,
    )


def _resolve_source(
    graph: FluxGraph, parent: Applier, doc: Document, generators: dict[str, list[Document]]
) -> tuple[str | None, str | None]:
    """The repository directory the Kustomization's path is relative to, and that path."""
    ref = doc.source_ref
    path = normalized(doc.spec_path or "")
    cluster_root = graph.source_roots[parent.cluster]
    if ref is None:
        return None, None
    if ref.kind == "ExternalArtifact":
        for generator in generators.get(ref.name, ()):
            found = _through_artifact(generator, ref.name, path, cluster_root)
            if found[0] is not None:
                return found
        return None, None
    if ref.name == SYNC_SOURCE:
        return cluster_root, path
    urls = graph.source_urls
    if (
        ref.kind == "GitRepository"
        and urls.get(ref.name)
        and urls.get(ref.name) == urls.get(SYNC_SOURCE)
    ):
        return cluster_root, path  # another GitRepository on this same repository
    return None, None


def _through_artifact(
    generator: Document, name: str, path: str, cluster_root: str
) -> tuple[str | None, str | None]:
    """Map a path inside an ExternalArtifact back to the repository through its copies."""
    aliases = {alias: source for alias, _, source in generator.artifact_sources}
    for artifact, copies in generator.artifacts:
        if artifact != name:
            continue
        for origin, destination in copies:
            alias, _, source_path = origin.lstrip("@").partition("/")
            if aliases.get(alias) != SYNC_SOURCE:
                continue
            to = normalized(destination.removeprefix("@artifact"))
            source_dir = normalized(source_path.replace("**", "").rstrip("*"))
            if path == to or not to or path.startswith(to + "/"):
                rest = path[len(to) :].lstrip("/")
                return cluster_root, normalized(posixpath.join(source_dir, rest))
    return None, None


def _resolve_path(tree: Tree, root: str, path: str, cluster: str) -> str | None:
    """The directory `path` names under `root`; a `${VAR}` segment is matched against the
    directories there, preferring the one named like the cluster."""
    full = normalized(posixpath.join(root, path))
    if "${" not in full:
        return full if full in tree.dirs else None
    pattern = _glob(full)
    matches = sorted(d for d in tree.dirs if fnmatch.fnmatchcase(d, pattern))
    name = posixpath.basename(cluster)
    preferred = [d for d in matches if name in d.split("/")]
    if len(preferred) == 1:
        return preferred[0]
    return matches[0] if len(matches) == 1 else None


def _glob(path: str) -> str:
    out = []
    depth = 0
    for char in path:
        if char == "$" and depth == 0:
            continue
        if char == "{":
            depth += 1
            if depth == 1:
                out.append("*")
            continue
        if char == "}" and depth:
            depth -= 1
            continue
        if depth == 0:
            out.append("[[]" if char == "[" else char)
    return "".join(out).replace("**", "*")


def source_root(tree: Tree, cluster: str) -> str:
    """The directory the cluster's sync source starts at: the repository root, or the
    folder an OCI artifact was built from (the ancestor of the sync path under which the
    paths of its Kustomizations exist)."""
    paths = [
        normalized(doc.spec_path or "")
        for doc in _root_kustomizations(tree, cluster)
        if doc.spec_path and "${" not in doc.spec_path
    ]
    candidates = [""]
    parts = cluster.split("/")
    candidates += ["/".join(parts[:i]) for i in range(1, len(parts))]
    best, score = "", -1
    for candidate in candidates:
        found = sum(1 for p in paths if normalized(posixpath.join(candidate, p)) in tree.dirs)
        if found > score:
            best, score = candidate, found
    return best


def _root_kustomizations(tree: Tree, cluster: str) -> list[Document]:
    found = []
    for item in tree.flux_build(cluster):
        doc = _document(tree, item)
        ref = doc.source_ref if doc is not None else None
        if doc is not None and ref is not None and ref.name == SYNC_SOURCE:
            found.append(doc)
    return found


def _artifact_generators(tree: Tree) -> dict[str, list[Document]]:
    """Each ExternalArtifact name with the ArtifactGenerators that make one of that name."""
    found: dict[str, list[Document]] = {}
    for facts in tree.facts.values():
        for doc in facts.documents:
            if doc.kind == "ArtifactGenerator":
                for name, _ in doc.artifacts:
                    found.setdefault(name, []).append(doc)
    return found
