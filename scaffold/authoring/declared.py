"""The Flux objects already declared under a cluster's sync path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold import yamlfile
from scaffold.errors import ScaffoldError

YAML_SUFFIXES = (".yaml", ".yml")


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


def declared_objects(sync_dir: Path, *kinds: str) -> list[DeclaredObject]:
    """Every object of one of `kinds` in the YAML files under `sync_dir`, sorted by file.

    One pass for several kinds: each file is read once.
    """
    found: list[DeclaredObject] = []
    if not sync_dir.is_dir():
        return found
    for path in sorted(p for p in sync_dir.rglob("*") if p.suffix in YAML_SUFFIXES):
        if not path.is_file():
            continue
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
