"""The source a cluster is synced from: whatever its root Flux Kustomization names.

`flux bootstrap` and a FluxInstance call it `flux-system`, but a repository set up by
hand may call it anything (`homelab`, `flux-cluster`, the repository's URL as a name).
The root Kustomization of a sync path is one, in a file under that sync path
(gotk-sync.yaml, or any other sync manifest), whose `spec.path` is the sync path,
relative to the repository root or to the sub-folder its source starts at; the
GitRepository, OCIRepository or Bucket its `sourceRef` names is this repository, and
so is another GitRepository on the same URL. A Kustomization elsewhere naming the
same path may sync it from another repository: it says nothing of this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scaffold.flux.vocabulary import FLUX_SYSTEM, KUSTOMIZE_GROUP, SYNC_SOURCE_KINDS
from scaffold.model.facts.documents import FileFacts
from scaffold.model.facts.flux_kinds import normalized

# (kind, name) of a source
SourceName = tuple[str, str]
DEFAULT_SYNC_SOURCES: frozenset[SourceName] = frozenset(
    (kind, FLUX_SYSTEM) for kind in SYNC_SOURCE_KINDS
)


class SyncSources:
    """Which sources are each cluster's own repository."""

    def __init__(self, facts: Mapping[str, FileFacts]) -> None:
        # normalised spec.path -> ((file, source kind, source name), ...) of the Flux
        # Kustomizations syncing it: collected once, asked once per cluster.
        self._by_path: dict[str, list[tuple[str, str, str]]] = {}
        # GitRepository name -> its URL (without credentials)
        self.urls: dict[str, str] = {}
        for path, file_facts in facts.items():
            for doc in file_facts.documents:
                if doc.kind == "GitRepository" and doc.name and doc.source_url:
                    self.urls.setdefault(doc.name, doc.source_url)
                ref = doc.source_ref
                if (
                    doc.kind != "Kustomization"
                    or not doc.group.startswith(KUSTOMIZE_GROUP)
                    or ref is None
                    or ref.kind not in SYNC_SOURCE_KINDS
                    or not doc.spec_path
                    or "${" in doc.spec_path
                ):
                    continue
                target = normalized(doc.spec_path)
                self._by_path.setdefault(target, []).append((path, ref.kind, ref.name))
        self._names: dict[str, frozenset[SourceName]] = {}

    def names(self, cluster: str) -> frozenset[SourceName]:
        """The sources that are this repository for `cluster`: `flux-system`, and what its
        root Kustomizations name."""
        if cluster not in self._names:
            self._names[cluster] = DEFAULT_SYNC_SOURCES | frozenset(self._named(cluster))
        return self._names[cluster]

    def _named(self, cluster: str) -> Iterable[SourceName]:
        for root in _roots(cluster):
            relative = cluster[len(root) :].lstrip("/")
            for path, kind, name in self._by_path.get(relative, ()):
                if path.startswith(cluster + "/"):
                    yield kind, name

    def is_sync_source(self, cluster: str, kind: str, name: str) -> bool:
        """Whether the source `kind`/`name` is the repository `cluster` is synced from."""
        names = self.names(cluster)
        if (kind, name) in names:
            return True
        url = self.urls.get(name) if kind == "GitRepository" else None
        return bool(url) and any(
            url == self.urls.get(own) for own_kind, own in names if own_kind == "GitRepository"
        )


def _roots(cluster: str) -> list[str]:
    """The repository root and each ancestor of `cluster` a source may start at."""
    parts = cluster.split("/")
    return ["", *("/".join(parts[:i]) for i in range(1, len(parts)))]
