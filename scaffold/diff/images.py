"""The container images a cluster runs: from workloads' pod templates and HelmRelease values.

A workload's images are those of its pod template's `containers` and `initContainers`
(a CronJob's through its `jobTemplate`). A HelmRelease's are the values shaped as charts
conventionally write them: `image: repo:tag`, or a map with `repository` (and `registry`,
`tag`, `digest`). Each image has a slot (object and container, or values path) so that a
tag bump reads as one change, not an image removed and another added.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from scaffold.diff.fields import join
from scaffold.diff.objects import Identity
from scaffold.diff.report import ADDED, CHANGED, REMOVED, ImageChange

HELM_GROUP = "helm.toolkit.fluxcd.io"
_TEMPLATE = ("spec", "template", "spec")
POD_SPECS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "Deployment": _TEMPLATE,
    "StatefulSet": _TEMPLATE,
    "DaemonSet": _TEMPLATE,
    "ReplicaSet": _TEMPLATE,
    "ReplicationController": _TEMPLATE,
    "Job": _TEMPLATE,
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
_CONTAINER_LISTS = ("initContainers", "containers")
Slot = tuple[Identity, str]


def images_of(identity: Identity, obj: Mapping[str, Any]) -> dict[Slot, str]:
    """Every image `obj` runs, by slot."""
    if identity.group == HELM_GROUP and identity.kind == "HelmRelease":
        spec = obj.get("spec")
        values = spec.get("values") if isinstance(spec, Mapping) else None
        return {(identity, p): ref for p, ref in _values_images(values, "spec.values")}
    path = POD_SPECS.get(identity.kind)
    pod: Any = obj
    for key in path or ():
        pod = pod.get(key) if isinstance(pod, Mapping) else None
    if path is None or not isinstance(pod, Mapping):
        return {}
    found: dict[Slot, str] = {}
    for field in _CONTAINER_LISTS:
        for container in pod.get(field) or ():
            if isinstance(container, Mapping) and isinstance(container.get("image"), str):
                found[(identity, f"{field}[{container.get('name')}]")] = container["image"]
    return found


def _values_images(values: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(values, list):
        for index, item in enumerate(values):
            yield from _values_images(item, f"{path}[{index}]")
        return
    if not isinstance(values, Mapping):
        return
    if isinstance(values.get("repository"), str):
        yield path, _reference(values)
    for key, value in values.items():
        if key == "image" and isinstance(value, str):
            yield join(path, key), value
        else:
            yield from _values_images(value, join(path, str(key)))


def _reference(image: Mapping[str, Any]) -> str:
    ref = str(image["repository"])
    if isinstance(image.get("registry"), str) and image["registry"]:
        ref = f"{image['registry']}/{ref}"
    if image.get("tag") not in (None, ""):
        ref += f":{image['tag']}"
    if isinstance(image.get("digest"), str) and image["digest"]:
        ref += f"@{image['digest']}"
    return ref


def image_changes(base: dict[Slot, str], head: dict[Slot, str]) -> tuple[ImageChange, ...]:
    """The images added, removed and changed, each with the objects running it."""
    owners: dict[tuple[str, str | None, str | None], list[str]] = {}
    for slot, old in base.items():
        new = head.get(slot)
        if new != old:
            owners.setdefault((REMOVED if new is None else CHANGED, old, new), []).append(
                _owner(slot)
            )
    for slot, new in head.items():
        if slot not in base:
            owners.setdefault((ADDED, None, new), []).append(_owner(slot))
    order = {REMOVED: 0, CHANGED: 1, ADDED: 2}
    return tuple(
        ImageChange(change, old, new, tuple(sorted(set(names))))
        for (change, old, new), names in sorted(
            owners.items(), key=lambda kv: (order[kv[0][0]], kv[0][1] or "", kv[0][2] or "")
        )
    )


def _owner(slot: Slot) -> str:
    identity, where = slot
    return f"{identity.label} {where}"
