"""The facts of every file: from the cache when the content is unchanged, else parsed.

Cross-file rules run on these facts whenever anything they read changed; a run in
which nothing did reuses the last run's findings (`scaffold.lint.snapshot`).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scaffold.model.facts.cache import FactsCache, cache_path, fingerprint
from scaffold.model.facts.documents import FileFacts
from scaffold.model.facts.parse import ParseOptions, extract, moved, same_facts_class
from scaffold.model.facts.pool import NodesReader, parse_files
from scaffold.model.files.discovery import Discovery, hex_length_of
from scaffold.model.files.names import is_yaml
from scaffold.model.findings import Progress

if TYPE_CHECKING:
    from scaffold.model.source import Source


@dataclass(frozen=True)
class CollectOptions:
    """How facts are gathered: parse options, cores, whether to use the cache."""

    parse: ParseOptions
    rule_options: Mapping[str, Any]
    jobs: int = 1
    use_cache: bool = True
    progress: Progress | None = None
    # Files whose bytes are given (standard input), never read from the work tree.
    contents: Mapping[str, bytes] = field(default_factory=dict)
    # What else reads the nodes of each file parsed, and where its results go by content key
    # (the renderer's documents: the file is then composed once for both).
    nodes: NodesReader | None = None
    read_from_nodes: MutableMapping[str, Any] | None = None


def collect_facts(
    source: Source,
    discovery: Discovery,
    files: Sequence[str],
    options: CollectOptions,
    keys: Mapping[str, str | None] | None = None,
) -> dict[str, FileFacts]:
    """The facts of `files`, in their order (a YAML file that cannot be read has none).

    `keys` are the YAML files' content keys when the caller already has them
    (`source.content_keys`). Otherwise they are worked out here when the cache has entries
    to match, and only the blob ids known without reading are used to find copies.
    """
    root = discovery.root
    reader = source.reader(discovery)
    yaml_files = [p for p in files if is_yaml(p)]
    hex_length = hex_length_of(discovery)
    cache = None
    known: dict[str, FileFacts] = {}
    todo = yaml_files
    if options.use_cache:
        cache = FactsCache.load(cache_path(root), fingerprint(options.parse, options.rule_options))
        if cache.entries:
            if keys is None:
                keys = source.content_keys(discovery, yaml_files)
            known, todo = _from_cache(cache, yaml_files, keys)
    given = {path: data for path, data in options.contents.items() if path in yaml_files}
    known.update((path, extract(path, data, options.parse)) for path, data in given.items())
    todo = [path for path in todo if path not in given]
    # Files with the same bytes (a component deployed to every cluster, each cluster's
    # gotk-components.yaml) are parsed once; the others get those facts at their path.
    copies = _same_bytes(todo, keys if keys is not None else source.known_blobs(discovery))
    covered = sum(1 + len(where) for where in copies.values())
    nodes = options.nodes if options.read_from_nodes is not None else None
    parsed = parse_files(
        reader, list(copies), options.parse, jobs=options.jobs, hex_length=hex_length,
        progress=_of_every_file(options.progress, len(files), covered), nodes=nodes,
    )  # fmt: skip
    unread = set(copies).difference(path for path, _, _, _ in parsed)
    if unread:  # a copy may be readable where the file it copies was not: read each
        orphans = [where for path in unread for where in copies[path]]
        parsed += parse_files(
            reader, orphans, options.parse, jobs=1, hex_length=hex_length, nodes=nodes
        )
        copies.update((where, []) for where in orphans)
    reader.close()
    for path, digest, file_facts, more in parsed:
        if more is not None and options.read_from_nodes is not None:
            options.read_from_nodes[digest] = more
        for where in (path, *copies[path]):
            here = file_facts if where == path else moved(file_facts, where)
            known[where] = here
            if cache is not None:
                cache.put(where, digest, here)
    if cache is not None:
        cache.keep_only(set(yaml_files))
        cache.save()
    return {
        path: known[path] if path in known else FileFacts(path=path, yaml=False)
        for path in files
        if path in known or not is_yaml(path)
    }


def _of_every_file(progress: Progress | None, total: int, covered: int) -> Progress | None:
    """Progress over the `total` files the summary counts, of which parsing covers `covered`
    (the rest are cached, not YAML, or copies): the line ends where the summary starts."""
    if progress is None:
        return None
    before = total - covered

    def counted(done: int, parsing: int) -> None:
        progress(before + done * covered // max(parsing, 1), total)

    return counted


def _same_bytes(paths: Sequence[str], keys: Mapping[str, str | None]) -> dict[str, list[str]]:
    """Each file to parse, with the files whose content key says they hold the same bytes
    (and that kustomize reads alike); a file without a key stands alone."""
    first: dict[tuple[str, bool], str] = {}
    copies: dict[str, list[str]] = {}
    for path in paths:
        key = keys.get(path)
        if key is None:
            copies[path] = []
            continue
        group = (key, same_facts_class(path))
        if group in first:
            copies[first[group]].append(path)
        else:
            first[group] = path
            copies[path] = []
    return copies


def _from_cache(
    cache: FactsCache, yaml_files: Sequence[str], keys: Mapping[str, str | None]
) -> tuple[dict[str, FileFacts], list[str]]:
    """The cached facts still valid, and the files to parse again."""
    known: dict[str, FileFacts] = {}
    todo: list[str] = []
    for path in yaml_files:
        digest = keys.get(path)
        hit = cache.get(path, digest) if digest else None
        if hit is None:
            todo.append(path)
        else:
            known[path] = hit
    return known, todo
