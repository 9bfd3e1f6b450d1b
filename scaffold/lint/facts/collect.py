"""The facts of every file: from the cache when the content is unchanged, else parsed.

Cross-file rules run on these facts whenever anything they read changed; a run in
which nothing did reuses the last run's findings (`scaffold.lint.snapshot`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scaffold.lint.facts.cache import FactsCache, cache_path, fingerprint
from scaffold.lint.facts.documents import FileFacts
from scaffold.lint.facts.parse import ParseOptions
from scaffold.lint.facts.pool import parse_files
from scaffold.lint.files.discovery import Discovery, content_keys, hex_length_of
from scaffold.lint.files.names import is_yaml
from scaffold.lint.model import Progress


@dataclass(frozen=True)
class CollectOptions:
    """How facts are gathered: parse options, cores, whether to use the cache."""

    parse: ParseOptions
    rule_options: Mapping[str, Any]
    jobs: int = 1
    use_cache: bool = True
    progress: Progress | None = None


def collect_facts(
    discovery: Discovery,
    files: Sequence[str],
    options: CollectOptions,
    keys: Mapping[str, str | None] | None = None,
) -> dict[str, FileFacts]:
    """The facts of `files`, in their order (a YAML file that cannot be read has none).

    `keys` are the YAML files' content keys when the caller already has them
    (`content_keys`); they are worked out here otherwise, and only with the cache on.
    """
    root = discovery.root
    yaml_files = [p for p in files if is_yaml(p)]
    hex_length = hex_length_of(discovery)
    cache = None
    known: dict[str, FileFacts] = {}
    todo = yaml_files
    if options.use_cache:
        cache = FactsCache.load(cache_path(root), fingerprint(options.parse, options.rule_options))
        if cache.entries:
            if keys is None:
                keys = content_keys(discovery, yaml_files)
            known, todo = _from_cache(cache, yaml_files, keys)
    parsed = parse_files(
        root, todo, options.parse, jobs=options.jobs, hex_length=hex_length,
        progress=options.progress,
    )  # fmt: skip
    for path, digest, file_facts in parsed:
        known[path] = file_facts
        if cache is not None:
            cache.put(path, digest, file_facts)
    if cache is not None:
        cache.keep_only(set(yaml_files))
        cache.save()
    return {
        path: known[path] if path in known else FileFacts(path=path, yaml=False)
        for path in files
        if path in known or not is_yaml(path)
    }


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
