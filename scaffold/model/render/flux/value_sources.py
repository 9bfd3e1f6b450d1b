"""The objects Flux reads values from, by (kind, namespace, name): the v1 ConfigMaps and
Secrets a Kustomization's `postBuild.substituteFrom` and a HelmRelease's `valuesFrom`
name. One index for the rendering's walk and for what `build` shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

VALUE_SOURCE_KINDS = ("ConfigMap", "Secret")
# (kind, namespace, name), the namespace "default" when the object names none
Key = tuple[str, str, str]
# Finds the ConfigMap or Secret (kind, name) of the namespace a reference is read in.
FindObject = Callable[[str, str], "Mapping[str, Any] | None"]


def value_source_key(obj: Mapping[str, Any]) -> Key | None:
    """The key of `obj` when it is a v1 ConfigMap or Secret, else None."""
    if obj.get("apiVersion") != "v1" or obj.get("kind") not in VALUE_SOURCE_KINDS:
        return None
    meta = obj.get("metadata") or {}
    return str(obj["kind"]), str(meta.get("namespace") or "default"), str(meta.get("name") or "")


def index_value_sources(
    objects: Iterable[Mapping[str, Any]], into: dict[Key, Mapping[str, Any]] | None = None
) -> dict[Key, Mapping[str, Any]]:
    """The ConfigMaps and Secrets of `objects` by key, added to `into` (a later object of
    the same key replaces an earlier one, as it does on the cluster)."""
    found = {} if into is None else into
    for obj in objects:
        key = value_source_key(obj)
        if key is not None:
            found[key] = obj
    return found
