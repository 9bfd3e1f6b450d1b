"""Which rendered object a patch may have changed, judged from the object as built.

A patch is matched when kustomize applied it, against the object's name at that step: a
base's prefix may already be on it, an overlay's not yet. The object as built has every
prefix and suffix, its resource document none, so each name between the two counts.
Label selectors are read on the built labels (transformers only add to them). A patch
matched here only when it writes the value the object holds is named as its writer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from scaffold.model.render.problems import BuildError
from scaffold.model.render.resource import split_api_version
from scaffold.model.render.selectors import matches_selector

# Names longer than this are not spelt out name by name (none is valid on a cluster).
MAX_NAME = 253


def _meta(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = obj.get("metadata")
    return meta if isinstance(meta, Mapping) else {}


def object_name(obj: Mapping[str, Any]) -> str:
    """metadata.name as a string ("" without one)."""
    return str(_meta(obj).get("name") or "")


def names_between(original: str, built: str) -> list[str]:
    """Every name the object may have had between its document's and its built one."""
    start = built.find(original) if original else -1
    if start < 0 or len(built) > MAX_NAME:
        return list(dict.fromkeys((original, built)))
    end = start + len(original)
    return [built[i:j] for i in range(start + 1) for j in range(end, len(built) + 1)]


def same_id(patch: Mapping[str, Any], obj: Mapping[str, Any], original: str) -> bool:
    """Whether an untargeted strategic-merge patch document is for this object."""
    name = object_name(patch)
    return patch.get("kind") == obj.get("kind") and name in names_between(
        original, object_name(obj)
    )


def selected(target: Mapping[str, Any], obj: Mapping[str, Any], original: tuple[str, str]) -> bool:
    """Whether a patch `target` selects the object (`original`: its document's name and
    namespace)."""
    group, version = split_api_version(str(obj.get("apiVersion") or ""))
    meta = _meta(obj)
    spaces = {original[1] or "default", str(meta.get("namespace") or "default")}
    values = {
        "group": [group],
        "version": [version],
        "kind": [str(obj.get("kind") or "")],
        "name": names_between(original[0], object_name(obj)),
        "namespace": sorted(spaces),
    }
    try:
        for field, candidates in values.items():
            pattern = target.get(field)
            if pattern and not any(
                re.match(f"^(?:{pattern})$", value) for value in candidates
            ):
                return False
        labels, annotations = meta.get("labels"), meta.get("annotations")
        return matches_selector(
            dict(labels) if isinstance(labels, Mapping) else {},
            str(target.get("labelSelector") or ""), "",
        ) and matches_selector(
            dict(annotations) if isinstance(annotations, Mapping) else {},
            str(target.get("annotationSelector") or ""), "",
        )  # fmt: skip
    except (re.error, BuildError):
        return False
