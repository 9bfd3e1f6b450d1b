"""Fields of Flux objects that lint's facts do not carry yet: `dependsOn`, a Kustomization's
`sourceRef`. Read from the files the tree holds (bounded YAML, nothing else kept), until
the repository model provides them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold import yamlfile
from scaffold.errors import ScaffoldError


@dataclass(frozen=True)
class Extra:
    """Fields of one document that the facts do not carry yet."""

    depends_on: tuple[tuple[str, str | None], ...] = ()
    source_kind: str | None = None
    source_name: str | None = None
    target_namespace: str | None = None


def read_extra(root: Path, file: str) -> list[Extra]:
    """The extra fields of each document of `file` (relative to `root`), by document index."""
    try:
        documents = yamlfile.parse_all(yamlfile.read_text(root / file), file)
    except ScaffoldError:
        return []  # lint reports the file; the tree shows what the facts hold
    return [_extra_of(doc) for doc in documents]


def _extra_of(doc: Any) -> Extra:
    spec = doc.get("spec") if isinstance(doc, dict) else None
    if not isinstance(spec, dict):
        return Extra()
    source = spec.get("sourceRef")
    kind = source.get("kind") if isinstance(source, dict) else None
    name = source.get("name") if isinstance(source, dict) else None
    target = spec.get("targetNamespace")
    return Extra(
        target_namespace=target if isinstance(target, str) and target else None,
        depends_on=tuple(_depends_on(spec.get("dependsOn"))),
        source_kind=kind if isinstance(kind, str) else None,
        source_name=name if isinstance(name, str) else None,
    )


def _depends_on(entries: Any) -> Iterable[tuple[str, str | None]]:
    for entry in entries if isinstance(entries, list) else []:
        name = entry.get("name") if isinstance(entry, dict) else None
        namespace = entry.get("namespace") if isinstance(entry, dict) else None
        if isinstance(name, str) and name:
            yield name, namespace if isinstance(namespace, str) else None
