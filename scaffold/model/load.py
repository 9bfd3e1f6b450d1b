"""Loading the model: `gather` what a source holds, then `load_model` reads every file's
facts (cached by content) and the repository around them.

The two steps are apart so that a consumer can decide from the gathered inputs alone
whether it needs the facts at all (lint reuses its last findings when nothing changed).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from scaffold.errors import ScaffoldError
from scaffold.model.files.discovery import Discovery
from scaffold.model.files.gitignore import IgnoreRules
from scaffold.model.files.names import is_yaml
from scaffold.model.schemas.bundle import DEFAULT_FLUX_MINOR
from scaffold.model.schemas.kubernetes import DEFAULT_KUBERNETES_MINOR
from scaffold.model.source import Source, WorkTree

if TYPE_CHECKING:
    from scaffold.model.findings import Progress
    from scaffold.model.repo import RepoContext

# Bounds the facts pipeline applies unless told otherwise.
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


class Gathered(NamedTuple):
    """What a source holds before any fact is read."""

    source: Source
    discovery: Discovery
    source_ignore: IgnoreRules
    # YAML file -> content key (None: unreadable); empty when the cache is off
    keys: Mapping[str, str | None]
    # The sync paths the repository's own files declare (None: not looked up, or unreadable)
    clusters: tuple[str, ...] | None


@dataclass(frozen=True)
class ModelOptions:
    """What the model is loaded with: the sync paths asked for, what to leave out, and
    what reading the files depends on besides their bytes."""

    sync_paths: Sequence[str] = ()
    configured_sync_paths: Sequence[str] = ()
    exclude: Sequence[str] = ()
    secret_keys: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    flux_version: str = DEFAULT_FLUX_MINOR
    check_schemas: bool = True
    # The Kubernetes minor whose schemas built-in objects are validated against
    kubernetes_version: str = DEFAULT_KUBERNETES_MINOR
    check_kubernetes_schemas: bool = True
    # Options of the consumer's checks that the facts depend on (part of the cache key),
    # and that the model hands on to them.
    consumer_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    jobs: int | None = None
    cache: bool = True
    progress: Progress | None = None
    # Files read with these bytes instead of the source's (`lint - --stdin-filename`); a
    # load with any neither reads nor writes the facts cache.
    contents: Mapping[str, bytes] = field(default_factory=dict)
    # Keep the documents the renderer reads of each file parsed (`RepoContext.parsed`):
    # for a consumer that renders, the file is then composed once.
    documents: bool = False


def gather(source: Source, options: ModelOptions) -> Gathered:
    """The files of `source`, their content keys, the ignore rules, the declared clusters."""
    discovery = source.discover()
    if options.contents:
        discovery.files = sorted({*discovery.files, *options.contents})
    yaml_files = [p for p in discovery.files if is_yaml(p)]
    clusters = None
    if not options.sync_paths:
        from scaffold.model.sync_paths import recorded_sync_paths

        with contextlib.suppress(ScaffoldError):  # reported when the run needs them
            clusters = tuple(recorded_sync_paths(source))
    return Gathered(
        source=source,
        discovery=discovery,
        source_ignore=source.source_ignore(),
        keys=(
            source.content_keys(discovery, yaml_files)
            if options.cache and not options.contents
            else {}
        ),
        clusters=clusters,
    )


def load_model(
    source: Source | Path, options: ModelOptions | None = None, gathered: Gathered | None = None
) -> RepoContext:
    """The model of `source` (a work tree's root, or any `Source`)."""
    # The facts pipeline loads here, when a caller reads facts: one that reuses earlier
    # results, or reads an empty repository, never pays for it.
    from scaffold.model.facts.collect import CollectOptions, collect_facts
    from scaffold.model.facts.parse import ParseOptions
    from scaffold.model.facts.pool import default_jobs
    from scaffold.model.gc_pause import no_cyclic_gc
    from scaffold.model.kustomize import without_chart_templates
    from scaffold.model.render.nodes import documents_of
    from scaffold.model.repo import RepoContext
    from scaffold.model.sync_paths import declared_sync_paths, sync_paths_from_facts

    options = options or ModelOptions()
    if isinstance(source, Path):
        source = WorkTree(source)
    inputs = gathered or gather(source, options)
    discovery = inputs.discovery
    files = without_chart_templates(without_excluded(discovery.files, options.exclude))
    parse_options = ParseOptions(
        secret_keys=options.secret_keys,
        max_file_size=options.max_file_size,
        flux_version=options.flux_version,
        check_schemas=options.check_schemas,
        kubernetes_version=options.kubernetes_version if options.check_kubernetes_schemas else None,
    )
    documents: dict[str, Any] = {}
    collect = CollectOptions(
        parse=parse_options,
        rule_options=options.consumer_options,
        jobs=options.jobs or default_jobs(),
        use_cache=options.cache and not options.contents,
        progress=options.progress,
        contents=options.contents,
        nodes=documents_of if options.documents else None,
        read_from_nodes=documents if options.documents else None,
    )
    with no_cyclic_gc():
        facts = collect_facts(
            source, discovery, files, collect, inputs.keys if options.cache else None
        )
    declared = declared_sync_paths(
        source, options.sync_paths, options.configured_sync_paths, inputs.clusters
    )
    return RepoContext(
        root=discovery.root,
        files=files,
        facts=facts,
        declared_sync_paths=(
            list(declared) if declared is not None else sync_paths_from_facts(facts)
        ),
        ignore=discovery.ignore,
        source=source,
        source_ignore=inputs.source_ignore,
        tracked=discovery.tracked,
        options=options.consumer_options,
        skipped=skipped_kept(discovery.skipped, options.exclude),
        flux_version=options.flux_version,
        kubernetes_version=options.kubernetes_version,
        discovery=discovery,
        parsed=documents,
    )


def without_excluded(files: list[str], patterns: Sequence[str]) -> list[str]:
    """`files` without those the `exclude:` patterns name."""
    if not patterns:
        return files
    rules = IgnoreRules()
    rules.add("", patterns)
    return [p for p in files if not rules.is_ignored(p)]


def skipped_kept(
    skipped: list[tuple[str, str, str]], patterns: Sequence[str]
) -> list[tuple[str, str, str]]:
    """The files discovery did not read, without those the `exclude:` patterns name."""
    kept = set(without_excluded([path for path, _, _ in skipped], patterns))
    return [entry for entry in skipped if entry[0] in kept]
