"""kustomize's builtin transformers over a list of resources: namespace, prefix and suffix,
labels, annotations, images, replicas. Each follows its plugin in `api/internal/builtins`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from scaffold.model.render.fieldspec import PathError, apply_spec, spec_matches
from scaffold.model.render.problems import BuildError
from scaffold.model.render.resource import Resource

_PREFIX_SKIP = (
    ("", "CustomResourceDefinition"),
    ("apiregistration.k8s.io", "APIService"),
    ("", "Namespace"),
)


def _apply(
    res: Resource, spec: dict[str, Any], create: str | None, setter: Any, where: str
) -> None:
    try:
        apply_spec(res.obj, spec, create, setter)
    except PathError as exc:
        raise BuildError(where, f"{exc} at {spec.get('path')} of {res.cur_id()}") from exc


def set_namespace(
    resources: list[Resource], namespace: str, specs: Sequence[dict[str, Any]], where: str
) -> None:
    """The NamespaceTransformer: every namespaced object, RoleBinding subjects named default."""

    def setter(node: dict[str, Any], key: str) -> None:
        node[key] = namespace

    for res in resources:
        res.store_previous_id()
        is_ns_v1 = res.api_version == "v1"
        for spec in specs:
            path = spec.get("path")
            if path == "metadata/namespace" or (path == "metadata/name" and not is_ns_v1):
                continue
            if res.kind in ("RoleBinding", "ClusterRoleBinding") and path == "subjects/namespace":
                continue
            _apply(res, spec, "scalar", setter, where)
        if not res.cur_id().cluster_scoped:
            res.meta["namespace"] = namespace
        if res.kind in ("RoleBinding", "ClusterRoleBinding"):
            subjects = res.obj.get("subjects")
            for subject in subjects if isinstance(subjects, list) else ():
                if isinstance(subject, dict) and subject.get("name") == "default":
                    subject["namespace"] = namespace
    _check_unique(resources, where, "namespace transformation produces ID conflict")


def _check_unique(resources: list[Resource], where: str, message: str) -> None:
    seen: dict[tuple[str, ...], Resource] = {}
    for res in resources:
        cur = res.cur_id()
        key = (cur.group, cur.version, cur.kind, cur.name, cur.effective_namespace)
        if key in seen:
            raise BuildError(where, f"{message}: {cur}")
        seen[key] = res


def add_affix(
    resources: list[Resource], affix: str, specs: Sequence[dict[str, Any]], *, suffix: bool
) -> None:
    """The Prefix/SuffixTransformer: the affix on every name (not CRDs, APIServices, Namespaces)."""

    def setter(node: dict[str, Any], key: str) -> None:
        value = _text(node[key])
        node[key] = value + affix if suffix else affix + value

    for res in resources:
        org = res.org_id()
        if any(org.gvk_selected(group, "", kind) for group, kind in _PREFIX_SKIP):
            continue
        for spec in specs:
            if not org.gvk_selected(
                spec.get("group", ""), spec.get("version", ""), spec.get("kind", "")
            ):
                continue
            if spec.get("path") == "metadata/name":
                (res.suffixes if suffix else res.prefixes).append(affix)
                res.store_previous_id()
            _apply(res, spec, "scalar", setter, "")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def set_map_entries(
    resources: list[Resource], entries: dict[str, str], specs: Sequence[dict[str, Any]], where: str
) -> None:
    """The Label and Annotations transformers: each entry, in key order, at every spec."""
    for res in resources:
        for key in sorted(entries):
            value = entries[key]

            def setter(
                node: dict[str, Any], field: str, key: str = key, value: str = value
            ) -> None:
                target = node[field]
                if not isinstance(target, dict):
                    raise PathError(f"wrong node kind: expected MappingNode at {field}")
                target[key] = value

            for spec in specs:
                _apply(res, spec, "map", setter, where)


def set_images(
    resources: list[Resource], image: dict[str, Any], specs: Sequence[dict[str, Any]]
) -> None:
    """The ImageTagTransformer: every container list anywhere, then the image field specs."""
    name = str(image.get("name") or "")
    pattern = re.compile("^" + name + r"(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$")

    def update(node: dict[str, Any], key: str) -> None:
        value = node[key]
        if not isinstance(value, str) or not pattern.match(value):
            return
        node[key] = _new_image(value, image)

    for res in resources:
        if res.kind == "CustomResourceDefinition":
            continue
        _containers_anywhere(res.obj, update)
        for spec in specs:
            if spec_matches(spec, res.obj):
                apply_spec(res.obj, {**spec, "create": False}, None, update)


def _containers_anywhere(node: Any, update: Any) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _containers_anywhere(value, update)
            if key in ("containers", "initContainers") and isinstance(value, list):
                for element in value:
                    if isinstance(element, dict) and "image" in element:
                        update(element, "image")
    elif isinstance(node, list):
        for value in node:
            _containers_anywhere(value, update)


def split_image(image: str) -> tuple[str, str, str]:
    """(name, tag, digest), as kustomize's image.Split reads `registry/name:tag@digest`."""
    slash = image.find("/")
    offset = slash if slash > 0 else 0
    search = image[offset:]
    at, colon = search.find("@"), search.find(":")
    if colon < 0 and at < 0:
        return image, "", ""
    if at >= 0 and (at < colon or colon < 0):
        return image[: at + offset], "", image[at + offset + 1 :]
    if at >= 0 and colon >= 0:
        return (
            image[: colon + offset],
            image[colon + offset + 1 : at + offset],
            image[at + offset + 1 :],
        )
    return image[: colon + offset], image[colon + offset + 1 :], ""


def _new_image(value: str, image: dict[str, Any]) -> str:
    name, tag, digest = split_image(value)
    new_tag, new_digest = _text(image.get("newTag") or ""), str(image.get("digest") or "")
    suffix = str(image.get("tagSuffix") or "")
    if image.get("newName"):
        name = str(image["newName"])
    if new_tag and new_digest:
        tag, digest = new_tag, new_digest
    elif new_tag:
        tag, digest = new_tag, ""
    elif new_digest:
        tag, digest = "", new_digest
    elif suffix:
        tag, digest = tag + suffix, ""
    return name + (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")


def set_replicas(
    resources: list[Resource], replica: dict[str, Any], specs: Sequence[dict[str, Any]], where: str
) -> None:
    """The ReplicaCountTransformer: `count` on the objects named `name` (any of their names)."""
    name, count = replica.get("name"), replica.get("count")
    if not isinstance(count, int) or isinstance(count, bool):
        raise BuildError(where, f"replicas: count of {name} must be an integer")
    found = False

    def setter(node: dict[str, Any], key: str) -> None:
        node[key] = count

    for spec in specs:
        for res in resources:
            ids = res.all_ids()
            if not any(
                i.name == name
                and i.gvk_selected(
                    spec.get("group", ""), spec.get("version", ""), spec.get("kind", "")
                )
                for i in ids
            ):
                continue
            found = True
            _apply(res, spec, "scalar", setter, where)
    if not found:
        raise BuildError(where, f"replicas: resource with name {name} does not match a config")
