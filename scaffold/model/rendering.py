"""The objects Flux applies on each cluster, with their full content, built offline.

Each cluster starts at its sync path, built as the root Kustomization of `gotk-sync.yaml`
(or as a Kustomization of that path when the repository holds none). Every Flux
Kustomization among the objects is followed in turn: its `spec.path` in this repository,
written into a kustomization file as kustomize-controller writes it (targetNamespace,
patches, images, components, name prefix and suffix), built as kustomize builds it, then
`postBuild` substituted with the variables of `substitute` and of the `substituteFrom`
ConfigMaps and Secrets the cluster's rendered objects hold.

What cannot be reproduced is never guessed: a source in another repository, a remote base,
a Helm chart, a plugin or an encrypted input makes that Kustomization "not rendered" with
the reason; what kustomize or kustomize-controller would reject is a problem. Both are
counted, and the other Kustomizations are still rendered. Secret values are kept here as
written: output masks them (`render.flux.secrets`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import json
import posixpath
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scaffold.flux.vocabulary import FLUX_SYSTEM, KUSTOMIZE_GROUP, SOURCE_GROUP
from scaffold.model.facts.flux_kinds import normalized
from scaffold.model.render.build import Build, Builder
from scaffold.model.render.flux import goyaml
from scaffold.model.render.flux.errors import FluxRenderError
from scaffold.model.render.flux.generator import generate
from scaffold.model.render.flux.refdata import is_sops_encrypted, ref_data
from scaffold.model.render.flux.substitute import apply_post_build
from scaffold.model.render.flux.value_sources import VALUE_SOURCE_KINDS, index_value_sources
from scaffold.model.render.problems import Problem
from scaffold.model.render.reader import MemoReader, Reader, ReadError
from scaffold.model.render.resource import split_api_version
from scaffold.model.render.source_reader import (
    Inputs,
    MappedReader,
    Overlay,
    ReaderFileSystem,
    RecordingReader,
    same_answers,
    walk_files,
)

# A cluster of more Flux Kustomizations than this is refused, not walked for minutes.
MAX_KUSTOMIZATIONS = 10_000
ROOT_NAME = FLUX_SYSTEM
ARTIFACT_GROUP = "source.extensions.fluxcd.io"
# The spec fields the kustomization Flux generates depends on (render.flux.generator).
SOURCE_KINDS = ("GitRepository", "OCIRepository", "Bucket")
# The kinds the walk of a cluster reads objects of
WALKED = frozenset(("Kustomization", "GitRepository", "ArtifactGenerator", "ConfigMap", "Secret"))
GENERATOR_FIELDS = (
    "targetNamespace", "namePrefix", "nameSuffix", "patches", "images", "components",
    "buildMetadata", "ignoreMissingComponents",
)  # fmt: skip
_SECRET_KINDS = ("Secret",)


class RenderedObject:
    """One object as Flux applies it, and the repository file it comes from.

    An object kept by the render cache is read from there only when something asks for it
    (output that has its text does not)."""

    __slots__ = ("_load", "_obj", "api_version", "file", "kind", "text")

    def __init__(
        self,
        obj: dict[str, Any] | None,
        file: str,
        text: str | None = None,
        *,
        load: Callable[[], dict[str, Any]] | None = None,
        api_version: str = "",
        kind: str = "",
    ) -> None:
        self._obj = obj
        self._load = load
        self.file = file
        # The object as output writes it, when it holds nothing to mask (set by output, and
        # kept with the object by model.render_cache)
        self.text = text
        self.api_version = str(obj.get("apiVersion") or "") if obj is not None else api_version
        self.kind = str(obj.get("kind") or "") if obj is not None else kind

    @property
    def obj(self) -> dict[str, Any]:
        """The object (read from the cache the first time, for a kept one)."""
        if self._obj is None:
            assert self._load is not None
            self._obj = self._load()
            self._load = None
        return self._obj

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """(API group, kind, namespace, name): the object on the cluster, any version."""
        meta = self.obj.get("metadata") or {}
        group = split_api_version(str(self.obj.get("apiVersion") or ""))[0]
        return (group, str(self.obj.get("kind") or ""), str(meta.get("namespace") or ""),
                str(meta.get("name") or ""))  # fmt: skip


@dataclass
class RenderedKustomization:
    """One Flux Kustomization of a cluster and the objects it applies, or why there are none."""

    cluster: str
    namespace: str
    name: str
    declared_in: str
    directory: str | None
    spec: Mapping[str, Any] = field(default_factory=dict)
    objects: list[RenderedObject] = field(default_factory=list)
    not_rendered: list[str] = field(default_factory=list)
    # What kustomize or kustomize-controller would reject, at the file (and line) causing it
    problems: list[Problem] = field(default_factory=list)
    # postBuild variables left as written, and the sources not in the repository
    kept: tuple[str, ...] = ()
    unavailable: tuple[str, ...] = ()
    # Values postBuild took from Secrets (output masks them wherever they landed)
    secret_values: frozenset[str] = frozenset()
    # The Kustomization whose objects include this one ("" for the cluster's root)
    parent: str = ""
    # What the build read (so a later state can reuse it: render.source_reader.Inputs), the
    # ConfigMaps and Secrets postBuild looked up (digests), and whether it was reused
    inputs: Inputs = field(default_factory=dict, repr=False)
    lookups: dict[tuple[str, str, str], str | None] = field(default_factory=dict, repr=False)
    reused: bool = False
    # Nothing in it to mask (a Kustomization kept by the render cache is such)
    clean: bool = False

    @property
    def key(self) -> str:
        """`namespace/name`."""
        return f"{self.namespace}/{self.name}"

    @property
    def rendered(self) -> bool:
        """Whether every object was rendered (nothing skipped, nothing rejected)."""
        return not self.not_rendered and not self.problems

    @property
    def prune(self) -> bool:
        """Whether Flux deletes what leaves this Kustomization."""
        return self.spec.get("prune") is True

    @property
    def depends_on(self) -> list[str]:
        """The `namespace/name` of each Kustomization this one waits for."""
        out = []
        for entry in self.spec.get("dependsOn") or ():
            if isinstance(entry, Mapping) and entry.get("name"):
                out.append(f"{entry.get('namespace') or self.namespace}/{entry['name']}")
        return out


@dataclass
class ClusterRendering:
    """Every Kustomization one cluster reaches from its sync path, in dependency order."""

    sync_path: str
    kustomizations: list[RenderedKustomization] = field(default_factory=list)
    # The sync source (kind, namespace, name) and the root Kustomization's key
    sync_source: tuple[str, str, str] = ("", FLUX_SYSTEM, FLUX_SYSTEM)
    root: str = ""
    # The directory the sync source starts at (its Kustomizations' paths are relative to it)
    source_root: str = ""

    def objects(self) -> Iterator[tuple[RenderedKustomization, RenderedObject]]:
        """Each object with the Kustomization applying it."""
        for kustomization in self.kustomizations:
            for obj in kustomization.objects:
                yield kustomization, obj

    def find(self, key: str) -> RenderedKustomization | None:
        """The Kustomization `namespace/name` (or a unique `name`), if this cluster has it."""
        exact = [k for k in self.kustomizations if k.key == key]
        if exact or "/" in key:
            return exact[0] if exact else None
        named = [k for k in self.kustomizations if k.name == key]
        return named[0] if len(named) == 1 else None


@dataclass
class Rendering:
    """The rendered clusters."""

    clusters: list[ClusterRendering] = field(default_factory=list)

    def incomplete(self) -> list[RenderedKustomization]:
        """The Kustomizations not (wholly) rendered."""
        return [k for c in self.clusters for k in c.kustomizations if not k.rendered]

    def built(self) -> list[RenderedKustomization]:
        """The Kustomizations built in this run (not reused from an earlier rendering)."""
        return [k for c in self.clusters for k in c.kustomizations if not k.reused]

    def cluster(self, sync_path: str) -> ClusterRendering | None:
        """The rendering of one cluster, if it was rendered."""
        return next((c for c in self.clusters if c.sync_path == sync_path), None)

    def only(self, sync_path: str) -> Rendering:
        """The rendering of one cluster alone (none, if it was not rendered)."""
        return Rendering([c for c in self.clusters if c.sync_path == sync_path])


# Parsed manifests: by path in one reader, and by content key (render.build.Builder).
_Parsed = tuple[dict[str, Any], dict[str, Any]]
# Where a Kustomization's path is read: reader, directory, parse caches, repository names.
_Where = tuple[Reader, str, _Parsed, dict[str, str]]


@dataclass(frozen=True)
class _Pending:
    namespace: str
    name: str
    declared_in: str
    spec: Mapping[str, Any]
    parent: str


def render_clusters(
    reader: Reader,
    sync_paths: Sequence[str],
    source_roots: Mapping[str, str],
    previous: Rendering | Sequence[Rendering] | None = None,
    parsed: dict[str, Any] | None = None,
) -> Rendering:
    """Every cluster of `sync_paths`, read through `reader` (the files Flux's artifact holds).

    A Kustomization of `previous` (other states of the repository, the first tried first)
    whose spec and every input read the same here is reused, not built again: the result
    is the same. `parsed`
    holds documents by content key (`render.nodes.Documents`): what it has is not parsed
    again, and what is parsed is added to it."""
    memo = MemoReader(reader)
    documents: dict[str, Any] = {}
    parsed = {} if parsed is None else parsed
    states = [previous] if isinstance(previous, Rendering) else list(previous or ())
    clusters = []
    for sync in sync_paths:
        before = [c for state in states if (c := state.cluster(sync)) is not None]
        cluster = _Cluster(memo, sync, source_roots.get(sync, ""), (documents, parsed), before)
        clusters.append(cluster.render())
    return Rendering(clusters)


def render_directory(reader: Reader, directory: str) -> Build:
    """One directory built as Flux builds a Kustomization whose `spec.path` it is (no postBuild)."""
    return _build(MemoReader(reader), normalized(directory), {}, ({}, {}))


class _Cluster:
    """The walk of one cluster from its sync path."""

    def __init__(
        self,
        reader: Reader,
        sync_path: str,
        root: str,
        documents: _Parsed,
        previous: Sequence[ClusterRendering] = (),
    ) -> None:
        self.previous = previous
        # Each earlier state's rendering of a Kustomization, the first state's first
        self.earlier: dict[str, list[RenderedKustomization]] = {}
        for state in previous:
            for kustomization in state.kustomizations:
                self.earlier.setdefault(kustomization.key, []).append(kustomization)
        self.root_inputs: Inputs = {}
        self.checked: dict[int, bool] = {}  # id of an earlier build's inputs -> the same here
        self.reader = reader
        self.sync_path = sync_path
        self.root = root
        self.documents = documents
        # (kind, namespace, name) of the source the sync path is read from; kind "" until
        # gotk-sync.yaml says (a FluxInstance's sync may be an OCIRepository or a Bucket)
        self.sync_source: tuple[str, str, str] = ("", FLUX_SYSTEM, FLUX_SYSTEM)
        self.urls: dict[tuple[str, str], str] = {}  # GitRepository (namespace, name) -> URL
        self.index: dict[tuple[str, str, str], Mapping[str, Any]] = {}
        self.probe: Build | None = None
        # (namespace, name) of an ExternalArtifact -> the generator's aliases and copies
        self.artifacts: dict[
            tuple[str, str], tuple[dict[str, tuple[str, str, str]], list[Any]]
        ] = {}
        self.artifact_documents: dict[tuple[str, str], _Parsed] = {}

    def render(self) -> ClusterRendering:
        cluster = ClusterRendering(self.sync_path)
        root, self.probe = self._reused_root() or self._root()
        cluster.sync_source, cluster.root = self.sync_source, f"{root.namespace}/{root.name}"
        cluster.source_root = self.root
        done: dict[str, RenderedKustomization] = {}
        queue: deque[_Pending] = deque([root])
        waiting: list[tuple[_Pending, RenderedKustomization]] = []
        while queue or waiting:
            if not queue:
                queue.extend(self._retry(waiting, done, cluster))
                continue
            pending = queue.popleft()
            key = f"{pending.namespace}/{pending.name}"
            if key in done or any(f"{p.namespace}/{p.name}" == key for p, _ in waiting):
                continue
            if len(done) + len(waiting) >= MAX_KUSTOMIZATIONS:
                raise FluxRenderError(
                    f"{self.sync_path}: more than {MAX_KUSTOMIZATIONS} Flux Kustomizations",
                    "split the repository, or build one Kustomization",
                )
            result = self._build(pending)
            if result.rendered and self._needs_more(pending, result) and (queue or waiting):
                waiting.append((pending, result))  # its substituteFrom may come later
                continue
            queue.extend(self._finish(pending, result, done, cluster))
        cluster.kustomizations = _in_dependency_order(cluster.kustomizations)
        return cluster

    def _retry(
        self,
        waiting: list[tuple[_Pending, RenderedKustomization]],
        done: dict[str, RenderedKustomization],
        cluster: ClusterRendering,
    ) -> list[_Pending]:
        """Finish the waiting Kustomizations whose sources are now known; else the first one."""
        ready = [w for w in waiting if not self._needs_more(*w)] or waiting[:1]
        found: list[_Pending] = []
        for item in ready:
            waiting.remove(item)
            found.extend(self._finish(item[0], item[1], done, cluster))
        return found

    def _reused_root(self) -> tuple[_Pending, None] | None:
        """An earlier root Kustomization, when everything its discovery read is unchanged."""
        for state in self.previous:
            earlier = next((k for k in state.kustomizations if k.key == state.root), None)
            if earlier is not None and self._reads_the_same(earlier, self.reader):
                self.sync_source = state.sync_source
                return _Pending(
                    earlier.namespace, earlier.name, earlier.declared_in, earlier.spec, ""
                ), None
        return None

    def _reads_the_same(self, earlier: RenderedKustomization, reader: Reader) -> bool:
        """Whether `reader` answers what `earlier`'s build asked as it was answered then
        (asked once per Kustomization of the cluster's own reader)."""
        if reader is not self.reader:
            return same_answers(earlier.inputs, reader)
        found = self.checked.get(id(earlier.inputs))
        if found is None:
            found = self.checked[id(earlier.inputs)] = same_answers(earlier.inputs, reader)
        return found

    def _root(self) -> tuple[_Pending, Build | None]:
        """The sync path's own Kustomization, as gotk-sync.yaml declares it, and its build
        when the generated kustomization does not depend on that declaration."""
        probe = _build(
            RecordingReader(self.reader, self.root_inputs), self.sync_path, {}, self.documents
        )
        for obj, file in zip(probe.objects, probe.sources, strict=True):
            if not _is_flux_kustomization(obj):
                continue
            spec = obj.get("spec") or {}
            if not isinstance(spec, Mapping) or not isinstance(spec.get("path"), str):
                continue
            if normalized(posixpath.join(self.root, spec["path"])) != self.sync_path:
                continue
            found = spec.get("sourceRef")
            ref: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
            meta = obj.get("metadata") or {}
            namespace = str(meta.get("namespace") or FLUX_SYSTEM)
            self.sync_source = (
                str(ref.get("kind") or "GitRepository"),
                str(ref.get("namespace") or namespace),
                str(ref.get("name") or FLUX_SYSTEM),
            )
            root = _Pending(namespace, str(meta.get("name") or ROOT_NAME), file, spec, "")
            return root, None if any(k in spec for k in GENERATOR_FIELDS) else probe
        spec = {"path": "./" + posixpath.relpath(self.sync_path or ".", self.root or ".")}
        return _Pending(FLUX_SYSTEM, ROOT_NAME, "", spec, ""), probe

    def _build(self, pending: _Pending) -> RenderedKustomization:
        result = RenderedKustomization(
            self.sync_path, pending.namespace, pending.name, pending.declared_in, None, pending.spec
        )
        result.parent = pending.parent
        found = self._directory(pending)
        if isinstance(found, str):
            result.not_rendered.append(found)
            return result
        reader, directory, documents, names = found
        result.directory = names.get(directory, directory)
        inputs: Inputs = {("a", ""): _mapping_key(names)} if names else {}
        if not pending.parent:
            inputs.update(self.root_inputs)
        for earlier in self.earlier.get(result.key, ()):
            if (
                earlier.spec == pending.spec
                and earlier.declared_in == pending.declared_in
                and earlier.inputs.get(("a", "")) == inputs.get(("a", ""))
                and self._reads_the_same(earlier, reader)
            ):
                return dataclasses.replace(earlier, reused=True)
        result.inputs = inputs
        if self.probe is not None and not pending.parent and directory == self.sync_path:
            built, self.probe = self.probe, None
        else:
            built = _build(RecordingReader(reader, inputs), directory, pending.spec, documents)
        result.not_rendered.extend(built.not_rendered)
        result.problems.extend(
            dataclasses.replace(p, path=names.get(p.path, p.path)) for p in built.problems
        )
        for obj, built_from in zip(built.objects, built.sources, strict=True):
            file = names.get(built_from, built_from)
            if is_sops_encrypted(obj) and obj.get("kind") not in _SECRET_KINDS:
                result.not_rendered.append(
                    f"{file}: a SOPS-encrypted {obj.get('kind')} (decrypted only on the cluster)"
                )
            result.objects.append(RenderedObject(obj, file))
        if not result.rendered:
            result.objects = []
        else:
            self._remember(result)
        return result

    def _needs_more(self, pending: _Pending, result: RenderedKustomization) -> bool:
        """Whether a `substituteFrom` source is not among the objects rendered so far."""
        post = pending.spec.get("postBuild")
        sources = post.get("substituteFrom") if isinstance(post, Mapping) else None
        for ref in sources if isinstance(sources, list) else ():
            if isinstance(ref, Mapping):
                key = (str(ref.get("kind")), pending.namespace, str(ref.get("name")))
                if key not in self.index:
                    return True
        return False

    def _finish(
        self,
        pending: _Pending,
        result: RenderedKustomization,
        done: dict[str, RenderedKustomization],
        cluster: ClusterRendering,
    ) -> list[_Pending]:
        """Substitute, record, and return the Kustomizations the result applies."""
        if result.reused and any(
            _digest(self.index.get(key)) != digest for key, digest in result.lookups.items()
        ):  # a ConfigMap or Secret postBuild reads has changed: build it again
            self.earlier.pop(result.key, None)
            result = self._build(pending)
        if result.reused:
            self._remember(result)
        elif result.rendered and pending.spec.get("postBuild") is not None:
            self._substitute(pending, result)
        done[result.key] = result
        cluster.kustomizations.append(result)
        children = []
        for rendered in result.objects:
            if rendered.kind not in WALKED:
                continue  # the walk reads only Kustomizations, sources, ConfigMaps, Secrets
            obj = rendered.obj
            if not _is_flux_kustomization(obj):
                self._note_source(obj)
                continue
            meta = obj.get("metadata") or {}
            spec = obj.get("spec")
            child = _Pending(
                str(meta.get("namespace") or "default"),
                str(meta.get("name") or ""),
                rendered.file,
                spec if isinstance(spec, Mapping) else {},
                result.key,
            )
            children.append(child)
        return children

    def _substitute(self, pending: _Pending, result: RenderedKustomization) -> None:
        secrets: set[str] = set()

        def find(kind: str, name: str) -> Mapping[str, Any] | None:
            found = self.index.get((kind, pending.namespace, name))
            result.lookups[(kind, pending.namespace, name)] = _digest(found)
            if found is not None and kind == "Secret":
                secrets.update((ref_data(found).values or {}).values())
            return found

        try:
            done = apply_post_build(
                [o.obj for o in result.objects],
                pending.spec,
                find,
                pending.declared_in or self.sync_path,
            )
        except FluxRenderError as exc:
            where = pending.declared_in or self.sync_path
            result.problems.append(Problem(where, 0, 0, exc.message.removeprefix(f"{where}: ")))
            result.objects = []
            return
        result.objects = [
            RenderedObject(obj, old.file)
            for obj, old in zip(done.objects, result.objects, strict=True)
        ]
        result.kept, result.unavailable = done.kept, done.unavailable
        result.secret_values = frozenset(secrets)
        self._remember(result)

    def _remember(self, result: RenderedKustomization) -> None:
        chosen = (r.obj for r in result.objects if r.kind in VALUE_SOURCE_KINDS)
        index_value_sources(chosen, self.index)

    def _note_source(self, obj: Mapping[str, Any]) -> None:
        """Remember a GitRepository's URL, and the artifacts an ArtifactGenerator makes."""
        group = split_api_version(str(obj.get("apiVersion") or ""))[0]
        meta = obj.get("metadata") or {}
        spec = obj.get("spec") or {}
        if group == ARTIFACT_GROUP and obj.get("kind") == "ArtifactGenerator":
            self._note_generator(str(meta.get("namespace") or "default"), spec)
            return
        if group != SOURCE_GROUP or obj.get("kind") != "GitRepository":
            return
        url = spec.get("url") if isinstance(spec, Mapping) else None
        if isinstance(url, str):
            self.urls[(str(meta.get("namespace") or "default"), str(meta.get("name") or ""))] = url

    def _note_generator(self, namespace: str, spec: Any) -> None:
        if not isinstance(spec, Mapping):
            return
        aliases: dict[str, tuple[str, str, str]] = {}
        for source in spec.get("sources") or ():
            if isinstance(source, Mapping) and source.get("alias"):
                aliases[str(source["alias"])] = (
                    str(source.get("kind") or ""),
                    str(source.get("namespace") or namespace),
                    str(source.get("name") or ""),
                )
        for artifact in spec.get("artifacts") or ():
            if isinstance(artifact, Mapping) and artifact.get("name"):
                copies = artifact.get("copy")
                entries = list(copies) if isinstance(copies, list) else [None]
                self.artifacts[(namespace, str(artifact["name"]))] = (aliases, entries)

    def _directory(self, pending: _Pending) -> _Where | str:
        """Where the Kustomization's `spec.path` is read (reader, directory, parse cache,
        repository names of the reader's paths), or why it cannot be."""
        spec = pending.spec
        ref = spec.get("sourceRef")
        if not isinstance(ref, Mapping):
            if pending.parent:
                return "spec.sourceRef is not set"
            ref = {}
        kind = str(ref.get("kind") or self.sync_source[0] or "GitRepository")
        namespace = str(ref.get("namespace") or pending.namespace)
        name = str(ref.get("name") or self.sync_source[2])
        reader: Reader = self.reader
        root, documents = self.root, self.documents
        names: dict[str, str] = {}
        if kind == "ExternalArtifact":
            made = self._artifact(namespace, name)
            if isinstance(made, str):
                return made
            reader, names = made
            # Its own paths, the same content keys
            root = ""
            documents = self.artifact_documents.setdefault(
                (namespace, name), ({}, self.documents[1])
            )
        elif not self._this_repository(kind, namespace, name):
            return f"its source {kind} {namespace}/{name} is not this repository"
        path = spec.get("path")
        path = path if isinstance(path, str) else ""
        if "${" in path:
            return f"spec.path {path!r} holds a variable no parent substitutes"
        directory = normalized(posixpath.join(root, path))
        if directory.startswith("../") or directory == "..":
            return f"spec.path {path!r} leads outside the repository"
        if not reader.is_dir(directory):
            return f"kustomization path not found: {path!r} (no directory {directory or '.'})"
        return reader, directory, documents, names

    def _artifact(self, namespace: str, name: str) -> tuple[Reader, dict[str, str]] | str:
        """The ExternalArtifact an ArtifactGenerator of this repository makes, as a reader
        of the files it copies (and each copy's path in the repository)."""
        label = f"its source ExternalArtifact {namespace}/{name}"
        made = self.artifacts.get((namespace, name))
        if made is None:
            return f"{label} is made by no ArtifactGenerator the cluster applies"
        aliases, copies = made
        mapping: dict[str, str] = {}
        for entry in copies:
            if not isinstance(entry, Mapping) or set(entry) - {"from", "to"}:
                return f"{label}: a copy entry other than from/to is not rendered"
            origin, to = entry.get("from"), entry.get("to")
            if not isinstance(origin, str) or not isinstance(to, str):
                return f"{label}: a copy entry without from and to"
            alias, _, source_path = origin.removeprefix("@").partition("/")
            if alias not in aliases or not self._this_repository(*aliases[alias]):
                return f"{label} copies from a source that is not this repository"
            if not to.startswith("@artifact"):
                return f"{label}: copy destination {to!r} is not in @artifact"
            destination = normalized(to.removeprefix("@artifact"))
            # `dir/**` and `dir/` copy what the directory holds; a plain path copies a file
            contents = (
                source_path.removesuffix("**")
                if source_path.endswith("/**")
                else (source_path if source_path.endswith("/") else None)
            )
            if contents is not None and not _has_glob(contents):
                base = normalized(posixpath.join(self.root, contents))
                if not self.reader.is_dir(base):
                    return f"{label}: copy from {origin!r} matches no directory"
                for file in walk_files(self.reader, base):
                    rel = posixpath.relpath(file, base)
                    mapping[normalized(posixpath.join(destination, rel))] = file
            elif not _has_glob(source_path):
                file = normalized(posixpath.join(self.root, source_path))
                if not self.reader.is_file(file):
                    return f"{label}: copy from {origin!r} matches no file"
                target = (posixpath.join(destination, posixpath.basename(file))
                          if to.endswith("/") or not destination else destination)  # fmt: skip
                mapping[normalized(target)] = file
            else:
                return f"{label}: copy pattern {origin!r} is not rendered"
        return MappedReader(self.reader, mapping), mapping

    def _this_repository(self, kind: str, namespace: str, name: str) -> bool:
        if (namespace, name) == self.sync_source[1:] and self.sync_source[0] in ("", kind):
            return kind in SOURCE_KINDS
        if kind != "GitRepository" or self.sync_source[0] not in ("", "GitRepository"):
            return False
        url = self.urls.get((namespace, name))
        return url is not None and url == self.urls.get(self.sync_source[1:])


def _digest(obj: Mapping[str, Any] | None) -> str | None:
    """A digest of an object's content (None for no object)."""
    if obj is None:
        return None
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


def _mapping_key(names: Mapping[str, str]) -> str:
    """A digest of an artifact's copies (its path -> repository path)."""
    return hashlib.sha256(json.dumps(sorted(names.items())).encode()).hexdigest()


def _has_glob(path: str) -> bool:
    return any(char in path for char in "*?[{")


def _is_flux_kustomization(obj: Mapping[str, Any]) -> bool:
    group = split_api_version(str(obj.get("apiVersion") or ""))[0]
    return group == KUSTOMIZE_GROUP and obj.get("kind") == "Kustomization"


def _build(reader: Reader, directory: str, spec: Mapping[str, Any], documents: _Parsed) -> Build:
    """kustomize-controller's build of `directory` for a Kustomization of `spec`."""
    files = ReaderFileSystem(reader)
    try:
        generated = generate(files, directory, spec, check=False)
    except FluxRenderError as exc:
        return Build(directory, problems=[Problem(directory or ".", 0, 0, exc.message)])
    except ReadError as exc:
        return Build(directory, problems=[Problem(directory or ".", 0, 0, str(exc))])
    text = goyaml.dump(generated.document).encode()
    builder = Builder(Overlay(reader, {generated.path: text}), *documents)
    built = builder.build(directory)
    if generated.created or not any(p.path == generated.path for p in built.problems):
        return built
    # A rejection in the kustomization Flux rewrote: find the line in the user's own file.
    plain = {str(p): p for p in Builder(reader, *documents).build(directory).problems}
    built.problems = [_located(p, plain, generated.path) for p in built.problems]
    return built


def _located(problem: Problem, plain: Mapping[str, Problem], path: str) -> Problem:
    """`problem` at its place in the user's file when the plain build rejects the same entry;
    else at the file, with no line (the rewritten file's lines are not the user's)."""
    if problem.path != path:
        return problem
    for other in plain.values():
        if other.path == path and other.message == problem.message:
            return other
    return dataclasses.replace(problem, line=0, column=0)


def _in_dependency_order(
    kustomizations: list[RenderedKustomization],
) -> list[RenderedKustomization]:
    """Kustomizations after those they depend on; otherwise in the order they were found.

    Kahn's algorithm, the lowest found index first; a cycle keeps the order found."""
    order = {k.key: i for i, k in enumerate(kustomizations)}
    waits: list[set[str]] = [{d for d in k.depends_on if d in order and d != k.key}
                             for k in kustomizations]  # fmt: skip
    users: dict[str, list[int]] = {}
    for index, deps in enumerate(waits):
        for dep in deps:
            users.setdefault(dep, []).append(index)
    ready = [i for i, deps in enumerate(waits) if not deps]
    heapq.heapify(ready)
    out: list[RenderedKustomization] = []
    placed = [False] * len(kustomizations)
    while len(out) < len(kustomizations):
        if not ready:  # a cycle: take the first one left
            ready = [next(i for i, p in enumerate(placed) if not p)]
        index = heapq.heappop(ready)
        if placed[index]:
            continue
        placed[index] = True
        item = kustomizations[index]
        out.append(item)
        for user in users.get(item.key, ()):
            waits[user].discard(item.key)
            if not waits[user] and not placed[user]:
                heapq.heappush(ready, user)
    return out


def reached_files(rendering: Rendering) -> Iterable[str]:
    """Every file a rendered object comes from."""
    return {o.file for c in rendering.clusters for _, o in c.objects()}


Visible = Callable[[str], bool]
