"""The order kustomize prints objects in: its legacy order by kind, or `sortOptions`."""

from __future__ import annotations

import functools
from typing import Any

from scaffold.model.render.problems import NotRendered
from scaffold.model.render.resource import Resource

ORDER_FIRST = (
    "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
    "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap",
    "Secret", "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume",
    "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
)  # fmt: skip
ORDER_LAST = ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")


def _gvk_string(group: str, version: str, kind: str) -> str:
    return "_".join((group or "~G", version or "~V", kind or "~K"))


def sort_resources(resources: list[Resource], options: Any) -> list[Resource]:
    """`resources` in the order kustomize writes them."""
    first, last = ORDER_FIRST, ORDER_LAST
    if options is not None:
        if not isinstance(options, dict) or options.get("order") not in ("legacy", "fifo"):
            raise NotRendered("sortOptions other than order: legacy or fifo")
        if options["order"] == "fifo":
            return list(resources)
        legacy = options.get("legacySortOptions")
        if legacy:
            first = tuple(legacy.get("orderFirst") or ())
            last = tuple(legacy.get("orderLast") or ())
    orders = {kind: i - len(first) for i, kind in enumerate(first)}
    orders.update({kind: 1 + i for i, kind in enumerate(last)})

    def key_of(res: Resource) -> tuple[str, ...]:
        cur = res.cur_id()
        return (cur.group, cur.version, cur.kind, cur.name, cur.namespace)

    def less(a: tuple[str, ...], b: tuple[str, ...]) -> int:
        if a[:3] != b[:3]:
            oa, ob = orders.get(a[2], 0), orders.get(b[2], 0)
            if oa != ob:
                return -1 if oa < ob else 1
            ga, gb = _gvk_string(*a[:3]), _gvk_string(*b[:3])
            if a[2] == b[2] == "Namespace" and (not a[0] or not b[0]):
                ga, gb = gb, ga
            return -1 if ga < gb else (1 if ga > gb else 0)
        sa = "|".join((_gvk_dot(*a[:3]), a[4] or "~X", a[3] or "~N"))
        sb = "|".join((_gvk_dot(*b[:3]), b[4] or "~X", b[3] or "~N"))
        return -1 if sa < sb else (1 if sa > sb else 0)

    keyed = {id(r): key_of(r) for r in resources}

    def compare(x: Resource, y: Resource) -> int:
        return less(keyed[id(x)], keyed[id(y)])

    return sorted(resources, key=functools.cmp_to_key(compare))


def _gvk_dot(group: str, version: str, kind: str) -> str:
    return ".".join((kind or "[noKind]", version or "[noVer]", group or "[noGrp]"))
