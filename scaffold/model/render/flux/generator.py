"""The kustomization.yaml kustomize-controller writes into a directory before it builds it.

As fluxcd/pkg `kustomize` (v1.39) Generator does: it reads `kustomization.yaml`,
`kustomization.yml` or `Kustomization`, or generates one listing every manifest below
the directory (a subdirectory with its own kustomization file is listed as a whole), then
sets from the Flux Kustomization `namespace` (targetNamespace), `namePrefix`,
`nameSuffix` and `buildMetadata`, appends `patches` and `components`, and merges `images`
by name. The result is the document after Flux's round trip through kustomize's types.
The v1 API has no `spec.patchesStrategicMerge`/`patchesJson6902` (the API server prunes
them), so they are not read; entries of an existing file are not filtered (that is
`flux build`'s ignore option, not the controller's).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scaffold.model.render.flux import goyaml, kustypes
from scaffold.model.render.flux.errors import FluxRenderError
from scaffold.model.render.flux.filesystem import (
    Excluded,
    FileSystem,
    artifact_excluded,
    is_local_relative,
)

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
PRESET = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization"}
PLACEHOLDER_NAMESPACE = "_placeholder"
_SELECTOR_FIELDS = ("group", "version", "kind", "namespace", "name")
_SELECTOR_STRINGS = ("annotationSelector", "labelSelector")
_IMAGE_FIELDS = ("name", "newName", "newTag", "digest")


@dataclass(frozen=True)
class Generated:
    """The kustomization document Flux builds `directory` with, and the file it writes."""

    document: dict[str, Any]
    path: str
    created: bool


def kustomization_file(files: FileSystem, directory: str) -> str | None:
    """The kustomization file of `directory` Flux reads, if it has one."""
    for name in KUSTOMIZATION_FILES:
        path = posixpath.join(directory, name)
        if files.is_file(path):
            return path
    return None


def generate(
    files: FileSystem,
    directory: str,
    spec: Mapping[str, Any],
    excluded: Excluded = artifact_excluded,
    *,
    check: bool = True,
) -> Generated:
    """What Flux builds `directory` (a path in `files`) with for Kustomization `spec`.

    `check` False leaves the manifests of a generated list unread: a caller that builds the
    result reads them anyway, and rejects what kustomize's resource factory would."""
    found = kustomization_file(files, directory)
    if found is None:
        path = posixpath.join(directory, KUSTOMIZATION_FILES[0])
        resources = list_resources(files, directory, excluded, check=check)
        document: Any = (
            dict(PRESET, resources=resources)
            if resources
            else dict(PRESET, namespace=PLACEHOLDER_NAMESPACE)
        )
    else:
        path, document = found, goyaml.load_values(files.read_text(found), found)
    kus = kustypes.decode(document, "Kustomization", path, dict(PRESET))
    if found is not None and not kus.get("resources"):
        kus["buildMetadata"] = ["originAnnotations"]  # else kustomize: "kustomization is empty"
    _apply_spec(kus, spec, files, directory)
    return Generated(kustypes.encode(kus, "Kustomization"), path, found is None)


def list_resources(
    files: FileSystem, directory: str, excluded: Excluded = artifact_excluded, *, check: bool = True
) -> list[str]:
    """The `resources` Flux generates: manifests and kustomization directories, in walk order."""
    found: list[str] = []
    _walk(files, directory, directory, excluded, found, check)
    return found


def _walk(
    files: FileSystem, root: str, directory: str, excluded: Excluded, found: list[str], check: bool
) -> None:
    # Depth first in entry order, with a stack of its own: a tree may be deeper than
    # Python's recursion limit.
    stack = [(directory, iter(files.entries(directory)))]
    while stack:
        parent, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        name, is_dir = entry
        path = posixpath.join(parent, name)
        if excluded(path, is_dir):
            continue
        relative = "./" + posixpath.relpath(path, root)
        if is_dir:
            if kustomization_file(files, path) is not None:
                found.append(relative)
            else:
                stack.append((path, iter(files.entries(path))))
        elif posixpath.splitext("x" + name)[1] in (".yaml", ".yml"):
            if check:
                _check_manifest(files.read_text(path), path)
            found.append(relative)


def _check_manifest(text: str, path: str) -> None:
    """kustomize's resource factory must read the file, or Flux fails generating."""
    for doc in goyaml.load_all(text, path):
        if doc is None:
            continue
        items = doc.get("items") if isinstance(doc, dict) else None
        is_list = isinstance(items, list) and str(doc.get("kind", "")).endswith("List")
        entries = items if is_list and isinstance(items, list) else []
        if not isinstance(doc, dict) or not all(isinstance(item, dict) for item in entries):
            raise FluxRenderError(
                f"{path}: failed to decode Kubernetes YAML: a document is not a mapping",
                "add a kustomization.yaml listing the manifests, or move this file out",
            )


def _apply_spec(
    kus: dict[str, Any], spec: Mapping[str, Any], files: FileSystem, directory: str
) -> None:
    for field, target in (("targetNamespace", "namespace"), ("namePrefix", "namePrefix"),
                          ("nameSuffix", "nameSuffix")):  # fmt: skip
        value = _string(spec, field)
        if value:
            kus[target] = value
    kus["patches"] = (kus.get("patches") or []) + [
        _patch(entry, i) for i, entry in enumerate(_list(spec, "patches"))
    ]
    components = list(kus.get("components") or [])
    for index, component in enumerate(_list(spec, "components")):
        if not isinstance(component, str) or not is_local_relative(component):
            raise FluxRenderError(
                f"spec.components[{index}]: component path {component!r} must be local and relative"
            )
        path = posixpath.normpath(posixpath.join(directory, component))
        if spec.get("ignoreMissingComponents") is True and not files.exists(path):
            continue
        components.append(component)
    kus["components"] = components
    kus["images"] = _merge_images(list(kus.get("images") or []), _list(spec, "images"))
    metadata = _list(spec, "buildMetadata")
    if metadata:
        kus["buildMetadata"] = [str(item) for item in metadata]


def _patch(entry: Any, index: int) -> dict[str, Any]:
    where = f"spec.patches[{index}]"
    if not isinstance(entry, Mapping) or not isinstance(entry.get("patch"), str):
        raise FluxRenderError(f"{where}: a patch needs `patch:`, the patch text as a string")
    target = entry.get("target")
    if target is None:
        return {"patch": entry["patch"]}
    if not isinstance(target, Mapping):
        raise FluxRenderError(f"{where}.target must be a mapping")
    selector = {key: _string(target, key, where + ".target") for key in _SELECTOR_FIELDS}
    for key in _SELECTOR_STRINGS:
        selector[key] = _string(target, key, where + ".target")
    return {"patch": entry["patch"], "target": selector}


def _merge_images(images: list[dict[str, Any]], wanted: list[Any]) -> list[dict[str, Any]]:
    for index, entry in enumerate(wanted):
        if not isinstance(entry, Mapping):
            raise FluxRenderError(f"spec.images[{index}] must be a mapping")
        image = {key: _string(entry, key, f"spec.images[{index}]") for key in _IMAGE_FIELDS}
        existing = next((i for i in images if i.get("name") == image["name"]), None)
        if existing is None:
            images.append(image)
            continue
        if image["newName"]:
            existing["newName"] = image["newName"]
        if image["newTag"] or image["digest"]:  # tag and digest pick the version together
            existing["newTag"], existing["digest"] = image["newTag"], image["digest"]
    return images


def _string(mapping: Mapping[str, Any], key: str, where: str = "spec") -> str:
    value = mapping.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FluxRenderError(f"{where}.{key} must be a string, not a {type(value).__name__}")
    return value


def _list(spec: Mapping[str, Any], key: str) -> list[Any]:
    value = spec.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FluxRenderError(f"spec.{key} must be a list")
    return value
