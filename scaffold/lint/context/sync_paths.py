"""Where the sync paths are: the command line, the config file, answers files, gotk-sync.yaml."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from scaffold.errors import ConfigError
from scaffold.lint.facts.documents import FileFacts
from scaffold.repository.clusters import find_clusters
from scaffold.repository.sync_path import normalize_sync_path, sync_path_problem

GOTK_SYNC_SUFFIX = "/flux-system/gotk-sync.yaml"


def from_gotk_sync(facts: Iterable[FileFacts]) -> list[str]:
    """Sync paths named by the Kustomizations of `*/flux-system/gotk-sync.yaml` files."""
    found = []
    for file_facts in facts:
        if not file_facts.path.endswith(GOTK_SYNC_SUFFIX):
            continue
        for doc in file_facts.documents:
            if doc.kind == "Kustomization" and doc.spec_path and "\\" not in doc.spec_path:
                path = normalize_sync_path(doc.spec_path)
                # An absolute or escaping path is sync-path-mismatch's finding, never a target.
                escapes = path.startswith("/") or ".." in posixpath.normpath(path).split("/")
                if path and path != "." and not escapes:
                    found.append(path)
    return found


def find_sync_paths(
    root: Path,
    requested: Sequence[str],
    configured: Sequence[str],
    facts: Mapping[str, FileFacts],
) -> list[str]:
    """The first non-empty of: `--sync-path`, config `sync_paths`, answers files, gotk-sync."""
    for candidates in (requested, configured):
        if candidates:
            return _validated(candidates)
    clusters = [c.sync_path for c in find_clusters(root)]
    if clusters:
        return sorted(set(clusters))
    return sorted(set(from_gotk_sync(facts.values())))


def _validated(paths: Sequence[str]) -> list[str]:
    result = []
    for value in paths:
        path = posixpath.normpath(normalize_sync_path(value)) if value.strip() else ""
        problem = sync_path_problem(path) if path else "it is empty"
        if problem and (not path or "\\" in path or path.startswith(("/", "..")) or path == "."):
            raise ConfigError(
                f"invalid sync path {value!r}: {problem}",
                hint="give a path relative to the repository root, such as clusters/dev",
            )
        result.append(path)
    return sorted(set(result))
