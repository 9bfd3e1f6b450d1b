"""Where the sync paths are: the command line, the config file, answers files, then what
the repository says: gotk-sync.yaml, a FluxInstance's `spec.sync.path`, or the
`instance.sync.path` value of the flux-instance chart (in a HelmRelease or a values file)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from scaffold.errors import ConfigError, UsageError
from scaffold.model.source import Source, WorkTree
from scaffold.repository.clusters import Cluster
from scaffold.repository.flux_sync import sub_folder_sync_path
from scaffold.repository.sync_path import normalize_sync_path, sync_path_problem

if TYPE_CHECKING:
    from scaffold.model.facts.documents import FileFacts
    from scaffold.model.repo import RepoContext


GOTK_SYNC_SUFFIX = "/flux-system/gotk-sync.yaml"


def from_gotk_sync(facts: Iterable[FileFacts]) -> list[str]:
    """Sync paths named by the Kustomizations of `*/flux-system/gotk-sync.yaml` files
    (inside the sub-folder root a file lives in: see repository.flux_sync)."""
    facts = list(facts)
    directories = {d for f in facts for d in _ancestors(f.path)}
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
                    found.append(
                        sub_folder_sync_path(file_facts.path, path, directories.__contains__)
                    )
    return found


def from_flux_instances(facts: Mapping[str, FileFacts]) -> list[str]:
    """Sync paths named by FluxInstances (or flux-instance chart values).

    An OCI artifact may be built from a sub-folder: a path that is not a directory
    at the root is looked for as the tail of exactly one directory.
    """
    named = {
        normalize_sync_path(doc.sync_path)
        for file_facts in facts.values()
        for doc in file_facts.documents
        if doc.sync_path and "${" not in doc.sync_path and "\\" not in doc.sync_path
    }
    found = []
    for path in sorted(p.strip("/") for p in named if p and p != "." and ".." not in p):
        if _has_directory(facts, path):
            found.append(path)
            continue
        tails = sorted({d for f in facts for d in _ancestors(f) if d.endswith("/" + path)})
        if len(tails) == 1:
            found.append(tails[0])
    return found


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _has_directory(facts: Mapping[str, FileFacts], directory: str) -> bool:
    prefix = directory + "/"
    return any(p.startswith(prefix) for p in facts)


def sync_paths_from_facts(facts: Mapping[str, FileFacts]) -> list[str]:
    """The sync paths the files name: `gotk-sync.yaml` and FluxInstance objects."""
    return sorted(set(from_gotk_sync(facts.values())) | set(from_flux_instances(facts)))


def declared_sync_paths(
    source: Source,
    requested: Sequence[str],
    configured: Sequence[str],
    clusters: Sequence[str] | None = None,
) -> list[str] | None:
    """The sync paths named without reading the files' facts, or None: `--sync-path`,
    config `sync_paths`, then the clusters the repository's own files record (`clusters`
    when the caller found them already)."""
    for candidates in (requested, configured):
        if candidates:
            return validated_sync_paths(candidates)
    if clusters is None:
        clusters = recorded_sync_paths(source)
    return sorted(set(clusters)) if clusters else None


def recorded_sync_paths(source: Source) -> list[str]:
    """The sync paths the source's answers files, `gotk-sync.yaml` and FluxInstance files
    record (read before any fact: see `repository.clusters.recorded_clusters`)."""
    return sorted({c.sync_path for c in source.recorded_clusters()})


def clusters_of(model: RepoContext) -> list[Cluster]:
    """The model's clusters (its `sync_paths`, as lint counts them), each with what an
    answers file or Flux's files record of it: the one list every command chooses from."""
    source = model.source or WorkTree(model.root)
    recorded = {c.sync_path: c for c in source.recorded_clusters()}
    return [recorded.get(p) or Cluster(p, None, {"sync_path": p}) for p in model.sync_paths]


def validated_sync_paths(paths: Sequence[str]) -> list[str]:
    """`paths` as given on the command line or in the config, normalised; ConfigError for
    one that cannot be a sync path."""
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


def require_directories(
    requested: Sequence[str],
    configured: Sequence[str],
    directory: Callable[[str], bool],
    files: Iterable[str],
    config_file: str,
) -> None:
    """Refuse a sync path given with `--sync-path` or in the config file (`config_file`)
    that is not a `directory` of the repository: one clear error, not a finding per
    directory it lacks."""
    named, where, error = (
        (requested, "--sync-path", UsageError)
        if requested
        else (configured, f"{config_file}: sync path", ConfigError)
    )
    for path in validated_sync_paths(named):
        if not directory(path):
            raise error(
                f"{where} {path}: no such directory in the repository",
                hint=_did_you_mean(path, files),
            )


def _did_you_mean(path: str, files: Iterable[str]) -> str:
    import difflib

    directories = {parent for file in files for parent in _ancestors(file)}
    close = difflib.get_close_matches(path, sorted(directories), n=1, cutoff=0.8)
    if close:
        return f"did you mean {close[0]}?"
    return "give the directory of a cluster's sync path, relative to the repository root"
