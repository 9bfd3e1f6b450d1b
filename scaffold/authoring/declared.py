"""The Flux objects a cluster already declares: what the model places in it, wherever the
file lives, and what lies under its sync path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold import yamlfile
from scaffold.errors import ScaffoldError
from scaffold.repository.convention import ClusterDirs


@dataclass(frozen=True)
class DeclaredObject:
    """One object found in a manifest: its kind, name, namespace and file."""

    kind: str
    name: str
    namespace: str | None
    path: Path


def may_declare(text: str, kind: str) -> bool:
    """Whether `text` can hold a top-level object of `kind`: a block-style `kind:` line at
    column 0, or JSON. Parsing is skipped otherwise: Flux's components file is megabytes of
    CRDs that mention every kind, indented."""
    if text.lstrip().startswith(("{", "[")):
        return kind in text
    pattern = rf"^kind:[ \t]*[\"']?{re.escape(kind)}[\"']?[ \t]*(#[^\n]*)?\r?$"
    return re.search(pattern, text, flags=re.M) is not None


def _documents(path: Path, kinds: tuple[str, ...]) -> Iterator[Any]:
    try:
        text = yamlfile.read_text(path)
        if not any(may_declare(text, kind) for kind in kinds):
            return
        yield from yamlfile.parse_all(text, str(path))
    except ScaffoldError:
        return  # not ours to judge here; the linter reports broken files


def cluster_files(cluster: ClusterDirs, kinds: tuple[str, ...]) -> list[Path]:
    """The files holding an object of `kinds` that the cluster gets (as the model places
    them: applied by any of its Kustomizations) or that lie under its sync path."""
    from scaffold.lint.engine import configured_model

    model = configured_model(cluster.root)
    placed = {
        p.item.path
        for p in model.graph.placed_in(cluster.sync_path)
        if p.item.kind in kinds and not p.item.generated
    }
    below = {
        facts.path
        for facts, doc in model.documents(flux_only=False)
        if doc.kind in kinds and facts.path.startswith(cluster.sync_path + "/")
    }
    return [cluster.root / path for path in sorted(placed | below)]


def declared_objects(cluster: ClusterDirs, *kinds: str) -> list[DeclaredObject]:
    """Every object of one of `kinds` the cluster declares, sorted by file."""
    found: list[DeclaredObject] = []
    for path in cluster_files(cluster, kinds):
        for doc in _documents(path, kinds):
            if not isinstance(doc, dict) or doc.get("kind") not in kinds:
                continue
            meta = doc.get("metadata")
            if isinstance(meta, dict) and isinstance(meta.get("name"), str):
                namespace = meta.get("namespace")
                found.append(
                    DeclaredObject(
                        doc["kind"],
                        meta["name"],
                        namespace if isinstance(namespace, str) else None,
                        path,
                    )
                )
    return found
