"""The clusters Flux already syncs from a repository: `gotk-sync.yaml` and `FluxInstance` files.

`flux bootstrap` writes `<sync path>/flux-system/gotk-sync.yaml` (a GitRepository
and a Kustomization whose `spec.path` is the sync path); the Flux Operator's
`FluxInstance` names the same in `spec.sync.{url,ref,path}`. Finding them must stay
cheap (every command and every lint run calls this), so the walk is bounded: no
hidden directories, at most MAX_DEPTH levels and MAX_FILES YAML files; only files
named gotk-sync.yaml are parsed, and only files whose name mentions flux or that
sit in a `flux-system` directory are read to see whether they hold a FluxInstance.

A gotk-sync.yaml in a sub-folder that is a Flux root of its own (a folder holding
another repository's tree, or the folder an artifact is built from) names its path
relative to that folder: `repos/ops/clusters/mgmt/flux-system/gotk-sync.yaml` with
`path: ./clusters/mgmt`, where the repository root has no `clusters/mgmt`, syncs
`repos/ops/clusters/mgmt`.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from scaffold import fs
from scaffold.errors import ScaffoldError
from scaffold.flux.vocabulary import FLUX_SYSTEM, GOTK_SYNC
from scaffold.repository.convention import HELM_DIR, HELM_DIRS
from scaffold.repository.sync_path import normalize_sync_path

MAX_DEPTH = 8
MAX_FILES = 20_000
MAX_PROBE_BYTES = 256 * 1024
FLUX_INSTANCE = re.compile(rb"^kind:\s*['\"]?FluxInstance\b", re.MULTILINE)
YAML_SUFFIXES = (".yaml", ".yml")
SKIPPED_DIRS = frozenset({"node_modules", "vendor"})
HEADS = "refs/heads/"


class FluxSync(NamedTuple):
    """One sync path Flux reconciles, and where the repository says so."""

    sync_path: str
    manifest: str  # POSIX path, relative to the root, of the file that names it
    url: str = ""
    branch: str = ""


def find_flux_syncs(root: Path) -> list[FluxSync]:
    """Every sync path named by a gotk-sync.yaml or FluxInstance under `root`, sorted."""
    found: dict[str, FluxSync] = {}
    for rel in _candidates(root):
        for sync in _read(root, rel):
            sync = in_sub_folder(sync, lambda d: (root / d).is_dir())
            found.setdefault(sync.sync_path, sync)
    return sorted(found.values(), key=lambda s: s.sync_path)


def in_sub_folder(sync: FluxSync, is_dir: Callable[[str], bool]) -> FluxSync:
    """`sync` with its path inside the sub-folder root its gotk-sync.yaml lives in, when
    the path is that folder's tail and no directory of the repository root."""
    return sync._replace(sync_path=sub_folder_sync_path(sync.manifest, sync.sync_path, is_dir))


def sub_folder_sync_path(manifest: str, path: str, is_dir: Callable[[str], bool]) -> str:
    """The directory a gotk-sync.yaml at `manifest` syncing `path` means: `path` itself,
    or the directory the file lives in when that ends with `path` below a sub-folder
    root and the repository root has no `path`."""
    if manifest.rsplit("/", 1)[-1] != GOTK_SYNC:
        return path
    home = posixpath.dirname(posixpath.dirname(manifest))
    if home != path and home.endswith("/" + path) and not is_dir(path):
        return home
    return path


def _candidates(root: Path) -> Iterator[str]:
    seen = 0
    for directory, dirs, files in os.walk(root):
        rel_dir = os.path.relpath(directory, root)
        parts = [] if rel_dir == "." else rel_dir.split(os.sep)
        # The convention's helm directories hold only Helm objects: the bulk of a
        # repository, and never a sync manifest.
        in_helm = bool(parts) and parts[-1] == HELM_DIR
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in SKIPPED_DIRS
            and len(parts) < MAX_DEPTH
            and not (in_helm and d in HELM_DIRS)
        )
        yaml_files = [name for name in files if name.endswith(YAML_SUFFIXES)]
        seen += len(yaml_files)
        if seen > MAX_FILES:
            return
        # Reading every manifest of a large repository costs seconds: a FluxInstance
        # lives by Flux's own files or in a file named after it (flux-instance.yaml...).
        by_flux = FLUX_SYSTEM in parts
        for name in sorted(yaml_files):
            if name != GOTK_SYNC and not (by_flux or "flux" in name.lower()):
                continue
            rel = "/".join([*parts, name])
            if name == GOTK_SYNC or _mentions_flux_instance(Path(directory) / name):
                yield rel


def flux_syncs_in(paths: Iterable[str], read: Callable[[str], bytes | None]) -> list[FluxSync]:
    """The same answer as `find_flux_syncs` for a listed tree (a Git revision): `paths` are
    its files, `read` gives a file's bytes (None when it cannot)."""
    found: dict[str, FluxSync] = {}
    listed = sorted(paths)
    directories = {"/".join(p.split("/")[:i]) for p in listed for i in range(1, p.count("/") + 1)}
    yaml_files = 0
    for rel in listed:
        parts = rel.split("/")
        dirs, name = parts[:-1], parts[-1]
        if not name.endswith(YAML_SUFFIXES) or len(dirs) > MAX_DEPTH or any(
            d.startswith(".") or d in SKIPPED_DIRS for d in dirs
        ):
            continue
        if any(a == HELM_DIR and b in HELM_DIRS for a, b in itertools.pairwise(dirs)):
            continue
        yaml_files += 1
        if yaml_files > MAX_FILES:
            break
        if name != GOTK_SYNC and not (FLUX_SYSTEM in dirs or "flux" in name.lower()):
            continue
        data = read(rel)
        if data is None or (len(data) > MAX_PROBE_BYTES and name != GOTK_SYNC):
            continue
        if name == GOTK_SYNC or FLUX_INSTANCE.search(data):
            for sync in _parsed(rel, data.decode("utf-8", errors="replace")):
                sync = in_sub_folder(sync, directories.__contains__)
                found.setdefault(sync.sync_path, sync)
    return sorted(found.values(), key=lambda s: s.sync_path)


def _parsed(rel: str, text: str) -> Iterator[FluxSync]:
    try:
        from scaffold import yamlfile  # only when there is a file to read

        documents = list(yamlfile.parse_all(text, rel))
    except ScaffoldError:
        return
    yield from _syncs(rel, [d for d in documents if isinstance(d, dict)])


def _mentions_flux_instance(path: Path) -> bool:
    try:
        if path.is_symlink() or fs.reads_git_dir(path) or path.stat().st_size > MAX_PROBE_BYTES:
            return False
        return FLUX_INSTANCE.search(path.read_bytes()) is not None
    except OSError:
        return False


def _read(root: Path, rel: str) -> Iterator[FluxSync]:
    try:
        from scaffold import yamlfile  # only when there is a file to read

        documents = yamlfile.load_all(root / rel, error=ScaffoldError, source=rel)
    except ScaffoldError:
        return  # broken YAML is lint's to report; it names no cluster here
    yield from _syncs(rel, [d for d in documents if isinstance(d, dict)])


def _syncs(rel: str, docs: list[dict[Any, Any]]) -> Iterator[FluxSync]:
    if rel.rsplit("/", 1)[-1] == GOTK_SYNC:
        yield from _from_gotk_sync(rel, docs)
    for doc in docs:
        if doc.get("kind") == "FluxInstance":
            yield from _from_flux_instance(rel, doc)


def _from_gotk_sync(rel: str, docs: list[dict[Any, Any]]) -> Iterator[FluxSync]:
    source = next((d for d in docs if d.get("kind") == "GitRepository"), {})
    spec = _mapping(source.get("spec"))
    url = _text(spec.get("url"))
    branch = _text(_mapping(spec.get("ref")).get("branch"))
    for doc in docs:
        if doc.get("kind") == "Kustomization":
            path = _sync_path(_mapping(doc.get("spec")).get("path"))
            if path:
                yield FluxSync(path, rel, url, branch)


def _from_flux_instance(rel: str, doc: Mapping[Any, Any]) -> Iterator[FluxSync]:
    sync = _mapping(_mapping(doc.get("spec")).get("sync"))
    path = _sync_path(sync.get("path"))
    if path:
        ref = _text(sync.get("ref"))
        branch = ref.removeprefix(HEADS) if ref.startswith(HEADS) else ""
        yield FluxSync(path, rel, _text(sync.get("url")), branch)


def _sync_path(value: object) -> str | None:
    # Structurally safe is enough: a repository bootstrapped by hand may use any directory name.
    if not isinstance(value, str) or "\\" in value or any(c in value for c in "\0\n\r"):
        return None
    path = posixpath.normpath(normalize_sync_path(value)) if value.strip() else ""
    if not path or path == "." or path.startswith(("/", "../")) or path == "..":
        return None
    return path


def _mapping(value: object) -> Mapping[Any, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
