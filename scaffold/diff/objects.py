"""What the comparison takes: the objects Flux applies on a cluster, and their identity."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True)
class Applied:
    """One object Flux applies on a cluster (a Secret's values may be real: they are masked)."""

    obj: Mapping[str, Any]
    file: str  # repository-relative source file
    kustomization: str  # "namespace/name" of the Flux Kustomization applying it
    prune: bool  # that Kustomization's spec.prune


ClusterObjects = Sequence[Applied]


class Identity(NamedTuple):
    """An object as the API server knows it: its group (not version), kind, namespace, name.

    A tuple, so that hashing and sorting tens of thousands of them stays in C."""

    group: str
    kind: str
    namespace: str
    name: str

    @property
    def label(self) -> str:
        """`Kind namespace/name`, or `Kind name` for a cluster-scoped object."""
        where = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"{self.kind} {where}"


def group_of(api_version: str) -> str:
    """The API group of `api_version` (`""` for the core group's `v1`)."""
    return api_version.rpartition("/")[0] if "/" in api_version else ""


def identity_of(obj: Mapping[str, Any]) -> Identity:
    """The identity of a rendered object."""
    metadata = obj.get("metadata")
    metadata = metadata if isinstance(metadata, Mapping) else {}
    return Identity(
        group=group_of(str(obj.get("apiVersion") or "")),
        kind=str(obj.get("kind") or ""),
        namespace=str(metadata.get("namespace") or ""),
        name=str(metadata.get("name") or ""),
    )
