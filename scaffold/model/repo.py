"""What cross-file rules see: the facts of every file plus the repository around them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.model.facts.documents import Document, FileFacts
from scaffold.model.files.gitignore import IgnoreRules
from scaffold.model.findings import RawFinding
from scaffold.model.flux_graph import FluxGraph
from scaffold.model.kustomize import Layout, build_layout, is_kustomization_file, under
from scaffold.model.kustomize_build import KustomizeBuilds
from scaffold.model.schemas.bundle import DEFAULT_FLUX_MINOR
from scaffold.model.schemas.kubernetes import DEFAULT_KUBERNETES_MINOR
from scaffold.model.worktree import EXISTS, IS_DIR
from scaffold.repository.convention import helm_dir

if TYPE_CHECKING:
    from scaffold.model.files.discovery import Discovery
    from scaffold.model.nested_clusters import Clusters
    from scaffold.model.references import References
    from scaffold.model.rendering import ClusterRendering, Rendering
    from scaffold.model.source import Source
    from scaffold.model.usage import Usage


# The facts pipeline reads no larger file either (its default bound).
MAX_SOURCE_TEXT = 10 * 1024 * 1024


@dataclass
class RepoContext:
    """The repository being linted, as rules may query it (never re-parsing YAML)."""

    root: Path
    files: list[str]
    facts: Mapping[str, FileFacts]
    # The sync paths as given or declared; `sync_paths` are the clusters they make.
    declared_sync_paths: list[str]
    ignore: IgnoreRules
    # Where the files were read from: the work tree, or a Git revision.
    source: Source | None = None
    source_ignore: IgnoreRules | None = None
    tracked: frozenset[str] | None = None
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # (path, message, hint) of files discovery did not read (see the unchecked-file rule)
    skipped: Sequence[tuple[str, str, str]] = ()
    # The Flux minor the cluster runs (`flux_version` in .gitops-scaffold.yaml).
    flux_version: str = DEFAULT_FLUX_MINOR
    # The Kubernetes minor the cluster runs (`kubernetes_version` in .gitops-scaffold.yaml).
    kubernetes_version: str = DEFAULT_KUBERNETES_MINOR
    # What the source found: every file (linted or not) and how to read it, for rendering.
    discovery: Discovery | None = field(default=None, repr=False)
    # The documents the renderer reads, by content key, of the files parsed with the facts
    # (`ModelOptions.documents`) or rendered already: no file is parsed twice.
    parsed: dict[str, Any] = field(default_factory=dict, repr=False)
    # What the rules asked of the work tree beyond the files, and the answers: a run that
    # reuses these findings must get the same answers (see scaffold.lint.snapshot).
    probes: dict[str, bool] = field(default_factory=dict, init=False, repr=False)
    # One line each that rules say of what they checked (a count, not a finding), by rule id.
    summaries: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    # Answers rules ask for again and again, computed once per run.
    _sync_path_of_dir: dict[str, str | None] = field(default_factory=dict, init=False, repr=False)
    _helm_layout: dict[str, bool] = field(default_factory=dict, init=False, repr=False)
    _documents: dict[tuple[bool, bool], list[tuple[FileFacts, Document]]] = field(
        default_factory=dict, init=False, repr=False
    )
    _rendered: dict[str, ClusterRendering] = field(default_factory=dict, init=False, repr=False)

    def option(self, rule: str, name: str) -> Any:
        """The configured value of a rule option."""
        return self.options.get(rule, {}).get(name)

    def flux_sees(self, path: str) -> bool:
        """Whether source-controller ships `path` to the cluster (not `.sourceignore`d)."""
        return path not in self._flux_ignored

    @cached_property
    def _flux_ignored(self) -> frozenset[str]:
        # Asked by every Flux rule for every file: decide once per file.
        if self.source_ignore is None:
            return frozenset()
        return frozenset(p for p in self.files if self.source_ignore.is_ignored(p))

    def sync_path_of(self, path: str) -> str | None:
        """The (deepest) sync path `path` lies under, or None."""
        # Every file of a directory has the same answer; rules ask once per document.
        directory = path.rpartition("/")[0]
        if directory not in self._sync_path_of_dir:
            owners = [s for s in self.sync_paths if under(path, s)]
            self._sync_path_of_dir[directory] = max(owners, key=len) if owners else None
        return self._sync_path_of_dir[directory]

    @cached_property
    def _source(self) -> Source:
        from scaffold.model.source import WorkTree

        return self.source if self.source is not None else WorkTree(self.root)

    @cached_property
    def layout(self) -> Layout:
        """Which files kustomization files list as resources or patches."""
        return build_layout(self.facts, self.files)

    @cached_property
    def builds(self) -> KustomizeBuilds:
        """The files and kustomization files, buildable directory by directory."""
        return KustomizeBuilds(self.facts, [p for p in self.files if self.flux_sees(p)])

    @cached_property
    def clusters(self) -> Clusters:
        """The clusters of the declared sync paths: one another applies is merged into it."""
        from scaffold.model.nested_clusters import merge_nested

        return merge_nested(self.builds, self.declared_sync_paths)

    @property
    def sync_paths(self) -> list[str]:
        """The sync path of each cluster (a declared one another applies is part of it)."""
        if len(self.declared_sync_paths) < 2:
            return self.declared_sync_paths  # nothing to merge: no graph needed to say so
        return self.clusters.sync_paths

    @cached_property
    def unapplied(self) -> frozenset[str]:
        """The manifest files no cluster applies (none when the clusters are not known)."""
        from scaffold.model.applied import unapplied_files

        return unapplied_files(self.graph, self.facts, self.sync_paths)

    @property
    def notes(self) -> list[str]:
        """What a reader should know about how the model read the repository (one line each)."""
        if len(self.declared_sync_paths) < 2:
            return []
        note = self.clusters.note
        return [note] if note else []

    @property
    def graph(self) -> FluxGraph:
        """What each cluster (sync path) applies, where, and through which Kustomization."""
        return self.clusters.graph

    @cached_property
    def references(self) -> References:
        """Per-cluster indexes of the objects references resolve against."""
        from scaffold.model.references import References

        return References(self)

    @cached_property
    def usage(self) -> Usage:
        """What uses what, per cluster: every reference with the objects that answer it."""
        from scaffold.model.usage import Usage

        return Usage(self)

    def rendering(
        self,
        sync_paths: Sequence[str] | None = None,
        previous: Rendering | Sequence[Rendering] | None = None,
        *,
        cache: bool = False,
    ) -> Rendering:
        """The objects Flux applies on each cluster (or on `sync_paths`), fully rendered.

        Built from every file of the source that source-controller puts in the artifact
        (not only the linted ones); Secret values are as written. What `previous` (another
        state's rendering) built from the same inputs is reused, not built again; `cache`
        reads and keeps the clusters' renderings between runs (`model.render_cache`)."""
        from scaffold.model.render.source_reader import artifact_reader
        from scaffold.model.rendering import render_clusters

        discovery = self.discovery or self._source.discover()
        clusters = list(sync_paths) if sync_paths is not None else self.sync_paths
        if cache and previous is None:
            from scaffold.model import render_cache

            previous = render_cache.earlier_states(self.root, clusters)
        with artifact_reader(self._source, discovery, self.source_ignore) as reader:
            rendering = render_clusters(
                reader, clusters, self.graph.source_roots, previous, self.parsed
            )
        return rendering

    def rendered(self, sync_paths: Sequence[str]) -> Rendering:
        """The rendering of `sync_paths` as `rendering` gives it, each cluster rendered once
        per context: the rules that read it share one rendering."""
        from scaffold.model.rendering import Rendering

        wanted = list(dict.fromkeys(sync_paths))
        missing = [c for c in wanted if c not in self._rendered]
        if missing:
            for cluster in self.rendering(missing).clusters:
                self._rendered[cluster.sync_path] = cluster
        return Rendering([self._rendered[c] for c in wanted if c in self._rendered])

    def keep_rendering(self, *renderings: Rendering) -> None:
        """Keep the clusters of `renderings` (of this state, then of others: a diff's base)
        where anything was built (not all reused), for later runs (`model.render_cache`);
        after output, so what output wrote is kept with them."""
        from scaffold.model import render_cache

        for sync_path in dict.fromkeys(c.sync_path for r in renderings for c in r.clusters):
            states = [c for r in renderings if (c := r.cluster(sync_path)) is not None]
            if any(not k.reused for state in states for k in state.kustomizations):
                render_cache.save(self.root, states)

    @cached_property
    def directories(self) -> list[str]:
        """Every directory holding a linted file ("" for the root)."""
        return sorted({p.rpartition("/")[0] for p in self.files})

    @cached_property
    def manifest_directories(self) -> frozenset[str]:
        """Directories holding at least one Kubernetes manifest."""
        return frozenset(
            facts.path.rpartition("/")[0]
            for facts in self.facts.values()
            if any(doc.api_version and doc.kind for doc in facts.documents)
        )

    def documents(
        self, *, flux_only: bool = True, kustomizations: bool = False
    ) -> Iterator[tuple[FileFacts, Document]]:
        """Non-empty documents that describe objects (not patches, nor kustomization files
        unless asked for: their generators define objects too)."""
        key = (flux_only, kustomizations)
        if key not in self._documents:
            self._documents[key] = list(self._select_documents(flux_only, kustomizations))
        return iter(self._documents[key])

    def _select_documents(
        self, flux_only: bool, kustomizations: bool
    ) -> Iterator[tuple[FileFacts, Document]]:
        for path, file_facts in self.facts.items():
            if path in self.layout.patches:
                continue
            if is_kustomization_file(path) and not kustomizations:
                continue
            if flux_only and not self.flux_sees(path):
                continue
            for doc in file_facts.documents:
                if not doc.empty:
                    yield file_facts, doc

    def recorded_findings(self, rule_id: str) -> Iterator[RawFinding]:
        """The findings of `rule_id` that reading the files recorded (per-file rules)."""
        for file_facts in self.facts.values():
            yield from (f for f in file_facts.findings if f.rule == rule_id)

    def every_document(self) -> Iterator[tuple[FileFacts, Document]]:
        """Every non-empty document of every file, patches and ignored-by-Flux ones included:
        what secret rules look at, since all of it is committed."""
        for file_facts in self.facts.values():
            for doc in file_facts.documents:
                if not doc.empty:
                    yield file_facts, doc

    @cached_property
    def _linted(self) -> frozenset[str]:
        return frozenset(self.files)

    def source_text(self, relative: str) -> str | None:
        """The text of a linted file, or None if it is not one or cannot be read.

        Only files whose content the facts (and so a reused run's key) already cover."""
        if relative not in self._linted:
            return None
        data = self._source.read_small(relative, MAX_SOURCE_TEXT)
        if data is None or len(data) > MAX_SOURCE_TEXT:
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None

    def is_dir(self, relative: str) -> bool:
        """Whether `relative` is a directory in the work tree."""
        return self._probe(IS_DIR, relative)

    def exists(self, relative: str) -> bool:
        """Whether anything, a dangling symlink included, is at `relative` in the work tree."""
        return self._probe(EXISTS, relative)

    def _probe(self, kind: str, relative: str) -> bool:
        key = kind + relative
        if key not in self.probes:
            self.probes[key] = self._source.probe(key)
        return self.probes[key]

    def git_keeps_dir(self, relative: str) -> bool:
        """Whether a clone would have `relative`: Git keeps a directory only with a file in it.

        Outside Git (nothing to clone) the work tree decides.
        """
        if self.tracked is None:
            return self.is_dir(relative)
        return relative in self._git_dirs

    @cached_property
    def _git_dirs(self) -> frozenset[str]:
        # Tracked files, and the untracked ones `git add -A` would commit.
        dirs: set[str] = set()
        for path in (*(self.tracked or ()), *self.files):
            directory = path.rpartition("/")[0]
            while directory and directory not in dirs:
                dirs.add(directory)
                directory = directory.rpartition("/")[0]
        return frozenset(dirs)

    def helm_layout(self, sync_path: str) -> bool:
        """Whether `sync_path` uses the `helm/` convention."""
        if sync_path not in self._helm_layout:
            self._helm_layout[sync_path] = self.is_dir(helm_dir(sync_path))
        return self._helm_layout[sync_path]
