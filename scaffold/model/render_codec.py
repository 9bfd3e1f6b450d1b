"""How the render cache writes a cluster's renderings as JSON, and reads them back.

Each Kustomization is written once, however many of the kept states of the repository
render it alike (a diff's head reuses most of its base); a state is the list of those it
holds. An object the cluster's walk reads (a Kustomization, a source, a ConfigMap or a
Secret) is written in place; any other goes to the bulk list, read only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from scaffold.model.render.problems import Problem
from scaffold.model.rendering import (
    WALKED,
    ClusterRendering,
    RenderedKustomization,
    RenderedObject,
)

Bulk = Callable[[int], dict[str, Any]]  # the object at an index of the bulk list


def encode_states(
    states: Sequence[ClusterRendering],
    keepable: Callable[[RenderedKustomization], bool],
    most: int,
) -> tuple[dict[str, Any], list[Any]]:
    """The `kustomizations` and `states` of up to `most` distinct states (the first first),
    of the Kustomizations `keepable` allows; and the bulk list of objects."""
    bulk: list[Any] = []
    entries: list[dict[str, Any]] = []
    index: dict[int, int] = {}  # a Kustomization two states share is kept once
    kept: list[dict[str, Any]] = []
    seen: set[tuple[int, ...]] = set()
    for cluster in states:
        signature = tuple(id(k.objects) for k in cluster.kustomizations)
        if signature in seen or len(kept) == most:
            continue  # the same state twice (a rendering reused whole) is one
        seen.add(signature)
        for k in cluster.kustomizations:
            if id(k.objects) not in index and keepable(k):
                index[id(k.objects)] = len(entries)
                entries.append(_encode(k, bulk))
        kept.append(_encode_state(cluster, index))
    return {"kustomizations": entries, "states": kept}, bulk


def _encode_state(cluster: ClusterRendering, index: dict[int, int]) -> dict[str, Any]:
    kept = [index[id(k.objects)] for k in cluster.kustomizations if id(k.objects) in index]
    return {
        "sync_source": list(cluster.sync_source),
        "root": cluster.root,
        "source_root": cluster.source_root,
        "kustomizations": kept,
    }


def _encode(k: RenderedKustomization, bulk: list[Any]) -> dict[str, Any]:
    return {
        "namespace": k.namespace,
        "name": k.name,
        "declared_in": k.declared_in,
        "directory": k.directory,
        "spec": k.spec,
        "parent": k.parent,
        "objects": [_encode_object(o, bulk) for o in k.objects],
        "not_rendered": k.not_rendered,
        "problems": [[p.path, p.line, p.column, p.message, p.missing] for p in k.problems],
        "kept": list(k.kept),
        "unavailable": list(k.unavailable),
        "inputs": [[q, path, _answer(a)] for (q, path), a in k.inputs.items()],
        "lookups": [[*key, digest] for key, digest in k.lookups.items()],
    }


def _encode_object(o: RenderedObject, bulk: list[Any]) -> list[Any]:
    text = o.text  # as output wrote it (None: not written, written when first shown)
    if o.kind in WALKED:
        return [o.file, text, o.api_version, o.kind, o.obj]
    bulk.append(o.obj)
    return [o.file, text, o.api_version, o.kind, len(bulk) - 1]


def _answer(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _decode_object(entry: list[Any], bulk: Bulk) -> RenderedObject:
    file, text, api_version, kind, obj = entry
    text = None if text is None else str(text)
    if isinstance(obj, dict):
        return RenderedObject(obj, str(file), text)
    index = int(obj)
    return RenderedObject(
        None, str(file), text, load=lambda: bulk(index), api_version=api_version, kind=kind
    )


def decode_states(
    stored: Mapping[str, Any], bulk: Bulk
) -> list[ClusterRendering]:
    """The states a cluster's cache file holds, the latest first."""
    sync_path = str(stored["sync_path"])
    entries = [_decode_kustomization(sync_path, item, bulk) for item in stored["kustomizations"]]
    states = []
    for state in stored["states"]:
        kind, namespace, name = (str(v) for v in state["sync_source"])
        cluster = ClusterRendering(
            sync_path,
            sync_source=(kind, namespace, name),
            root=str(state["root"]),
            source_root=str(state["source_root"]),
        )
        cluster.kustomizations = [entries[int(i)] for i in state["kustomizations"]]
        states.append(cluster)
    return states


def _decode_kustomization(
    sync_path: str, item: Mapping[str, Any], bulk: Bulk
) -> RenderedKustomization:
    k = RenderedKustomization(
        sync_path,
        str(item["namespace"]),
        str(item["name"]),
        str(item["declared_in"]),
        item["directory"],
        dict(item["spec"]),
    )
    k.parent = str(item["parent"])
    k.objects = [_decode_object(entry, bulk) for entry in item["objects"]]
    k.clean = True
    k.not_rendered = [str(r) for r in item["not_rendered"]]
    k.problems = [Problem(str(p), int(line), int(col), str(m), bool(x))
                  for p, line, col, m, x in item["problems"]]  # fmt: skip
    k.kept, k.unavailable = tuple(item["kept"]), tuple(item["unavailable"])
    k.inputs = {
        (str(q), str(path)): tuple(a) if isinstance(a, list) else a
        for q, path, a in item["inputs"]
    }
    k.lookups = {(str(a), str(b), str(c)): d for a, b, c, d in item["lookups"]}
    return k
