"""A kustomization's transformers, in the order kustomize's configureBuiltinTransformers lists
them: strategic-merge patches, patches, namespace, prefix, suffix, labels, annotations, JSON 6902
patches, replicas, images, replacements."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import partial
from typing import Any

import yaml

from scaffold.model.render import patches, transformers
from scaffold.model.render.config import TransformerConfig
from scaffold.model.render.kustomization import Kustomization
from scaffold.model.render.parse import load_documents
from scaffold.model.render.problems import BuildError
from scaffold.model.render.replacements import apply_replacements
from scaffold.model.render.resource import Resource

Read = Callable[[str, str], bytes]


def _path(k: Kustomization, entry: str) -> str:
    path = posixpath.normpath(posixpath.join(k.directory, entry))
    return "" if path == "." else path


def _patch_text(k: Kustomization, entry: dict[str, Any], index: int, field: str, read: Read) -> str:
    line, column = k.where(field, index)
    has_path, has_patch = bool(entry.get("path")), bool(str(entry.get("patch") or "").strip())
    if has_path == has_patch:
        which = (
            "patch and path can't be set at the same time"
            if has_path
            else "must specify one of patch and path"
        )
        raise BuildError(k.path, f"{field} entry: {which}", line, column)
    if has_patch:
        return str(entry["patch"])
    try:
        return read(_path(k, str(entry["path"])), k.path).decode("utf-8-sig")
    except BuildError as exc:
        raise BuildError(
            k.path, f"{field} entry: {entry['path']} does not exist", line, column, missing=True
        ) from exc


def _with_position(k: Kustomization, field: str, index: int, apply: Callable[[], None]) -> None:
    try:
        apply()
    except BuildError as exc:
        if exc.problem.path != k.path or exc.problem.line:
            raise
        line, column = k.where(field, index)
        raise BuildError(
            k.path, exc.problem.message, line, column, missing=exc.problem.missing
        ) from exc


def _strategic_merge(k: Kustomization, resources: list[Resource], read: Read) -> None:
    for index, entry in enumerate(k.strings("patchesStrategicMerge")):
        text = entry
        inline = "\n" in entry or entry.lstrip().startswith(("{", "apiVersion", "kind"))
        if not inline:
            text = _patch_text(k, {"path": entry}, index, "patchesStrategicMerge", read)
        try:
            documents = [d for d in load_documents(text.encode()) if d]
        except yaml.YAMLError as exc:
            raise BuildError(k.path, f"patchesStrategicMerge entry: invalid YAML: {exc}") from exc
        if not documents:
            raise BuildError(
                k.path, "patch appears to be empty", *k.where("patchesStrategicMerge", index)
            )
        for doc in documents:
            if (
                not isinstance(doc, dict)
                or not doc.get("kind")
                or not (doc.get("metadata") or {}).get("name")
            ):
                raise BuildError(
                    k.path,
                    "a strategic merge patch must be a mapping with kind and metadata.name",
                    *k.where("patchesStrategicMerge", index),
                )

            def apply(doc: dict[str, Any] = doc) -> None:
                target = patches._by_id(resources, doc, k.path)
                patches.apply_strategic(resources, target, doc, k.path, {})

            _with_position(k, "patchesStrategicMerge", index, apply)


def _labels(k: Kustomization, resources: list[Resource], config: TransformerConfig) -> None:
    specs = config.specs
    for index, label in enumerate(k.mappings("labels")):
        pairs = k.string_map("labels", label.get("pairs") or {})
        chosen = [*label.get("fields", []), *specs["labels"]]
        if label.get("includeSelectors"):
            chosen += specs["commonLabels"]
        else:
            if label.get("includeTemplates"):
                chosen += specs["templateLabels"]
            chosen.append({"path": "metadata/labels", "create": True})
        unique: dict[tuple[Any, ...], dict[str, Any]] = {}
        for spec in chosen:
            unique.setdefault(
                tuple(spec.get(f) for f in ("group", "version", "kind", "path")), spec
            )
        _with_position(
            k,
            "labels",
            index,
            partial(transformers.set_map_entries, resources, pairs, list(unique.values()), k.path),
        )
    common = k.string_map("commonLabels")
    if common:
        in_labels = {key for label in k.mappings("labels") for key in (label.get("pairs") or {})}
        if in_labels & set(common):
            raise k.error(
                f"label name '{sorted(in_labels & set(common))[0]}' exists in both "
                "commonLabels and labels",
                "commonLabels",
            )
        transformers.set_map_entries(resources, common, specs["commonLabels"], k.path)


def run_transformers(
    k: Kustomization, resources: list[Resource], config: TransformerConfig, read: Read
) -> None:
    """Every builtin transformer of `k`, over `resources` (mutated in place)."""
    _strategic_merge(k, resources, read)
    for index, entry in enumerate(k.mappings("patches")):
        text = _patch_text(k, entry, index, "patches", read)
        target, options = entry.get("target"), entry.get("options") or {}
        _with_position(
            k,
            "patches",
            index,
            partial(patches.apply_entry, resources, text, target, options, k.path),
        )
    namespace = k.data.get("namespace")
    if namespace:
        transformers.set_namespace(resources, str(namespace), config.specs["namespace"], k.path)
    if k.data.get("namePrefix"):
        transformers.add_affix(
            resources, str(k.data["namePrefix"]), config.specs["namePrefix"], suffix=False
        )
    if k.data.get("nameSuffix"):
        transformers.add_affix(
            resources, str(k.data["nameSuffix"]), config.specs["nameSuffix"], suffix=True
        )
    _labels(k, resources, config)
    annotations = k.string_map("commonAnnotations")
    if annotations:
        transformers.set_map_entries(
            resources, annotations, config.specs["commonAnnotations"], k.path
        )
    for index, entry in enumerate(k.mappings("patchesJson6902")):
        text = _patch_text(k, entry, index, "patchesJson6902", read)
        operations = patches.json_patch(text)
        if operations is None:
            raise BuildError(
                k.path,
                "patchesJson6902 entry: not a JSON patch",
                *k.where("patchesJson6902", index),
            )
        _with_position(
            k,
            "patchesJson6902",
            index,
            partial(patches.apply_entry, resources, text, entry.get("target") or {}, {}, k.path),
        )
    for index, replica in enumerate(k.mappings("replicas")):
        _with_position(
            k,
            "replicas",
            index,
            partial(
                transformers.set_replicas, resources, replica, config.specs["replicas"], k.path
            ),
        )
    for index, image in enumerate(k.mappings("images")):
        for key in ("name", "newName", "newTag", "digest", "tagSuffix"):
            if image.get(key) is not None and not isinstance(image[key], str):
                raise k.error(f"images: {key} must be a string", "images", index)
        transformers.set_images(resources, image, config.specs["images"])
    specs = _replacement_specs(k, read)
    if specs:
        apply_replacements(resources, specs, k.path)


def _replacement_specs(k: Kustomization, read: Read) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = []
    for index, entry in enumerate(k.mappings("replacements")):
        if "path" not in entry:
            specs.append(entry)
            continue
        text = read(_path(k, str(entry["path"])), k.path)
        try:
            loaded = [d for d in load_documents(text) if d is not None]
        except yaml.YAMLError as exc:
            raise BuildError(
                k.path, f"replacements entry: invalid YAML: {exc}", *k.where("replacements", index)
            ) from exc
        for doc in loaded:
            specs += doc if isinstance(doc, list) else [doc]
    return specs
