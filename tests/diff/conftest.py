"""Small builders of applied objects for the comparison's tests."""

from __future__ import annotations

import copy
from typing import Any

from scaffold.diff.compare import compare
from scaffold.diff.objects import Applied

KEY = b"test key"
CLUSTER = "clusters/dev"


def applied(
    obj: dict[str, Any],
    file: str = "apps/app.yaml",
    ks: str = "flux-system/apps",
    prune: bool = True,
) -> Applied:
    return Applied(obj=obj, file=file, kustomization=ks, prune=prune)


def diff(base: list[Any], head: list[Any], cluster: str = CLUSTER):
    """Compare one cluster; plain objects are applied from apps/app.yaml by flux-system/apps."""

    def side(items: list[Any]) -> list[Applied]:
        return [item if isinstance(item, Applied) else applied(item) for item in items]

    return compare({cluster: side(base)}, {cluster: side(head)}, key=KEY)


def only(report):
    [cluster] = report.clusters
    return cluster


def change_of(report):
    [change] = only(report).objects
    return change


def obj(
    api_version: str, kind: str, name: str, namespace: str | None = "apps", **fields: Any
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name}
    if namespace:
        metadata["namespace"] = namespace
    return {"apiVersion": api_version, "kind": kind, "metadata": metadata, **fields}


def deployment(
    name: str = "web", image: str = "ghcr.io/acme/web:1.0", **spec: Any
) -> dict[str, Any]:
    pod = {"containers": [{"name": name, "image": image}]}
    return obj(
        "apps/v1",
        "Deployment",
        name,
        spec={
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": pod},
            **spec,
        },
    )


def release(
    version: str = "6.5.0",
    values: dict[str, Any] | None = None,
    source: dict[str, Any] | None = None,
) -> dict[str, Any]:
    chart = {
        "chart": "podinfo",
        "version": version,
        "sourceRef": source or {"kind": "HelmRepository", "name": "podinfo"},
    }
    spec: dict[str, Any] = {"interval": "10m", "chart": {"spec": chart}}
    if values is not None:
        spec["values"] = values
    return obj("helm.toolkit.fluxcd.io/v2", "HelmRelease", "podinfo", spec=spec)


def edited(value: dict[str, Any], path: str, new: Any) -> dict[str, Any]:
    """A deep copy of `value` with the dotted `path` set to `new` (`[i]` for a list index)."""
    out = copy.deepcopy(value)
    node: Any = out
    parts = path.replace("]", "").replace("[", ".").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = new
    else:
        node[last] = new
    return out
