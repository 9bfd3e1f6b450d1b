"""Building the deployment graph of a sync path from the model lint builds (`RepoContext`).

From the root Kustomization (the one `flux bootstrap` makes for the sync path),
each Flux Kustomization applies the files kustomize-controller would build from
its `spec.path` (`Layout.applied`); an object belongs to the deepest
Kustomization that applies it. References resolve against the objects in the
tree first, then against the whole repository as lint resolves them, so a
reference is dangling exactly when lint reports it unresolved.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from scaffold.authoring.graph import Edge, EdgeKind, Graph, Node, State, node_key
from scaffold.model.facts.documents import Document, Ref
from scaffold.model.kustomize import under
from scaffold.model.objects import ObjectIndex, index_documents
from scaffold.model.repo import RepoContext
from scaffold.repository.sync_path import normalize_sync_path

KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io"
SOURCE_KINDS = ("HelmRepository", "GitRepository", "Bucket", "OCIRepository", "HelmChart")
SHOWN_KINDS = ("HelmRelease", *SOURCE_KINDS, "SealedSecret", "Secret", "ConfigMap")
# What `flux bootstrap` names the Kustomization that syncs the sync path.
BOOTSTRAP = "flux-system"


def is_flux_kustomization(doc: Document) -> bool:
    """Whether `doc` is a Flux Kustomization (not a kustomize one)."""
    return doc.kind == "Kustomization" and doc.group == KUSTOMIZE_GROUP


class Builder:
    """One graph for one sync path of one repository context."""

    def __init__(self, ctx: RepoContext, sync_path: str) -> None:
        self.ctx = ctx
        self.sync_path = sync_path
        self.by_file: dict[str, list[Document]] = {}
        for facts, doc in ctx.documents():
            self.by_file.setdefault(facts.path, []).append(doc)
        self.index: ObjectIndex = index_documents(
            doc for _, doc in ctx.documents(kustomizations=True)
        )

    def build(self) -> Graph:
        """The graph: Kustomizations reachable from the root, what they apply, and references."""
        root = self._root()
        graph = Graph(root=root.key, sync_path=self.sync_path)
        graph.add_node(root)
        paths = self._reachable(graph, root)
        owners = self._owners(paths)
        placed: list[tuple[Node, Document, str]] = []
        for file, owner in sorted(owners.items()):
            for doc in self.by_file[file]:
                node = self._node(doc, file)
                if node is None or node.key == owner:
                    continue
                graph.add_node(node)
                graph.add_edge(Edge(owner, node.key, EdgeKind.applies))
                placed.append((node, doc, file))
        for node, doc, file in placed:
            self._references(graph, node, doc, file)
        return graph

    def _root(self) -> Node:
        for file, docs in sorted(self.by_file.items()):
            for doc in docs:
                if is_flux_kustomization(doc) and self._spec_path(doc) == self.sync_path:
                    node = self._node(doc, file)
                    assert node is not None
                    return node
        return Node(
            node_key("Kustomization", BOOTSTRAP, BOOTSTRAP),
            "Kustomization",
            BOOTSTRAP,
            BOOTSTRAP,
            detail=self.sync_path,
        )

    def _spec_path(self, doc: Document) -> str | None:
        if not doc.spec_path:
            return None
        path = posixpath.normpath(normalize_sync_path(doc.spec_path))
        return None if path.startswith("..") else ("" if path == "." else path)

    def _reachable(self, graph: Graph, root: Node) -> dict[str, str]:
        """Node key -> spec.path of every Kustomization reachable from `root`."""
        paths = {root.key: self.sync_path}
        frontier = [root.key]
        while frontier:
            key = frontier.pop()
            for file in self._applied(paths[key]):
                for doc in self.by_file[file]:
                    node = self._node(doc, file) if is_flux_kustomization(doc) else None
                    if node is None or node.key in paths:
                        continue
                    graph.add_node(node)
                    path = self._spec_path(doc)
                    if path is not None and not node.external:
                        paths[node.key] = path
                        frontier.append(node.key)
        return paths

    def _applied(self, path: str) -> Iterator[str]:
        for file in self.by_file:
            inside = under(file, path) if path else True
            if inside and self.ctx.layout.applied(file, path):
                yield file

    def _owners(self, paths: dict[str, str]) -> dict[str, str]:
        """File -> key of the deepest Kustomization applying it."""
        owners: dict[str, tuple[int, str]] = {}
        for key, path in paths.items():
            for file in self._applied(path):
                if file not in owners or len(path) > owners[file][0]:
                    owners[file] = (len(path), key)
        return {file: key for file, (_, key) in owners.items()}

    def _node(self, doc: Document, file: str) -> Node | None:
        if not doc.name or not doc.kind:
            return None
        flux_kustomization = is_flux_kustomization(doc)
        if not flux_kustomization and doc.kind not in SHOWN_KINDS:
            return None
        detail, external = None, False
        if flux_kustomization:
            source = doc.source_ref
            # Paths of another source (a Git repository, an OCI artifact) are not in this one.
            external = source is not None and (
                source.kind != "GitRepository" or source.name != BOOTSTRAP
            )
            detail = self._spec_path(doc) if doc.spec_path else None
            if external and source is not None:
                detail = f"{doc.spec_path or '.'} of {source.kind} {source.name}"
        elif doc.kind == "HelmRelease":
            target = doc.target_namespace
            into = f"into {target}" if target and target != doc.namespace else None
            detail = " ".join(p for p in (doc.chart_name, doc.chart_version, into) if p) or None
        key = node_key(doc.kind, doc.namespace, doc.name)
        return Node(key, doc.kind, doc.name, doc.namespace, path=file, detail=detail,
                    external=external)  # fmt: skip

    def _references(self, graph: Graph, node: Node, doc: Document, file: str) -> None:
        if doc.kind == "HelmRelease":
            for ref in (doc.chart_source_ref, doc.chart_ref):
                if ref is not None and ref.name:
                    kinds = (ref.kind,) if ref.kind else SOURCE_KINDS
                    self._link(graph, node, doc, ref, kinds, EdgeKind.chart)
            for ref in doc.values_from:
                if ref.name and ref.kind in ("Secret", "ConfigMap"):
                    self._link(graph, node, doc, ref, (ref.kind,), EdgeKind.values)
        default = "HelmRelease" if doc.kind == "HelmRelease" else "Kustomization"
        for dependency in doc.depends_on:
            ref = Ref(default, dependency.name, dependency.namespace, (0, 0))
            self._link(graph, node, doc, ref, (default,), EdgeKind.depends_on)

    def _link(
        self,
        graph: Graph,
        node: Node,
        doc: Document,
        ref: Ref,
        kinds: tuple[str, ...],
        kind: EdgeKind,
    ) -> None:
        target = self._find(graph, kinds, ref, doc.namespace)
        if target is None:
            namespace = ref.namespace or doc.namespace
            exists = kind is not EdgeKind.depends_on and self.index.resolves(
                kinds, ref, doc.namespace
            )
            state = State.outside if exists else State.missing
            shown_kind = kinds[0] if len(kinds) == 1 else "source"
            target = graph.add_node(
                Node(node_key(shown_kind, namespace, ref.name), shown_kind, ref.name, namespace,
                     state=state)
            )  # fmt: skip
        graph.add_edge(Edge(node.key, target.key, kind, optional=ref.optional))

    def _find(
        self, graph: Graph, kinds: tuple[str, ...], ref: Ref, owner: str | None
    ) -> Node | None:
        wanted = ref.namespace or owner
        for candidate in graph.nodes.values():
            if candidate.state is not State.declared or candidate.name != ref.name:
                continue
            kind = candidate.kind
            produces = "Secret" if kind == "SealedSecret" else kind
            if produces in kinds and (
                wanted is None or candidate.namespace is None or candidate.namespace == wanted
            ):
                return candidate
        return None



def build_graph(ctx: RepoContext, sync_path: str) -> Graph:
    """The deployment graph of `sync_path` in the repository `ctx` describes."""
    return Builder(ctx, sync_path).build()
