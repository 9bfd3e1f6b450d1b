"""Where a Flux Kustomization's `spec.path` leads in this repository.

Relative to its source: the cluster's sync source (`flux-system`, or whatever the
root Kustomization names: see sync_sources), at the repository root or at the folder
an OCI artifact was built from; another GitRepository with the same URL; or an
`ExternalArtifact`, mapped back through the `copy` of the ArtifactGenerator that
makes it. Other sources are other
repositories: not followed.
"""

from __future__ import annotations

import fnmatch
import posixpath

from scaffold.flux.vocabulary import FLUX_SYSTEM
from scaffold.model.facts.documents import Document
from scaffold.model.facts.flux_kinds import normalized
from scaffold.model.kustomize_build import KustomizeBuilds
from scaffold.model.sync_sources import SyncSources

SYNC_SOURCE = FLUX_SYSTEM


class Sources:
    """Where the paths of Flux Kustomizations lead in this repository."""

    def __init__(self, builds: KustomizeBuilds) -> None:
        self.builds = builds
        self.sync = SyncSources(builds.facts)
        # ExternalArtifact name -> the ArtifactGenerators making one of that name
        self.generators: dict[str, list[Document]] = {}
        for facts in builds.facts.values():
            for doc in facts.documents:
                for name, _ in doc.artifacts if doc.kind == "ArtifactGenerator" else ():
                    self.generators.setdefault(name, []).append(doc)

    def cluster_root(self, cluster: str) -> str:
        """The directory the cluster's sync source starts at."""
        return source_root(self.builds, cluster, self.sync)

    def resolve(
        self, doc: Document, cluster_root: str, cluster: str
    ) -> tuple[str | None, str | None, bool]:
        """(source root, directory of spec.path, whether it is missing from this repository);
        both None where the source is not this repository or cannot be known."""
        root, path = self._source(doc, cluster_root, cluster)
        if root is None or path is None:
            return None, None, False
        directory = _resolve_path(self.builds, root, path, cluster)
        return root, directory, directory is None and "${" not in path

    def _source(
        self, doc: Document, cluster_root: str, cluster: str
    ) -> tuple[str | None, str | None]:
        """The repository directory the Kustomization's path is relative to, and that path."""
        ref = doc.source_ref
        path = normalized(doc.spec_path or "")
        if ref is None:
            return None, None
        if ref.kind == "ExternalArtifact":
            for generator in self.generators.get(ref.name, ()):
                found = self._through_artifact(generator, ref.name, path, cluster_root, cluster)
                if found[0] is not None:
                    return found
            return None, None
        if self.sync.is_sync_source(cluster, ref.kind, ref.name):
            return cluster_root, path
        return None, None

    def _through_artifact(
        self, generator: Document, name: str, path: str, cluster_root: str, cluster: str
    ) -> tuple[str | None, str | None]:
        """Map a path inside an ExternalArtifact back to the repository through its copies."""
        own = {
            alias
            for alias, kind, source in generator.artifact_sources
            if self.sync.is_sync_source(cluster, kind, source)
        }
        return _through_artifact(generator, name, path, cluster_root, own)


def _through_artifact(
    generator: Document, name: str, path: str, cluster_root: str, own: set[str]
) -> tuple[str | None, str | None]:
    """The repository directory of `path` in artifact `name`, copied from the sources
    whose aliases are `own` (this repository)."""
    for artifact, copies in generator.artifacts:
        if artifact != name:
            continue
        for origin, destination in copies:
            alias, _, source_path = origin.lstrip("@").partition("/")
            if alias not in own:
                continue
            to = normalized(destination.removeprefix("@artifact"))
            source_dir = normalized(source_path.replace("**", "").rstrip("*"))
            if path == to or not to or path.startswith(to + "/"):
                rest = path[len(to) :].lstrip("/")
                return cluster_root, normalized(posixpath.join(source_dir, rest))
    return None, None


def _resolve_path(builds: KustomizeBuilds, root: str, path: str, cluster: str) -> str | None:
    """The directory `path` names under `root`; a `${VAR}` segment is matched against the
    directories there, preferring the one named like the cluster."""
    full = normalized(posixpath.join(root, path))
    if "${" not in full:
        return full if full in builds.dirs else None
    pattern = _glob(full)
    matches = sorted(d for d in builds.dirs if fnmatch.fnmatchcase(d, pattern))
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


def source_root(builds: KustomizeBuilds, cluster: str, sync: SyncSources | None = None) -> str:
    """The directory the cluster's sync source starts at: the repository root, or the
    folder an OCI artifact was built from (the ancestor of the sync path under which the
    paths of its Kustomizations exist)."""
    sync = sync or SyncSources(builds.facts)
    paths = [
        normalized(doc.spec_path or "")
        for doc in _root_kustomizations(builds, cluster, sync)
        if doc.spec_path and "${" not in doc.spec_path
    ]
    candidates = [""]
    parts = cluster.split("/")
    candidates += ["/".join(parts[:i]) for i in range(1, len(parts))]
    best, score = "", -1
    for candidate in candidates:
        found = sum(1 for p in paths if normalized(posixpath.join(candidate, p)) in builds.dirs)
        if found > score:
            best, score = candidate, found
    return best


def _root_kustomizations(
    builds: KustomizeBuilds, cluster: str, sync: SyncSources
) -> list[Document]:
    found = []
    for item in builds.flux_build(cluster):
        doc = builds.document(item)
        ref = doc.source_ref if doc is not None else None
        if doc is not None and ref is not None and sync.is_sync_source(cluster, ref.kind, ref.name):
            found.append(doc)
    return found
