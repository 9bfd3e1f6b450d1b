"""`patches`, `patchesStrategicMerge` and `patchesJson6902`, applied as kustomize's
PatchTransformer, PatchStrategicMergeTransformer and PatchJson6902Transformer apply them."""

from __future__ import annotations

from typing import Any

import yaml

from scaffold.model.render.jsonpatch import PatchError, apply_patch
from scaffold.model.render.merge import MergeError, merge_object
from scaffold.model.render.parse import load_documents
from scaffold.model.render.problems import BuildError, NotRendered
from scaffold.model.render.resource import ResId, Resource, deep_copy, split_api_version
from scaffold.model.render.selectors import select

_YAML11: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def strategic_patches(text: str, where: str) -> list[dict[str, Any]] | None:
    """The strategic-merge patch documents of `text`, or None when it is not one."""
    try:
        documents = [d for d in load_documents(text.encode()) if d]
    except yaml.YAMLError:
        return None
    if not documents or not all(isinstance(d, dict) for d in documents):
        return None
    for doc in documents:
        meta = doc.get("metadata")
        if not doc.get("kind") or not isinstance(meta, dict) or not meta.get("name"):
            return None
    return documents


def json_patch(text: str) -> list[Any] | None:
    """The operations of a JSON 6902 patch (YAML or JSON), or None when it is not one."""
    try:
        operations = yaml.load(text, Loader=_YAML11)
    except yaml.YAMLError:
        return None
    if not isinstance(operations, list) or not all(isinstance(o, dict) for o in operations):
        return None
    for op in operations:
        for value in op.values():
            if not isinstance(value, (str, int, float, bool, dict, list, type(None))):
                raise NotRendered("a JSON patch value YAML 1.1 reads as a timestamp")
    return operations


def _patch_id(patch: dict[str, Any]) -> ResId:
    group, version = split_api_version(str(patch.get("apiVersion") or ""))
    meta = patch["metadata"]
    return ResId(
        group, version, str(patch["kind"]), str(meta["name"]), str(meta.get("namespace") or "")
    )


def _by_id(resources: list[Resource], patch: dict[str, Any], where: str) -> Resource:
    wanted = _patch_id(patch)
    matches = [r for r in resources if any(i.equals(wanted) for i in r.all_ids())]
    if len(matches) != 1:
        what = "no resource matches" if not matches else "multiple resources match"
        raise BuildError(where, f"{what} strategic merge patch {wanted}")
    return matches[0]


def apply_strategic(
    resources: list[Resource],
    target: Resource,
    patch: dict[str, Any],
    where: str,
    options: dict[str, Any],
) -> None:
    """Merge `patch` into `target`; a patch that deletes it takes it out of `resources`."""
    if target.empty_null:
        raise NotRendered("a strategic merge patch on an object with an empty value (`key:`)")
    name, namespace, kind = target.name, target.meta.get("namespace"), target.kind
    if options.get("allowNameChange") or options.get("allowKindChange"):
        target.store_previous_id()
    try:
        merged = merge_object(target.obj, deep_copy(patch))
    except MergeError as exc:
        raise BuildError(where, f"patch does not fit {target.cur_id()}: {exc}") from exc
    if not merged:
        resources.remove(target)
        return
    target.obj = merged
    if not options.get("allowKindChange"):
        merged["kind"] = kind
    if not options.get("allowNameChange"):
        target.meta["name"] = name
    if namespace is None:
        target.meta.pop("namespace", None)
    else:
        target.meta["namespace"] = namespace


def apply_entry(
    resources: list[Resource],
    text: str,
    target: dict[str, Any] | None,
    options: dict[str, Any],
    where: str,
) -> None:
    """One `patches` entry (its text already read)."""
    text = text.strip()
    strategic = strategic_patches(text, where)
    operations = json_patch(text) if strategic is None else None
    if strategic is None and operations is None:
        raise BuildError(where, "unable to parse SM or JSON patch")
    if strategic is not None:
        if target is None:
            for patch in strategic:
                apply_strategic(resources, _by_id(resources, patch, where), patch, where, options)
            return
        if len(strategic) > 1:
            raise BuildError(where, "several strategic-merge patches in one entry with a target")
        for res in select(resources, target, where):
            apply_strategic(resources, res, strategic[0], where, options)
        return
    if target is None:
        raise BuildError(where, "must specify a target for JSON patch")
    for res in select(resources, target, where):
        res.store_previous_id()
        try:
            patched = apply_patch(res.obj, deep_copy(operations))
        except PatchError as exc:
            raise BuildError(where, f"JSON patch on {res.cur_id()}: {exc}") from exc
        if not isinstance(patched, dict):
            raise BuildError(where, f"JSON patch leaves {res.cur_id()} not a mapping")
        res.obj = patched
